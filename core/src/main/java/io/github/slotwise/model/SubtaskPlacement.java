package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

/**
 * Where one subtask ran before a rescale, and how much keyed state it held.
 *
 * @param subtask the subtask
 * @param slotId the slot it ran in
 * @param stateSizeBytes its keyed-state size in the latest checkpoint, in bytes; 0 if unknown
 */
public record SubtaskPlacement(SubtaskId subtask, String slotId, long stateSizeBytes) {
    /** Validates the fields. */
    public SubtaskPlacement {
        Limits.checkNotNull("placement.subtask", subtask);
        checkId("placement of " + subtask + ": slotId", slotId);
        if (stateSizeBytes < 0) {
            throw new IllegalArgumentException(
                    "placement of " + subtask + ": stateSizeBytes must be >= 0, got " + stateSizeBytes);
        }
    }

    /** Shorthand for a placement of {@code vertexId#subtaskIndex}. */
    public static SubtaskPlacement of(String vertexId, int subtaskIndex, String slotId, long stateSizeBytes) {
        return new SubtaskPlacement(new SubtaskId(vertexId, subtaskIndex), slotId, stateSizeBytes);
    }
}
