package io.github.slotwise.assignment;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SubtaskId;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a {@link SlotAssigner}: each execution slot-sharing group in one slot, with metrics
 * and an explanation.
 *
 * @param assignerName the assigner that made it
 * @param assignments one per execution slot-sharing group, in the assigner's order
 * @param metrics cost and balance figures
 * @param explanation why, one line each
 */
public record Assignment(
        String assignerName, List<SlotAssignment> assignments, AssignmentMetrics metrics, List<String> explanation) {
    /** Copies the lists (an assigner's per-group explanation is immutable already and kept). */
    public Assignment {
        assignments = ImmutableList.copyOf(assignments);
        explanation = Explanations.isImmutable(explanation) ? explanation : ImmutableList.copyOf(explanation);
    }

    /**
     * Builds an assignment and computes its metrics.
     *
     * @throws IllegalStateException if a slot is used twice, a group placed twice, or a slot is not in
     *     the request's pool: an assigner bug, never the caller's input
     */
    public static Assignment of(
            String assignerName,
            AssignmentRequest request,
            List<SlotAssignment> assignments,
            List<String> explanation) {
        return of(assignerName, request, new PoolIndex(request.pool()), assignments, null, explanation);
    }

    /**
     * {@link #of(String, AssignmentRequest, List, List)} with the pool index the assigner built and
     * the pool position of each assignment's slot, which saves a lookup per slot.
     *
     * @param slotPositions the position of each assignment's slot, or {@code null} to look them up
     */
    static Assignment of(
            String assignerName,
            AssignmentRequest request,
            PoolIndex pool,
            List<SlotAssignment> assignments,
            int[] slotPositions,
            List<String> explanation) {
        int[] positions = pool.positionsOf(assignments, slotPositions);
        for (int k = 0; k < positions.length; k++) {
            if (positions[k] < 0) {
                throw new IllegalStateException(assignerName + " used slot '"
                        + assignments.get(k).slot().id() + "' outside the pool");
            }
        }
        boolean[] slotUsed = new boolean[pool.size()];
        Map<String, BitSet> indexesBySharingGroup = new HashMap<>(); // lookups only
        String sharingGroup = null; // and, while groups in a row share its id instance, its indexes
        BitSet indexes = null;
        for (int k : pool.byPosition(positions)) {
            SlotAssignment a = assignments.get(k);
            if (slotUsed[positions[k]]) {
                throw new IllegalStateException(
                        assignerName + " used slot '" + a.slot().id() + "' twice");
            }
            slotUsed[positions[k]] = true;
            // (slot-sharing group, index) identifies a group exactly as its id does
            if (indexes == null || a.group().slotSharingGroupId() != sharingGroup) {
                sharingGroup = a.group().slotSharingGroupId();
                indexes = indexesBySharingGroup.computeIfAbsent(sharingGroup, id -> new BitSet());
            }
            if (indexes.get(a.group().index())) {
                throw new IllegalStateException(
                        assignerName + " placed group " + a.group().id() + " twice");
            }
            indexes.set(a.group().index());
        }
        return new Assignment(
                assignerName, assignments, AssignmentMetrics.of(request, assignments, pool, positions), explanation);
    }

    /** Which slot runs each subtask, in assignment order. */
    public Map<SubtaskId, Slot> slotBySubtask() {
        ImmutableMap.Builder<SubtaskId, Slot> result = ImmutableMap.builder();
        for (SlotAssignment a : assignments) {
            a.group().subtasks().forEach(s -> result.put(s, a.slot()));
        }
        return result.buildOrThrow();
    }
}
