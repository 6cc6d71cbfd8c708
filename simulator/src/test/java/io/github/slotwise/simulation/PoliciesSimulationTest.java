package io.github.slotwise.simulation;

import static io.github.slotwise.simulation.Traces.join;
import static io.github.slotwise.simulation.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.registry.Policies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every registry policy through the simulator, on a keyed job whose TaskManagers join one by one. */
class PoliciesSimulationTest {
    /** "source" (up to 128) and "count" (keyed, 128 key groups) in one group. */
    static final JobGraph JOB = JobGraph.builder()
            .addVertices(
                    JobVertex.builder()
                            .id("source")
                            .slotSharingGroup("default")
                            .parallelism(32)
                            .maxParallelism(128)
                            .build(),
                    JobVertex.builder()
                            .id("count")
                            .slotSharingGroup("default")
                            .parallelism(128)
                            .maxParallelism(128)
                            .keyed(true)
                            .build())
            .build();

    /** Eight TaskManagers of 16 slots, one every 5 minutes. */
    static final ClusterTrace ONE_BY_ONE = trace(
            3000,
            join(0, "tm-0", 16),
            join(300, "tm-1", 16),
            join(600, "tm-2", 16),
            join(900, "tm-3", 16),
            join(1200, "tm-4", 16),
            join(1500, "tm-5", 16),
            join(1800, "tm-6", 16),
            join(2100, "tm-7", 16));

    private static SimulationResult run(String policy) {
        return new Simulator().run(JOB, ONE_BY_ONE, Policies.byName(policy).decider(), SimulationConfig.defaults());
    }

    /** The count parallelism of each deployment. */
    private static List<Integer> counts(SimulationResult result) {
        return result.rescales().stream()
                .map(e -> e.decision().orElseThrow().plan().orElseThrow().parallelismOf("count"))
                .toList();
    }

    @Test
    void everyPolicyRunsTheTraceTheSameWayTwice() {
        for (String name : Policies.names()) {
            assertThat(run(name)).as(name).isEqualTo(run(name));
        }
    }

    @Test
    void theKeyGroupStrategiesSkipTheRescalesThatKeepTheHottestSubtask() {
        // Flink: a deployment per TaskManager, 16 to 128 (7 rescales)
        assertThat(counts(run("flink-2"))).containsExactly(16, 32, 48, 64, 80, 96, 112, 128);
        // keygroup-aware: 48 -> 43 (3 key groups) and 80..112 -> 64 (2): those slots change nothing
        assertThat(counts(run("flink-2+keygroup-aware"))).containsExactly(16, 32, 43, 64, 128);
        // the skip keeps Flink's parallelism but not its gainless restarts
        assertThat(counts(run("flink-2+keygroup-skip"))).containsExactly(16, 32, 48, 64, 128);
        assertThat(counts(run("flink-2+cost-aware"))).containsExactly(16, 32, 48, 64, 128);
        // Reactive Mode grows the source with every slot: the skip ignores it, the cost model counts it
        assertThat(counts(run("reactive+keygroup-skip"))).containsExactly(16, 32, 48, 64, 128);
        assertThat(run("reactive+cost-aware").summary().rescales()).isEqualTo(7);
        assertThat(run("reactive+keygroup-aware").summary().rescales()).isEqualTo(7);
    }
}
