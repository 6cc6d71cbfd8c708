package io.github.slotwise.assignment;

/**
 * Ids to dense positions: an open-addressing hash table of {@code String -> int} that allocates
 * two arrays and nothing per entry, for the lookups done once per slot or subtask. Never iterated,
 * so no hash order can leak into a result. Ids are usually the very instances that were added, so a
 * lookup mostly ends on the identity check without reading the string.
 */
final class IdPositions {
    private final String[] keys;
    private final int[] hashes;
    private final int[] values;
    private final int mask;
    private int size;

    /** A table for up to {@code expected} ids. */
    IdPositions(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    /** The number of ids. */
    int size() {
        return size;
    }

    /**
     * Adds an id at a position, unless it is already there.
     *
     * @return the position the id already had, or -1 if it was added
     */
    int putIfAbsent(String id, int position) {
        int h = spread(id.hashCode());
        int i = h & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && (keys[i] == id || keys[i].equals(id))) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        if (size >= keys.length / 2) {
            throw new IllegalStateException("IdPositions sized for fewer ids: " + size);
        }
        keys[i] = id;
        hashes[i] = h;
        values[i] = position;
        size++;
        return -1;
    }

    /** The position of an id, or -1. */
    int get(String id) {
        int h = spread(id.hashCode());
        int i = h & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (k == id || (hashes[i] == h && k.equals(id))) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
