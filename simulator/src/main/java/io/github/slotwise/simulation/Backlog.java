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

    // the last stretch looked at by quietUntil: from quietFrom on, the rate is at most quietCapacity
    // until quietEnd, as the rate curve found it without a limit
    private long quietFrom;
    private long quietEnd = Long.MIN_VALUE;
    private double quietCapacity = Double.NaN;

    /**
     * An empty backlog.
     *
     * @param rate the input rate
     * @param start the scenario's start
     * @param step the integration step
     */
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

    /**
     * The records that arrive from {@code a} to {@code b}, in nanoseconds since the start, by the
     * integration of {@link #advance}: pieces cut at the integration steps, each {@code
     * rate(midpoint) × length}, added in time order ({@link #advance} also cuts a piece where the
     * capacity changes, which for a rate linear over the step is the same integral). The records processed over a stretch are
     * those that arrived in it less what the backlog grew by (nothing else leaves the backlog), so a
     * restart computes what it replays from this, over the stretch since the last checkpoint, instead
     * of a running count kept at every step of the day.
     *
     * @param a from, at least 0
     * @param b to, at least {@code a}
     * @return the records
     */
    double arrivals(long a, long b) {
        double sum = 0;
        while (a < b) {
            long e = Math.min(b, (Math.floorDiv(a, stepNanos) + 1) * stepNanos);
            if (e - a == stepNanos) {
                // whole steps from a step boundary, in one run of the rate curve
                long n = (b - a) / stepNanos;
                sum = rate.sum(sum, a + stepNanos / 2, stepNanos, n, stepNanos / 1e9);
                a += n * stepNanos;
                continue;
            }
            sum += rate.at(a + (e - a) / 2) * ((e - a) / 1e9);
            a = e;
        }
        return sum;
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
        // the end of the step a is in: found by a division once, then moved on by a step at a time
        long cellEnd = a;
        while (a < b) {
            if (backlog == 0) {
                a = quiet(a, b, capacity);
                if (a >= b) {
                    break;
                }
            }
            if (cellEnd <= a) {
                cellEnd = (Math.floorDiv(a, stepNanos) + 1) * stepNanos;
            }
            long e = Math.min(b, cellEnd);
            if (piece(a, e, capacity)) {
                growing += (e - a) / 1e9;
            }
            a = e;
            if (a == cellEnd) {
                cellEnd += stepNanos;
            }
        }
        return growing;
    }

    /**
     * Skips the pieces from {@code a} on, up to {@code b}, over which the backlog is 0 and the rate at
     * most the capacity, and returns where they end: {@link #piece} would leave the backlog at 0, the
     * lag integral and the peak as they are, and report no growth.
     */
    private long quiet(long a, long b, double capacity) {
        long q = quietUntil(a, b, capacity);
        if (q <= a) {
            return a;
        }
        // every piece that ends by q: up to b, or to the last step boundary at or before q
        return q >= b ? b : Math.max(a, Math.floorDiv(q, stepNanos) * stepNanos);
    }

    /**
     * {@code rate.quietUntil(a, b, capacity)}, from the last quiet stretch found if {@code a} is in it
     * at the same capacity: the rate curve looks from a time on, segment after segment, until the
     * first segment it cannot vouch for, so from any later time before that segment's start it finds
     * the same end, and with a limit it gives the lesser of that end and the limit.
     */
    private long quietUntil(long a, long b, double capacity) {
        if (capacity != quietCapacity || a < quietFrom || a >= quietEnd) {
            quietFrom = a;
            quietEnd = rate.quietUntil(a, Long.MAX_VALUE, capacity);
            quietCapacity = capacity;
        }
        return Math.min(quietEnd, b);
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
        if (backlog > peak) {
            peak = backlog;
            peakAt = start.plusNanos(e);
        }
        return net > 0;
    }
}
