package io.github.slotwise.keygroup;

/**
 * Flink's key-group arithmetic ({@code KeyGroupRangeAssignment} and {@code MathUtils.murmurHash}),
 * bit-for-bit, with up-front validation.
 *
 * <p>A keyed operator's key space is split into {@code maxParallelism} (M) key groups, fixed for the
 * life of the job's state. A key goes to key group {@code murmurHash(key.hashCode()) % M}; key
 * group {@code kg} goes to subtask {@code kg * p / M} of an operator with parallelism p; and subtask
 * i owns the contiguous inclusive range {@code [ceil(i*M/p), floor(((i+1)*M - 1)/p)]}. Each subtask
 * therefore owns {@code floor(M/p)} or {@code ceil(M/p)} key groups, at least one.
 *
 * <p>Validation is stricter than Flink's, which checks only some arguments (see each method). Every
 * bad argument is reported by an {@link IllegalArgumentException} whose message names the field and
 * the value, e.g. {@code maxParallelism must be in [1, 32768], got 40000}. Where Flink accepts an
 * argument and defines a result, the result here is identical. All arithmetic stays within {@code
 * int} because M and p are at most {@value #UPPER_BOUND_MAX_PARALLELISM} = 2^15.
 */
public final class KeyGroups {

    /**
     * The inclusive upper bound of parallelism and max parallelism, 2^15 = 32768 (Flink's {@code
     * KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM}).
     */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    /**
     * The smallest max parallelism {@link #defaultMaxParallelism(int)} picks, 2^7 = 128 (Flink's
     * {@code KeyGroupRangeAssignment.DEFAULT_LOWER_BOUND_MAX_PARALLELISM}).
     */
    public static final int DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 1 << 7;

    private KeyGroups() {
        throw new AssertionError("static utility class");
    }

    /**
     * Flink's {@code MathUtils.murmurHash(int)}: one 4-byte block of MurmurHash3 (x86, 32-bit, seed
     * 0) followed by the fmix32 finalizer, mapped to a non-negative int ({@code -h} for negative
     * {@code h}, and 0 for {@link Integer#MIN_VALUE}).
     *
     * @param code the value to hash, usually a key's {@code hashCode()}
     * @return the hash, always {@code >= 0}
     */
    public static int murmurHash(int code) {
        int h = code * 0xcc9e2d51;
        h = Integer.rotateLeft(h, 15);
        h *= 0x1b873593;

        h = Integer.rotateLeft(h, 13);
        h = h * 5 + 0xe6546b64;

        h ^= Integer.BYTES; // the length of the hashed input

        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;

        if (h >= 0) {
            return h;
        }
        return h == Integer.MIN_VALUE ? 0 : -h;
    }

    /**
     * Returns the key group of a key hash: {@code murmurHash(keyHash) % maxParallelism} (Flink's
     * {@code computeKeyGroupForKeyHash}, which does not validate {@code maxParallelism}).
     *
     * @param keyHash the key's hash code
     * @param maxParallelism the number of key groups, in {@code [1, 32768]}
     * @return the key group, in {@code [0, maxParallelism)}
     * @throws IllegalArgumentException if {@code maxParallelism} is out of bounds
     */
    public static int keyGroupForKeyHash(int keyHash, int maxParallelism) {
        checkParallelism("maxParallelism", maxParallelism);
        return murmurHash(keyHash) % maxParallelism;
    }

    /**
     * Returns the key group of a key: {@code keyGroupForKeyHash(key.hashCode(), maxParallelism)}
     * (Flink's {@code assignToKeyGroup}). The result is only as stable as the key's {@code
     * hashCode()}: Flink's own key types (String, boxed primitives, ...) hash the same in every JVM.
     *
     * @param key the key, not null
     * @param maxParallelism the number of key groups, in {@code [1, 32768]}
     * @return the key group, in {@code [0, maxParallelism)}
     * @throws NullPointerException if {@code key} is null (so does Flink)
     * @throws IllegalArgumentException if {@code maxParallelism} is out of bounds
     */
    public static int keyGroupForKey(Object key, int maxParallelism) {
        if (key == null) {
            throw new NullPointerException("key must not be null");
        }
        checkParallelism("maxParallelism", maxParallelism);
        return murmurHash(key.hashCode()) % maxParallelism;
    }

    /**
     * Returns the subtask that owns a key group: {@code keyGroup * parallelism / maxParallelism}
     * (Flink's {@code computeOperatorIndexForKeyGroup}, which validates nothing).
     *
     * @param maxParallelism the number of key groups, in {@code [1, 32768]}
     * @param parallelism the operator's parallelism, in {@code [1, maxParallelism]}
     * @param keyGroup the key group, in {@code [0, maxParallelism)}
     * @return the subtask index, in {@code [0, parallelism)}
     * @throws IllegalArgumentException if any argument is out of bounds
     */
    public static int subtaskForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        checkMaxParallelism(maxParallelism, parallelism);
        checkKeyGroup(keyGroup, maxParallelism);
        return keyGroup * parallelism / maxParallelism;
    }

    /**
     * Returns the subtask that owns a key: {@code subtaskForKeyGroup(maxParallelism, parallelism,
     * keyGroupForKey(key, maxParallelism))} (Flink's {@code assignKeyToParallelOperator}).
     *
     * @param key the key, not null
     * @param maxParallelism the number of key groups, in {@code [1, 32768]}
     * @param parallelism the operator's parallelism, in {@code [1, maxParallelism]}
     * @return the subtask index, in {@code [0, parallelism)}
     * @throws NullPointerException if {@code key} is null (so does Flink)
     * @throws IllegalArgumentException if {@code maxParallelism} or {@code parallelism} is out of
     *     bounds
     */
    public static int subtaskForKey(Object key, int maxParallelism, int parallelism) {
        if (key == null) {
            throw new NullPointerException("key must not be null");
        }
        checkMaxParallelism(maxParallelism, parallelism);
        return (murmurHash(key.hashCode()) % maxParallelism) * parallelism / maxParallelism;
    }

    /**
     * Returns the inclusive range of key groups that subtask {@code subtaskIndex} owns: {@code
     * [ceil(i*M/p), floor(((i+1)*M - 1)/p)]} (Flink's {@code computeKeyGroupRangeForOperatorIndex}).
     * The range is never empty.
     *
     * <p>This is stricter than Flink: Flink checks the bounds of M and p and that {@code p <= M}, but
     * not the subtask index, and for an index outside {@code [0, p)} returns a range outside {@code
     * [0, M)} (or fails in {@code KeyGroupRange}'s constructor for a negative index). Here such an
     * index is rejected.
     *
     * <p>To get all ranges of a pair (M, p) without allocating one object per range, use {@link
     * KeyGroupPartitioning}.
     *
     * @param maxParallelism the number of key groups (M), in {@code [1, 32768]}
     * @param parallelism the operator's parallelism (p), in {@code [1, maxParallelism]}
     * @param subtaskIndex the subtask (i), in {@code [0, parallelism)}
     * @return the subtask's key groups
     * @throws IllegalArgumentException if any argument is out of bounds
     */
    public static KeyGroupRange rangeForSubtask(int maxParallelism, int parallelism, int subtaskIndex) {
        checkMaxParallelism(maxParallelism, parallelism);
        checkSubtask("subtaskIndex", subtaskIndex, parallelism);
        return new KeyGroupRange(
                rangeStart(maxParallelism, parallelism, subtaskIndex),
                rangeEnd(maxParallelism, parallelism, subtaskIndex));
    }

    /**
     * Returns the max parallelism Flink picks for an operator whose max parallelism is not
     * configured: {@code min(max(roundUpToPowerOfTwo(p + p/2), 128), 32768)} (Flink's {@code
     * computeDefaultMaxParallelism}). It is 128 for p in [1, 85], 256 for p in [86, 171], ..., and
     * 32768 from p = 10924 on.
     *
     * @param parallelism the operator's parallelism (p), in {@code [1, 32768]}
     * @return the default max parallelism, a power of two in {@code [128, 32768]}, and {@code >= p}
     * @throws IllegalArgumentException if {@code parallelism} is out of bounds
     */
    public static int defaultMaxParallelism(int parallelism) {
        checkParallelism("parallelism", parallelism);
        int withHeadroom = parallelism + parallelism / 2;
        return Math.min(
                Math.max(roundUpToPowerOfTwo(withHeadroom), DEFAULT_LOWER_BOUND_MAX_PARALLELISM),
                UPPER_BOUND_MAX_PARALLELISM);
    }

    /**
     * Checks that a parallelism or max parallelism lies in {@code [1, 32768]} (Flink's {@code
     * checkParallelismPreconditions}, with a message that names the field).
     *
     * @param field the name to report, e.g. {@code "maxParallelism"}
     * @param value the value to check
     * @throws IllegalArgumentException {@code "<field> must be in [1, 32768], got <value>"} if out of
     *     bounds
     */
    public static void checkParallelism(String field, int value) {
        if (value < 1 || value > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    field + " must be in [1, " + UPPER_BOUND_MAX_PARALLELISM + "], got " + value);
        }
    }

    /**
     * Checks a (maxParallelism, parallelism) pair: both in {@code [1, 32768]} and {@code parallelism
     * <= maxParallelism}, in that order.
     *
     * @param maxParallelism the number of key groups
     * @param parallelism the operator's parallelism
     * @throws IllegalArgumentException naming the field and value if either is out of bounds, or
     *     {@code "parallelism <p> > maxParallelism <M>"} if {@code p > M}
     */
    public static void checkMaxParallelism(int maxParallelism, int parallelism) {
        checkParallelism("maxParallelism", maxParallelism);
        checkParallelism("parallelism", parallelism);
        if (parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " > maxParallelism " + maxParallelism);
        }
    }

    /** Checks {@code 0 <= keyGroup < maxParallelism}. */
    static void checkKeyGroup(int keyGroup, int maxParallelism) {
        if (keyGroup < 0 || keyGroup >= maxParallelism) {
            throw new IllegalArgumentException("keyGroup must be in [0, " + maxParallelism + "), got " + keyGroup);
        }
    }

    /** Checks {@code 0 <= subtask < parallelism}, naming the field {@code field}. */
    static void checkSubtask(String field, int subtask, int parallelism) {
        if (subtask < 0 || subtask >= parallelism) {
            throw new IllegalArgumentException(field + " must be in [0, " + parallelism + "), got " + subtask);
        }
    }

    /** {@code ceil(i*M/p)}, unchecked; callers have validated M, p and i. */
    static int rangeStart(int maxParallelism, int parallelism, int subtask) {
        return (subtask * maxParallelism + parallelism - 1) / parallelism;
    }

    /** {@code floor(((i+1)*M - 1)/p)}, unchecked; callers have validated M, p and i. */
    static int rangeEnd(int maxParallelism, int parallelism, int subtask) {
        return ((subtask + 1) * maxParallelism - 1) / parallelism;
    }

    /** The smallest power of two {@code >= x}, for {@code 1 <= x <= 2^30}. */
    private static int roundUpToPowerOfTwo(int x) {
        return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }
}
