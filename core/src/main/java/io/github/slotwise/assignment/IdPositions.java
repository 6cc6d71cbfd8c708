package io.github.slotwise.assignment;

/**
 * Ids to dense positions: an open-addressing hash table of {@code String -> int} that allocates
 * two arrays and nothing per entry, for the lookups done once per slot or subtask. Never iterated,
 * so no hash order can leak into a result.
 *
 * <p>Each bucket packs the id's hash and its position into one {@code long}, so a probe reads one
 * array, and the id itself only when the hashes agree (usually the very instance that was added,
 * so the identity check ends it without reading the string). At most half full: at 32,768 slots
 * the probed array is 512 KiB, which stays in a core's L2 cache.
 */
final class IdPositions {
    private final String[] keys;
    /** {@code hash << 32 | (position + 1)}; 0 for an empty bucket. */
    private final long[] buckets;

    private final int mask;
    private int size;

    /** A table for up to {@code expected} ids. */
    IdPositions(int expected) {
        int capacity = Integer.highestOneBit(Math.max(2, expected) * 2 - 1);
        if (capacity < 2 * Math.max(2, expected)) {
            capacity <<= 1; // the smallest power of two with room for twice the ids
        }
        keys = new String[capacity];
        buckets = new long[capacity];
        mask = capacity - 1;
    }

    /** The number of ids. */
    int size() {
        return size;
    }

    /**
     * Adds an id at a position, unless it is already there.
     *
     * @param position {@code >= 0}
     * @return the position the id already had, or -1 if it was added
     */
    int putIfAbsent(String id, int position) {
        int h = spread(id.hashCode());
        int i = h & mask;
        for (long b; (b = buckets[i]) != 0; i = (i + 1) & mask) {
            if ((int) (b >>> 32) == h && (keys[i] == id || keys[i].equals(id))) {
                return (int) b - 1;
            }
        }
        if (size >= keys.length / 2) {
            throw new IllegalStateException("IdPositions sized for fewer ids: " + size);
        }
        keys[i] = id;
        buckets[i] = ((long) h << 32) | ((position + 1) & 0xFFFFFFFFL);
        size++;
        return -1;
    }

    /** The position of an id, or -1. */
    int get(String id) {
        int h = spread(id.hashCode());
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long b = buckets[i];
            if (b == 0) {
                return -1;
            }
            if ((int) (b >>> 32) == h && (keys[i] == id || keys[i].equals(id))) {
                return (int) b - 1;
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
