package io.github.slotwise.simulation;

import java.time.Duration;

/** Durations for people: "50 s", "1 min 30 s", "250 ms". */
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

    private static void append(StringBuilder s, long value, String unit) {
        if (value != 0) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(value).append(' ').append(unit);
        }
    }
}
