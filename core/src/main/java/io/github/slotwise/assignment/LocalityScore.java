package io.github.slotwise.assignment;

/**
 * Flink's state-locality score for keeping part of an old subtask's state in place (Flink 2.x {@code
 * StateLocalitySlotAssigner}): the key groups an old and a new subtask share, weighted by the old
 * subtask's state bytes per key group.
 */
public final class LocalityScore {
    private LocalityScore() {}

    /** How a Flink line scores a pair of an old and a new subtask. */
    public enum Scoring {
        /**
         * Flink 2.0 on: the shared key groups weighted by the old subtask's state bytes per key group
         * ({@link LocalityScore#of}).
         */
        STATE_BYTES,
        /**
         * Flink 1.18 to 1.20: the number of shared key groups, whatever the state size (checked against
         * flink-runtime 1.18.1, 1.19.3 and 1.20.5 by the version matrix).
         */
        KEY_GROUPS;

        /**
         * The score of one old subtask for one new subtask under this scoring.
         *
         * @param sharedKeyGroups key groups in both the old and the new range
         * @param oldStateSizeBytes the old subtask's keyed-state size
         * @param oldKeyGroups key groups in the old range
         */
        public long score(int sharedKeyGroups, long oldStateSizeBytes, int oldKeyGroups) {
            return this == KEY_GROUPS ? sharedKeyGroups : of(sharedKeyGroups, oldStateSizeBytes, oldKeyGroups);
        }

        /**
         * The scoring of a Flink version: {@link #KEY_GROUPS} for 1.18 to 1.20, {@link #STATE_BYTES}
         * from 2.0 on.
         *
         * @param flinkVersion {@code "1.18"} to {@code "2.3"}, optionally with a patch number
         * @throws IllegalArgumentException naming the value if it is not such a version (1.17 has no
         *     state-locality assigner)
         */
        public static Scoring forFlinkVersion(String flinkVersion) {
            java.util.regex.Matcher m = flinkVersion == null
                    ? null
                    : java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?")
                            .matcher(flinkVersion.trim());
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException(
                        "flinkVersion: not a Flink version such as 1.19 or 2.3.0: '" + flinkVersion + "'");
            }
            int line = Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2));
            if (line >= 118 && line <= 120) {
                return KEY_GROUPS;
            } else if (line >= 200 && line <= 203) {
                return STATE_BYTES;
            }
            throw new IllegalArgumentException("flinkVersion: Flink's state-locality assigner exists in 1.18 to"
                    + " 1.20 and 2.0 to 2.3 as far as Slotwise knows, got '" + flinkVersion + "'");
        }
    }

    /**
     * The score of one old subtask for one new subtask.
     *
     * @param sharedKeyGroups key groups in both the old and the new range
     * @param oldStateSizeBytes the old subtask's keyed-state size
     * @param oldKeyGroups key groups in the old range
     * @return {@code shared * (state / min(state, oldKeyGroups))} (integer division), or, when {@code
     *     state * oldKeyGroups} is 0 as a {@code long} (as Flink tests it: the state size or the old
     *     range is 0, or the product wraps to 0, e.g. 2^60 bytes over 16 key groups), 1 if they share
     *     any key group and 0 otherwise
     */
    public static long of(int sharedKeyGroups, long oldStateSizeBytes, int oldKeyGroups) {
        if (oldStateSizeBytes * oldKeyGroups == 0) { // Flink's very test, wrap-around included
            return sharedKeyGroups > 0 ? 1 : 0;
        }
        long bytesPerKeyGroup = oldStateSizeBytes / Math.min(oldStateSizeBytes, oldKeyGroups);
        return sharedKeyGroups * bytesPerKeyGroup;
    }
}
