package io.github.slotwise.testkit.fuzz;

import io.github.slotwise.model.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Values at and beyond the edges, mixed with ordinary ones: the fuzzer's raw material. Each method
 * returns an edge value about half of the time and an ordinary one otherwise.
 */
public final class Hostile {
    private static final int[] INTS = {
        Integer.MIN_VALUE,
        -1,
        0,
        1,
        2,
        3,
        127,
        128,
        129,
        32767,
        32768,
        32769,
        65537,
        Limits.MAX_SLOTS,
        Limits.MAX_SLOTS + 1,
        10_000,
        Limits.MAX_SUBTASKS,
        Integer.MAX_VALUE - 1,
        Integer.MAX_VALUE
    };
    private static final long[] LONGS = {
        Long.MIN_VALUE, -1, 0, 1, 1L << 31, 1L << 53, Long.MAX_VALUE / 2, Long.MAX_VALUE - 1, Long.MAX_VALUE
    };
    private static final List<String> STRINGS =
            List.of("", " ", "\t", "a", "tm-0", "x\ny", "\u00b5", "\u0000", "default");
    private static final List<Duration> DURATIONS = List.of(
            Duration.ZERO,
            Duration.ofNanos(1),
            Duration.ofMillis(-1),
            Duration.ofSeconds(1),
            Duration.ofDays(36_500),
            Duration.ofDays(36_501),
            Duration.ofHours(1_000_000_000_000_000L / 1000),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
            Duration.ofSeconds(Long.MIN_VALUE));
    private static final List<Instant> INSTANTS =
            List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z"));

    private Hostile() {}

    /**
     * A count of slots or TaskManagers: an edge one beyond the limits, or ordinary in {@code [lo,
     * hi]}. (Pools of exactly {@link Limits#MAX_SLOTS} slots take seconds to build; the unit tests
     * build one, the fuzzer does not a thousand times.)
     */
    public static int aCount(SplittableRandom r, int lo, int hi) {
        int v = anInt(r, lo, hi);
        return v > 100_000 && v <= Limits.MAX_SLOTS ? Limits.MAX_SLOTS + 1 : v;
    }

    /** An int: an edge one, or ordinary in {@code [lo, hi]}. */
    public static int anInt(SplittableRandom r, int lo, int hi) {
        return r.nextBoolean() ? INTS[r.nextInt(INTS.length)] : lo + r.nextInt(hi - lo + 1);
    }

    /** A long: an edge one, or ordinary in {@code [0, hi)}. */
    public static long aLong(SplittableRandom r, long hi) {
        return r.nextBoolean() ? LONGS[r.nextInt(LONGS.length)] : r.nextLong(hi);
    }

    /** A string: null, blank, odd, long, or an ordinary id with a small suffix. */
    public static String aString(SplittableRandom r, String ordinary, int suffixes) {
        int k = r.nextInt(10);
        if (k == 0) {
            return null;
        }
        if (k == 1) {
            return STRINGS.get(r.nextInt(STRINGS.size()));
        }
        if (k == 2 && r.nextInt(5) == 0) {
            return "x".repeat(r.nextInt(2_000));
        }
        return ordinary + r.nextInt(Math.max(1, suffixes));
    }

    /** A duration: an edge one, null, or ordinary (up to an hour). */
    public static Duration aDuration(SplittableRandom r) {
        int k = r.nextInt(10);
        if (k == 0) {
            return null;
        }
        if (k < 5) {
            return DURATIONS.get(r.nextInt(DURATIONS.size()));
        }
        return Duration.ofMillis(r.nextLong(3_600_000));
    }

    /** An instant: an edge one, or ordinary (2026, up to a day in). */
    public static Instant anInstant(SplittableRandom r) {
        return r.nextInt(4) == 0
                ? INSTANTS.get(r.nextInt(INSTANTS.size()))
                : Instant.parse("2026-01-01T00:00:00Z").plusMillis(r.nextLong(86_400_000));
    }

    /** A text for a duration field in Flink's syntax: valid, odd, huge, or signed. */
    public static String aDurationText(SplittableRandom r) {
        String[] units = {"", " ms", " s", " min", " h", " d", " ns", " \u00b5s", " us", " mins", "ms", " x"};
        return switch (r.nextInt(8)) {
            case 0 -> null;
            case 1 -> STRINGS.get(r.nextInt(STRINGS.size()));
            case 2 -> "0".repeat(r.nextInt(1, 50_000)) + r.nextInt(1000) + units[r.nextInt(units.length)];
            case 3 -> "9".repeat(r.nextInt(1, 60)) + units[r.nextInt(units.length)];
            case 4 -> (r.nextBoolean() ? "P" : "PT") + r.nextLong() + (r.nextBoolean() ? "D" : "S");
            case 5 -> (r.nextBoolean() ? "-" : "+") + r.nextInt(100) + units[r.nextInt(units.length)];
            default -> r.nextInt(100_000) + units[r.nextInt(units.length)];
        };
    }
}
