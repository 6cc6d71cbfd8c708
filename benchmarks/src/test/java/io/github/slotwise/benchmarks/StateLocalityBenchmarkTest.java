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

    /**
     * The headline case: at maxParallelism 32768, 8192 -> 12288, every execution vertex of both
     * vertices runs in the same allocation under Flink and under Slotwise, for the same input order.
     */
    @Test
    void slotwiseIsIdenticalToFlinkAt8192To12288() {
        StateLocalityBenchmark flink = benchmark(StateLocalityBenchmark.Implementation.FLINK, "8192to12288");
        StateLocalityBenchmark slotwise = benchmark(StateLocalityBenchmark.Implementation.SLOTWISE, "8192to12288");
        Map<ExecutionVertexID, AllocationID> byFlink = flinkAnswer(flink);
        Map<ExecutionVertexID, AllocationID> bySlotwise = slotwiseAnswer(slotwise);
        assertThat(bySlotwise).hasSize(2 * 12288);
        assertThat(bySlotwise).isEqualTo(byFlink);
        // Not vacuous: most groups kept an old slot, and the rest went to new ones.
        Assignment a = (Assignment) slotwise.assign();
        assertThat(a.metrics().keyGroupsKept()).isGreaterThan(AssignmentScenario.MAX_PARALLELISM / 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4096to6144", "8192to6144", "32768to16384"})
    void slotwiseIsIdenticalToFlinkOnTheOtherRescales(String rescale) {
        assertThat(slotwiseAnswer(benchmark(StateLocalityBenchmark.Implementation.SLOTWISE, rescale)))
                .isEqualTo(flinkAnswer(benchmark(StateLocalityBenchmark.Implementation.FLINK, rescale)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4096to6144", "8192to6144", "32768to16384", "8192to12288"})
    void theOptimumScoresAtLeastAsMuchAndPlacesTheSameGroups(String rescale) {
        Assignment compatible = (Assignment) benchmark(StateLocalityBenchmark.Implementation.SLOTWISE, rescale)
                .assign();
        Assignment optimal = (Assignment) benchmark(StateLocalityBenchmark.Implementation.OPTIMAL, rescale)
                .assign();
        assertThat(optimal.metrics().localityScore())
                .isGreaterThanOrEqualTo(compatible.metrics().localityScore());
        assertThat(groups(optimal)).isEqualTo(groups(compatible));
    }

    /** The scaling suite's inputs are the same kind of problem: Flink agrees there too (p = 1024). */
    @Test
    void theScalingSuiteSolvesTheSameProblemAsFlink() {
        StateLocalityScalingBenchmark scaling = new StateLocalityScalingBenchmark();
        scaling.implementation = StateLocalityScalingBenchmark.Implementation.SLOTWISE;
        scaling.parallelism = 1024;
        scaling.taskManagerSlots = AssignmentScenario.DEFAULT_TASK_MANAGER_SLOTS;
        scaling.setUp();
        assertThat(slotwiseAnswer((Assignment) scaling.assign()))
                .isEqualTo(flinkAnswer(benchmark(StateLocalityBenchmark.Implementation.FLINK, "512to1024")));
    }

    /** What each group holds (the slot-sharing group id is a fresh random Flink id per setup). */
    private static Set<List<SubtaskId>> groups(Assignment a) {
        return a.assignments().stream().map(s -> s.group().subtasks()).collect(Collectors.toSet());
    }

    private static StateLocalityBenchmark benchmark(
            StateLocalityBenchmark.Implementation implementation, String rescale) {
        StateLocalityBenchmark b = new StateLocalityBenchmark();
        b.implementation = implementation;
        b.rescale = rescale;
        b.taskManagerSlots = AssignmentScenario.DEFAULT_TASK_MANAGER_SLOTS;
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
        return FlinkInputs.allocationByExecutionVertex(a);
    }
}
