package io.github.slotwise.cli;

import io.github.slotwise.sweep.Sweep;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a sweep on standard error: at most one line a second with the simulations done, the
 * time so far and an estimate of the time left (the time so far per simulation, times those left),
 * and one line at the end. On with {@code --progress}, off with {@code --no-progress}, otherwise only
 * when standard error is a terminal; it never writes to standard output.
 */
final class SweepProgress implements Sweep.Listener {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean on;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;

    private SweepProgress(PrintWriter err, boolean on) {
        this.err = err;
        this.on = on;
    }

    /**
     * @param flag {@code --progress} (true), {@code --no-progress} (false), or neither (null)
     * @param terminal whether standard error is a terminal
     */
    static SweepProgress of(Boolean flag, boolean terminal, PrintWriter err) {
        return new SweepProgress(err, flag != null ? flag : terminal);
    }

    @Override
    public synchronized void simulated(long done, long total) {
        long now = System.nanoTime();
        if (!on || done >= total || now - lastNanos < INTERVAL_NANOS) {
            return;
        }
        lastNanos = now;
        double elapsed = (now - startNanos) / 1e9;
        double left = elapsed / done * (total - done);
        err.println("slotwise: sweep " + done + "/" + total + " simulations ("
                + String.format(Locale.ROOT, "%.0f", 100.0 * done / total) + " %), " + seconds(elapsed)
                + " so far, about "
                + seconds(left) + " left");
        err.flush();
    }

    /** Reports that the sweep, its statistics and its chart are done, with the time taken. */
    synchronized void done(long simulations) {
        if (on) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            err.println("slotwise: sweep of " + simulations + " simulations done in " + seconds(elapsed));
            err.flush();
        }
    }

    private static String seconds(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60);
    }
}
