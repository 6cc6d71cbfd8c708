package io.github.slotwise.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a command's simulations on standard error: one line as each starts and one when all
 * are done. On with {@code --progress}, off with {@code --no-progress}, and otherwise on only when
 * standard error is a terminal; it never writes to standard output, so {@code --json} stays clean.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean on;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int started;
    private int tenthsReported;

    private Progress(PrintWriter err, boolean on, int total) {
        this.err = err;
        this.on = on;
        this.total = total;
    }

    /**
     * @param flag {@code --progress} (true), {@code --no-progress} (false), or neither (null)
     * @param terminal whether standard error is a terminal
     * @param total how many simulations will run
     */
    static Progress of(Boolean flag, boolean terminal, PrintWriter err, int total) {
        return new Progress(err, flag != null ? flag : terminal, total);
    }

    /** Reports that the next simulation starts. */
    void start(String what) {
        started++;
        tenthsReported = 0;
        if (on) {
            err.println("slotwise: [" + started + "/" + total + "] " + what);
            err.flush();
        }
    }

    /**
     * Reports how far the current simulation has come, once per tenth of its simulated time: the
     * lines depend on the input only, not on the machine's speed.
     *
     * @param fraction the share of the simulated time done, 0 to 1
     * @param simulated the simulated time done
     */
    void fraction(double fraction, Duration simulated) {
        int tenths = (int) Math.min(10, Math.floor(fraction * 10));
        if (!on || tenths <= tenthsReported || tenths >= 10) {
            return;
        }
        tenthsReported = tenths;
        long s = simulated.getSeconds();
        err.println("slotwise: [" + started + "/" + total + "] " + tenths * 10 + " % ("
                + String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) + " simulated)");
        err.flush();
    }

    /** Reports that every simulation is done, with the time taken. */
    void done() {
        if (on) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            err.println("slotwise: " + started + " simulation(s) done in " + String.format(Locale.ROOT, "%.1f", seconds)
                    + " s");
            err.flush();
        }
    }

    /**
     * Whether this process' standard error is a terminal: on Linux from where file descriptor 2
     * points, elsewhere whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
