package io.github.slotwise.keygroup;

import io.github.slotwise.model.Limits;
import java.util.List;

/**
 * The overlap of two partitionings of the same key-group space, e.g. before and after a rescale:
 * which key groups a new subtask must read from which old subtask.
 *
 * <p>Both partitionings split {@code [0, M)} into ascending contiguous ranges, so their non-empty
 * pairwise intersections are found by one linear two-pointer sweep in {@code O(p_before +
 * p_after)} time, without allocating per pair. Each intersection ends at an end of an old or a new
 * range, and both last ranges end at {@code M - 1}, so there are at most {@code p_before + p_after
 * - 1} intersections (and at least {@code max(p_before, p_after)}).
 */
public final class KeyGroupOverlap {

    /**
     * Receives one non-empty intersection from {@link #forEachOverlap(KeyGroupPartitioning,
     * KeyGroupPartitioning, OverlapConsumer)}.
     *
     * <p>A functional interface so that the sweep boxes nothing.
     */
    @FunctionalInterface
    public interface OverlapConsumer {
        /**
         * Accepts the key groups {@code [startKeyGroup, endKeyGroup]} (inclusive, non-empty) that old
         * subtask {@code subtaskBefore} and new subtask {@code subtaskAfter} both own.
         *
         * @param subtaskBefore the subtask index in the first partitioning
         * @param subtaskAfter the subtask index in the second partitioning
         * @param startKeyGroup the first shared key group
         * @param endKeyGroup the last shared key group (inclusive), {@code >= startKeyGroup}
         */
        void accept(int subtaskBefore, int subtaskAfter, int startKeyGroup, int endKeyGroup);
    }

    private KeyGroupOverlap() {
        throw new AssertionError("static utility class");
    }

    /**
     * Calls {@code consumer} once for every pair (old subtask, new subtask) whose ranges intersect,
     * with the intersection, in ascending key-group order. The intersections partition {@code [0,
     * M)}: they are contiguous, disjoint and cover every key group once. There are at most {@code
     * before.parallelism() + after.parallelism() - 1} of them.
     *
     * @param before the first partitioning (e.g. before the rescale)
     * @param after the second partitioning (e.g. after the rescale)
     * @param consumer receives {@code (subtaskBefore, subtaskAfter, startKeyGroup, endKeyGroup)}
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if the two partitionings have different {@code
     *     maxParallelism}; the message names both values
     */
    public static void forEachOverlap(
            KeyGroupPartitioning before, KeyGroupPartitioning after, OverlapConsumer consumer) {
        checkSameSpace(before, after);
        Limits.checkNotNull("consumer", consumer);
        int maxParallelism = before.maxParallelism();
        int pBefore = before.parallelism();
        int pAfter = after.parallelism();
        int i = 0;
        int j = 0;
        int start = 0;
        int endBefore = KeyGroups.rangeEnd(maxParallelism, pBefore, 0);
        int endAfter = KeyGroups.rangeEnd(maxParallelism, pAfter, 0);
        while (true) {
            int end = Math.min(endBefore, endAfter);
            consumer.accept(i, j, start, end);
            if (end == maxParallelism - 1) {
                return;
            }
            start = end + 1;
            if (endBefore == end) {
                endBefore = KeyGroups.rangeEnd(maxParallelism, pBefore, ++i);
            }
            if (endAfter == end) {
                endAfter = KeyGroups.rangeEnd(maxParallelism, pAfter, ++j);
            }
        }
    }

    /**
     * Calls {@code consumer} once for every pair (old subtask, new subtask) whose ranges intersect,
     * with the intersection, where the old subtasks' ranges are given one by one: they may be uneven,
     * overlap, or leave key groups out (Flink's previous allocations with explicit ranges). Old
     * subtasks are visited in index order, each one's intersections in ascending key-group order; an
     * old range meets {@code after.subtaskOf(end) - after.subtaskOf(start) + 1} new subtasks ({@link
     * #overlapCount}), so the work is linear in the pairs reported.
     *
     * @param before the old subtasks' ranges, by old subtask index; each non-empty and inside {@code
     *     [0, after.maxParallelism())}
     * @param after the new partitioning
     * @param consumer receives {@code (oldSubtask, newSubtask, startKeyGroup, endKeyGroup)}
     * @throws IllegalArgumentException if a range is null, empty or reaches beyond {@code
     *     after.maxParallelism() - 1}, naming its index and the range, before any call to {@code
     *     consumer}
     */
    public static void forEachOverlap(
            List<KeyGroupRange> before, KeyGroupPartitioning after, OverlapConsumer consumer) {
        checkRanges(before, after);
        Limits.checkNotNull("consumer", consumer);
        for (int o = 0; o < before.size(); o++) {
            KeyGroupRange r = before.get(o);
            int last = after.subtaskOf(r.endKeyGroup());
            for (int j = after.subtaskOf(r.startKeyGroup()); j <= last; j++) {
                consumer.accept(
                        o, j, Math.max(r.startKeyGroup(), after.start(j)), Math.min(r.endKeyGroup(), after.end(j)));
            }
        }
    }

    /**
     * The number of pairs {@link #forEachOverlap(List, KeyGroupPartitioning, OverlapConsumer)} reports,
     * without reporting them.
     *
     * @throws IllegalArgumentException as that method does
     */
    public static long overlapCount(List<KeyGroupRange> before, KeyGroupPartitioning after) {
        checkRanges(before, after);
        long count = 0;
        for (KeyGroupRange r : before) {
            count += after.subtaskOf(r.endKeyGroup()) - after.subtaskOf(r.startKeyGroup()) + 1;
        }
        return count;
    }

    private static void checkRanges(List<KeyGroupRange> before, KeyGroupPartitioning after) {
        Limits.checkNotNull("before", before);
        Limits.checkNotNull("after", after);
        for (int o = 0; o < before.size(); o++) {
            KeyGroupRange r = Limits.checkNotNull("before[" + o + "]", before.get(o));
            if (r.isEmpty() || r.endKeyGroup() >= after.maxParallelism()) {
                throw new IllegalArgumentException("before[" + o + "] must be a non-empty range inside [0, "
                        + after.maxParallelism() + "), got " + r);
            }
        }
    }

    /**
     * Summarises a rescale from {@code before} to {@code after}: the number of overlapping pairs, and
     * the key groups kept by the same subtask index and moved elsewhere, as defined in {@link
     * RescaleMovement}. Runs the same linear sweep as {@link #forEachOverlap(KeyGroupPartitioning,
     * KeyGroupPartitioning, OverlapConsumer)}.
     *
     * @param before the partitioning before the rescale
     * @param after the partitioning after the rescale
     * @return the movement figures
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if the two partitionings have different {@code
     *     maxParallelism}; the message names both values
     */
    public static RescaleMovement movement(KeyGroupPartitioning before, KeyGroupPartitioning after) {
        int[] pairsAndKept = new int[2];
        forEachOverlap(before, after, (subtaskBefore, subtaskAfter, start, end) -> {
            pairsAndKept[0]++;
            if (subtaskBefore == subtaskAfter) {
                pairsAndKept[1] += end - start + 1;
            }
        });
        int maxParallelism = before.maxParallelism();
        return new RescaleMovement(
                maxParallelism,
                before.parallelism(),
                after.parallelism(),
                pairsAndKept[0],
                pairsAndKept[1],
                maxParallelism - pairsAndKept[1]);
    }

    private static void checkSameSpace(KeyGroupPartitioning before, KeyGroupPartitioning after) {
        Limits.checkNotNull("before", before);
        Limits.checkNotNull("after", after);
        if (before.maxParallelism() != after.maxParallelism()) {
            throw new IllegalArgumentException("before.maxParallelism " + before.maxParallelism()
                    + " != after.maxParallelism " + after.maxParallelism()
                    + ": both partitionings must split the same key groups");
        }
    }
}
