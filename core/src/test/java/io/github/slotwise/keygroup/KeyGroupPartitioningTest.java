package io.github.slotwise.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyGroupPartitioningTest {

    @Test
    void worked128By3() {
        KeyGroupPartitioning partitioning = new KeyGroupPartitioning(128, 3);
        assertThat(partitioning.range(0)).isEqualTo(new KeyGroupRange(0, 42));
        assertThat(partitioning.range(1)).isEqualTo(new KeyGroupRange(43, 85));
        assertThat(partitioning.range(2)).isEqualTo(new KeyGroupRange(86, 127));
        assertThat(partitioning.start(1)).isEqualTo(43);
        assertThat(partitioning.end(1)).isEqualTo(85);
        assertThat(partitioning.size(0)).isEqualTo(43);
        assertThat(partitioning.size(1)).isEqualTo(43);
        assertThat(partitioning.size(2)).isEqualTo(42);
        assertThat(partitioning.subtaskOf(42)).isZero();
        assertThat(partitioning.subtaskOf(43)).isEqualTo(1);
        assertThat(partitioning.subtaskOf(127)).isEqualTo(2);

        assertThat(partitioning.minKeyGroupsPerSubtask()).isEqualTo(42);
        assertThat(partitioning.maxKeyGroupsPerSubtask()).isEqualTo(43);
        assertThat(partitioning.meanKeyGroupsPerSubtask()).isEqualTo(128 / 3.0);
        assertThat(partitioning.skew()).isCloseTo(43 / (128 / 3.0), within(1e-15));
        assertThat(partitioning.hotSubtasks()).isEqualTo(2);
        assertThat(partitioning.isBalanced()).isFalse();
    }

    @Test
    void forEachRangeVisitsAllRangesInOrder() {
        List<String> visited = new ArrayList<>();
        new KeyGroupPartitioning(128, 3).forEachRange((i, s, e) -> visited.add(i + ":" + s + "-" + e));
        assertThat(visited).containsExactly("0:0-42", "1:43-85", "2:86-127");
    }

    @Test
    void balancedPartitioningHasSkewExactlyOne() {
        for (int m : new int[] {1, 128, 4096, 32768}) {
            for (int p = 1; p <= m; p *= 2) {
                KeyGroupPartitioning partitioning = new KeyGroupPartitioning(m, p);
                assertThat(partitioning.isBalanced()).isTrue();
                assertThat(partitioning.skew()).isEqualTo(1.0);
                assertThat(partitioning.hotSubtasks()).isEqualTo(p);
                assertThat(partitioning.minKeyGroupsPerSubtask()).isEqualTo(partitioning.maxKeyGroupsPerSubtask());
            }
        }
        KeyGroupPartitioning threes = new KeyGroupPartitioning(99, 33);
        assertThat(threes.isBalanced()).isTrue();
        assertThat(threes.skew()).isEqualTo(1.0);
    }

    @Test
    void worstSkewIsJustUnderTwo() {
        KeyGroupPartitioning partitioning = new KeyGroupPartitioning(128, 127);
        assertThat(partitioning.maxKeyGroupsPerSubtask()).isEqualTo(2);
        assertThat(partitioning.hotSubtasks()).isEqualTo(1);
        assertThat(partitioning.skew()).isCloseTo(2 * 127 / 128.0, within(1e-15));
    }

    @Test
    void agreesWithKeyGroupsAndSkewFiguresAreRightForAllSmallPairs() {
        for (int m = 1; m <= 130; m++) {
            for (int p = 1; p <= m; p++) {
                KeyGroupPartitioning partitioning = new KeyGroupPartitioning(m, p);
                int[] sizes = new int[p];
                List<int[]> ranges = new ArrayList<>();
                partitioning.forEachRange((i, s, e) -> ranges.add(new int[] {i, s, e}));
                assertThat(ranges).hasSize(p);
                for (int i = 0; i < p; i++) {
                    KeyGroupRange expected = KeyGroups.rangeForSubtask(m, p, i);
                    assertThat(partitioning.range(i)).isEqualTo(expected);
                    assertThat(partitioning.start(i)).isEqualTo(expected.startKeyGroup());
                    assertThat(partitioning.end(i)).isEqualTo(expected.endKeyGroup());
                    assertThat(ranges.get(i)).containsExactly(i, expected.startKeyGroup(), expected.endKeyGroup());
                    sizes[i] = partitioning.size(i);
                    assertThat(sizes[i]).isEqualTo(expected.numberOfKeyGroups());
                }
                for (int kg = 0; kg < m; kg++) {
                    assertThat(partitioning.subtaskOf(kg)).isEqualTo(KeyGroups.subtaskForKeyGroup(m, p, kg));
                }
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (int size : sizes) {
                    min = Math.min(min, size);
                    max = Math.max(max, size);
                }
                final int maxSize = max;
                assertThat(partitioning.minKeyGroupsPerSubtask()).isEqualTo(min);
                assertThat(partitioning.maxKeyGroupsPerSubtask()).isEqualTo(max);
                assertThat(partitioning.hotSubtasks()).isEqualTo((int) java.util.Arrays.stream(sizes)
                        .filter(size -> size == maxSize)
                        .count());
                assertThat(partitioning.isBalanced()).isEqualTo(min == max);
                assertThat(partitioning.skew()).isEqualTo(max / (m / (double) p));
            }
        }
    }

    @Test
    void rejectsBadPairsNamingFieldAndValue() {
        assertThatThrownBy(() -> new KeyGroupPartitioning(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> new KeyGroupPartitioning(40000, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 40000");
        assertThatThrownBy(() -> new KeyGroupPartitioning(128, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> new KeyGroupPartitioning(128, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism 200 > maxParallelism 128");
    }

    @Test
    void rejectsBadSubtaskAndKeyGroup() {
        KeyGroupPartitioning partitioning = new KeyGroupPartitioning(128, 3);
        for (int bad : new int[] {-1, 3}) {
            String message = "subtask must be in [0, 3), got " + bad;
            assertThatThrownBy(() -> partitioning.start(bad)).hasMessage(message);
            assertThatThrownBy(() -> partitioning.end(bad)).hasMessage(message);
            assertThatThrownBy(() -> partitioning.size(bad)).hasMessage(message);
            assertThatThrownBy(() -> partitioning.range(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        }
        assertThatThrownBy(() -> partitioning.subtaskOf(128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyGroup must be in [0, 128), got 128");
        assertThatThrownBy(() -> partitioning.subtaskOf(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyGroup must be in [0, 128), got -1");
        assertThatThrownBy(() -> partitioning.forEachRange(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
