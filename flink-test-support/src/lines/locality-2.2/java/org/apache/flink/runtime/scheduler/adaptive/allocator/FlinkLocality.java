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
 * <p>Version-specific test support (flink-test-support/src/lines/locality-2.2): the lines 2.2 and 2.3. State sizes; the assigner takes a resolver, here the default one with its random UUIDs replaced by one-character ids that sort and hash in resolver order.
 */
public final class FlinkLocality {
    private FlinkLocality() {}

    /** Whether the assigner's group ids can be pinned, so that its ties follow the resolver order. */
    public static final boolean PINNED_GROUP_IDS = true;

    /** A previous allocation of one old subtask. */
    public static JobAllocationsInformation.VertexAllocationInformation allocation(
            AllocationID slot, JobVertexID vertex, KeyGroupRange range, long stateSizeBytes) {
        return new JobAllocationsInformation.VertexAllocationInformation(slot, vertex, range, stateSizeBytes);
    }

    /** The previous allocations of a job. */
    public static JobAllocationsInformation allocations(
            java.util.Map<JobVertexID, List<JobAllocationsInformation.VertexAllocationInformation>> byVertex) {
        return new JobAllocationsInformation(byVertex);
    }

    /** An execution slot-sharing group with the given id. */
    public static SlotSharingSlotAllocator.ExecutionSlotSharingGroup group(
            String id, SlotSharingGroup slotSharingGroup, Set<ExecutionVertexID> vertices) {
        return new SlotSharingSlotAllocator.ExecutionSlotSharingGroup(id, slotSharingGroup, vertices);
    }

    /** The default resolver, its group ids replaced by U+8000 + resolver position. */
    private static final SlotSharingResolver PINNED = (info, parallelism) -> {
        List<SlotSharingSlotAllocator.ExecutionSlotSharingGroup> groups = new ArrayList<>();
        for (SlotSharingSlotAllocator.ExecutionSlotSharingGroup g :
                DefaultSlotSharingResolver.INSTANCE.getExecutionSlotSharingGroups(info, parallelism)) {
            groups.add(group(
                    String.valueOf((char) (0x8000 + groups.size())),
                    g.getSlotSharingGroup(),
                    new java.util.HashSet<>(g.getContainedExecutionVertices())));
        }
        return groups;
    };

    /** The line's state-locality assigner. */
    public static StateLocalitySlotAssigner assigner() {
        return new StateLocalitySlotAssigner(PINNED);
    }

    /** The assigner's result for a job, its slots, its parallelism and its previous allocations. */
    public static List<SlotAssignment> assign(
            JobInformation info,
            Collection<PhysicalSlot> slots,
            VertexParallelism parallelism,
            JobAllocationsInformation previous) {
        return new ArrayList<>(assigner().assignSlots(info, slots, parallelism, previous));
    }

    /** Whether the line has the task-balanced resolver (FLIP-370, {@code TASKS} mode). */
    public static final boolean TASK_BALANCED = true;

    /** The order in which the task-balanced resolver visits vertices: its {@code HashMap<JobVertexID, …>}. */
    public static List<JobVertexID> taskBalancedVertexOrder(JobInformation info, VertexParallelism parallelism) {
        return new ArrayList<>(TaskBalancedSlotSharingResolver.getAllVertices(info, parallelism)
                .keySet());
    }

    /**
     * The state-locality assigner over the task-balanced resolver, as Flink runs it in {@code TASKS}
     * mode, with the resolver's groups put in the order {@code rank} gives their contents (sorted
     * "vertex#subtask" lists) and given one-character ids in that order.
     *
     * @throws IllegalStateException if Flink's resolver makes a group {@code rank} does not know
     */
    public static List<SlotAssignment> assignTaskBalanced(
            JobInformation info,
            Collection<PhysicalSlot> slots,
            VertexParallelism parallelism,
            JobAllocationsInformation previous,
            java.util.function.Function<String, Integer> rank) {
        return new ArrayList<>(
                new StateLocalitySlotAssigner(ranked(rank)).assignSlots(info, slots, parallelism, previous));
    }

    /**
     * The default assigner with the task-balanced resolver and matcher, as Flink runs it in {@code
     * TASKS} mode without state locality, with the resolver's groups in the order {@code rank} gives
     * their contents, as {@link #assignTaskBalanced}.
     *
     * @param executionTarget {@code execution.target} ({@code embedded} for application mode), or null
     * @param preferMinimalTaskManagers {@code jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers}
     * @throws IllegalStateException if Flink's resolver makes a group {@code rank} does not know
     */
    public static List<SlotAssignment> assignTasksBalanced(
            JobInformation info,
            Collection<PhysicalSlot> slots,
            VertexParallelism parallelism,
            String executionTarget,
            boolean preferMinimalTaskManagers,
            java.util.function.Function<String, Integer> rank) {
        return new ArrayList<>(new DefaultSlotAssigner(
                        executionTarget,
                        preferMinimalTaskManagers,
                        ranked(rank),
                        TasksBalancedSlotMatchingResolver.INSTANCE)
                .assignSlots(info, slots, parallelism, JobAllocationsInformation.empty()));
    }

    /**
     * The task-balanced resolver with its groups sorted by the rank of their contents (sorted
     * "vertex#subtask" lists) and given one-character ids in that order.
     */
    private static SlotSharingResolver ranked(java.util.function.Function<String, Integer> rank) {
        return (jobInformation, vertexParallelism) -> {
            List<SlotSharingSlotAllocator.ExecutionSlotSharingGroup> groups = new ArrayList<>();
            for (SlotSharingSlotAllocator.ExecutionSlotSharingGroup g :
                    TaskBalancedSlotSharingResolver.INSTANCE.getExecutionSlotSharingGroups(
                            jobInformation, vertexParallelism)) {
                java.util.TreeSet<String> content = new java.util.TreeSet<>();
                g.getContainedExecutionVertices()
                        .forEach(e -> content.add(e.getJobVertexId().toHexString() + "#" + e.getSubtaskIndex()));
                Integer r = rank.apply(content.toString());
                if (r == null) {
                    throw new IllegalStateException(
                            "Flink's task-balanced resolver made group " + content + ", which Slotwise's did not");
                }
                groups.add(group(
                        String.valueOf((char) (0x8000 + r)),
                        g.getSlotSharingGroup(),
                        new java.util.HashSet<>(g.getContainedExecutionVertices())));
            }
            groups.sort(java.util.Comparator.comparing(SlotSharingSlotAllocator.ExecutionSlotSharingGroup::getId));
            return groups;
        };
    }
}
