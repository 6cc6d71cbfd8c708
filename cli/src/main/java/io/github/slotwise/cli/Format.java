package io.github.slotwise.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Numbers, durations and parallelism for the reports, independent of the default locale. */
final class Format {
    private Format() {}

    /**
     * A time since the start as a clock, {@code H:MM:SS}, with milliseconds only when there are
     * some: {@code "0:01:20"}, {@code "26:00:00"}, {@code "0:00:01.500"}.
     */
    static String clock(Duration sinceStart) {
        long ms = sinceStart.toMillis();
        String sign = ms < 0 ? "-" : "";
        ms = Math.abs(ms);
        String clock =
                String.format(Locale.ROOT, "%s%d:%02d:%02d", sign, ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
        return ms % 1000 == 0 ? clock : clock + String.format(Locale.ROOT, ".%03d", ms % 1000);
    }

    /** Seconds with at most three decimals and no trailing zeros: {@code "20"}, {@code "1.5"}. */
    static String seconds(Duration d) {
        return number(d.toMillis() / 1000.0, 3);
    }

    /** A number with at most {@code places} decimals and no trailing zeros: {@code "1960"}, {@code "0.25"}. */
    static String number(double value, int places) {
        String s = String.format(Locale.ROOT, "%." + places + "f", value);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }

    /** A number with exactly {@code places} decimals: {@code fixed(1.03125, 4)} is {@code "1.0313"}. */
    static String fixed(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    /**
     * A large figure in scientific notation with three significant digits, {@code "2.13e8"}; below
     * 10 000 as a whole number.
     */
    static String scientific(double value) {
        if (Math.abs(value) < 10_000) {
            return number(value, 0);
        }
        String s = String.format(Locale.ROOT, "%.2e", value);
        // "2.13e+08" -> "2.13e8"
        return s.replace("e+0", "e").replace("e+", "e");
    }

    /** A share as a percentage with one decimal: {@code "71.3 %"}. */
    static String percent(double share) {
        return fixed(100 * share, 1) + " %";
    }

    /** Parallelism in vertex order, slash-separated: {@code "4/4/6/2"}. */
    static String parallelism(Map<String, Integer> parallelism) {
        return parallelism.values().stream().map(String::valueOf).collect(Collectors.joining("/"));
    }
}
