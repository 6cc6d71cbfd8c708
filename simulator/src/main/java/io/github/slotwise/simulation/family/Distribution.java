package io.github.slotwise.simulation.family;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.Limits;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A distribution of one parameter of a {@link ScenarioFamily}, with a bounded support: every value
 * it gives lies in {@code [min(), max()]}, so a family can check before any sampling that no
 * sample breaks a limit of the scenario. Sampling uses only the random generator it is given; the
 * same generator state gives the same value.
 *
 * <p>A parameter that is a whole number (TaskManagers, a loss's count, bytes) is sampled with
 * {@link #sampleWhole}: a uniform distribution then gives every whole number between its bounds the
 * same chance.
 */
public sealed interface Distribution {

    /**
     * The least value this distribution gives.
     *
     * @return the lower bound of the support
     */
    double min();

    /**
     * The greatest value this distribution gives.
     *
     * @return the upper bound of the support
     */
    double max();

    /**
     * Draws a value.
     *
     * @param random the generator
     * @return a value in {@code [min(), max()]}
     */
    double sample(RandomGenerator random);

    /**
     * Draws a whole number; requires {@link #isWhole()}.
     *
     * @param random the generator
     * @return a whole number in {@code [min(), max()]}
     */
    long sampleWhole(RandomGenerator random);

    /**
     * Whether every value this distribution gives is a whole number (its bounds, or its values, are
     * whole numbers), as a whole-number parameter requires.
     *
     * @return true if {@link #sampleWhole} may be called
     */
    boolean isWhole();

    /**
     * Always the same value.
     *
     * @param value the value, finite
     */
    record Fixed(double value) implements Distribution {
        /**
         * Checks the value.
         *
         * @param value finite
         */
        public Fixed {
            finite("Fixed.value", value);
        }

        @Override
        public double min() {
            return value;
        }

        @Override
        public double max() {
            return value;
        }

        @Override
        public double sample(RandomGenerator random) {
            return value;
        }

        @Override
        public long sampleWhole(RandomGenerator random) {
            return whole(this, value);
        }

        @Override
        public boolean isWhole() {
            return isWholeNumber(value);
        }

        @Override
        public String toString() {
            return number(value);
        }
    }

    /**
     * Uniform between two bounds: {@link #sample} from {@code [min, max)}, {@link #sampleWhole} every
     * whole number from {@code min} to {@code max} inclusive with the same chance.
     *
     * @param min the lower bound, finite
     * @param max the upper bound, finite and at least {@code min}
     */
    record Uniform(double min, double max) implements Distribution {
        /**
         * Checks the bounds.
         *
         * @param min finite
         * @param max finite, at least {@code min}
         */
        public Uniform {
            finite("Uniform.min", min);
            finite("Uniform.max", max);
            if (max < min) {
                throw new IllegalArgumentException("Uniform.max " + max + " must be at least min " + min);
            }
        }

        @Override
        public double sample(RandomGenerator random) {
            return min == max ? min : random.nextDouble(min, max);
        }

        @Override
        public long sampleWhole(RandomGenerator random) {
            long lo = whole(this, min);
            long hi = whole(this, max);
            return lo == hi ? lo : random.nextLong(lo, hi + 1);
        }

        @Override
        public boolean isWhole() {
            return isWholeNumber(min) && isWholeNumber(max);
        }

        @Override
        public String toString() {
            return "uniform from " + number(min) + " to " + number(max);
        }
    }

    /**
     * A normal distribution clamped to bounds: a draw below {@code min} gives {@code min}, above
     * {@code max} gives {@code max} (so the bounds carry the tails' probability). {@link
     * #sampleWhole} rounds the draw to the nearest whole number before clamping.
     *
     * @param mean the mean, finite
     * @param stddev the standard deviation, finite and at least 0
     * @param min the lower bound, finite
     * @param max the upper bound, finite and at least {@code min}
     */
    record Normal(double mean, double stddev, double min, double max) implements Distribution {
        /**
         * Checks the parameters.
         *
         * @param mean finite
         * @param stddev finite, at least 0
         * @param min finite
         * @param max finite, at least {@code min}
         */
        public Normal {
            finite("Normal.mean", mean);
            finite("Normal.stddev", stddev);
            finite("Normal.min", min);
            finite("Normal.max", max);
            if (stddev < 0) {
                throw new IllegalArgumentException("Normal.stddev must be >= 0, got " + stddev);
            }
            if (max < min) {
                throw new IllegalArgumentException("Normal.max " + max + " must be at least min " + min);
            }
        }

        @Override
        public double sample(RandomGenerator random) {
            return Math.min(max, Math.max(min, random.nextGaussian(mean, stddev)));
        }

        @Override
        public long sampleWhole(RandomGenerator random) {
            long lo = whole(this, min);
            long hi = whole(this, max);
            return Math.min(hi, Math.max(lo, Math.round(random.nextGaussian(mean, stddev))));
        }

        @Override
        public boolean isWhole() {
            return isWholeNumber(min) && isWholeNumber(max);
        }

        @Override
        public String toString() {
            return "normal with mean " + number(mean) + " and standard deviation " + number(stddev) + ", within "
                    + number(min) + " to " + number(max);
        }
    }

    /**
     * One of a list of values, each with the same chance.
     *
     * @param values at least one, each finite
     */
    record Choice(List<Double> values) implements Distribution {
        /**
         * Checks and copies the values.
         *
         * @param values at least one, each finite
         */
        public Choice {
            Limits.checkNotNull("Choice.values", values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Choice.values must not be empty");
            }
            for (int i = 0; i < values.size(); i++) {
                Limits.checkNotNull("Choice.values[" + i + "]", values.get(i));
                finite("Choice.values[" + i + "]", values.get(i));
            }
            values = ImmutableList.copyOf(values);
        }

        @Override
        public double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        @Override
        public double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        @Override
        public double sample(RandomGenerator random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public long sampleWhole(RandomGenerator random) {
            return whole(this, sample(random));
        }

        @Override
        public boolean isWhole() {
            return values.stream().allMatch(Distribution::isWholeNumber);
        }

        @Override
        public String toString() {
            return "one of "
                    + String.join(
                            ", ", values.stream().map(Distribution::number).toList());
        }
    }

    private static void finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number, got " + value);
        }
    }

    /**
     * A number for people: {@code 3} rather than {@code 3.0}.
     *
     * @param v the number
     * @return its shortest text
     */
    static String number(double v) {
        return isWholeNumber(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static boolean isWholeNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) <= (1L << 53);
    }

    private static long whole(Distribution d, double v) {
        if (!isWholeNumber(v)) {
            throw new IllegalArgumentException(
                    "a whole-number parameter needs whole-number bounds or values, got " + d);
        }
        return (long) v;
    }
}
