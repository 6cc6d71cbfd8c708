package io.github.slotwise.simulation;

import java.time.Duration;
import java.util.List;

/**
 * An {@link InputRate} for the simulator's inner loop: evaluated at nanoseconds since the start, with
 * no {@link Duration} and no boxing, and for a {@link InputRate.PiecewiseLinear} rate a cursor that
 * follows time forward instead of a binary search over the points at every call. Every value is the
 * very double {@link InputRate#at} gives for the same time: the same operations on the same operands,
 * in the same order.
 *
 * <p>One instance per run: the cursor is mutable state, so it is not shared between threads.
 */
final class RateCurve {
    private final InputRate rate;

    // ---- a constant rate
    private final boolean constant;
    private final double value;

    // ---- a sine wave
    private final boolean sine;
    private final double mean;
    private final double amplitude;
    private final long periodNanos;
    private final long phaseNanos;

    // ---- a piecewise-linear rate: the points' times in nanoseconds and their rates
    private final long[] at;
    private final double[] rps;
    /** The last point at or before the latest time asked for, or 0 before the first point. */
    private int cursor;

    private RateCurve(InputRate rate) {
        this.rate = rate;
        boolean isConstant = false;
        double constantValue = 0;
        boolean isSine = false;
        double m = 0;
        double amp = 0;
        long period = 0;
        long phase = 0;
        long[] times = null;
        double[] rates = null;
        if (rate instanceof InputRate.Constant c) {
            isConstant = true;
            constantValue = c.recordsPerSecond();
        } else if (rate instanceof InputRate.SineWave s) {
            isSine = true;
            m = s.mean();
            amp = s.amplitude();
            period = s.period().toNanos();
            phase = s.phase().toNanos();
        } else if (rate instanceof InputRate.PiecewiseLinear p) {
            times = nanos(p.points());
            if (times != null) {
                rates = new double[times.length];
                for (int i = 0; i < rates.length; i++) {
                    rates[i] = p.points().get(i).recordsPerSecond();
                }
            }
        }
        this.constant = isConstant;
        this.value = constantValue;
        this.sine = isSine;
        this.mean = m;
        this.amplitude = amp;
        this.periodNanos = period;
        this.phaseNanos = phase;
        this.at = times;
        this.rps = rates;
    }

    /**
     * The curve of a rate.
     *
     * @param rate the rate
     * @return a new curve, with its own cursor
     */
    static RateCurve of(InputRate rate) {
        return new RateCurve(rate);
    }

    /** The points' times in nanoseconds, or null if one does not fit in a long (then the rate's own code runs). */
    private static long[] nanos(List<InputRate.Point> points) {
        long[] times = new long[points.size()];
        for (int i = 0; i < times.length; i++) {
            Duration d = points.get(i).at();
            if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1) {
                return null;
            }
            times[i] = d.toNanos();
        }
        return times;
    }

    /**
     * The rate at a time.
     *
     * @param sinceStart nanoseconds since the scenario's start, at least 0
     * @return exactly {@code rate.at(Duration.ofNanos(sinceStart))}
     */
    double at(long sinceStart) {
        if (at != null) {
            return piecewise(sinceStart);
        }
        if (constant) {
            return value;
        }
        if (sine) {
            // as SineWave.at: the position within the wave in nanoseconds, then the same expression
            long into = Math.floorMod(Math.addExact(sinceStart, phaseNanos), periodNanos);
            double r = mean + amplitude * Math.sin(2 * Math.PI * into / periodNanos);
            return Math.max(0, r);
        }
        return rate.at(Duration.ofNanos(sinceStart));
    }

    /**
     * Adds up a run of rates, one term at a time: {@code sum + at(t0) × dt + at(t0 + stride) × dt + ...}
     * over {@code count} times, each term added to the running sum in time order, so the result is
     * the very double that many {@code sum += at(t) * dt} give. For a piecewise-linear rate it walks the
     * points once instead of looking each time up.
     *
     * @param sum the sum so far
     * @param t0 the first time, nanoseconds since the start, at least 0
     * @param stride nanoseconds between the times, at least 1
     * @param count how many times, at least 0
     * @param dt the factor of every term
     * @return the sum with every term added
     */
    double sum(double sum, long t0, long stride, long count, double dt) {
        if (count <= 0) {
            return sum;
        }
        if (at == null) {
            long t = t0;
            for (long k = 0; k < count; k++, t += stride) {
                sum += at(t) * dt;
            }
            return sum;
        }
        long[] times = at;
        double[] r = rps;
        int last = times.length - 1;
        long t = t0;
        long k = 0;
        while (k < count && t < times[0]) {
            sum += r[0] * dt;
            t += stride;
            k++;
        }
        if (k == count) {
            return sum;
        }
        int i = segment(t);
        while (k < count) {
            if (i == last) {
                double v = r[last];
                for (; k < count; k++) {
                    sum += v * dt;
                }
                break;
            }
            long from = times[i];
            long to = times[i + 1];
            double span = to - from;
            double r0 = r[i];
            double dr = r[i + 1] - r[i];
            for (; k < count && t < to; k++, t += stride) {
                // as piecewise(t)
                double fraction = (double) (t - from) / span;
                sum += (r0 + fraction * dr) * dt;
            }
            while (i < last && times[i + 1] <= t) {
                i++;
            }
        }
        return sum;
    }

    private double piecewise(long t) {
        long[] times = at;
        if (t < times[0]) {
            return rps[0];
        }
        int i = segment(t);
        if (i == times.length - 1) {
            return rps[i];
        }
        // as PiecewiseLinear.at: (double) elapsed / span, then from + fraction × (to − from)
        double fraction = (double) (t - times[i]) / (times[i + 1] - times[i]);
        return rps[i] + fraction * (rps[i + 1] - rps[i]);
    }

    /**
     * How far from {@code t} the rate stays at or below a capacity: a time {@code q}, from {@code t}
     * to {@code limit}, such that {@link #at} gives at most {@code capacity} at every time in {@code
     * [t, q)}. It is conservative ({@code t} itself when in doubt): between two points of a
     * piecewise-linear rate it needs the higher of the two, times {@code 1 + 1e-12}, to be at most the
     * capacity, which bounds the rounding of the interpolation (below {@code (1 + 2^-53)^2} of it); a
     * sine needs its mean plus its amplitude to be.
     *
     * @param t from, nanoseconds since the start, at least 0
     * @param limit how far to look, at least {@code t}
     * @param capacity records per second
     * @return the end of the quiet stretch, at most {@code limit}
     */
    long quietUntil(long t, long limit, double capacity) {
        if (at != null) {
            return piecewiseQuietUntil(t, limit, capacity);
        }
        if (constant) {
            return value <= capacity ? limit : t;
        }
        if (sine) {
            // at most fl(mean + amplitude): sin is at most 1 and rounding is monotone
            return mean + amplitude <= capacity ? limit : t;
        }
        return t;
    }

    private long piecewiseQuietUntil(long t, long limit, double capacity) {
        long[] times = at;
        int last = times.length - 1;
        long from = t;
        int i;
        if (from < times[0]) {
            if (rps[0] > capacity) {
                return t;
            }
            from = times[0];
            i = 0;
        } else {
            i = segment(from);
        }
        while (from < limit) {
            // here from >= times[i], and i is the last point at or before from
            if (i == last) {
                return rps[last] <= capacity ? limit : from;
            }
            if (Math.max(rps[i], rps[i + 1]) * (1 + 1e-12) > capacity) {
                return from;
            }
            from = times[i + 1];
            i++;
            while (i < last && times[i + 1] <= from) {
                i++;
            }
        }
        return limit;
    }

    /**
     * The last point at or before {@code t} ({@code t} at or after the first point): from the cursor
     * forward, as time mostly moves forward, else by binary search; the cursor then stays there.
     */
    private int segment(long t) {
        long[] times = at;
        int i = cursor;
        if (t < times[i]) {
            i = lastAtOrBefore(t);
        } else {
            int last = times.length - 1;
            while (i < last && times[i + 1] <= t) {
                i++;
            }
        }
        cursor = i;
        return i;
    }

    /** The last point at or before {@code t} (t is at or after the first point), by binary search. */
    private int lastAtOrBefore(long t) {
        int lo = 0;
        int hi = at.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (at[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
