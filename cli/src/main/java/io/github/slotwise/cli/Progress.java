package io.github.slotwise.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (on) {
            err.println("slotwise: [" + started + "/" + total + "] " + what);
            err.flush();
        }
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
