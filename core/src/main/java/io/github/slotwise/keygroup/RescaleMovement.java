package io.github.slotwise.keygroup;

/**
 * How much keyed state a rescale from {@code parallelismBefore} to {@code parallelismAfter} subtasks
 * moves, for a fixed {@code maxParallelism} (M), as computed by {@link
 * KeyGroupOverlap#movement(KeyGroupPartitioning, KeyGroupPartitioning)}.
 *
 * <p><b>Kept and moved.</b> A key group is <em>kept</em> when the subtask with the same index owns
 * it before and after the rescale, i.e. it lies in both {@code before.range(i)} and {@code
 * after.range(i)} for some {@code i < min(parallelismBefore, parallelismAfter)}. This is the
 * placement in which every surviving subtask index stays in its slot (Flink's restart keeps no
 * state in place, but a locality-aware slot assignment can put new subtask i where old subtask i
 * ran). So {@code keyGroupsKept = Σ_i |before.range(i) ∩ after.range(i)|}, and every other key
 * group is <em>moved</em>: {@code keyGroupsMoved = maxParallelism - keyGroupsKept}. Key groups are
 * counted, not bytes: multiply by a per-key-group state size if key groups are equally loaded.
 *
 * @param maxParallelism the number of key groups (M), in {@code [1, 32768]}
 * @param parallelismBefore the number of subtasks before the rescale, in {@code [1, M]}
 * @param parallelismAfter the number of subtasks after the rescale, in {@code [1, M]}
 * @param overlappingPairs how many (old subtask, new subtask) pairs share at least one key group, in
 *     {@code [max(pBefore, pAfter), pBefore + pAfter - 1]}; each is one state handle to read
 * @param keyGroupsKept the key groups owned by the same subtask index before and after, in {@code
 *     [0, M]}
 * @param keyGroupsMoved {@code maxParallelism - keyGroupsKept}
 */
public record RescaleMovement(
        int maxParallelism,
        int parallelismBefore,
        int parallelismAfter,
        int overlappingPairs,
        int keyGroupsKept,
        int keyGroupsMoved) {

    /**
     * Validates that the figures are consistent.
     *
     * @param maxParallelism the number of key groups
     * @param parallelismBefore the number of subtasks before
     * @param parallelismAfter the number of subtasks after
     * @param overlappingPairs the number of intersecting (old, new) subtask pairs
     * @param keyGroupsKept the key groups that stay with the same subtask index
     * @param keyGroupsMoved the other key groups
     * @throws IllegalArgumentException naming the field and value if a parallelism is out of bounds
     *     or exceeds {@code maxParallelism}, if {@code overlappingPairs} lies outside {@code
     *     [max(pBefore, pAfter), pBefore + pAfter - 1]}, if {@code keyGroupsKept} lies outside {@code
     *     [0, maxParallelism]}, or if {@code keyGroupsKept + keyGroupsMoved != maxParallelism}
     */
    public RescaleMovement {
        KeyGroups.checkParallelism("maxParallelism", maxParallelism);
        checkParallelism("parallelismBefore", parallelismBefore, maxParallelism);
        checkParallelism("parallelismAfter", parallelismAfter, maxParallelism);
        int minPairs = Math.max(parallelismBefore, parallelismAfter);
        int maxPairs = parallelismBefore + parallelismAfter - 1;
        if (overlappingPairs < minPairs || overlappingPairs > maxPairs) {
            throw new IllegalArgumentException(
                    "overlappingPairs must be in [" + minPairs + ", " + maxPairs + "], got " + overlappingPairs);
        }
        if (keyGroupsKept < 0 || keyGroupsKept > maxParallelism) {
            throw new IllegalArgumentException(
                    "keyGroupsKept must be in [0, " + maxParallelism + "], got " + keyGroupsKept);
        }
        if (keyGroupsMoved != maxParallelism - keyGroupsKept) {
            throw new IllegalArgumentException("keyGroupsMoved must be maxParallelism - keyGroupsKept = "
                    + (maxParallelism - keyGroupsKept) + ", got " + keyGroupsMoved);
        }
    }

    /**
     * Returns the share of key groups that move, {@code keyGroupsMoved / (double) maxParallelism}.
     *
     * @return a value in {@code [0, 1]}
     */
    public double movedFraction() {
        return keyGroupsMoved / (double) maxParallelism;
    }

    private static void checkParallelism(String field, int parallelism, int maxParallelism) {
        KeyGroups.checkParallelism(field, parallelism);
        if (parallelism > maxParallelism) {
            throw new IllegalArgumentException(field + " " + parallelism + " > maxParallelism " + maxParallelism);
        }
    }
}
