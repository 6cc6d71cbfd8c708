package io.github.slotwise.simulation.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.github.slotwise.simulation.LoadScenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The load scenario file as Jackson reads it: plain records that mirror the JSON one to one (see
 * docs/trace-format.md, "Load scenarios"). Times and durations are parsed while reading, so a bad one
 * is reported with its line and column; which fields a type takes, required fields and everything
 * else are checked by {@link LoadScenarioJson} and the simulation model. Absent or {@code null}
 * fields are {@code null} here.
 *
 * @param start when the scenario starts (ISO-8601 instant); default {@link TraceJson#DEFAULT_START}
 * @param end how long after the start it ends (required)
 * @param initialTaskManagers TaskManagers at the start
 * @param slotsPerTaskManager slots of each TaskManager
 * @param inputRate records per second over time (required)
 * @param capacity what the job processes (required)
 * @param autoscaler who asks for TaskManagers (required): any object, read by its {@code type}'s
 *     {@link io.github.slotwise.simulation.AutoscalerType}
 * @param provisioningDelay how long a TaskManager takes to join
 * @param joinInterval how far apart TaskManagers asked for together join
 * @param removal how the deployment removes TaskManagers
 * @param losses scripted losses
 * @param checkpointInterval periodic checkpointing, if on
 * @param state the keyed state and how it is restored, if modelled
 * @param sampleInterval how often the result samples the state
 * @param integrationStep the longest step of the backlog integration
 * @param vary how the days of a family differ from this one ({@link
 *     io.github.slotwise.simulation.family.ScenarioFamily}), if it declares any
 */
public record LoadScenarioDocument(
        @JsonDeserialize(using = TraceJson.InstantText.class) Instant start,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration end,
        Integer initialTaskManagers,
        Integer slotsPerTaskManager,
        RateDocument inputRate,
        CapacityDocument capacity,
        JsonNode autoscaler,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration provisioningDelay,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration joinInterval,
        RemovalName removal,
        List<LossDocument> losses,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration checkpointInterval,
        StateDocument state,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration sampleInterval,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration integrationStep,
        VaryDocument vary) {

    /**
     * {@code vary}: the distributions of a family's parameters. Every distribution is a {@link
     * JsonNode}, read by {@link LoadScenarioJson} as a plain value (a number, or a duration for the
     * durations) or a typed object ({@code uniform}, {@code normal}, {@code choice}).
     *
     * @param seed the family's seed; default 0
     * @param inputRate the input rate's parameters
     * @param losses random loss processes, replacing the scripted losses
     * @param initialTaskManagers TaskManagers at the start
     * @param provisioningDelay how long a TaskManager takes to join
     * @param state the keyed state's sizes and download bandwidth
     */
    record VaryDocument(
            Long seed,
            RateVaryDocument inputRate,
            List<LossProcessDocument> losses,
            JsonNode initialTaskManagers,
            JsonNode provisioningDelay,
            StateVaryDocument state) {}

    /**
     * {@code vary.inputRate}.
     *
     * @param mean the sine's mean
     * @param amplitude the sine's amplitude
     * @param period the sine's period
     * @param phase the sine's phase
     * @param noise noise on the rate
     */
    record RateVaryDocument(JsonNode mean, JsonNode amplitude, JsonNode period, JsonNode phase, NoiseDocument noise) {}

    /**
     * {@code vary.inputRate.noise}.
     *
     * @param relative the noise's standard deviation as a share of the rate (required)
     * @param every how far apart the noisy points are (required)
     */
    record NoiseDocument(JsonNode relative, @JsonDeserialize(using = TraceJson.DurationText.class) Duration every) {}

    /**
     * {@code vary.losses[i]}.
     *
     * @param perDay mean losses per day (required)
     * @param count TaskManagers per loss; default 1
     * @param removal how they go; default kill
     */
    record LossProcessDocument(JsonNode perDay, JsonNode count, RemovalName removal) {}

    /**
     * {@code vary.state}.
     *
     * @param perVertex total keyed state of particular vertices
     * @param downloadBytesPerSecond download bandwidth per TaskManager
     */
    record StateVaryDocument(Map<String, JsonNode> perVertex, JsonNode downloadBytesPerSecond) {}

    /**
     * {@code inputRate}: one flat object for every type.
     *
     * @param type which rate (required)
     * @param recordsPerSecond the rate (constant)
     * @param mean the mean (sine)
     * @param amplitude the swing (sine)
     * @param period one wave (sine)
     * @param phase the offset into the wave (sine)
     * @param points the points (piecewise-linear)
     */
    record RateDocument(
            RateType type,
            Double recordsPerSecond,
            Double mean,
            Double amplitude,
            @JsonDeserialize(using = TraceJson.DurationText.class) Duration period,
            @JsonDeserialize(using = TraceJson.DurationText.class) Duration phase,
            List<PointDocument> points) {}

    /**
     * {@code inputRate.points[i]}.
     *
     * @param at how long after the start (required)
     * @param recordsPerSecond the rate then (required)
     */
    record PointDocument(@JsonDeserialize(using = TraceJson.DurationText.class) Duration at, Double recordsPerSecond) {}

    /**
     * {@code capacity}.
     *
     * @param perSubtask records per second per subtask (required)
     * @param perVertex per-subtask capacities of particular vertices
     * @param perSource per-subtask capacity of sources
     * @param perSink per-subtask capacity of sinks
     */
    record CapacityDocument(Double perSubtask, Map<String, Double> perVertex, Double perSource, Double perSink) {}

    /**
     * {@code state}.
     *
     * @param bytesPerKeyGroup keyed state per key group of every keyed vertex not in {@code perVertex}
     * @param perVertex total keyed state of particular vertices
     * @param localRecovery whether state on a TaskManager's disk is used
     * @param downloadBytesPerSecond download bandwidth per TaskManager
     * @param restorePerGigabyte restore time per 10^9 bytes
     */
    record StateDocument(
            Long bytesPerKeyGroup,
            Map<String, Long> perVertex,
            Boolean localRecovery,
            Long downloadBytesPerSecond,
            @JsonDeserialize(using = TraceJson.DurationText.class) Duration restorePerGigabyte) {}

    /**
     * {@code losses[i]}.
     *
     * @param at how long after the start (required)
     * @param count how many TaskManagers (required)
     * @param removal how they go; default kill
     */
    record LossDocument(
            @JsonDeserialize(using = TraceJson.DurationText.class) Duration at, Integer count, RemovalName removal) {}

    /** The input rate types, as spelled in the file. */
    enum RateType {
        @JsonProperty("constant")
        CONSTANT("constant"),
        @JsonProperty("sine")
        SINE("sine"),
        @JsonProperty("piecewise-linear")
        PIECEWISE_LINEAR("piecewise-linear");

        private final String json;

        RateType(String json) {
            this.json = json;
        }

        @Override
        public String toString() {
            return json;
        }
    }

    /** {@link LoadScenario.Removal}, as spelled in the file. */
    enum RemovalName {
        @JsonProperty("stop")
        STOP(LoadScenario.Removal.STOP),
        @JsonProperty("kill")
        KILL(LoadScenario.Removal.KILL);

        final LoadScenario.Removal removal;

        RemovalName(LoadScenario.Removal removal) {
            this.removal = removal;
        }

        @Override
        public String toString() {
            return removal.toString();
        }
    }
}
