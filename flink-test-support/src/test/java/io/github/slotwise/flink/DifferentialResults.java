package io.github.slotwise.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The Flink version a differential suite runs against, and the line each suite adds to the version
 * matrix's result table ({@code docs/flink-compatibility.md}).
 *
 * <p>The build names the version in the system property {@code slotwise.flink.version} (the matrix's
 * poms, {@code flink-adapter} and {@code flink-adapter-1.20} set it) and, in the matrix, a file in
 * {@code slotwise.results}: each suite appends one tab-separated line to it, {@code version, suite,
 * cases, agreements, listed differences, notes}. Without that property nothing is written.
 *
 * <p>Shared test support (flink-test-support): every module that runs a differential suite compiles
 * it against its own Flink version.
 */
public final class DifferentialResults {
    private DifferentialResults() {}

    /** The version of the flink-runtime jar under test, as the build names it ("unknown" if it does not). */
    public static String flinkVersion() {
        return System.getProperty("slotwise.flink.version", "unknown");
    }

    /** The minor line of {@link #flinkVersion()}, e.g. "1.19" for 1.19.3. */
    public static String flinkLine() {
        String v = flinkVersion();
        int second = v.indexOf('.', v.indexOf('.') + 1);
        return second < 0 ? v : v.substring(0, second);
    }

    /** The oracle's name for tallies and failures: "flink-runtime 1.19.3". */
    public static String oracle() {
        return "flink-runtime " + flinkVersion();
    }

    /**
     * True if the line under test is at least {@code line} ("1.19", "2.2"). An unknown version counts
     * as the newest.
     */
    public static boolean atLeast(String line) {
        if (flinkVersion().equals("unknown")) {
            return true;
        }
        String[] have = flinkLine().split("\\.");
        String[] want = line.split("\\.");
        int major = Integer.compare(Integer.parseInt(have[0]), Integer.parseInt(want[0]));
        return major != 0 ? major > 0 : Integer.parseInt(have[1]) >= Integer.parseInt(want[1]);
    }

    /**
     * Appends one suite's line to the result table, if the build asked for one.
     *
     * @param suite the suite's name in the table
     * @param cases the random or exhaustive cases the suite ran
     * @param agreements the cases where Slotwise and Flink agreed
     * @param listed the cases of a listed, explained difference, counted and not compared
     * @param notes what else the table should say ("" for nothing)
     */
    public static synchronized void record(String suite, long cases, long agreements, long listed, String notes) {
        String file = System.getProperty("slotwise.results");
        if (file == null || file.isBlank()) {
            return;
        }
        String line = String.join(
                        "\t",
                        flinkVersion(),
                        suite,
                        Long.toString(cases),
                        Long.toString(agreements),
                        Long.toString(listed),
                        notes.replace('\t', ' ').replace('\n', ' '))
                + "\n";
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the differential results to " + file, e);
        }
    }
}
