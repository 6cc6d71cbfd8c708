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
    private final RateInNanos rateInNanos;
    private final Instant start;
    private final long stepNanos;

    private double backlog;
    private double peak;
    private Instant peakAt;
    private double lagSeconds;
    private double processed;

    Backlog(InputRate rate, Instant start, Duration step) {
        this.rate = rate;
        this.rateInNanos = RateInNanos.of(rate);
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

    /** The input rate at a time. */
    double rateAt(Instant t) {
        return rateInNanos.at(Duration.between(start, t).toNanos());
    }

    /**
     * Records arrive and leave from {@code from} to {@code to} at a constant {@code capacity}.
     *
     * @return the seconds of the stretch in which the backlog grew (the rate above the capacity)
     */
    double advance(Instant from, Instant to, double capacity) {
        long a = Duration.between(start, from).toNanos();
        long b = Duration.between(start, to).toNanos();
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
        double in = rateInNanos.at(a + (e - a) / 2);
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

    /**
     * The input rate at a time in nanoseconds from the start, equal to {@link InputRate#at} to the bit:
     * the integration asks it once per step, so a piecewise-linear rate (a noisy day has hundreds of
     * points) is read from arrays with a cursor that moves forward, as the steps do.
     */
    interface RateInNanos {
        double at(long nanos);

        static RateInNanos of(InputRate rate) {
            if (rate instanceof InputRate.PiecewiseLinear p) {
                return new PiecewiseInNanos(p);
            }
            return nanos -> rate.at(Duration.ofNanos(nanos));
        }
    }

    /** {@link InputRate.PiecewiseLinear#at} on arrays, the same arithmetic on the same longs. */
    static final class PiecewiseInNanos implements RateInNanos {
        private final long[] at;
        private final double[] rate;
        private int cursor;

        PiecewiseInNanos(InputRate.PiecewiseLinear p) {
            int n = p.points().size();
            at = new long[n];
            rate = new double[n];
            for (int i = 0; i < n; i++) {
                at[i] = p.points().get(i).at().toNanos();
                rate[i] = p.points().get(i).recordsPerSecond();
            }
        }

        @Override
        public double at(long nanos) {
            if (nanos < at[0]) {
                return rate[0];
            }
            // the last point at or before the time: a few steps forward from the cursor (the steps move
            // forward), else a binary search
            int i = cursor;
            if (at[i] <= nanos && (i + 1 == at.length || at[i + 1] > nanos)) {
                // still in the cursor's segment
            } else if (at[i] <= nanos && i + 2 < at.length && at[i + 2] > nanos) {
                i++;
            } else {
                int lo = 0;
                int hi = at.length - 1;
                while (lo < hi) {
                    int mid = (lo + hi + 1) >>> 1;
                    if (at[mid] <= nanos) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                i = lo;
            }
            cursor = i;
            if (i == at.length - 1) {
                return rate[i];
            }
            double fraction = (double) (nanos - at[i]) / (at[i + 1] - at[i]);
            return rate[i] + fraction * (rate[i + 1] - rate[i]);
        }
    }
}
