package io.github.slotwise.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Invariants of Flink's key-group partitioning and of the overlap sweep, over random (M, p) pairs.
 * Generators favour small M (where off-by-one errors show) but reach M = 32768.
 */
class KeyGroupPropertiesTest {

    /** A max parallelism: a third small, a third a power of two, a third anywhere in [1, 32768]. */
    private static Gen<Integer> maxParallelisms(int upTo) {
        Gen<Integer> small = integers().between(1, Math.min(upTo, 300));
        Gen<Integer> powerOfTwo =
                integers().between(0, 31 - Integer.numberOfLeadingZeros(upTo)).map(e -> 1 << e);
        Gen<Integer> any = integers().between(1, upTo);
        return small.mix(powerOfTwo, 33).mix(any, 33);
    }

    /** A parallelism in [1, m]: near the ends with some probability, else uniform. */
    private static Gen<Integer> parallelisms(int m) {
        Gen<Integer> uniform = integers().between(1, m);
        Gen<Integer> low = integers().between(1, Math.min(m, 8));
        Gen<Integer> high = integers().between(Math.max(1, m - 8), m);
        return uniform.mix(low, 20).mix(high, 20);
    }

    private static Gen<KeyGroupPartitioning> partitionings(int upTo) {
        return maxParallelisms(upTo).flatMap(m -> parallelisms(m).map(p -> new KeyGroupPartitioning(m, p)));
    }

    /** Two partitionings of the same key-group space. */
    private static Gen<KeyGroupPartitioning[]> rescales(int upTo) {
        return maxParallelisms(upTo).flatMap(m -> parallelisms(m)
                .zip(parallelisms(m), (a, b) ->
                        new KeyGroupPartitioning[] {new KeyGroupPartitioning(m, a), new KeyGroupPartitioning(m, b)})
                .describedAs(pair -> pair[0] + " -> " + pair[1]));
    }

    @Test
    void rangesAreContiguousDisjointAndCoverAllKeyGroups() {
        qt().withExamples(1000).forAll(partitionings(32768)).checkAssert(partitioning -> {
            int[] next = {0};
            int[] visits = {0};
            partitioning.forEachRange((subtask, start, end) -> {
                // Plain checks first: AssertJ per range would dominate the run time at p = 32768.
                if (subtask != visits[0]++ || start != next[0] || end < start) {
                    fail(
                            "%s: subtask %d has [%d, %d], expected subtask %d starting at %d",
                            partitioning, subtask, start, end, visits[0] - 1, next[0]);
                }
                if (partitioning.start(subtask) != start || partitioning.end(subtask) != end) {
                    fail("%s: start/end(%d) disagree with forEachRange [%d, %d]", partitioning, subtask, start, end);
                }
                next[0] = end + 1;
            });
            for (int subtask : new int[] {0, partitioning.parallelism() / 2, partitioning.parallelism() - 1}) {
                assertThat(KeyGroups.rangeForSubtask(
                                partitioning.maxParallelism(), partitioning.parallelism(), subtask))
                        .isEqualTo(partitioning.range(subtask));
            }
            assertThat(visits[0]).isEqualTo(partitioning.parallelism());
            assertThat(next[0]).isEqualTo(partitioning.maxParallelism());
        });
    }

    @Test
    void everySubtaskGetsFloorOrCeilOfTheMean() {
        qt().withExamples(1000).forAll(partitionings(32768)).checkAssert(partitioning -> {
            int m = partitioning.maxParallelism();
            int p = partitioning.parallelism();
            int floor = m / p;
            int ceil = (m + p - 1) / p;
            int[] hot = {0};
            for (int subtask = 0; subtask < p; subtask++) {
                int size = partitioning.size(subtask);
                assertThat(size).as("size of subtask %d", subtask).isBetween(floor, ceil);
                hot[0] += size == ceil ? 1 : 0;
            }
            assertThat(partitioning.minKeyGroupsPerSubtask()).isEqualTo(floor);
            assertThat(partitioning.maxKeyGroupsPerSubtask()).isEqualTo(ceil);
            assertThat(partitioning.hotSubtasks()).isEqualTo(hot[0]);
            assertThat(partitioning.isBalanced()).isEqualTo(floor == ceil);
            assertThat(partitioning.skew()).isBetween(1.0, 2.0);
            if (partitioning.isBalanced()) {
                assertThat(partitioning.skew()).isEqualTo(1.0);
            }
        });
    }

    @Test
    void subtaskOfAgreesWithRanges() {
        qt().withExamples(500).forAll(partitionings(32768)).checkAssert(partitioning -> {
            int m = partitioning.maxParallelism();
            int p = partitioning.parallelism();
            partitioning.forEachRange((subtask, start, end) -> {
                for (int keyGroup = start; keyGroup <= end; keyGroup++) {
                    if (partitioning.subtaskOf(keyGroup) != subtask
                            || KeyGroups.subtaskForKeyGroup(m, p, keyGroup) != subtask) {
                        assertThat(partitioning.subtaskOf(keyGroup))
                                .as("subtaskOf(%d)", keyGroup)
                                .isEqualTo(subtask);
                        assertThat(KeyGroups.subtaskForKeyGroup(m, p, keyGroup))
                                .as("subtaskForKeyGroup(%d)", keyGroup)
                                .isEqualTo(subtask);
                    }
                }
            });
        });
    }

    @Test
    void keysLandInTheRangeOfTheirSubtask() {
        qt().withExamples(2000).forAll(partitionings(32768), integers().all()).checkAssert((partitioning, keyHash) -> {
            int m = partitioning.maxParallelism();
            int p = partitioning.parallelism();
            int keyGroup = KeyGroups.keyGroupForKeyHash(keyHash, m);
            assertThat(keyGroup).isBetween(0, m - 1);
            int subtask = KeyGroups.subtaskForKey(keyHash, m, p);
            assertThat(partitioning.range(subtask).contains(keyGroup)).isTrue();
            assertThat(KeyGroups.keyGroupForKey(keyHash, m)).isEqualTo(keyGroup);
        });
    }

    @Test
    void overlapSweepEqualsBruteForce() {
        qt().withExamples(500).forAll(rescales(512)).checkAssert(pair -> {
            List<int[]> swept = new ArrayList<>();
            KeyGroupOverlap.forEachOverlap(pair[0], pair[1], (i, j, s, e) -> swept.add(new int[] {i, j, s, e}));
            List<int[]> expected = bruteForce(pair[0], pair[1]);
            assertThat(swept).hasSameSizeAs(expected);
            for (int n = 0; n < expected.size(); n++) {
                assertThat(swept.get(n)).as("overlap #%d", n).containsExactly(expected.get(n));
            }
            assertThat(swept.size()).isLessThanOrEqualTo(pair[0].parallelism() + pair[1].parallelism() - 1);
        });
    }

    @Test
    void overlapSweepTilesTheKeyGroupsWithinThePairBound() {
        qt().withExamples(1000).forAll(rescales(32768)).checkAssert(pair -> {
            KeyGroupPartitioning before = pair[0];
            KeyGroupPartitioning after = pair[1];
            int[] next = {0};
            int[] count = {0};
            KeyGroupOverlap.forEachOverlap(before, after, (i, j, s, e) -> {
                if (s != next[0]
                        || e < s
                        || e > Math.min(before.end(i), after.end(j))
                        || s < Math.max(before.start(i), after.start(j))) {
                    fail(
                            "%s -> %s: overlap (%d, %d) = [%d, %d] does not continue at %d inside both ranges",
                            before, after, i, j, s, e, next[0]);
                }
                next[0] = e + 1;
                count[0]++;
            });
            assertThat(next[0]).isEqualTo(before.maxParallelism());
            assertThat(count[0])
                    .isBetween(
                            Math.max(before.parallelism(), after.parallelism()),
                            before.parallelism() + after.parallelism() - 1);
        });
    }

    @Test
    void keptPlusMovedIsMaxParallelism() {
        qt().withExamples(1000).forAll(rescales(32768)).checkAssert(pair -> {
            KeyGroupPartitioning before = pair[0];
            KeyGroupPartitioning after = pair[1];
            RescaleMovement movement = KeyGroupOverlap.movement(before, after);
            int m = before.maxParallelism();
            assertThat(movement.keyGroupsKept() + movement.keyGroupsMoved()).isEqualTo(m);
            int kept = 0;
            for (int i = 0; i < Math.min(before.parallelism(), after.parallelism()); i++) {
                kept += before.range(i).intersectionSize(after.range(i));
            }
            assertThat(movement.keyGroupsKept()).isEqualTo(kept);
            assertThat(movement.maxParallelism()).isEqualTo(m);
            assertThat(movement.parallelismBefore()).isEqualTo(before.parallelism());
            assertThat(movement.parallelismAfter()).isEqualTo(after.parallelism());
            if (before.equals(after)) {
                assertThat(movement.keyGroupsMoved()).isZero();
            }
        });
    }

    /** All pairs, intersected one by one: O(p_before * p_after). */
    private static List<int[]> bruteForce(KeyGroupPartitioning before, KeyGroupPartitioning after) {
        List<int[]> overlaps = new ArrayList<>();
        for (int i = 0; i < before.parallelism(); i++) {
            for (int j = 0; j < after.parallelism(); j++) {
                KeyGroupRange intersection = before.range(i).intersection(after.range(j));
                if (!intersection.isEmpty()) {
                    overlaps.add(new int[] {i, j, intersection.startKeyGroup(), intersection.endKeyGroup()});
                }
            }
        }
        overlaps.sort((a, b) -> Integer.compare(a[2], b[2]));
        return overlaps;
    }
}
