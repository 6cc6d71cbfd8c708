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

    /** Rates a caller accepts: a set that holds every rate between two it holds (an interval). */
    interface Band {
        /**
         * Whether the rate is in the band.
         *
         * @param recordsPerSecond a rate, possibly a little outside the curve's values (below 0 too)
         * @return whether it is in
         */
        boolean holds(double recordsPerSecond);
    }

    /**
     * How far from {@code t} the rate surely stays in a band: a time {@code q}, from {@code t} to
     * {@code limit}, such that {@link #at} gives a rate the band holds at every time in {@code [t,
     * q)}. It asks the band about the least and the greatest rate of each stretch the curve is linear
     * over, widened by {@code 1e-12} of the greater (more than the rounding of the interpolation, as
     * in {@link #quietUntil}); as the band is an interval, it then holds every rate between. In the
     * first piece it cannot vouch for that way, it looks at the rates themselves, at times a whole
     * number of {@code grain} from where that piece is entered, and the stretch goes on past the last
     * of those times it finds in the band. It looks at most {@value #BAND_SEGMENTS} points ahead and is
     * conservative ({@code t} itself when in doubt).
     *
     * @param t from, nanoseconds since the start, at least 0
     * @param limit how far to look, at least {@code t}
     * @param grain nanoseconds, at least 1: the stretch ends just after {@code t} plus a whole number of
     *     it, or at a point of the curve, or at the limit (a caller that asks every {@code grain} from
     *     {@code t} loses nothing to it)
     * @param band the rates accepted
     * @return the end of the stretch, at most {@code limit}
     */
    long inBandUntil(long t, long limit, long grain, Band band) {
        if (at != null) {
            return piecewiseInBandUntil(t, limit, grain, band);
        }
        if (constant) {
            return band.holds(value) ? limit : t;
        }
        if (sine) {
            // from fl(mean - amplitude), at least 0, to fl(mean + amplitude): sin is within [-1, 1] and
            // rounding is monotone
            double hi = mean + amplitude;
            return holds(band, Math.max(0, mean - amplitude), hi) ? limit : t;
        }
        return t;
    }

    /** The most points {@link #inBandUntil} looks ahead, so that a call costs a bounded time. */
    static final int BAND_SEGMENTS = 64;

    private long piecewiseInBandUntil(long t, long limit, long grain, Band band) {
        long[] times = at;
        int last = times.length - 1;
        long from = t;
        int i;
        if (from < times[0]) {
            if (!band.holds(rps[0])) {
                return t;
            }
            from = times[0];
            i = 0;
        } else {
            i = segment(from);
        }
        for (int looked = 0; from < limit; looked++) {
            // here from >= times[i], and i is the last point at or before from
            if (i == last) {
                return band.holds(rps[last]) ? limit : from;
            }
            if (looked == BAND_SEGMENTS) {
                return from;
            }
            if (!holds(band, Math.min(rps[i], rps[i + 1]), Math.max(rps[i], rps[i + 1]))) {
                return Math.min(limit, inBandWithin(from, times[i + 1], grain, band));
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
     * Within one linear piece, from {@code from} to (not including) {@code to}: past the last of the
     * times {@code from}, {@code from + grain}, ... before {@code to} that has the rate in the band and
     * only such times before it, or {@code from} if the band does not hold the rate at {@code from}.
     * The rates {@link #at} gives over a piece are monotone in time (a quotient of the time, scaled and
     * added to a constant, each rounding monotone), and the band is an interval, so the times of the
     * piece whose rate is in it are an interval too: a bisection over the grain finds its end from the
     * very rates, without a margin.
     */
    private long inBandWithin(long from, long to, long grain, Band band) {
        if (!band.holds(piecewise(from))) {
            return from;
        }
        long lo = 0; // the band holds the rate at from + lo × grain
        long hi = (to - 1 - from) / grain; // the last multiple of the grain before to
        if (!band.holds(piecewise(from + hi * grain))) {
            // here lo < hi, the band does not hold hi's rate
            while (hi - lo > 1) {
                long mid = lo + (hi - lo) / 2;
                if (band.holds(piecewise(from + mid * grain))) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            hi = lo;
        }
        // the band holds the rates at from and at from + hi × grain, so at every time between
        return from + hi * grain + 1;
    }

    /** Whether the band holds every rate from {@code lo} to {@code hi}, widened by 1e-12 of {@code hi}. */
    private static boolean holds(Band band, double lo, double hi) {
        double margin = hi * 1e-12;
        return band.holds(lo - margin) && band.holds(hi + margin);
    }

    /**
     * The first time after {@code t} at which the curve starts a new linear stretch ({@code limit} if
     * none comes before it): where {@link #inBandUntil} may answer differently from {@code t}.
     *
     * @param t a time, nanoseconds since the start, at least 0
     * @param limit at least {@code t}
     * @return the next point's time after {@code t}, at most {@code limit}
     */
    long nextPointAfter(long t, long limit) {
        if (at == null) {
            return limit;
        }
        if (t < at[0]) {
            return Math.min(at[0], limit);
        }
        int i = segment(t);
        return i == at.length - 1 ? limit : Math.min(at[i + 1], limit);
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
