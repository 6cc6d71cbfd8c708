package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.assignment.Assignment;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan.SlotAssignment;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** On a first start Flink's and Slotwise's default assigners put every subtask in the same slot. */
class ColdStartAssignmentBenchmarkTest {

    @ParameterizedTest
    @ValueSource(ints = {1024, 8192, 32768})
    void flinkAndSlotwiseAssignTheSameSlots(int parallelism) {
        ColdStartAssignmentBenchmark flink = benchmark(AssignerBenchmark.FLINK_RUNTIME_DEFAULT, parallelism);
        ColdStartAssignmentBenchmark slotwise = benchmark("flink-default", parallelism);

        @SuppressWarnings("unchecked")
        Map<ExecutionVertexID, AllocationID> byFlink =
                FlinkInputs.allocationByExecutionVertex((Collection<SlotAssignment>) flink.assign());
        Map<ExecutionVertexID, AllocationID> bySlotwise =
                FlinkInputs.allocationByExecutionVertexOfProblem((Assignment) slotwise.assign());
        assertThat(bySlotwise).hasSize(2 * parallelism).isEqualTo(byFlink);
    }

    private static ColdStartAssignmentBenchmark benchmark(String assigner, int parallelism) {
        ColdStartAssignmentBenchmark b = new ColdStartAssignmentBenchmark();
        b.assigner = assigner;
        b.parallelism = parallelism;
        b.taskManagerSlots = AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS;
        b.setUp();
        return b;
    }
}
