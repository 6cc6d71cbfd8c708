package io.github.slotwise.simulation;

import java.time.Duration;

/** Durations and sizes for people: "50 s", "1 min 30 s", "250 ms"; "1.5 GB". */
final class Text {
    private Text() {}

    static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        if (d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0 s";
        }
        StringBuilder s = new StringBuilder();
        append(s, ms / 3_600_000, "h");
        append(s, ms / 60_000 % 60, "min");
        append(s, ms / 1000 % 60, "s");
        append(s, ms % 1000, "ms");
        return s.toString();
    }

    /** Bytes in decimal units with up to three significant decimals: "0 B", "1.5 GB", "390.625 MB". */
    static String bytes(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        long scale = 1;
        while (u + 1 < units.length && bytes / scale >= 1000) {
            scale *= 1000;
            u++;
        }
        java.math.BigDecimal value = java.math.BigDecimal.valueOf(bytes)
                .divide(java.math.BigDecimal.valueOf(scale))
                .setScale(3, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return value.toPlainString() + " " + units[u];
    }

    private static void append(StringBuilder s, long value, String unit) {
        if (value != 0) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(value).append(' ').append(unit);
        }
    }
}
