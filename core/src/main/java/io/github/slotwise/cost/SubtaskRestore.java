package io.github.slotwise.cost;

import io.github.slotwise.model.SubtaskId;
import java.util.Objects;

/**
 * The keyed state one subtask must have before it runs, and where it comes from.
 *
 * @param subtask the subtask
 * @param taskManagerId the TaskManager it is deployed on
 * @param localBytes state found on that TaskManager's disk (local recovery), in bytes; at least 0
 * @param downloadedBytes state downloaded from the checkpoint store, in bytes; at least 0
 */
public record SubtaskRestore(SubtaskId subtask, String taskManagerId, long localBytes, long downloadedBytes) {
    /**
     * Validates the fields.
     *
     * @param subtask the subtask
     * @param taskManagerId its TaskManager
     * @param localBytes at least 0
     * @param downloadedBytes at least 0
     * @throws IllegalArgumentException naming a negative size
     */
    public SubtaskRestore {
        Objects.requireNonNull(subtask, "SubtaskRestore.subtask must not be null");
        Objects.requireNonNull(taskManagerId, "SubtaskRestore.taskManagerId must not be null");
        if (localBytes < 0) {
            throw new IllegalArgumentException(
                    "SubtaskRestore.localBytes of " + subtask + " must be >= 0, got " + localBytes);
        }
        if (downloadedBytes < 0) {
            throw new IllegalArgumentException(
                    "SubtaskRestore.downloadedBytes of " + subtask + " must be >= 0, got " + downloadedBytes);
        }
    }

    /**
     * All the state the subtask restores.
     *
     * @return {@code localBytes + downloadedBytes}
     */
    public long bytes() {
        return Math.addExact(localBytes, downloadedBytes);
    }
}
