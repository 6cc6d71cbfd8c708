package io.github.slotwise.simulation.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The trace file as Jackson reads it: plain records that mirror the JSON one to one (see
 * docs/trace-format.md). Times and durations (Flink's syntax, such as {@code "30 s"}) are parsed while reading, so a bad one is reported with
 * its line and column; everything else is checked by {@link TraceJson} and the simulation model.
 * Absent or {@code null} fields are {@code null} here.
 *
 * @param start when the job is submitted (ISO-8601 instant); default {@link TraceJson#DEFAULT_START}
 * @param end how long after the start the trace ends (required)
 * @param checkpointInterval periodic checkpointing, if on
 * @param events the events, each at an offset from the start
 */
public record TraceDocument(
        @JsonDeserialize(using = TraceJson.InstantText.class) Instant start,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration end,
        @JsonDeserialize(using = TraceJson.DurationText.class) Duration checkpointInterval,
        List<EventDocument> events) {

    /**
     * {@code events[i]}: one flat object for every type; which fields a type takes is checked by
     * {@link TraceJson}.
     *
     * @param at how long after the start (required)
     * @param type what happens (required)
     * @param taskManager the TaskManager's id (join, stop, kill)
     * @param slots its slots (join)
     * @param bounds new bounds by vertex id (requirements)
     */
    record EventDocument(
            @JsonDeserialize(using = TraceJson.DurationText.class) Duration at,
            EventType type,
            String taskManager,
            Integer slots,
            Map<String, BoundsDocument> bounds) {}

    /** {@code events[i].bounds.<vertex>}; lowerBound defaults to 1. */
    record BoundsDocument(Integer lowerBound, Integer upperBound) {}

    /** The event types, as spelled in the file. */
    enum EventType {
        @JsonProperty("join")
        JOIN("join"),
        @JsonProperty("stop")
        STOP("stop"),
        @JsonProperty("kill")
        KILL("kill"),
        @JsonProperty("checkpoint-completed")
        CHECKPOINT_COMPLETED("checkpoint-completed"),
        @JsonProperty("checkpoint-failed")
        CHECKPOINT_FAILED("checkpoint-failed"),
        @JsonProperty("requirements")
        REQUIREMENTS("requirements");

        private final String json;

        EventType(String json) {
            this.json = json;
        }

        /** The name in the file, so that error messages list the names a user can type. */
        @Override
        public String toString() {
            return json;
        }
    }
}
