package io.github.slotwise.keygroup;

/**
 * A contiguous range of key groups {@code [startKeyGroup, endKeyGroup]}; <b>both ends are
 * inclusive</b>, as in Flink's {@code org.apache.flink.runtime.state.KeyGroupRange}.
 *
 * <p>The only range with fewer than one key group is {@link #EMPTY} = {@code (0, -1)}. Every other
 * range satisfies {@code 0 <= startKeyGroup <= endKeyGroup}, and its size {@code 1 + endKeyGroup -
 * startKeyGroup} must fit in an {@code int} (so {@code (0, Integer.MAX_VALUE)} is rejected, like
 * Flink's "Potential overflow detected."). Use {@link #of(int, int)} to get {@link #EMPTY} for any
 * {@code start > end} instead of an exception.
 *
 * <p>Equality is by the two bounds, and {@link #hashCode()} is Flink's {@code 31 * start + end}.
 *
 * @param startKeyGroup the first key group of the range (inclusive); 0 for {@link #EMPTY}
 * @param endKeyGroup the last key group of the range (inclusive); -1 for {@link #EMPTY}
 */
public record KeyGroupRange(int startKeyGroup, int endKeyGroup) {

    /** The empty range {@code (0, -1)}, holding no key group; Flink's {@code EMPTY_KEY_GROUP_RANGE}. */
    public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

    /**
     * Validates the bounds.
     *
     * @param startKeyGroup the first key group (inclusive)
     * @param endKeyGroup the last key group (inclusive)
     * @throws IllegalArgumentException if {@code startKeyGroup < 0}, if {@code startKeyGroup >
     *     endKeyGroup} (except for the exact pair {@code (0, -1)} of {@link #EMPTY}), or if the range
     *     holds more than {@link Integer#MAX_VALUE} key groups
     */
    public KeyGroupRange {
        if (startKeyGroup != 0 || endKeyGroup != -1) {
            if (startKeyGroup < 0) {
                throw new IllegalArgumentException("startKeyGroup must be >= 0, got " + startKeyGroup);
            }
            if (startKeyGroup > endKeyGroup) {
                throw new IllegalArgumentException("startKeyGroup " + startKeyGroup + " > endKeyGroup " + endKeyGroup);
            }
            if (1 + endKeyGroup - startKeyGroup < 0) {
                throw new IllegalArgumentException("key group range [" + startKeyGroup + ", " + endKeyGroup
                        + "] holds more than " + Integer.MAX_VALUE + " key groups");
            }
        }
    }

    /**
     * Returns the range {@code [startKeyGroup, endKeyGroup]}, or {@link #EMPTY} when {@code
     * startKeyGroup > endKeyGroup} (Flink's {@code KeyGroupRange.of}).
     *
     * @param startKeyGroup the first key group (inclusive)
     * @param endKeyGroup the last key group (inclusive)
     * @return the range, or {@link #EMPTY} if {@code startKeyGroup > endKeyGroup}
     * @throws IllegalArgumentException if {@code startKeyGroup <= endKeyGroup} but {@code
     *     startKeyGroup < 0}, or the range is too large
     */
    public static KeyGroupRange of(int startKeyGroup, int endKeyGroup) {
        return startKeyGroup <= endKeyGroup ? new KeyGroupRange(startKeyGroup, endKeyGroup) : EMPTY;
    }

    /**
     * Returns how many key groups the range holds: {@code 1 + endKeyGroup - startKeyGroup}, 0 for
     * {@link #EMPTY}.
     *
     * @return the number of key groups in this range
     */
    public int numberOfKeyGroups() {
        return 1 + endKeyGroup - startKeyGroup;
    }

    /**
     * Returns whether this range holds no key group, i.e. whether it is {@link #EMPTY}.
     *
     * @return {@code true} only for {@link #EMPTY}
     */
    public boolean isEmpty() {
        return endKeyGroup < startKeyGroup;
    }

    /**
     * Returns whether {@code startKeyGroup <= keyGroup <= endKeyGroup}.
     *
     * @param keyGroup the key group to test; any value is allowed
     * @return whether the key group lies in this range ({@code false} for every key group if empty)
     */
    public boolean contains(int keyGroup) {
        return keyGroup >= startKeyGroup && keyGroup <= endKeyGroup;
    }

    /**
     * Returns the key groups that lie in both ranges: {@code [max(starts), min(ends)]}, or {@link
     * #EMPTY} when the ranges are disjoint or either is empty (Flink's {@code getIntersection}).
     *
     * @param other the other range
     * @return the intersection, {@link #EMPTY} if there is none
     * @throws NullPointerException if {@code other} is null
     */
    public KeyGroupRange intersection(KeyGroupRange other) {
        int start = Math.max(startKeyGroup, other.startKeyGroup);
        int end = Math.min(endKeyGroup, other.endKeyGroup);
        return start <= end ? new KeyGroupRange(start, end) : EMPTY;
    }

    /**
     * Returns {@code intersection(other).numberOfKeyGroups()} without allocating the intersection.
     *
     * @param other the other range
     * @return how many key groups lie in both ranges (0 when they are disjoint)
     * @throws NullPointerException if {@code other} is null
     */
    public int intersectionSize(KeyGroupRange other) {
        int start = Math.max(startKeyGroup, other.startKeyGroup);
        int end = Math.min(endKeyGroup, other.endKeyGroup);
        return start <= end ? 1 + end - start : 0;
    }

    /**
     * Returns Flink's hash code of a key-group range, {@code 31 * startKeyGroup + endKeyGroup}, so
     * that hash-based collections order ranges as Flink's would.
     *
     * @return {@code 31 * startKeyGroup + endKeyGroup}
     */
    @Override
    public int hashCode() {
        return 31 * startKeyGroup + endKeyGroup;
    }

    /**
     * Returns the range as an interval, e.g. {@code [0, 42]} ({@link #EMPTY} prints as {@code [0,
     * -1]}), like Flink's {@code prettyPrintInterval()}.
     *
     * @return {@code "[" + startKeyGroup + ", " + endKeyGroup + "]"}
     */
    @Override
    public String toString() {
        return "[" + startKeyGroup + ", " + endKeyGroup + "]";
    }
}
