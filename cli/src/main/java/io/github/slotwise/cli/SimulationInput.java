package io.github.slotwise.cli;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.simulation.ClusterTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code simulate} and {@code compare} run: a job and what happens to its cluster.
 *
 * @param name how reports name it: a built-in scenario's name or the file as given
 * @param description one line for people
 * @param jobName where the job came from, for reports
 * @param graph the job, with its configured requirements
 * @param trace what happens to the cluster
 */
record SimulationInput(String name, String description, String jobName, JobGraph graph, ClusterTrace trace) {
    SimulationInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(trace, "trace");
    }

    /** {@code "trace"}: a cluster trace (docs/trace-format.md). */
    String kind() {
        return "trace";
    }

    Instant start() {
        return trace.start();
    }

    Instant end() {
        return trace.end();
    }

    Duration duration() {
        return Duration.between(start(), end());
    }

    /** Periodic checkpointing; the policy is given the same interval. */
    Optional<Duration> checkpointInterval() {
        return trace.checkpointInterval();
    }
}
