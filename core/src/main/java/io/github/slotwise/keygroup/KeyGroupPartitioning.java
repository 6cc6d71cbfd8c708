package io.github.slotwise.keygroup;

import io.github.slotwise.model.Limits;

/**
 * How Flink splits {@code maxParallelism} (M) key groups among the {@code parallelism} (p) subtasks
 * of a keyed operator: subtask i owns the contiguous inclusive range {@code [start(i), end(i)]} with
 * {@code start(i) = ceil(i*M/p)} and {@code end(i) = floor(((i+1)*M - 1)/p)}, exactly as {@link
 * KeyGroups#rangeForSubtask(int, int, int)} and Flink's {@code
 * computeKeyGroupRangeForOperatorIndex}.
 *
 * <p>The ranges are in ascending subtask order, contiguous, disjoint and cover {@code [0, M)}; each
 * holds {@code floor(M/p)} or {@code ceil(M/p)} key groups. This record gives all of them, and the
 * skew figures Flink does not compute, without allocating an object per range: only {@link
 * #range(int)} allocates.
 *
 * @param maxParallelism the number of key groups (M), in {@code [1, 32768]}
 * @param parallelism the number of subtasks (p), in {@code [1, maxParallelism]}
 */
public record KeyGroupPartitioning(int maxParallelism, int parallelism) {

    /**
     * Receives one subtask's range from {@link #forEachRange(RangeConsumer)}.
     *
     * <p>A functional interface so that a loop over all ranges boxes nothing.
     */
    @FunctionalInterface
    public interface RangeConsumer {
        /**
         * Accepts the range {@code [startKeyGroup, endKeyGroup]} (inclusive) of one subtask.
         *
         * @param subtask the subtask index, in {@code [0, parallelism)}
         * @param startKeyGroup the subtask's first key group
         * @param endKeyGroup the subtask's last key group (inclusive), {@code >= startKeyGroup}
         */
        void accept(int subtask, int startKeyGroup, int endKeyGroup);
    }

    /**
     * Validates the pair.
     *
     * @param maxParallelism the number of key groups (M), in {@code [1, 32768]}
     * @param parallelism the number of subtasks (p), in {@code [1, maxParallelism]}
     * @throws IllegalArgumentException if either value is outside {@code [1, 32768]} or {@code
     *     parallelism > maxParallelism}; the message names the field and value
     */
    public KeyGroupPartitioning {
        KeyGroups.checkMaxParallelism(maxParallelism, parallelism);
    }

    /**
     * Returns the first key group of a subtask, {@code ceil(subtask * M / p)}.
     *
     * @param subtask the subtask index, in {@code [0, parallelism)}
     * @return the subtask's first key group
     * @throws IllegalArgumentException if {@code subtask} is out of bounds
     */
    public int start(int subtask) {
        KeyGroups.checkSubtask("subtask", subtask, parallelism);
        return KeyGroups.rangeStart(maxParallelism, parallelism, subtask);
    }

    /**
     * Returns the last key group (inclusive) of a subtask, {@code floor(((subtask + 1) * M - 1) / p)}.
     *
     * @param subtask the subtask index, in {@code [0, parallelism)}
     * @return the subtask's last key group
     * @throws IllegalArgumentException if {@code subtask} is out of bounds
     */
    public int end(int subtask) {
        KeyGroups.checkSubtask("subtask", subtask, parallelism);
        return KeyGroups.rangeEnd(maxParallelism, parallelism, subtask);
    }

    /**
     * Returns how many key groups a subtask owns, {@code end(subtask) - start(subtask) + 1}: either
     * {@link #minKeyGroupsPerSubtask()} or {@link #maxKeyGroupsPerSubtask()}.
     *
     * @param subtask the subtask index, in {@code [0, parallelism)}
     * @return the number of key groups the subtask owns, at least 1
     * @throws IllegalArgumentException if {@code subtask} is out of bounds
     */
    public int size(int subtask) {
        KeyGroups.checkSubtask("subtask", subtask, parallelism);
        return KeyGroups.rangeEnd(maxParallelism, parallelism, subtask)
                - KeyGroups.rangeStart(maxParallelism, parallelism, subtask)
                + 1;
    }

    /**
     * Returns a subtask's range as an object; equal to {@link KeyGroups#rangeForSubtask(int, int,
     * int)} for this pair.
     *
     * @param subtask the subtask index, in {@code [0, parallelism)}
     * @return the subtask's key groups, never empty
     * @throws IllegalArgumentException if {@code subtask} is out of bounds
     */
    public KeyGroupRange range(int subtask) {
        KeyGroups.checkSubtask("subtask", subtask, parallelism);
        return new KeyGroupRange(
                KeyGroups.rangeStart(maxParallelism, parallelism, subtask),
                KeyGroups.rangeEnd(maxParallelism, parallelism, subtask));
    }

    /**
     * Returns the subtask that owns a key group, {@code keyGroup * p / M}; the unique {@code i} with
     * {@code start(i) <= keyGroup <= end(i)}.
     *
     * @param keyGroup the key group, in {@code [0, maxParallelism)}
     * @return the owning subtask, in {@code [0, parallelism)}
     * @throws IllegalArgumentException if {@code keyGroup} is out of bounds
     */
    public int subtaskOf(int keyGroup) {
        KeyGroups.checkKeyGroup(keyGroup, maxParallelism);
        return keyGroup * parallelism / maxParallelism;
    }

    /**
     * Calls {@code consumer} once per subtask, in ascending subtask (and key-group) order, with the
     * subtask's range; allocates nothing.
     *
     * @param consumer receives {@code (subtask, startKeyGroup, endKeyGroup)}
     * @throws NullPointerException if {@code consumer} is null
     */
    public void forEachRange(RangeConsumer consumer) {
        Limits.checkNotNull("consumer", consumer);
        int start = 0;
        for (int subtask = 0; subtask < parallelism; subtask++) {
            int end = KeyGroups.rangeEnd(maxParallelism, parallelism, subtask);
            consumer.accept(subtask, start, end);
            start = end + 1;
        }
    }

    /**
     * Returns the fewest key groups any subtask owns, {@code floor(M / p)}; at least 1.
     *
     * @return {@code maxParallelism / parallelism}
     */
    public int minKeyGroupsPerSubtask() {
        return maxParallelism / parallelism;
    }

    /**
     * Returns the most key groups any subtask owns, {@code ceil(M / p)}.
     *
     * @return {@code ceil(maxParallelism / parallelism)}
     */
    public int maxKeyGroupsPerSubtask() {
        return (maxParallelism + parallelism - 1) / parallelism;
    }

    /**
     * Returns the mean number of key groups per subtask, {@code M / (double) p}.
     *
     * @return {@code maxParallelism / (double) parallelism}
     */
    public double meanKeyGroupsPerSubtask() {
        return maxParallelism / (double) parallelism;
    }

    /**
     * Returns the load skew of the hottest subtask: {@code maxKeyGroupsPerSubtask() /
     * meanKeyGroupsPerSubtask()}, assuming equally loaded key groups. It is exactly 1.0 when {@code
     * p} divides {@code M} and otherwise in {@code (1, 2)}; e.g. M = 128, p = 3 gives 43 / 42.67 ≈
     * 1.0078, and M = 128, p = 127 gives 2 / 1.0079 ≈ 1.984.
     *
     * @return the ratio of the largest range size to the mean range size, {@code >= 1.0}
     */
    public double skew() {
        // Exactly 1.0 when balanced: then both operands are the same integer-valued double.
        return maxKeyGroupsPerSubtask() / meanKeyGroupsPerSubtask();
    }

    /**
     * Returns how many subtasks own {@link #maxKeyGroupsPerSubtask()} key groups: {@code M % p}, or
     * {@code p} when {@code p} divides {@code M} (then all subtasks are equally loaded).
     *
     * @return the number of subtasks holding the most key groups, in {@code [1, parallelism]}
     */
    public int hotSubtasks() {
        int remainder = maxParallelism % parallelism;
        return remainder == 0 ? parallelism : remainder;
    }

    /**
     * Returns whether every subtask owns the same number of key groups, i.e. whether {@code p}
     * divides {@code M}.
     *
     * @return {@code maxParallelism % parallelism == 0}
     */
    public boolean isBalanced() {
        return maxParallelism % parallelism == 0;
    }
}
