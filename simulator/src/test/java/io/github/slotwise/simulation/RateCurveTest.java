package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RateCurve} reads a rate in nanoseconds, a piecewise-linear one with a cursor: it must give
 * {@link InputRate#at}'s value to the bit whatever order the times come in (forward, as the
 * integration asks, or back), with steps (equal times), before the first point and after the last;
 * and a stretch it calls quiet must be one where the rate is never above the capacity.
 */
class RateCurveTest {
    private static final long SEED = 20261205;

    @Test
    void aPiecewiseLinearRateGivesTheRatesOwnValueToTheBitInAnyOrder() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < 300; c++) {
            List<InputRate.Point> points = new ArrayList<>();
            long t = random.nextLong(0, 5_000_000_000L);
            int n = 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                points.add(new InputRate.Point(Duration.ofNanos(t), random.nextDouble() * 10_000));
                t += random.nextInt(4) == 0 ? 0 : random.nextLong(1, 3_000_000_000L); // a step now and then
            }
            InputRate rate = new InputRate.PiecewiseLinear(points);
            RateCurve curve = RateCurve.of(rate);
            long now = 0;
            for (int q = 0; q < 500; q++) {
                now = switch (random.nextInt(5)) {
                    case 0 -> random.nextLong(0, t + 10_000_000_000L); // anywhere, also back
                    case 1 -> points.get(random.nextInt(n)).at().toNanos(); // on a point
                    default -> now + random.nextLong(0, 2_000_000_000L); // forward
                };
                assertSameBits(rate, curve, now, "case " + c + ", query " + q);
            }
        }
    }

    @Test
    void aSineWaveAndAConstantGiveTheRatesOwnValueToTheBit() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int c = 0; c < 200; c++) {
            InputRate rate = random.nextBoolean()
                    ? new InputRate.Constant(random.nextDouble() * 1e6)
                    : sine(
                            random.nextDouble() * 1e5,
                            random.nextDouble(),
                            Duration.ofNanos(random.nextLong(1, 86_400_000_000_000L)),
                            Duration.ofNanos(random.nextLong(0, 86_400_000_000_000L)));
            RateCurve curve = RateCurve.of(rate);
            for (int q = 0; q < 200; q++) {
                assertSameBits(rate, curve, random.nextLong(0, 7 * 86_400_000_000_000L), "case " + c);
            }
        }
    }

    @Test
    void aQuietStretchNeverHasTheRateAboveTheCapacity() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        int quietSomewhere = 0;
        for (int c = 0; c < 300; c++) {
            InputRate rate = randomRate(random);
            RateCurve curve = RateCurve.of(rate);
            for (int q = 0; q < 50; q++) {
                long from = random.nextLong(0, 20_000_000_000L);
                long limit = from + random.nextLong(0, 20_000_000_000L);
                double capacity = random.nextDouble() * 12_000;
                long quiet = curve.quietUntil(from, limit, capacity);
                assertThat(quiet).as("case %d", c).isBetween(from, limit);
                if (quiet > from) {
                    quietSomewhere++;
                }
                for (int probe = 0; probe < 40 && quiet > from; probe++) {
                    long x = random.nextLong(from, quiet);
                    assertThat(rate.at(Duration.ofNanos(x)))
                            .as("case %d: %s at %d ns, quiet from %d to %d", c, rate, x, from, quiet)
                            .isLessThanOrEqualTo(capacity);
                }
            }
        }
        assertThat(quietSomewhere).as("stretches found quiet").isGreaterThan(1000);
    }

    /** What the backlog's cache of the last quiet stretch relies on. */
    @Test
    void fromAnyTimeInAQuietStretchTheCurveFindsTheSameEndOrTheLimit() {
        SplittableRandom random = new SplittableRandom(SEED + 4);
        int inside = 0;
        for (int c = 0; c < 300; c++) {
            InputRate rate = c % 7 == 0
                    ? sine(random.nextDouble() * 1e4, random.nextDouble(), Duration.ofHours(6), Duration.ZERO)
                    : randomRate(random);
            for (int q = 0; q < 30; q++) {
                double capacity = random.nextDouble() * 12_000;
                long from = random.nextLong(0, 20_000_000_000L);
                long end = RateCurve.of(rate).quietUntil(from, Long.MAX_VALUE, capacity);
                assertThat(end).isGreaterThanOrEqualTo(from);
                for (int probe = 0; probe < 10; probe++) {
                    long a = end > from && probe > 0 ? random.nextLong(from, end) : from;
                    long limit = a + random.nextLong(0, 30_000_000_000L);
                    RateCurve curve = RateCurve.of(rate); // a fresh cursor, and one moved about
                    curve.at(random.nextLong(0, 20_000_000_000L));
                    assertThat(curve.quietUntil(a, limit, capacity))
                            .as(
                                    "case %d: %s at capacity %s, from %d (quiet from %d to %d), limit %d",
                                    c, rate, capacity, a, from, end, limit)
                            .isEqualTo(Math.min(end, limit));
                    if (a > from) {
                        inside++;
                    }
                }
            }
        }
        assertThat(inside).isGreaterThan(1000);
    }

    @Test
    void aSumOfRatesIsTheSumOfTheRatesOwnValuesAddedOneByOneToTheBit() {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        for (int c = 0; c < 300; c++) {
            InputRate rate = c % 5 == 0
                    ? sine(random.nextDouble() * 1e5, random.nextDouble(), Duration.ofHours(6), Duration.ZERO)
                    : randomRate(random);
            RateCurve curve = RateCurve.of(rate);
            long t0 = 0;
            double sum = random.nextDouble() * 1e6;
            double expected = sum;
            for (int q = 0; q < 30; q++) {
                // forward mostly, as the backlog asks, and back now and then
                t0 = random.nextInt(6) == 0
                        ? random.nextLong(0, 20_000_000_000L)
                        : t0 + random.nextLong(0, 3_000_000_000L);
                long stride = 1 + random.nextLong(0, 1_500_000_000L);
                int count = random.nextInt(40);
                double dt = random.nextDouble() * 3;
                for (int k = 0; k < count; k++) {
                    expected += rate.at(Duration.ofNanos(t0 + k * stride)) * dt;
                }
                sum = curve.sum(sum, t0, stride, count, dt);
                assertThat(Double.doubleToRawLongBits(sum))
                        .as("case %d, run %d: %s from %d ns every %d ns, %d times", c, q, rate, t0, stride, count)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
                t0 += (long) count * stride;
            }
        }
    }

    /**
     * A stretch {@link RateCurve#inBandUntil} vouches for has every rate in the band, checked at random
     * times and at every point, with bands whose edges are near the curve's own values (where the
     * widening matters); {@link RateCurve#nextPointAfter} is the next point's time.
     */
    @Test
    void aStretchInTheBandHasEveryRateInTheBand() {
        SplittableRandom random = new SplittableRandom(SEED + 6);
        int found = 0;
        int cut = 0;
        for (int c = 0; c < 400; c++) {
            InputRate rate = c % 6 == 0
                    ? sine(random.nextDouble() * 1e4, random.nextDouble() * 0.3, Duration.ofHours(6), Duration.ZERO)
                    : c % 11 == 0 ? new InputRate.Constant(random.nextDouble() * 1e4) : randomRate(random);
            RateCurve curve = RateCurve.of(rate);
            for (int q = 0; q < 40; q++) {
                long from = random.nextLong(0, 20_000_000_000L);
                long limit = from + random.nextLong(0, 30_000_000_000L);
                double middle = rate.at(Duration.ofNanos(from));
                double lo = middle * (1 - random.nextDouble() * random.nextDouble());
                double hi = middle * (1 + random.nextDouble() * random.nextDouble());
                RateCurve.Band band = r -> r >= lo && r <= hi;
                long grain = random.nextBoolean() ? 1 : random.nextLong(1, 3_000_000_000L);
                long end = curve.inBandUntil(from, limit, grain, band);
                assertThat(end).as("case %d", c).isBetween(from, limit);
                if (end > from) {
                    found++;
                    if (end < limit) {
                        cut++;
                    }
                }
                List<Long> probes = new ArrayList<>();
                for (int probe = 0; probe < 30 && end > from; probe++) {
                    probes.add(random.nextLong(from, end));
                }
                if (rate instanceof InputRate.PiecewiseLinear p) {
                    for (InputRate.Point point : p.points()) {
                        long x = point.at().toNanos();
                        if (x >= from && x < end) {
                            probes.add(x);
                        }
                    }
                }
                for (long x : probes) {
                    assertThat(rate.at(Duration.ofNanos(x)))
                            .as("case %d: %s at %d ns, in [%s, %s] from %d to %d", c, rate, x, lo, hi, from, end)
                            .isBetween(lo, hi);
                }
                long next = curve.nextPointAfter(from, limit);
                assertThat(next).isBetween(from, limit);
                if (rate instanceof InputRate.PiecewiseLinear p) {
                    long expected = p.points().stream()
                            .mapToLong(x -> x.at().toNanos())
                            .filter(x -> x > from)
                            .min()
                            .orElse(Long.MAX_VALUE);
                    assertThat(next).isEqualTo(Math.min(expected, limit));
                }
            }
        }
        assertThat(found).as("stretches found in the band").isGreaterThan(2000);
        assertThat(cut).as("stretches cut short").isGreaterThan(500);
    }

    /** A sine wave whose amplitude is a fraction of its mean (the rate never goes below 0). */
    private static InputRate sine(double mean, double fraction, Duration period, Duration phase) {
        return new InputRate.SineWave(mean, mean * fraction, period, phase);
    }

    private static InputRate randomRate(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return new InputRate.Constant(random.nextDouble() * 10_000);
        }
        List<InputRate.Point> points = new ArrayList<>();
        long t = random.nextLong(0, 5_000_000_000L);
        int n = 1 + random.nextInt(10);
        for (int i = 0; i < n; i++) {
            points.add(new InputRate.Point(Duration.ofNanos(t), random.nextDouble() * 10_000));
            t += random.nextInt(4) == 0 ? 0 : random.nextLong(1, 3_000_000_000L);
        }
        return new InputRate.PiecewiseLinear(points);
    }

    private static void assertSameBits(InputRate rate, RateCurve curve, long at, String what) {
        double expected = rate.at(Duration.ofNanos(at));
        assertThat(Double.doubleToRawLongBits(curve.at(at)))
                .as("%s at %d ns: %s", what, at, rate)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }
}
