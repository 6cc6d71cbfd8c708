package io.github.slotwise.assignment;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.List;

/**
 * Splits a plan's subtasks into execution slot-sharing groups, one per slot (Flink's {@code
 * SlotSharingResolver}). Every implementation makes, for each slot-sharing group, as many groups as
 * the highest planned parallelism among its members, so {@link #groupCount} holds for all of them.
 *
 * <p>A {@link SlotAssigner} of one's own starts here: {@link #flinkDefault()} or {@link
 * #taskBalanced()} gives the groups, the assigner picks a slot for each (with {@link PoolIndex} for
 * the pool's TaskManagers), and {@link Assignment#of(String, AssignmentRequest, List, List)} checks
 * the choice and computes the metrics; {@link Explanations} writes the per-group lines.
 */
public interface SlotSharingResolver {
    /**
     * Flink's {@code DefaultSlotSharingResolver}: group {@code i} of a slot-sharing group holds
     * subtask {@code i} of every member whose planned parallelism exceeds {@code i}.
     *
     * @return the resolver, stateless
     */
    static SlotSharingResolver flinkDefault() {
        return DefaultSlotSharingResolver.INSTANCE;
    }

    /**
     * Flink's {@code TaskBalancedSlotSharingResolver} ({@code taskmanager.load-balance.mode: TASKS}):
     * subtasks of vertices below a group's full parallelism spread round-robin, so groups hold
     * similar task counts.
     *
     * @return the resolver, stateless
     */
    static SlotSharingResolver taskBalanced() {
        return TaskBalancedSlotSharingResolver.INSTANCE;
    }

    /**
     * Returns the execution slot-sharing groups of {@code plan}, ordered by slot-sharing group
     * ({@link JobGraph#slotSharingGroups()} order), then by index.
     *
     * @param graph the job graph
     * @param plan a parallelism for each of its vertices
     * @return the groups, each non-empty
     */
    List<ExecutionSlotSharingGroup> resolve(JobGraph graph, ParallelismPlan plan);

    /**
     * The number of execution slot-sharing groups any resolver makes: the sum over slot-sharing
     * groups of the highest planned parallelism among their vertices.
     *
     * @param graph the job graph
     * @param plan a parallelism for each of its vertices
     * @return the number of groups
     */
    static int groupCount(JobGraph graph, ParallelismPlan plan) {
        int count = 0;
        for (SlotSharingGroup group : graph.slotSharingGroups()) {
            count += slotsOf(group, plan);
        }
        return count;
    }

    /**
     * The number of execution slot-sharing groups of one slot-sharing group.
     *
     * @param group the slot-sharing group
     * @param plan a parallelism for each of its vertices
     * @return the highest planned parallelism among its vertices
     */
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
     * @param assignerName the assigner, named in the message
     * @param request the request
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
