package io.github.slotwise.assignment;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.List;

/**
 * Splits a plan's subtasks into execution slot-sharing groups, one per slot (Flink's {@code
 * SlotSharingResolver}). Every implementation makes, for each slot-sharing group, as many groups as
 * the highest planned parallelism among its members, so {@link #groupCount} holds for all of them.
 */
interface SlotSharingResolver {
    /**
     * Returns the execution slot-sharing groups of {@code plan}, ordered by slot-sharing group
     * ({@link JobGraph#slotSharingGroups()} order), then by index.
     */
    List<ExecutionSlotSharingGroup> resolve(JobGraph graph, ParallelismPlan plan);

    /**
     * The number of execution slot-sharing groups any resolver makes: the sum over slot-sharing
     * groups of the highest planned parallelism among their vertices.
     */
    static int groupCount(JobGraph graph, ParallelismPlan plan) {
        int count = 0;
        for (SlotSharingGroup group : graph.slotSharingGroups()) {
            count += slotsOf(group, plan);
        }
        return count;
    }

    /** The number of execution slot-sharing groups of one slot-sharing group. */
    static int slotsOf(SlotSharingGroup group, ParallelismPlan plan) {
        int max = 0;
        for (String vertexId : group.vertexIds()) {
            max = Math.max(max, plan.parallelismOf(vertexId));
        }
        return max;
    }

    /**
     * Rejects a request whose pool cannot hold one slot per execution slot-sharing group, before any
     * work is done. {@link AssignmentRequest} already checks the plan's own slot count; this also
     * catches a plan whose {@code slotsPerGroup} understates its vertices' parallelism.
     *
     * <p>Flink's own check ({@code AllocatorUtil.checkMinimumRequiredSlots}) compares the free slots
     * with the sum of each slot-sharing group's highest lower bound and throws {@code
     * IllegalStateException}; a shortfall past it surfaces later, as {@code NoSuchElementException}
     * from the zip or "No suitable slots enough." from the balanced matchers. Slotwise fails early
     * and with the actual group count instead.
     *
     * @return the number of groups
     * @throws IllegalArgumentException naming both counts
     */
    static int requireEnoughSlots(String assignerName, AssignmentRequest request) {
        int groups = groupCount(request.graph(), request.plan());
        int slots = request.pool().size();
        if (slots < groups) {
            throw new IllegalArgumentException(assignerName + ": the pool has " + slots + " slots but the plan needs "
                    + groups + " (one per execution slot-sharing group)");
        }
        return groups;
    }
}
