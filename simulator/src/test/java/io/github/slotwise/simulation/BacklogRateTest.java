package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The integration reads a piecewise-linear rate from arrays with a cursor; it must give {@link
 * InputRate#at}'s value to the bit, whatever order the times come in (forward, as the steps do, or
 * back), with steps (equal times), before the first point and after the last.
 */
class BacklogRateTest {
    @Test
    void theCursorGivesTheRatesOwnValueToTheBit() {
        SplittableRandom random = new SplittableRandom(20261205);
        for (int c = 0; c < 300; c++) {
            List<InputRate.Point> points = new ArrayList<>();
            long t = random.nextLong(0, 5_000_000_000L);
            int n = 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                points.add(new InputRate.Point(Duration.ofNanos(t), random.nextDouble() * 10_000));
                t += random.nextInt(4) == 0 ? 0 : random.nextLong(1, 3_000_000_000L); // a step now and then
            }
            InputRate.PiecewiseLinear rate = new InputRate.PiecewiseLinear(points);
            Backlog.RateInNanos fast = Backlog.RateInNanos.of(rate);
            long now = 0;
            for (int q = 0; q < 500; q++) {
                now = switch (random.nextInt(5)) {
                    case 0 -> random.nextLong(0, t + 10_000_000_000L); // anywhere, also back
                    case 1 -> points.get(random.nextInt(n)).at().toNanos(); // on a point
                    default -> now + random.nextLong(0, 2_000_000_000L); // forward
                };
                double expected = rate.at(Duration.ofNanos(now));
                assertThat(Double.doubleToRawLongBits(fast.at(now)))
                        .as("case %d, query %d at %d ns", c, q, now)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
            }
        }
    }
}
