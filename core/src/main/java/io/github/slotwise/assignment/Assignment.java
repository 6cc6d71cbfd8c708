package io.github.slotwise.assignment;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SubtaskId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** Copies the lists. */
    public Assignment {
        assignments = ImmutableList.copyOf(assignments);
        explanation = ImmutableList.copyOf(explanation);
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
        Set<String> slots = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (SlotAssignment a : assignments) {
            if (!request.pool().contains(a.slot().id())) {
                throw new IllegalStateException(
                        assignerName + " used slot '" + a.slot().id() + "' outside the pool");
            }
            if (!slots.add(a.slot().id())) {
                throw new IllegalStateException(
                        assignerName + " used slot '" + a.slot().id() + "' twice");
            }
            if (!groups.add(a.group().id())) {
                throw new IllegalStateException(
                        assignerName + " placed group " + a.group().id() + " twice");
            }
        }
        return new Assignment(assignerName, assignments, AssignmentMetrics.of(request, assignments), explanation);
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
