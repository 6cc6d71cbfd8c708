/**
 * Key groups: the fixed partitioning of a keyed operator's key space into {@code maxParallelism} key
 * groups, and the contiguous ranges of key groups that each of its {@code parallelism} subtasks owns.
 *
 * <p>Everything here is bit-for-bit identical to Apache Flink's {@code KeyGroupRangeAssignment},
 * {@code KeyGroupRange} and {@code MathUtils.murmurHash} wherever Flink defines a result, and is
 * stricter about bad input: every method validates its arguments up front and throws an {@link
 * java.lang.IllegalArgumentException} whose message names the offending field and value. On top of
 * Flink's functions the package adds allocation-free iteration over all ranges ({@link
 * io.github.slotwise.keygroup.KeyGroupPartitioning}), skew figures, and the overlap of two
 * partitionings of the same key space ({@link io.github.slotwise.keygroup.KeyGroupOverlap}).
 */
package io.github.slotwise.keygroup;
