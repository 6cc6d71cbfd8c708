package io.github.slotwise.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyGroupOverlapTest {

    record Overlap(int before, int after, int start, int end) {}

    static List<Overlap> sweep(KeyGroupPartitioning before, KeyGroupPartitioning after) {
        List<Overlap> overlaps = new ArrayList<>();
        KeyGroupOverlap.forEachOverlap(before, after, (i, j, s, e) -> overlaps.add(new Overlap(i, j, s, e)));
        return overlaps;
    }

    /** The O(p_before * p_after) reference: intersect every pair of ranges. */
    static List<Overlap> bruteForce(KeyGroupPartitioning before, KeyGroupPartitioning after) {
        List<Overlap> overlaps = new ArrayList<>();
        for (int i = 0; i < before.parallelism(); i++) {
            KeyGroupRange old = KeyGroups.rangeForSubtask(before.maxParallelism(), before.parallelism(), i);
            for (int j = 0; j < after.parallelism(); j++) {
                KeyGroupRange intersection =
                        old.intersection(KeyGroups.rangeForSubtask(after.maxParallelism(), after.parallelism(), j));
                if (!intersection.isEmpty()) {
                    overlaps.add(new Overlap(i, j, intersection.startKeyGroup(), intersection.endKeyGroup()));
                }
            }
        }
        overlaps.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return overlaps;
    }

    @Test
    void workedExample128From3To4() {
        List<Overlap> overlaps = sweep(new KeyGroupPartitioning(128, 3), new KeyGroupPartitioning(128, 4));
        // old: [0,42] [43,85] [86,127]; new: [0,31] [32,63] [64,95] [96,127]
        assertThat(overlaps)
                .containsExactly(
                        new Overlap(0, 0, 0, 31),
                        new Overlap(0, 1, 32, 42),
                        new Overlap(1, 1, 43, 63),
                        new Overlap(1, 2, 64, 85),
                        new Overlap(2, 2, 86, 95),
                        new Overlap(2, 3, 96, 127));
        RescaleMovement movement =
                KeyGroupOverlap.movement(new KeyGroupPartitioning(128, 3), new KeyGroupPartitioning(128, 4));
        assertThat(movement).isEqualTo(new RescaleMovement(128, 3, 4, 6, 32 + 21 + 10, 128 - 63));
        assertThat(movement.movedFraction()).isEqualTo(65 / 128.0);
    }

    @Test
    void sameParallelismKeepsEverything() {
        KeyGroupPartitioning partitioning = new KeyGroupPartitioning(4096, 37);
        RescaleMovement movement = KeyGroupOverlap.movement(partitioning, partitioning);
        assertThat(movement).isEqualTo(new RescaleMovement(4096, 37, 37, 37, 4096, 0));
        assertThat(movement.movedFraction()).isZero();
    }

    @Test
    void sweepEqualsBruteForceForAllPairsUpToMaxParallelism64() {
        int combinations = 0;
        for (int m = 1; m <= 64; m++) {
            for (int pBefore = 1; pBefore <= m; pBefore++) {
                KeyGroupPartitioning before = new KeyGroupPartitioning(m, pBefore);
                for (int pAfter = 1; pAfter <= m; pAfter++) {
                    KeyGroupPartitioning after = new KeyGroupPartitioning(m, pAfter);
                    List<Overlap> expected = bruteForce(before, after);
                    List<Overlap> actual = sweep(before, after);
                    assertThat(actual).as("M=%d %d->%d", m, pBefore, pAfter).isEqualTo(expected);
                    assertThat(actual.size()).isLessThanOrEqualTo(pBefore + pAfter - 1);
                    assertThat(actual.size()).isGreaterThanOrEqualTo(Math.max(pBefore, pAfter));

                    int kept = 0;
                    for (Overlap overlap : expected) {
                        if (overlap.before() == overlap.after()) {
                            kept += overlap.end() - overlap.start() + 1;
                        }
                    }
                    assertThat(KeyGroupOverlap.movement(before, after))
                            .isEqualTo(new RescaleMovement(m, pBefore, pAfter, expected.size(), kept, m - kept));
                    combinations++;
                }
            }
        }
        assertThat(combinations).isEqualTo(89440);
    }

    @Test
    void largestCase() {
        RescaleMovement movement =
                KeyGroupOverlap.movement(new KeyGroupPartitioning(32768, 32768), new KeyGroupPartitioning(32768, 1));
        assertThat(movement).isEqualTo(new RescaleMovement(32768, 32768, 1, 32768, 1, 32767));
        // Old subtask 0 owns [0, 1], every other old subtask one key group; new subtasks own one each.
        assertThat(countOverlaps(32768, 32767, 32768)).isEqualTo(32768);
        assertThat(countOverlaps(32768, 20000, 30000)).isEqualTo(distinctEnds(32768, 20000, 30000));
        assertThat(countOverlaps(32767, 16384, 32767)).isEqualTo(distinctEnds(32767, 16384, 32767));
    }

    private static int countOverlaps(int m, int pBefore, int pAfter) {
        int[] count = new int[1];
        KeyGroupOverlap.forEachOverlap(
                new KeyGroupPartitioning(m, pBefore), new KeyGroupPartitioning(m, pAfter), (i, j, s, e) -> count[0]++);
        return count[0];
    }

    /** Every intersection ends where an old or a new range ends. */
    private static int distinctEnds(int m, int pBefore, int pAfter) {
        boolean[] isEnd = new boolean[m];
        new KeyGroupPartitioning(m, pBefore).forEachRange((i, s, e) -> isEnd[e] = true);
        new KeyGroupPartitioning(m, pAfter).forEachRange((i, s, e) -> isEnd[e] = true);
        int count = 0;
        for (boolean end : isEnd) {
            count += end ? 1 : 0;
        }
        return count;
    }

    @Test
    void differentMaxParallelismIsRejectedNamingBothValues() {
        KeyGroupPartitioning before = new KeyGroupPartitioning(128, 3);
        KeyGroupPartitioning after = new KeyGroupPartitioning(256, 3);
        String message = "before.maxParallelism 128 != after.maxParallelism 256:"
                + " both partitionings must split the same key groups";
        assertThatThrownBy(() -> KeyGroupOverlap.forEachOverlap(before, after, (i, j, s, e) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> KeyGroupOverlap.movement(before, after))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void nullArgumentsAreRejected() {
        KeyGroupPartitioning p = new KeyGroupPartitioning(128, 3);
        assertThatThrownBy(() -> KeyGroupOverlap.movement(null, p)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyGroupOverlap.movement(p, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyGroupOverlap.forEachOverlap(p, p, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rescaleMovementValidatesConsistency() {
        new RescaleMovement(128, 3, 4, 6, 63, 65);
        assertThatThrownBy(() -> new RescaleMovement(40000, 3, 4, 6, 63, 65))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 40000");
        assertThatThrownBy(() -> new RescaleMovement(128, 0, 4, 6, 63, 65))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelismBefore must be in [1, 32768], got 0");
        assertThatThrownBy(() -> new RescaleMovement(128, 3, 200, 6, 63, 65))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelismAfter 200 > maxParallelism 128");
        assertThatThrownBy(() -> new RescaleMovement(128, 3, 4, 7, 63, 65))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overlappingPairs must be in [4, 6], got 7");
        assertThatThrownBy(() -> new RescaleMovement(128, 3, 4, 6, 129, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyGroupsKept must be in [0, 128], got 129");
        assertThatThrownBy(() -> new RescaleMovement(128, 3, 4, 6, 63, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyGroupsMoved must be maxParallelism - keyGroupsKept = 65, got 64");
    }

    @Test
    void explicitRangesMeetExactlyTheNewSubtasksTheyOverlap() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int c = 0; c < 2_000; c++) {
            int m = 1 + random.nextInt(300);
            KeyGroupPartitioning after = new KeyGroupPartitioning(m, 1 + random.nextInt(m));
            List<KeyGroupRange> before = new ArrayList<>();
            for (int o = random.nextInt(8); o >= 0; o--) {
                int start = random.nextInt(m);
                before.add(new KeyGroupRange(start, start + random.nextInt(m - start)));
            }
            List<Overlap> reported = new ArrayList<>();
            KeyGroupOverlap.forEachOverlap(before, after, (i, j, s, e) -> reported.add(new Overlap(i, j, s, e)));
            List<Overlap> expected = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                for (int j = 0; j < after.parallelism(); j++) {
                    KeyGroupRange x = before.get(i).intersection(after.range(j));
                    if (!x.isEmpty()) {
                        expected.add(new Overlap(i, j, x.startKeyGroup(), x.endKeyGroup()));
                    }
                }
            }
            assertThat(reported).as("case %d: %s against %s", c, before, after).isEqualTo(expected);
            assertThat(KeyGroupOverlap.overlapCount(before, after)).isEqualTo(expected.size());
        }
    }

    @Test
    void explicitRangesOutsideTheKeyGroupsAreRejectedNamingIndexAndRange() {
        KeyGroupPartitioning after = new KeyGroupPartitioning(128, 4);
        List<Overlap> reported = new ArrayList<>();
        assertThatThrownBy(() -> KeyGroupOverlap.forEachOverlap(
                        List.of(new KeyGroupRange(0, 5), new KeyGroupRange(100, 128)),
                        after,
                        (i, j, s, e) -> reported.add(new Overlap(i, j, s, e))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("before[1] must be a non-empty range inside [0, 128), got [100, 128]");
        assertThat(reported).as("nothing reported before the check").isEmpty();
        assertThatThrownBy(() -> KeyGroupOverlap.overlapCount(List.of(KeyGroupRange.EMPTY), after))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("before[0] must be a non-empty range inside [0, 128), got [0, -1]");
    }
}
