package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How many records per second arrive at the job's sources, as a pure function of the time since the
 * start of a {@link LoadScenario}. Rates are finite and never negative.
 */
public sealed interface InputRate {

    /**
     * The rate at a time.
     *
     * @param sinceStart how long after the scenario's start, at least 0
     * @return records per second arriving then, finite and at least 0
     */
    double at(Duration sinceStart);

    /**
     * The same rate all the time.
     *
     * @param recordsPerSecond the rate, finite and at least 0
     */
    record Constant(double recordsPerSecond) implements InputRate {
        /**
         * Validates the rate.
         *
         * @param recordsPerSecond the rate, finite and at least 0
         */
        public Constant {
            checkRate("Constant.recordsPerSecond", recordsPerSecond);
        }

        @Override
        public double at(Duration sinceStart) {
            return recordsPerSecond;
        }
    }

    /**
     * A sine wave, as the data generator of the Reactive-Mode blog post: {@code mean + amplitude ×
     * sin(2π × (t + phase) / period)}. With {@code phase = 3/4 period} it starts at its trough
     * ({@code mean − amplitude}); with {@code phase = 1/4 period} at its peak.
     *
     * @param mean the average rate, finite and at least 0
     * @param amplitude how far the rate swings either side of the mean, at most the mean (so the rate
     *     never goes below 0)
     * @param period one full wave, positive
     * @param phase how far into the wave the scenario starts, at least 0
     */
    record SineWave(double mean, double amplitude, Duration period, Duration phase) implements InputRate {
        /**
         * Validates the wave.
         *
         * @param mean the average rate, finite and at least 0
         * @param amplitude the swing, at least 0 and at most {@code mean}
         * @param period one full wave, positive
         * @param phase the offset into the wave, at least 0
         */
        public SineWave {
            checkRate("SineWave.mean", mean);
            checkRate("SineWave.amplitude", amplitude);
            if (amplitude > mean) {
                throw new IllegalArgumentException("SineWave.amplitude " + amplitude + " must not exceed the mean "
                        + mean + ": the rate would go below 0");
            }
            Limits.checkNotNull("SineWave.period", period);
            Limits.checkNotNull("SineWave.phase", phase);
            SimulationLimits.checkPositive("SineWave.period", period);
            SimulationLimits.checkNotNegative("SineWave.phase", phase);
        }

        /**
         * A wave that starts at its trough, {@code mean − amplitude}, and peaks half a period later.
         *
         * @param mean the average rate
         * @param amplitude the swing either side of the mean, at most {@code mean}
         * @param period one full wave
         * @return the wave with {@code phase = 3/4 period}
         */
        public static SineWave fromTrough(double mean, double amplitude, Duration period) {
            return new SineWave(mean, amplitude, period, period.multipliedBy(3).dividedBy(4));
        }

        @Override
        public double at(Duration sinceStart) {
            // the position within the wave in nanoseconds, exact, before any floating point
            long periodNanos = period.toNanos();
            long into = Math.floorMod(sinceStart.plus(phase).toNanos(), periodNanos);
            double rate = mean + amplitude * Math.sin(2 * Math.PI * into / periodNanos);
            return Math.max(0, rate);
        }
    }

    /**
     * Straight lines between points: before the first point the rate is the first point's, after the
     * last the last point's. Two points at the same time make a step: the later one holds from that
     * time on.
     *
     * @param points at least one, in time order (equal times allowed)
     */
    record PiecewiseLinear(List<Point> points) implements InputRate {
        /**
         * Validates and copies the points.
         *
         * @param points at least one, in time order
         */
        public PiecewiseLinear {
            Limits.checkNotNull("PiecewiseLinear.points", points);
            if (points.isEmpty()) {
                throw new IllegalArgumentException("PiecewiseLinear.points must not be empty");
            }
            for (int i = 0; i < points.size(); i++) {
                Objects.requireNonNull(points.get(i), "PiecewiseLinear.points[" + i + "] must not be null");
                if (i > 0 && points.get(i).at().compareTo(points.get(i - 1).at()) < 0) {
                    throw new IllegalArgumentException("PiecewiseLinear.points[" + i + "] at "
                            + points.get(i).at() + " is before points[" + (i - 1) + "] at "
                            + points.get(i - 1).at());
                }
            }
            points = ImmutableList.copyOf(points);
        }

        @Override
        public double at(Duration sinceStart) {
            Point first = points.get(0);
            if (sinceStart.compareTo(first.at()) < 0) {
                return first.recordsPerSecond();
            }
            // the last point at or before the time, by binary search: noisy rates have hundreds of points
            int lo = 0;
            int hi = points.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (points.get(mid).at().compareTo(sinceStart) <= 0) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            int i = lo;
            Point from = points.get(i);
            if (i == points.size() - 1) {
                return from.recordsPerSecond();
            }
            Point to = points.get(i + 1);
            double fraction = (double) sinceStart.minus(from.at()).toNanos()
                    / to.at().minus(from.at()).toNanos();
            return from.recordsPerSecond() + fraction * (to.recordsPerSecond() - from.recordsPerSecond());
        }
    }

    /**
     * A point of a {@link PiecewiseLinear} rate.
     *
     * @param at how long after the scenario's start, at least 0
     * @param recordsPerSecond the rate then, finite and at least 0
     */
    record Point(Duration at, double recordsPerSecond) {
        /**
         * Validates the point.
         *
         * @param at how long after the start, at least 0
         * @param recordsPerSecond the rate, finite and at least 0
         */
        public Point {
            Limits.checkNotNull("Point.at", at);
            SimulationLimits.checkNotNegative("Point.at", at);
            checkRate("Point.recordsPerSecond", recordsPerSecond);
        }
    }

    private static void checkRate(String field, double rate) {
        if (!Double.isFinite(rate) || rate < 0) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + rate);
        }
    }
}
