package io.github.slotwise.keygroup;

/**
 * Inverts the raw (signed, before the absolute value) 32-bit MurmurHash3 of one int, to construct
 * inputs that hit {@link KeyGroups#murmurHash(int)}'s special cases; every step of the hash is a
 * bijection on {@code int}. Public for flink-adapter's differential tests (core's test jar).
 */
public final class MurmurInverse {

    private MurmurInverse() {}

    /** Returns the int whose raw MurmurHash3 x86_32 (seed 0) is {@code rawHash}. */
    public static int preimageOfRawHash(int rawHash) {
        int h = rawHash;
        h ^= h >>> 16;
        h *= inverse(0xc2b2ae35);
        h ^= (h >>> 13) ^ (h >>> 26);
        h *= inverse(0x85ebca6b);
        h ^= h >>> 16;
        h ^= 4;
        h = (h - 0xe6546b64) * inverse(5);
        h = Integer.rotateRight(h, 13);
        h *= inverse(0x1b873593);
        h = Integer.rotateRight(h, 15);
        h *= inverse(0xcc9e2d51);
        return h;
    }

    /** The multiplicative inverse of an odd int modulo 2^32 (Newton's iteration). */
    private static int inverse(int odd) {
        int x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
