package io.github.slotwise.testkit.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Per entry point: inputs tried, accepted, rejected, failed, and the first failures' details. */
public final class FuzzTable {
    private static final int KEPT_FAILURES_PER_ENTRY_POINT = 3;

    private final Map<String, long[]> rows = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> kept = new LinkedHashMap<>();

    /**
     * Counts one input.
     *
     * @param entryPoint its entry point
     * @param result how it ended
     * @param input a description of the input, for a failure
     */
    public synchronized void add(String entryPoint, Classifier.Result result, String input) {
        long[] row = rows.computeIfAbsent(entryPoint, k -> new long[5]);
        row[0]++;
        row[1 + result.outcome().ordinal()]++;
        if (result.outcome() == Outcome.FAILURE
                && kept.merge(entryPoint, 1, Integer::sum) <= KEPT_FAILURES_PER_ENTRY_POINT) {
            failures.add(entryPoint + ": " + Classifier.abbreviate(input) + " -> " + result.detail());
        }
    }

    /**
     * Adds time spent on an entry point.
     *
     * @param entryPoint the entry point
     * @param nanos the time
     */
    public synchronized void addTime(String entryPoint, long nanos) {
        rows.computeIfAbsent(entryPoint, k -> new long[5])[4] += nanos;
    }

    /** @return the inputs tried, over every entry point */
    public synchronized long tried() {
        return rows.values().stream().mapToLong(r -> r[0]).sum();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** @return the failures, over every entry point */
    public synchronized long failures() {
        return rows.values().stream().mapToLong(r -> r[3]).sum();
    }

    /** @return the first failures, described */
    public synchronized List<String> failureExamples() {
        return List.copyOf(failures);
    }

    /**
     * The table: entry point, tried, accepted, rejected, failures, and a total line.
     *
     * @param title the first line, e.g. with the seed
     * @return the text
     */
    public synchronized String render(String title) {
        int width = Math.max(
                "entry point".length(),
                rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder s = new StringBuilder(title).append('\n');
        String format = "%-" + width + "s %10s %10s %10s %9s %8s%n";
        s.append(String.format(
                Locale.ROOT, format, "entry point", "tried", "accepted", "rejected", "failures", "time s"));
        long[] total = new long[5];
        rows.forEach((name, r) -> {
            s.append(String.format(Locale.ROOT, format, name, r[0], r[1], r[2], r[3], seconds(r[4])));
            for (int i = 0; i < 5; i++) {
                total[i] += r[i];
            }
        });
        s.append(
                String.format(Locale.ROOT, format, "total", total[0], total[1], total[2], total[3], seconds(total[4])));
        failures.forEach(f -> s.append("FAILURE ").append(f).append('\n'));
        return s.toString();
    }
}
