package io.github.slotwise.cli;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.simulation.ClusterTrace;
import io.github.slotwise.simulation.LoadScenario;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code simulate} and {@code compare} run: a job and either a cluster trace (what happens to
 * the cluster) or a load scenario (the load and the autoscaler that make the trace as it goes).
 *
 * @param name how reports name it: a built-in scenario's name or the file as given
 * @param description one line for people
 * @param jobName where the job came from, for reports
 * @param graph the job, with its configured requirements
 * @param trace the cluster trace, for a trace
 * @param load the load scenario, for a load scenario
 */
record SimulationInput(
        String name,
        String description,
        String jobName,
        JobGraph graph,
        Optional<ClusterTrace> trace,
        Optional<LoadScenario> load) {
    SimulationInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(graph, "graph");
        if (trace.isPresent() == load.isPresent()) {
            throw new IllegalArgumentException("a trace or a load scenario, not both or neither");
        }
    }

    static SimulationInput ofTrace(String name, String description, Jobs job, ClusterTrace trace) {
        return new SimulationInput(name, description, job.name(), job.graph(), Optional.of(trace), Optional.empty());
    }

    static SimulationInput ofLoad(String name, String description, Jobs job, LoadScenario load) {
        return new SimulationInput(name, description, job.name(), job.graph(), Optional.empty(), Optional.of(load));
    }

    /** {@code "trace"} (docs/trace-format.md) or {@code "load"} (its "Load scenarios" section). */
    String kind() {
        return trace.isPresent() ? "trace" : "load";
    }

    Instant start() {
        return trace.map(ClusterTrace::start).orElseGet(() -> load.orElseThrow().start());
    }

    Instant end() {
        return trace.map(ClusterTrace::end).orElseGet(() -> load.orElseThrow().end());
    }

    Duration duration() {
        return Duration.between(start(), end());
    }

    /** Periodic checkpointing; the policy is given the same interval. */
    Optional<Duration> checkpointInterval() {
        return trace.isPresent()
                ? trace.get().checkpointInterval()
                : load.orElseThrow().checkpointInterval();
    }
}
