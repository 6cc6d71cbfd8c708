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
    private final RateCurve rate;
    private final Instant start;
    private final long stepNanos;

    private double backlog;
    private double peak;
    private Instant peakAt;
    private double lagSeconds;
    private double processed;

    Backlog(InputRate rate, Instant start, Duration step) {
        this.rate = RateCurve.of(rate);
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

    /** Records processed so far (arrived and no longer waiting, replays counted again). */
    double processed() {
        return processed;
    }

    /** Records put back: a restart replays them, so they wait again. */
    void replay(Instant at, double records) {
        backlog += records;
        if (backlog > peak) {
            peak = backlog;
            peakAt = at;
        }
    }

    /** The input rate at a time, in nanoseconds since the start. */
    double rateAt(long sinceStart) {
        return rate.at(sinceStart);
    }

    /**
     * Records arrive and leave from {@code a} to {@code b}, in nanoseconds since the start, at a
     * constant {@code capacity}.
     *
     * @return the seconds of the stretch in which the backlog grew (the rate above the capacity)
     */
    double advance(long a, long b, double capacity) {
        double growing = 0;
        while (a < b) {
            long cellEnd = (Math.floorDiv(a, stepNanos) + 1) * stepNanos;
            long e = Math.min(b, cellEnd);
            if (piece(a, e, capacity)) {
                growing += (e - a) / 1e9;
            }
            a = e;
        }
        return growing;
    }

    /** One piece; returns whether the backlog grew in it. */
    private boolean piece(long a, long e, double capacity) {
        double dt = (e - a) / 1e9;
        double in = rate.at(a + (e - a) / 2);
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
        processed += before + in * dt - backlog;
        if (backlog > peak) {
            peak = backlog;
            peakAt = start.plusNanos(e);
        }
        return net > 0;
    }
}
