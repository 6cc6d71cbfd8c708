package org.apache.flink.runtime.scheduler.adaptive.allocator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan.SlotAssignment;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.apache.flink.runtime.state.KeyGroupRange;

/**
 * Flink's {@code StateLocalitySlotAssigner} and the types around it as the line under test has them,
 * for {@code StateLocalityMatrixTest}: a previous allocation, an execution slot-sharing group, the
 * assigner itself.
 *
 * <p>Version-specific test support (flink-test-support/src/lines/locality-1.18): the lines 1.18, 1.19 and 1.20. No state sizes in the previous allocations (they score shared key groups); the assigner makes its own groups with random UUIDs.
 */
public final class FlinkLocality {
    private FlinkLocality() {}

    /** Whether the assigner's group ids can be pinned, so that its ties follow the resolver order. */
    public static final boolean PINNED_GROUP_IDS = false;

    /** A previous allocation of one old subtask. */
    public static JobAllocationsInformation.VertexAllocationInformation allocation(
            AllocationID slot, JobVertexID vertex, KeyGroupRange range, long stateSizeBytes) {
        return new JobAllocationsInformation.VertexAllocationInformation(slot, vertex, range);
    }

    /** The previous allocations of a job. */
    public static JobAllocationsInformation allocations(
            java.util.Map<JobVertexID, List<JobAllocationsInformation.VertexAllocationInformation>> byVertex) {
        return new JobAllocationsInformation(byVertex);
    }

    /** An execution slot-sharing group with the given id. */
    public static SlotSharingSlotAllocator.ExecutionSlotSharingGroup group(
            String id, SlotSharingGroup slotSharingGroup, Set<ExecutionVertexID> vertices) {
        return new SlotSharingSlotAllocator.ExecutionSlotSharingGroup(vertices, id);
    }

    /** The line's state-locality assigner. */
    public static StateLocalitySlotAssigner assigner() {
        return new StateLocalitySlotAssigner();
    }

    /** The assigner's result for a job, its slots, its parallelism and its previous allocations. */
    public static List<SlotAssignment> assign(
            JobInformation info,
            Collection<? extends PhysicalSlot> slots,
            VertexParallelism parallelism,
            JobAllocationsInformation previous) {
        return new ArrayList<>(assigner().assignSlots(info, slots, parallelism, previous));
    }

    /** Whether the line has the task-balanced resolver (FLIP-370, {@code TASKS} mode): not before 2.2. */
    public static final boolean TASK_BALANCED = false;

    /** Not on this line. */
    public static List<JobVertexID> taskBalancedVertexOrder(JobInformation info, VertexParallelism parallelism) {
        throw new UnsupportedOperationException("no task-balanced resolver before Flink 2.2");
    }

    /** Not on this line. */
    public static List<SlotAssignment> assignTaskBalanced(
            JobInformation info,
            Collection<? extends PhysicalSlot> slots,
            VertexParallelism parallelism,
            JobAllocationsInformation previous,
            java.util.function.Function<String, Integer> rank) {
        throw new UnsupportedOperationException("no task-balanced resolver before Flink 2.2");
    }

    /** Not on this line. */
    public static List<SlotAssignment> assignTasksBalanced(
            JobInformation info,
            Collection<? extends PhysicalSlot> slots,
            VertexParallelism parallelism,
            String executionTarget,
            boolean preferMinimalTaskManagers,
            java.util.function.Function<String, Integer> rank) {
        throw new UnsupportedOperationException("no task-balanced resolver before Flink 2.2");
    }
}
