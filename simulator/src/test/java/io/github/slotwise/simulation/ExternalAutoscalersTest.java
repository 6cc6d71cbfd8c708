package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.simulation.Autoscaler.BusyTime;
import io.github.slotwise.simulation.Autoscaler.Evaluation;
import io.github.slotwise.simulation.Autoscaler.KedaLag;
import io.github.slotwise.simulation.Autoscaler.Observation;
import io.github.slotwise.simulation.Autoscaler.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** KEDA's lag trigger and the busy-time rule, against values computed by hand. */
class ExternalAutoscalersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Deployed at capacity 1000 records/s, all present TaskManagers busy. */
    private static Observation seen(long second, double rate, double backlog, int taskManagers) {
        return new Observation(
                T0.plusSeconds(second), rate, OptionalDouble.of(1000), backlog, taskManagers, taskManagers);
    }

    private static KedaLag keda(int min, Optional<Integer> partitions) {
        return new KedaLag(1000, 100, partitions, Duration.ofSeconds(300), min, 20, Duration.ofSeconds(30));
    }

    @Test
    void kedaWantsCeilLagOverThresholdTaskManagers() {
        // 4500 / 1000 = 4.5 -> 5; the average 2250 per TaskManager is far from the 1000 target
        Evaluation e = keda(0, Optional.empty()).evaluate(State.initial(2), seen(0, 500, 4500, 2));
        assertThat(e.desired()).isEqualTo(5);
        assertThat(e.explanation().orElseThrow()).startsWith("keda hpa: lag").endsWith("2 -> 5 TaskManager(s)");
        // 2050 over 2: average 1025, within the 0.1 tolerance of 1000: no change
        assertThat(keda(0, Optional.empty())
                        .evaluate(State.initial(2), seen(0, 500, 2050, 2))
                        .desired())
                .isEqualTo(2);
    }

    @Test
    void kedaActivatesFromZeroAboveTheActivationThresholdOnly() {
        KedaLag k = keda(0, Optional.empty());
        Observation quiet = new Observation(T0, 50, OptionalDouble.empty(), 100, 0, 0);
        assertThat(k.evaluate(State.initial(0), quiet).desired()).isZero(); // 100 is not above 100
        Observation lagging = new Observation(T0, 50, OptionalDouble.empty(), 101, 0, 0);
        Evaluation e = k.evaluate(State.initial(0), lagging);
        assertThat(e.desired()).isEqualTo(1);
        assertThat(e.explanation().orElseThrow())
                .isEqualTo("keda: lag 101 > activation threshold 100: activate: 0 -> 1 TaskManager(s)");
    }

    @Test
    void kedaScalesToZeroAfterTheCooldownSinceItWasLastActive() {
        KedaLag k = keda(0, Optional.empty());
        State s = k.evaluate(State.initial(1), seen(0, 500, 800, 1)).state(); // active at 0 s
        assertThat(s.desired()).isEqualTo(1);
        s = k.evaluate(s, seen(30, 500, 0, 1)).state(); // inactive from 30 s
        assertThat(k.evaluate(s, seen(270, 500, 0, 1)).desired()).isEqualTo(1); // 270 s since active
        Evaluation zero = k.evaluate(s, seen(300, 500, 0, 1));
        assertThat(zero.desired()).isZero();
        assertThat(zero.explanation().orElseThrow()).contains("for 5 min: scale to zero");
        // with minTaskManagers 1 it never goes to zero
        assertThat(keda(1, Optional.empty()).evaluate(s, seen(3000, 500, 0, 1)).desired())
                .isEqualTo(1);
    }

    @Test
    void kedaAsksForNoMoreTaskManagersThanPartitions() {
        // 9000 / 1000 = 9, but 6 partitions: 6
        Evaluation e = keda(0, Optional.of(6)).evaluate(State.initial(2), seen(0, 500, 9000, 2));
        assertThat(e.desired()).isEqualTo(6);
        assertThat(e.explanation().orElseThrow()).contains("at most 6 (one per partition)");
    }

    @Test
    void busyTimeMultipliesUpOnLoadAndDownWhenIdle() {
        BusyTime b = BusyTime.withDefaults(1, 20);
        // utilization 0.9 > 0.8: ceil(4 x 1.5) = 6
        Evaluation up = b.evaluate(State.initial(4), seen(0, 900, 0, 4));
        assertThat(up.desired()).isEqualTo(6);
        assertThat(up.explanation().orElseThrow())
                .isEqualTo("busy-time: busy 0.900 > 0.800, x1.50: 4 -> 6 TaskManager(s)");
        // from 1: ceil(1.5) = 2
        assertThat(b.evaluate(State.initial(1), seen(0, 900, 0, 1)).desired()).isEqualTo(2);
        // idle, 0.05 < 0.1 and no lag: floor(4 x 0.75) = 3; from 1: 0, bounded to 1
        assertThat(b.evaluate(State.initial(4), seen(0, 50, 0, 4)).desired()).isEqualTo(3);
        assertThat(b.evaluate(State.initial(1), seen(0, 50, 0, 1)).desired()).isEqualTo(1);
        // between the thresholds: nothing
        assertThat(b.evaluate(State.initial(4), seen(0, 500, 0, 4)).explanation())
                .isEmpty();
        // not deployed: nothing
        Observation notDeployed = new Observation(T0, 900, OptionalDouble.empty(), 0, 4, 0);
        assertThat(b.evaluate(State.initial(4), notDeployed).desired()).isEqualTo(4);
    }

    @Test
    void busyTimeRespectsItsCooldown() {
        BusyTime b = BusyTime.withDefaults(1, 20);
        State s = b.evaluate(State.initial(4), seen(0, 900, 0, 4)).state(); // 4 -> 6 at 0 s
        assertThat(b.evaluate(s, seen(59, 900, 0, 6)).desired()).isEqualTo(6); // within 60 s
        assertThat(b.evaluate(s, seen(60, 900, 0, 6)).desired()).isEqualTo(9); // ceil(6 x 1.5)
    }

    @Test
    void busyTimeScalesUpOnAGrowingLagItRemembers() {
        // busyAbove 1: busy (1 with a backlog) never exceeds it, so only the lag rule acts
        BusyTime b = new BusyTime(1, 1.5, 1.3, 0.1, 0.75, Duration.ZERO, 1, 20, Duration.ofSeconds(15));
        State s = b.evaluate(State.initial(10), seen(0, 1200, 3000, 10)).state();
        assertThat(s.desired()).isEqualTo(10); // nothing to compare with yet
        assertThat(s.recalled("busy-time.previousLag")).hasValue(3000);
        Evaluation grew = b.evaluate(s, seen(15, 1200, 6000, 10));
        assertThat(grew.desired()).isEqualTo(13); // ceil(10 x 1.3) = 13
        assertThat(grew.explanation().orElseThrow()).contains("lag grew 3.00e+03 -> 6.00e+03, x1.30");
        assertThat(b.evaluate(s, seen(15, 1200, 2000, 10)).desired()).isEqualTo(10); // shrinking lag
    }

    @Test
    void badParametersAreRejectedNamingThem() {
        assertThatThrownBy(() -> new KedaLag(0, 0, Optional.empty(), Duration.ZERO, 0, 5, Duration.ofSeconds(30)))
                .hasMessage("KedaLag.lagThreshold must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> new KedaLag(10, 0, Optional.of(0), Duration.ZERO, 0, 5, Duration.ofSeconds(30)))
                .hasMessage("KedaLag.partitions must be >= 1, got 0");
        assertThatThrownBy(() -> new BusyTime(0.8, 1.5, 1.3, 0.9, 0.75, Duration.ZERO, 1, 5, Duration.ofSeconds(15)))
                .hasMessage("BusyTime.idleBelow must be in [0, busyAbove 0.8), got 0.9");
        assertThatThrownBy(() -> new BusyTime(0.8, 1.0, 1.3, 0.1, 0.75, Duration.ZERO, 1, 5, Duration.ofSeconds(15)))
                .hasMessage("BusyTime.scaleUpFactor must be a finite number > 1, got 1.0");
        assertThatThrownBy(() -> State.initial(1).remember("x", Double.NaN))
                .hasMessage("State.memory[x] must be finite, got NaN");
    }
}
