package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.model.SubtaskId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flink's {@code StateLocalitySlotAssigner} and Slotwise's Flink-compatible one give the same answer
 * on every benchmarked rescale; the optimal one scores at least as much.
 */
class StateLocalityBenchmarkTest {
    /** What BENCHMARKS.md calls FLINK, SLOTWISE and OPTIMAL: the suite's default assigner names. */
    static final String FLINK = AssignerBenchmark.FLINK_RUNTIME_STATE_LOCALITY;

    static final String SLOTWISE = "flink-state-locality";
    static final String OPTIMAL = "optimal-state-locality";

    /**
     * The headline case: at maxParallelism 32768, 8192 -> 12288, every execution vertex of both
     * vertices runs in the same allocation under Flink and under Slotwise, for the same input order.
     */
    @Test
    void slotwiseIsIdenticalToFlinkAt8192To12288() {
        StateLocalityBenchmark flink = benchmark(FLINK, "8192to12288");
        StateLocalityBenchmark slotwise = benchmark(SLOTWISE, "8192to12288");
        Map<ExecutionVertexID, AllocationID> byFlink = flinkAnswer(flink);
        Map<ExecutionVertexID, AllocationID> bySlotwise = slotwiseAnswer(slotwise);
        assertThat(bySlotwise).hasSize(2 * 12288);
        assertThat(bySlotwise).isEqualTo(byFlink);
        // Not vacuous: most groups kept an old slot, and the rest went to new ones.
        Assignment a = (Assignment) slotwise.assign();
        assertThat(a.metrics().keyGroupsKept()).isGreaterThan(AssignmentProblem.MAX_PARALLELISM / 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4096to6144", "8192to6144", "32768to16384"})
    void slotwiseIsIdenticalToFlinkOnTheOtherRescales(String rescale) {
        assertThat(slotwiseAnswer(benchmark(SLOTWISE, rescale))).isEqualTo(flinkAnswer(benchmark(FLINK, rescale)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4096to6144", "8192to6144", "32768to16384", "8192to12288"})
    void theOptimumScoresAtLeastAsMuchAndPlacesTheSameGroups(String rescale) {
        Assignment compatible = (Assignment) benchmark(SLOTWISE, rescale).assign();
        Assignment optimal = (Assignment) benchmark(OPTIMAL, rescale).assign();
        assertThat(optimal.metrics().localityScore())
                .isGreaterThanOrEqualTo(compatible.metrics().localityScore());
        assertThat(groups(optimal)).isEqualTo(groups(compatible));
    }

    /** The scaling suite's inputs are the same kind of problem: Flink agrees there too (p = 1024). */
    @Test
    void theScalingSuiteSolvesTheSameProblemAsFlink() {
        StateLocalityScalingBenchmark scaling = new StateLocalityScalingBenchmark();
        scaling.assigner = SLOTWISE;
        scaling.parallelism = 1024;
        scaling.cache = StateLocalityScalingBenchmark.Cache.WARM;
        scaling.taskManagerSlots = AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS;
        scaling.setUp();
        assertThat(slotwiseAnswer((Assignment) scaling.assign())).isEqualTo(flinkAnswer(benchmark(FLINK, "512to1024")));
    }

    /** What each group holds. */
    private static Set<List<SubtaskId>> groups(Assignment a) {
        return a.assignments().stream().map(s -> s.group().subtasks()).collect(Collectors.toSet());
    }

    /** A plugin's assigner runs by name in every assignment suite: the registry's test assigner here. */
    @Test
    void everyRegisteredAssignerRunsInTheScalingAndColdStartSuites() {
        for (String name : io.github.slotwise.assignment.SlotAssigners.names()) {
            StateLocalityScalingBenchmark scaling = new StateLocalityScalingBenchmark();
            scaling.assigner = name;
            scaling.parallelism = 64;
            scaling.cache = StateLocalityScalingBenchmark.Cache.COLD;
            scaling.taskManagerSlots = "4";
            scaling.setUp();
            scaling.flushCaches();
            assertThat(((Assignment) scaling.assign()).assignments()).as(name).hasSize(64);
            ColdStartAssignmentBenchmark cold = new ColdStartAssignmentBenchmark();
            cold.assigner = name;
            cold.parallelism = 32;
            cold.taskManagerSlots = "4/8";
            cold.setUp();
            Assignment a = (Assignment) cold.assign();
            assertThat(a.assignerName()).isEqualTo(name);
            assertThat(a.assignments()).as(name).hasSize(32);
        }
    }

    private static StateLocalityBenchmark benchmark(String assigner, String rescale) {
        StateLocalityBenchmark b = new StateLocalityBenchmark();
        b.assigner = assigner;
        b.rescale = rescale;
        b.taskManagerSlots = AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS;
        b.setUp();
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Map<ExecutionVertexID, AllocationID> flinkAnswer(StateLocalityBenchmark flink) {
        return FlinkInputs.allocationByExecutionVertex((Collection<JobSchedulingPlan.SlotAssignment>) flink.assign());
    }

    private static Map<ExecutionVertexID, AllocationID> slotwiseAnswer(StateLocalityBenchmark slotwise) {
        return slotwiseAnswer((Assignment) slotwise.assign());
    }

    private static Map<ExecutionVertexID, AllocationID> slotwiseAnswer(Assignment a) {
        return FlinkInputs.allocationByExecutionVertexOfProblem(a);
    }
}
