package io.github.slotwise.assignment;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.SubtaskId;
import java.util.List;

/**
 * The subtasks that share one slot: Flink's {@code ExecutionSlotSharingGroup}. With Flink's default
 * resolver, group {@code i} of a slot-sharing group holds subtask {@code i} of every member vertex
 * that has more than {@code i} subtasks.
 *
 * @param slotSharingGroupId the slot-sharing group it belongs to
 * @param index its index within that group, from 0
 * @param subtasks the subtasks it holds, sorted, at least one
 */
public record ExecutionSlotSharingGroup(String slotSharingGroupId, int index, List<SubtaskId> subtasks) {
    /** Sorts and copies the subtasks; rejects a negative index and an empty group. */
    public ExecutionSlotSharingGroup {
        if (index < 0) {
            throw new IllegalArgumentException(
                    "execution slot-sharing group " + slotSharingGroupId + "#" + index + ": index must be >= 0");
        }
        subtasks = isSortedImmutable(subtasks) ? subtasks : ImmutableList.sortedCopyOf(subtasks);
        if (subtasks.isEmpty()) {
            throw new IllegalArgumentException(
                    "execution slot-sharing group " + slotSharingGroupId + "#" + index + " holds no subtask");
        }
    }

    /** True for an immutable list already in order, which needs no copy. */
    private static boolean isSortedImmutable(List<SubtaskId> subtasks) {
        if (!(subtasks instanceof ImmutableList)) {
            return false;
        }
        for (int i = 1; i < subtasks.size(); i++) {
            if (subtasks.get(i - 1).compareTo(subtasks.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** A stable id, {@code slotSharingGroupId#index}; the tie-breaker where Flink uses a random UUID. */
    public String id() {
        return slotSharingGroupId + "#" + index;
    }

    /** The number of subtasks it holds (Flink's task execution load). */
    public int load() {
        return subtasks.size();
    }
}
