package io.github.slotwise.simulation;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.simulation.TraceEvent.TaskManagerJoined;
import io.github.slotwise.simulation.TraceEvent.TaskManagerKilled;
import io.github.slotwise.simulation.TraceEvent.TaskManagerStopped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test fixtures: whole-second times from {@link #T0}, small jobs and short trace builders. */
final class Traces {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * One keyed vertex "a": parallelism 4, maxParallelism 4, so Reactive Mode's upper bound is 4 too and
     * each key group is one subtask's at parallelism 4.
     */
    static final JobGraph KEYED_4 = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("a")
                    .slotSharingGroup("G")
                    .parallelism(4)
                    .maxParallelism(4)
                    .keyed(true)
                    .build())
            .build();

    private Traces() {}

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    static TaskManagerJoined join(long seconds, String id, int slots) {
        return new TaskManagerJoined(at(seconds), id, slots);
    }

    static TaskManagerStopped stop(long seconds, String id) {
        return new TaskManagerStopped(at(seconds), id);
    }

    static TaskManagerKilled kill(long seconds, String id) {
        return new TaskManagerKilled(at(seconds), id);
    }

    static ClusterTrace trace(long endSeconds, TraceEvent... events) {
        return new ClusterTrace(T0, at(endSeconds), List.of(events));
    }

    /** Seconds after {@link #T0}. */
    static long sec(Instant t) {
        return Duration.between(T0, t).getSeconds();
    }

    /** The deployments as "second:parallelism-map", like the decider tests. */
    static List<String> rescales(SimulationResult r) {
        return r.rescales().stream()
                .map(e -> sec(e.time()) + "s:" + e.running().orElseThrow())
                .toList();
    }

    /** Every decision that is not WAIT or STAY, as "second ACTION REASON". */
    static List<String> actions(SimulationResult r) {
        return r.decisions().stream()
                .filter(d -> d.action() != Decision.Action.WAIT && d.action() != Decision.Action.STAY)
                .map(d -> sec(d.at()) + "s " + d.action() + " " + d.reason())
                .toList();
    }
}
