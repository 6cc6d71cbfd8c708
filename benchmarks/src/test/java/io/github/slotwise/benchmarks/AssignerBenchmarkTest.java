package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentMetrics;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.SlotAssigners;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The by-name suite: its Flink-free problem is the problem the Flink-versus-Slotwise suites solve,
 * every registered assigner runs on it, and the {@code flink-runtime:} names run Flink's classes.
 */
class AssignerBenchmarkTest {

    /**
     * Built from the model alone, the problem has the shape of {@code AssignmentScenario}'s (converted
     * from Flink objects): the same TaskManager sizes in the same order, the same previous state per
     * subtask, and so the same metrics under the Flink-compatible state-locality assigner.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4096to6144", "8192to6144", "0to1024"})
    void theFlinkFreeProblemIsTheFlinkSuitesProblem(String rescale) {
        AssignmentProblem problem = AssignmentProblem.rescale(rescale, AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS);
        AssignmentScenario scenario =
                AssignmentScenario.rescale(rescale, AssignmentScenario.DEFAULT_TASK_MANAGER_SLOTS);

        assertThat(sizes(problem.request().pool().taskManagers()))
                .isEqualTo(sizes(scenario.request.pool().taskManagers()));
        assertThat(problem.request().plan().vertexParallelism().values())
                .containsExactlyElementsOf(
                        scenario.request.plan().vertexParallelism().values());
        assertThat(stateSizes(problem.request().previous().placements()))
                .isEqualTo(stateSizes(scenario.request.previous().placements()));

        FlinkStateLocalitySlotAssigner assigner = new FlinkStateLocalitySlotAssigner();
        AssignmentMetrics ours = assigner.assign(problem.request()).metrics();
        AssignmentMetrics converted = assigner.assign(scenario.request).metrics();
        assertThat(ours.keyGroupsKept()).isEqualTo(converted.keyGroupsKept());
        assertThat(ours.keyGroupsMoved()).isEqualTo(converted.keyGroupsMoved());
        assertThat(ours.stateBytesMoved()).isEqualTo(converted.stateBytesMoved());
        assertThat(ours.taskManagersUsed()).isEqualTo(converted.taskManagersUsed());
    }

    /** Every registered assigner places every group of the 8192 -> 12288 rescale. */
    @Test
    void everyRegisteredAssignerRunsByName() {
        for (String name : SlotAssigners.names()) {
            Assignment a = (Assignment) benchmark(name, "8192to12288").assign();
            assertThat(a.assignerName()).isEqualTo(name);
            assertThat(a.assignments()).as(name).hasSize(12288);
        }
    }

    /** The Flink baseline runs Flink's own assigner, and Slotwise's Flink-compatible one agrees with it. */
    @Test
    @SuppressWarnings("unchecked")
    void theFlinkRuntimeBaselineIsFlinksAnswer() {
        Collection<JobSchedulingPlan.SlotAssignment> flink = (Collection<JobSchedulingPlan.SlotAssignment>)
                benchmark(AssignerBenchmark.FLINK_RUNTIME_STATE_LOCALITY, "4096to6144")
                        .assign();
        Map<ExecutionVertexID, AllocationID> byFlink = FlinkInputs.allocationByExecutionVertex(flink);
        assertThat(byFlink).hasSize(2 * 6144);
        assertThat(FlinkInputs.allocationByExecutionVertexOfProblem((Assignment)
                        benchmark("flink-state-locality", "4096to6144").assign()))
                .isEqualTo(byFlink);
        assertThat(benchmark(AssignerBenchmark.FLINK_RUNTIME_DEFAULT, "0to1024").assign())
                .isInstanceOf(Collection.class);
    }

    @Test
    void unknownNamesAreRejectedInSetUp() {
        assertThatThrownBy(() -> benchmark("no-such-assigner", "0to16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-assigner");
        assertThatThrownBy(() -> benchmark("flink-runtime:nope", "0to16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flink-runtime:nope");
        assertThatThrownBy(() -> AssignmentProblem.rescale("8192-12288", "4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8192-12288");
    }

    private static AssignerBenchmark benchmark(String assigner, String rescale) {
        AssignerBenchmark b = new AssignerBenchmark();
        b.assigner = assigner;
        b.rescale = rescale;
        b.taskManagerSlots = AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS;
        b.setUp();
        return b;
    }

    private static List<Integer> sizes(List<TaskManager> taskManagers) {
        return taskManagers.stream().map(TaskManager::numberOfSlots).toList();
    }

    /** Each vertex's state sizes in subtask-index order (ids differ: Flink-converted ones are hex). */
    private static Set<List<Long>> stateSizes(List<SubtaskPlacement> placements) {
        Map<String, List<Long>> byVertex = new TreeMap<>();
        placements.stream()
                .sorted(Comparator.comparingInt(p -> p.subtask().subtaskIndex()))
                .forEach(p -> byVertex.computeIfAbsent(p.subtask().vertexId(), k -> new ArrayList<>())
                        .add(p.stateSizeBytes()));
        return Set.copyOf(byVertex.values());
    }
}
