package io.github.slotwise.simulation;

import java.time.Duration;
import java.time.Instant;

/**
 * The job's backlog (consumer lag) over time: records arrive at the {@link InputRate} and leave at
 * the capacity the simulator gives for each stretch of time; the backlog never goes below 0.
 *
 * <p>Integration: time is cut into steps of {@link LoadScenario#integrationStep()} aligned to the
 * start, and further at every change of capacity. Over each piece the rate is taken as constant, its
 * value at the piece's midpoint (exact for a constant or linear rate, and for a step at a whole
 * multiple of the integration step), and the capacity is constant, so the backlog moves on a straight
 * line until it reaches 0 and stays there: the backlog, its peak and its integral are then computed
 * exactly. Everything is in nanoseconds from the start before it becomes floating point, so the same
 * scenario always gives the same figures.
 */
final class Backlog {
    private final InputRate rate;
    private final Instant start;
    private final long stepNanos;

    private double backlog;
    private double peak;
    private Instant peakAt;
    private double lagSeconds;

    Backlog(InputRate rate, Instant start, Duration step) {
        this.rate = rate;
        this.start = start;
        this.stepNanos = step.toNanos();
        this.peakAt = start;
    }

    /** Records waiting now. */
    double backlog() {
        return backlog;
    }

    double peak() {
        return peak;
    }

    Instant peakAt() {
        return peakAt;
    }

    /** The integral of the backlog so far, in record-seconds. */
    double lagSeconds() {
        return lagSeconds;
    }

    /** The input rate at a time. */
    double rateAt(Instant t) {
        return rate.at(Duration.between(start, t));
    }

    /** Records arrive and leave from {@code from} to {@code to} at a constant {@code capacity}. */
    void advance(Instant from, Instant to, double capacity) {
        long a = Duration.between(start, from).toNanos();
        long b = Duration.between(start, to).toNanos();
        while (a < b) {
            long cellEnd = (Math.floorDiv(a, stepNanos) + 1) * stepNanos;
            long e = Math.min(b, cellEnd);
            piece(a, e, capacity);
            a = e;
        }
    }

    private void piece(long a, long e, double capacity) {
        double dt = (e - a) / 1e9;
        double in = rate.at(Duration.ofNanos(a + (e - a) / 2));
        double net = in - capacity;
        double before = backlog;
        if (net >= 0 || before + net * dt > 0) {
            backlog = before + net * dt;
            lagSeconds += (before + backlog) / 2 * dt;
        } else {
            // drains to 0 after before / -net seconds, then stays at 0
            lagSeconds += before * (before / -net) / 2;
            backlog = 0;
        }
        if (backlog > peak) {
            peak = backlog;
            peakAt = start.plusNanos(e);
        }
    }
}
