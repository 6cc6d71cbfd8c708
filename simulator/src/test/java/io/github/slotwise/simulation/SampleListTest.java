package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's column-by-column list of samples is, as a list, the immutable list of the same
 * samples: same elements, equal both ways, same hash code and text, and it cannot be changed.
 */
class SampleListTest {

    @Test
    void itIsTheImmutableListOfTheSameSamples() {
        SplittableRandom random = new SplittableRandom(16);
        for (int c = 0; c < 50; c++) {
            int n = random.nextInt(0, 200);
            List<LoadFigures.Sample> expected = new ArrayList<>();
            Instant start = Instant.ofEpochSecond(random.nextLong(0, 2_000_000_000L), random.nextInt(1_000_000_000));
            long interval = random.nextLong(1, 20_000_000_000L);
            SampleList.Builder builder = new SampleList.Builder(start, interval, random.nextInt(0, 4));
            InputRate rate = rate(random, n * interval);
            for (int i = 0; i < n; i++) {
                Instant t = start.plusNanos(i * interval);
                // the figures of the steps mostly as in the sample before (runs), now and then one changed
                LoadFigures.Sample before = expected.isEmpty() || random.nextInt(4) == 0 ? null : expected.get(i - 1);
                int change = random.nextInt(6);
                LoadFigures.Sample s = new LoadFigures.Sample(
                        t,
                        rate.at(Duration.ofNanos(i * interval)),
                        before != null && change != 0
                                ? before.capacity()
                                : random.nextBoolean()
                                        ? (random.nextBoolean() ? 0.0 : -0.0)
                                        : random.nextDouble() * 1e4,
                        random.nextDouble() < 0.3 ? 0 : random.nextDouble() * 1e7,
                        before != null && change != 1 ? before.taskManagers() : random.nextInt(0, 20),
                        before != null && change != 2 ? before.desiredTaskManagers() : random.nextInt(0, 20),
                        before != null && change != 3 ? before.slotsUsed() : random.nextInt(0, 40),
                        before != null && change != 4
                                ? before.bottleneck()
                                : random.nextBoolean() ? Optional.empty() : Optional.of("v" + random.nextInt(3)));
                expected.add(s);
                builder.add(
                        Duration.between(start, s.time()).toNanos(),
                        s.capacity(),
                        s.backlog(),
                        s.taskManagers(),
                        s.desiredTaskManagers(),
                        s.slotsUsed(),
                        s.bottleneck());
            }
            SampleList list = builder.build(rate);
            List<LoadFigures.Sample> copy = ImmutableList.copyOf(expected);
            assertThat(list).hasSize(n).containsExactlyElementsOf(expected);
            assertThat(list).isEqualTo(copy);
            assertThat(copy).isEqualTo(list);
            assertThat(list.hashCode()).isEqualTo(copy.hashCode());
            assertThat(list.toString()).isEqualTo(copy.toString());
            assertThat(new LoadFigures(list, 1, start, 2, 3, 4, 5, 6, 7, 8, Optional.empty()))
                    .isEqualTo(new LoadFigures(expected, 1, start, 2, 3, 4, 5, 6, 7, 8, Optional.empty()));
            assertThatThrownBy(() -> list.add(null)).isInstanceOf(UnsupportedOperationException.class);
            if (n > 0) {
                assertThatThrownBy(() -> list.set(0, list.get(0))).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
                assertThat(list.subList(0, n / 2)).isEqualTo(copy.subList(0, n / 2));
            }
            assertThatThrownBy(() -> list.get(n)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    /** A rate over {@code [0, span]}: constant, a sine wave, or a few points, some between samples. */
    private static InputRate rate(SplittableRandom random, long span) {
        switch (random.nextInt(3)) {
            case 0:
                return new InputRate.Constant(random.nextDouble() * 1e4);
            case 1:
                return new InputRate.SineWave(
                        5000,
                        3000,
                        Duration.ofNanos(random.nextLong(1, span + 2)),
                        Duration.ofNanos(random.nextLong(0, 1000)));
            default:
                List<InputRate.Point> points = new ArrayList<>();
                long at = random.nextLong(0, span / 4 + 1);
                for (int k = random.nextInt(1, 8); k > 0; k--) {
                    points.add(new InputRate.Point(Duration.ofNanos(at), random.nextDouble() * 1e4));
                    at += random.nextLong(0, span / 3 + 2);
                }
                return new InputRate.PiecewiseLinear(points);
        }
    }

    @Test
    void samplesComeAtTheInterval() {
        SampleList.Builder builder = new SampleList.Builder(Instant.EPOCH, 10, 1);
        builder.add(0, 0, 0, 1, 1, 0, Optional.empty());
        assertThatThrownBy(() -> builder.add(11, 0, 0, 1, 1, 0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample 1 at 11 ns, not at 1 x 10 ns");
    }
}
