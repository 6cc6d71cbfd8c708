package io.github.slotwise.assignment;

/**
 * Flink's state-locality score for keeping part of an old subtask's state in place (Flink 2.x {@code
 * StateLocalitySlotAssigner}): the key groups an old and a new subtask share, weighted by the old
 * subtask's state bytes per key group.
 */
public final class LocalityScore {
    private LocalityScore() {}

    /**
     * The score of one old subtask for one new subtask.
     *
     * @param sharedKeyGroups key groups in both the old and the new range
     * @param oldStateSizeBytes the old subtask's keyed-state size
     * @param oldKeyGroups key groups in the old range
     * @return {@code shared * (state / min(state, oldKeyGroups))} (integer division), or, when the
     *     state size or the old range is 0, 1 if they share any key group and 0 otherwise
     */
    public static long of(int sharedKeyGroups, long oldStateSizeBytes, int oldKeyGroups) {
        if (oldStateSizeBytes == 0 || oldKeyGroups == 0) { // Flink multiplies, which can wrap to 0
            return sharedKeyGroups > 0 ? 1 : 0;
        }
        long bytesPerKeyGroup = oldStateSizeBytes / Math.min(oldStateSizeBytes, oldKeyGroups);
        return sharedKeyGroups * bytesPerKeyGroup;
    }
}
