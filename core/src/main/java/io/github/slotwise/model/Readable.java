package io.github.slotwise.model;

import java.time.Duration;

/**
 * Durations and sizes as the library writes them for people, in one place so that the simulator's
 * timeline, the gates' explanations and the CLI say the same quantity the same way: {@code "1 min
 * 30 s"}, {@code "2 s 500 ms"}, {@code "2 min 38.4375 s"}; {@code "1.5 GB"} (decimal units).
 */
public final class Readable {
    private static final String[] BYTE_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Readable() {}

    /**
     * A duration in days, hours, minutes, seconds and milliseconds, leaving out the zero ones:
     * {@code "0 s"}, {@code "250 ms"}, {@code "1 d 2 h"}, {@code "1 min 30 s"}. A duration that is not
     * a whole number of milliseconds gives its seconds with their exact decimals instead of the
     * milliseconds: {@code "2 min 38.4375 s"}.
     *
     * @param d the duration, may be negative
     * @return the text
     * @throws IllegalArgumentException if {@code d} is null
     */
    public static String duration(Duration d) {
        Limits.checkNotNull("duration", d);
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        if (d.isZero()) {
            return "0 s";
        }
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        StringBuilder s = new StringBuilder();
        append(s, seconds / 86_400, "d");
        append(s, seconds / 3_600 % 24, "h");
        append(s, seconds / 60 % 60, "min");
        if (nanos % 1_000_000 == 0) {
            append(s, seconds % 60, "s");
            append(s, nanos / 1_000_000, "ms");
        } else {
            // the exact decimal: the seconds, a point, then the nine digits of the nanoseconds
            // without their trailing zeros (one of the last six is not zero here)
            int digits = 9;
            int fraction = nanos;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            separate(s).append(seconds % 60).append('.');
            for (int zeros = digits - Integer.toString(fraction).length(); zeros > 0; zeros--) {
                s.append('0');
            }
            s.append(fraction).append(" s");
        }
        return s.toString();
    }

    /**
     * Bytes in decimal units with at most three decimals, rounded half-even: {@code "0 B"}, {@code
     * "1.5 GB"}, {@code "390.625 MB"}.
     *
     * @param bytes at least 0
     * @return the text
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be at least 0, got " + bytes);
        }
        int u = 0;
        long scale = 1;
        while (u + 1 < BYTE_UNITS.length && bytes / scale >= 1000) {
            scale *= 1000;
            u++;
        }
        // bytes / scale to three decimals, half-even, in longs: scale is 1 or a power of 1000
        long whole = bytes / scale;
        long thousandths = 0;
        if (scale > 1) {
            long unit = scale / 1000;
            long rest = bytes % scale;
            thousandths = rest / unit;
            long below = rest % unit;
            if (below * 2 > unit || (below * 2 == unit && thousandths % 2 == 1)) {
                thousandths++;
            }
            if (thousandths == 1000) {
                whole++;
                thousandths = 0;
            }
        }
        StringBuilder text = new StringBuilder().append(whole);
        if (thousandths != 0) {
            String digits = Long.toString(1000 + thousandths).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(digits, 0, end);
        }
        return text.append(' ').append(BYTE_UNITS[u]).toString();
    }

    private static void append(StringBuilder s, long value, String unit) {
        if (value != 0) {
            separate(s).append(value).append(' ').append(unit);
        }
    }

    private static StringBuilder separate(StringBuilder s) {
        return s.length() > 0 ? s.append(' ') : s;
    }
}
