package io.github.slotwise.simulation;

import static io.github.slotwise.simulation.Traces.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.simulation.Autoscaler.ChangeLimit;
import io.github.slotwise.simulation.Autoscaler.Evaluation;
import io.github.slotwise.simulation.Autoscaler.Hpa;
import io.github.slotwise.simulation.Autoscaler.Metric;
import io.github.slotwise.simulation.Autoscaler.Observation;
import io.github.slotwise.simulation.Autoscaler.State;
import io.github.slotwise.simulation.Autoscaler.Threshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Hand-computed evaluations: capacity 1000 records/s, so the utilization is the rate / 1000. */
class AutoscalerTest {

    /** The job deployed on {@code busy} of {@code present} TaskManagers at a utilization, no backlog. */
    private static Observation seen(long second, double utilization, int present, int busy) {
        return new Observation(at(second), utilization * 1000, OptionalDouble.of(1000), 0, present, busy);
    }

    private static Observation seen(long second, double utilization, int taskManagers) {
        return seen(second, utilization, taskManagers, taskManagers);
    }

    /** Evaluates every 15 s from {@code from}, with the utilization at each sync, and returns the desired counts. */
    private static List<Integer> run(Autoscaler a, State start, long from, double... utilizations) {
        List<Integer> desired = new ArrayList<>();
        State state = start;
        for (int i = 0; i < utilizations.length; i++) {
            Evaluation e = a.evaluate(state, seen(from + 15L * i, utilizations[i], state.desired()));
            state = e.state();
            desired.add(e.desired());
        }
        return desired;
    }

    // ---- the HPA ---------------------------------------------------------------------------------

    @Test
    void hpaKeepsTheCountWithinTheToleranceAndOtherwiseScalesByTheRatio() {
        Hpa hpa = Autoscaler.hpa(0.7, 1, 15);
        State four = State.initial(4);
        // 0.75 / 0.7 = 1.071: within 0.1
        assertThat(hpa.evaluate(four, seen(0, 0.75, 4)).desired()).isEqualTo(4);
        assertThat(hpa.evaluate(four, seen(0, 0.75, 4)).explanation()).isEmpty();
        // 0.63 / 0.7 = 0.9: just within (|0.9 - 1| = 0.1)
        assertThat(hpa.evaluate(four, seen(0, 0.63, 4)).desired()).isEqualTo(4);
        // 0.78 / 0.7 = 1.114: ceil(4 x 0.78 / 0.7) = ceil(4.457) = 5
        Evaluation up = hpa.evaluate(four, seen(0, 0.78, 4));
        assertThat(up.desired()).isEqualTo(5);
        assertThat(up.explanation().orElseThrow()).contains("utilization 0.780", "recommends 5", "4 -> 5");
        // 1.4: ceil(4 x 2) = 8, exactly (no floating-point 8.000000001 -> 9)
        assertThat(hpa.evaluate(four, seen(0, 1.4, 4)).desired()).isEqualTo(8);
        // beyond maxTaskManagers
        assertThat(hpa.evaluate(four, seen(0, 7, 4)).desired()).isEqualTo(15);
        // the first evaluation has no history: a scale-down is at once
        assertThat(hpa.evaluate(four, seen(0, 0.35, 4)).desired()).isEqualTo(2);
        assertThat(hpa.evaluate(four, seen(0, 0.01, 4)).desired()).isEqualTo(1);
    }

    @Test
    void hpaCountsTaskManagersWithoutTasksAsIdle() {
        Hpa hpa = Autoscaler.hpa(0.5, 1, 15);
        // 6 present, the job runs on 4 at utilization 1.0: the sum is 4 x 1.0, the average 0.667;
        // ceil(4 / 0.5) = 8, not ceil(6 x 1.0 / 0.5) = 12
        assertThat(hpa.evaluate(State.initial(6), seen(0, 1.0, 6, 4)).desired()).isEqualTo(8);
        // the average 3 x 0.8 / 5 = 0.48 is within 0.1 of 0.5: keep
        assertThat(hpa.evaluate(State.initial(5), seen(0, 0.8, 5, 3)).desired()).isEqualTo(5);
        // not deployed: no metric, no recommendation
        Observation notDeployed = new Observation(at(0), 5000, OptionalDouble.empty(), 100, 5, 0);
        Evaluation hold = hpa.evaluate(State.initial(5), notDeployed);
        assertThat(hold.state()).isEqualTo(State.initial(5));
    }

    @Test
    void hpaOnLagTargetsRecordsPerTaskManager() {
        Hpa hpa = Autoscaler.hpa(1, 1, 15).withMetric(Metric.LAG, 10_000);
        Observation lag = new Observation(at(0), 1000, OptionalDouble.empty(), 45_000, 2, 0);
        // 45 000 records / 10 000 per TaskManager: 5
        assertThat(hpa.evaluate(State.initial(2), lag).desired()).isEqualTo(5);
    }

    @Test
    void hpaDelaysAScaleDownUntilTheWindowHoldsNoHigherRecommendation() {
        Hpa hpa = Autoscaler.hpa(0.7, 1, 15);
        // 5 TaskManagers at 0.7 (raw 5) at 0, 15, ..., 120 s; then 0.28: raw ceil(5 x 0.28 / 0.7) = 2
        double[] load = new double[30];
        for (int i = 0; i < load.length; i++) {
            load[i] = i <= 8 ? 0.7 : 0.28;
        }
        List<Integer> desired = run(hpa, State.initial(5), 0, load);
        // the last 5 was recommended at 120 s; it leaves the 300 s window at 420 s (index 28)
        assertThat(desired.subList(0, 28)).containsOnly(5);
        assertThat(desired.get(28)).isEqualTo(2);

        // without the window, at once
        List<Integer> eager = run(hpa.withStabilization(Duration.ZERO, Duration.ZERO), State.initial(5), 0, load);
        assertThat(eager.indexOf(2)).isEqualTo(9);
    }

    @Test
    void hpaScalesDownOnlyToTheHighestRecommendationInTheWindow() {
        Hpa hpa = Autoscaler.hpa(0.7, 1, 15);
        // 6 TaskManagers; raw recommendations 6 at 0 s, 3 at 200 s, 4 at 290 s, 3 at 305 s: at 305 s the
        // 300 s window (5 s, 305 s] holds 3, 4, 3, so the count drops to 4, not 3
        State s = State.initial(6);
        s = hpa.evaluate(s, seen(0, 0.7, 6)).state(); // raw 6 (within tolerance)
        assertThat(s.desired()).isEqualTo(6);
        s = hpa.evaluate(s, seen(200, 0.35, 6)).state(); // raw 3; window max 6
        assertThat(s.desired()).isEqualTo(6);
        s = hpa.evaluate(s, seen(290, 0.4, 6)).state(); // raw ceil(3.43) = 4; window max 6
        assertThat(s.desired()).isEqualTo(6);
        s = hpa.evaluate(s, seen(305, 0.35, 6)).state(); // raw 3; window (5, 305]: 3, 4, 3 -> 4
        assertThat(s.desired()).isEqualTo(4);
        assertThat(s.recommendations())
                .extracting(Autoscaler.Recommendation::taskManagers)
                .containsExactly(3, 4, 3);
    }

    @Test
    void hpaRateLimitsCountTheChangesOfThePastPeriod() {
        Hpa hpa = Autoscaler.hpa(0.5, 1, 20)
                .withLimits(
                        Optional.of(new ChangeLimit(2, Duration.ofSeconds(60))),
                        Optional.of(new ChangeLimit(1, Duration.ofSeconds(30))));
        // 2 TaskManagers at 2.0: raw 8; +2 per 60 s
        State s = State.initial(2);
        List<Integer> desired = new ArrayList<>();
        for (long t = 0; t <= 120; t += 15) {
            Evaluation e = hpa.evaluate(s, seen(t, 2.0 * 2 / s.desired(), s.desired()));
            s = e.state();
            desired.add(s.desired());
        }
        // the sum stays 4 (2 x 2.0): raw 8 every time; +2 at 0, nothing until the change at 0 leaves
        // the 60 s period (at 60 it is at 0 = 60 - 60, not after), +2 at 60, +2 at 120
        assertThat(desired).containsExactly(4, 4, 4, 4, 6, 6, 6, 6, 8);
        Evaluation limited = hpa.evaluate(State.initial(2), seen(0, 2.0, 2));
        assertThat(limited.explanation().orElseThrow()).contains("recommends 8", "rate-limited to 4");

        // down: -1 per 30 s
        Hpa down = hpa.withStabilization(Duration.ZERO, Duration.ZERO);
        State d = State.initial(6);
        List<Integer> counts = new ArrayList<>();
        for (long t = 0; t <= 60; t += 15) {
            d = down.evaluate(d, seen(t, 0.05 * 6 / d.desired(), d.desired())).state();
            counts.add(d.desired());
        }
        assertThat(counts).containsExactly(5, 5, 4, 4, 3);
    }

    // ---- thresholds ------------------------------------------------------------------------------

    @Test
    void thresholdsStepByOneOutsideTheBandAndWaitForTheCooldown() {
        Threshold t = Autoscaler.threshold(Metric.UTILIZATION, 0.8, 0.6, 1, Duration.ofSeconds(60), 1, 5);
        // 0 s: 0.85 > 0.8: 3 -> 4; 15, 30, 45 s: cooling down; 60 s: 0.85 again: 4 -> 5;
        // 75..105: cooldown; 120: 0.85 but at the maximum; 135: 0.7 in the band; 150: 0.5 < 0.6: 5 -> 4;
        // 165: 0.5, cooling down; 210: 0.5: 4 -> 3
        List<Integer> desired = run(
                t,
                State.initial(3),
                0,
                0.85,
                0.85,
                0.85,
                0.85,
                0.85,
                0.85,
                0.85,
                0.85,
                0.85,
                0.7,
                0.5,
                0.5,
                0.5,
                0.5,
                0.5);
        assertThat(desired).containsExactly(4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 3);
        Evaluation e = t.evaluate(State.initial(3), seen(0, 0.85, 3));
        assertThat(e.explanation().orElseThrow())
                .isEqualTo("threshold: utilization 0.850 > 0.800: 3 -> 4 TaskManager(s)");
        assertThat(e.state().lastChange()).contains(at(0));
    }

    @Test
    void thresholdsOnLagCompareRecordsAndAlwaysHaveAValue() {
        Threshold t = Autoscaler.threshold(Metric.LAG, 50_000, 1_000, 2, Duration.ZERO, 1, 10);
        Observation behind = new Observation(at(0), 1000, OptionalDouble.empty(), 80_000, 3, 0);
        Observation caughtUp = new Observation(at(15), 1000, OptionalDouble.of(2000), 0, 5, 5);
        State s = t.evaluate(State.initial(3), behind).state();
        assertThat(s.desired()).isEqualTo(5);
        assertThat(t.evaluate(s, caughtUp).desired()).isEqualTo(3);
    }

    @Test
    void busyIsOneWhileCatchingUp() {
        Observation catchingUp = new Observation(at(0), 500, OptionalDouble.of(1000), 10, 2, 2);
        assertThat(catchingUp.value(Metric.BUSY)).hasValue(1.0);
        assertThat(catchingUp.value(Metric.UTILIZATION)).hasValue(0.5);
        Observation overloaded = new Observation(at(0), 3000, OptionalDouble.of(1000), 0, 2, 2);
        assertThat(overloaded.value(Metric.BUSY)).hasValue(1.0);
        assertThat(overloaded.value(Metric.UTILIZATION)).hasValue(3.0);
    }

    @Test
    void fixedAsksForItsNumber() {
        Evaluation e = Autoscaler.fixed(3).evaluate(State.initial(1), seen(0, 5, 1));
        assertThat(e.desired()).isEqualTo(3);
        assertThat(Autoscaler.fixed(3).evaluate(e.state(), seen(15, 0.1, 3)).explanation())
                .isEmpty();
    }

    @Test
    void badSettingsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Autoscaler.threshold(Metric.UTILIZATION, 0.7, 0.7, 1, Duration.ZERO, 1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaleDownBelow");
        assertThatThrownBy(() -> Autoscaler.hpa(0, 1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Hpa.target");
        assertThatThrownBy(() -> Autoscaler.hpa(0.7, 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Hpa.minTaskManagers");
        assertThatThrownBy(() -> Autoscaler.hpa(0.7, 5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTaskManagers");
        assertThatThrownBy(() -> new ChangeLimit(0, Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ChangeLimit.taskManagers");
        assertThatThrownBy(() -> new Observation(at(0), 1, OptionalDouble.of(1), 0, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("busyTaskManagers");
    }
}
