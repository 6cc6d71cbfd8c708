package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.simulation.Autoscaler.ChangeLimit;
import io.github.slotwise.simulation.Autoscaler.Hpa;
import io.github.slotwise.simulation.Autoscaler.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fleet's primitive HPA gives what {@link Hpa#evaluate} gives, sync after sync. */
class HpaRunTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Hpa> hpas() {
        Hpa base = Autoscaler.hpa(0.7, 1, 15);
        return List.of(
                base,
                base.withMetric(Metric.BUSY, 0.6),
                base.withMetric(Metric.LAG, 5_000),
                base.withStabilization(Duration.ofSeconds(45), Duration.ofSeconds(120)),
                base.withStabilization(Duration.ZERO, Duration.ZERO),
                base.withLimits(
                        Optional.of(new ChangeLimit(2, Duration.ofMinutes(1))),
                        Optional.of(new ChangeLimit(1, Duration.ofMinutes(3)))),
                base.withLimits(Optional.empty(), Optional.of(new ChangeLimit(3, Duration.ofSeconds(30))))
                        .withMetric(Metric.LAG, 1_000),
                new Hpa(
                        Metric.UTILIZATION,
                        0.5,
                        0,
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(10),
                        Optional.of(new ChangeLimit(1, Duration.ofSeconds(15))),
                        Optional.empty(),
                        2,
                        40,
                        Duration.ofSeconds(10)));
    }

    @Test
    void everySyncGivesTheSameNumberAndExplanationAsEvaluate() {
        SplittableRandom random = new SplittableRandom(16);
        for (Hpa hpa : hpas()) {
            for (int run = 0; run < 20; run++) {
                int initial = random.nextInt(0, 8);
                Autoscaler.State state = Autoscaler.State.initial(initial);
                HpaRun fast = HpaRun.of(hpa, initial);
                assertThat(fast).isNotNull();
                long period = hpa.syncPeriod().toNanos();
                long t = 0;
                double rate = random.nextDouble(0, 10_000);
                double backlog = 0;
                for (int sync = 0; sync < 400; sync++) {
                    // mostly a slow walk, sometimes a jump; sometimes undeployed or nobody present
                    rate = random.nextInt(10) == 0
                            ? random.nextDouble(0, 20_000)
                            : Math.max(0, rate + random.nextGaussian() * 300);
                    backlog = random.nextInt(4) == 0 ? 0 : Math.max(0, backlog + random.nextGaussian() * 3_000);
                    boolean deployed = random.nextInt(8) != 0;
                    double capacity = deployed ? 1000 * random.nextInt(1, 20) : 0;
                    int present = random.nextInt(12) == 0 ? 0 : random.nextInt(1, 20);
                    int busy = random.nextInt(0, present + 1);
                    Instant now = START.plusNanos(t);
                    Autoscaler.Evaluation e = hpa.evaluate(
                            state,
                            new Autoscaler.Observation(
                                    now,
                                    rate,
                                    deployed ? OptionalDouble.of(capacity) : OptionalDouble.empty(),
                                    backlog,
                                    present,
                                    busy));
                    String why = fast.sync(t, rate, deployed, capacity, backlog, present, busy);
                    assertThat(Optional.ofNullable(why))
                            .as("%s sync %d", hpa, sync)
                            .isEqualTo(e.explanation());
                    assertThat(fast.desired()).as("%s sync %d", hpa, sync).isEqualTo(e.desired());
                    state = e.state();
                    // syncs on the period, now and then one late by a fraction of it
                    t += period + (random.nextInt(10) == 0 ? random.nextLong(1, period) : 0);
                }
            }
        }
    }

    /**
     * At the edge of the tolerance the quick check (a product of kept reciprocals) must answer only when
     * the exact quotient agrees: rates drawn to put the average at the target times {@code 1 ±
     * tolerance}, off by a few roundings to a millionth, each sync compared with {@link Hpa#evaluate}
     * without stabilization (so a wrong answer changes the number).
     */
    @Test
    void theQuickToleranceCheckAnswersOnlyWhenTheExactArithmeticAgrees() {
        SplittableRandom random = new SplittableRandom(17);
        double[] offsets = {0, 1e-16, -1e-16, 3e-16, -3e-16, 1e-13, -1e-13, 1e-12, -1e-12, 2e-12, -2e-12, 1e-9, -1e-9};
        long quick = 0;
        long syncs = 0;
        for (int c = 0; c < 300; c++) {
            double tolerance = random.nextInt(4) == 0 ? 0.1 : random.nextDouble(1e-6, 0.49);
            double target = random.nextInt(3) == 0 ? 0.7 : random.nextDouble(0.01, 5);
            Hpa hpa = new Hpa(
                    Metric.UTILIZATION,
                    target,
                    tolerance,
                    Duration.ZERO,
                    Duration.ZERO,
                    Optional.empty(),
                    Optional.empty(),
                    1,
                    1000,
                    Duration.ofSeconds(15));
            int current = random.nextInt(1, 200);
            for (int k = 0; k < 200; k++) {
                double capacity = random.nextInt(2) == 0 ? 1000 * random.nextInt(1, 40) : random.nextDouble(1, 1e6);
                int present = random.nextInt(1, 300);
                int busy = random.nextInt(1, present + 1);
                double edge = random.nextBoolean() ? 1 + tolerance : 1 - tolerance;
                double at = random.nextInt(5) == 0 ? random.nextDouble(0.4, 1.6) : edge;
                double rate = (at + offsets[random.nextInt(offsets.length)]) * target * capacity * present / busy;
                HpaRun fast = HpaRun.of(hpa, current);
                Autoscaler.Evaluation e = hpa.evaluate(
                        Autoscaler.State.initial(current),
                        new Autoscaler.Observation(START, rate, OptionalDouble.of(capacity), 0, present, busy));
                String why = fast.sync(0, rate, true, capacity, 0, present, busy);
                assertThat(Optional.ofNullable(why)).isEqualTo(e.explanation());
                assertThat(fast.desired()).isEqualTo(e.desired());
                quick += fast.quickSyncs();
                syncs++;
            }
        }
        // the check answers often, and leaves the close calls to the exact arithmetic
        assertThat(quick).isBetween(syncs / 10, syncs * 9 / 10);
    }

    /**
     * A sync {@link HpaRun#quietSync} takes leaves the run as {@link HpaRun#sync} would: two runs over
     * the same syncs, one taking every sync in full and one trying the quiet sync first, give the same
     * number and explanation at every sync, on rate curves whose pieces hover about the tolerance's
     * edges, with the capacity, the TaskManagers and the deployment changing now and then (a stretch
     * found for old inputs must not be used for new ones).
     */
    @Test
    void aQuietSyncChangesNothingAFullSyncWouldNot() {
        SplittableRandom random = new SplittableRandom(18);
        long quiet = 0;
        long syncs = 0;
        for (Hpa hpa : hpas()) {
            for (int run = 0; run < 30; run++) {
                long period = hpa.syncPeriod().toNanos();
                int syncCount = 600;
                double capacity = 1000 * random.nextInt(1, 20);
                int initial = random.nextInt(1, 12);
                // points every few syncs, where the average is at the target or 1 ± the tolerance of it,
                // or where total / target is near a whole number (the ceiling's edges), give or take
                List<InputRate.Point> points = new ArrayList<>();
                for (long t = 0;
                        t < period * syncCount;
                        t += period * random.nextLong(1, 12) + random.nextLong(0, period)) {
                    double at =
                            switch (random.nextInt(8)) {
                                case 0 -> 1 + hpa.tolerance();
                                case 1 -> 1 - hpa.tolerance();
                                case 2 -> (initial + random.nextInt(-2, 2)) / (double) initial;
                                default -> 1;
                            };
                    double spread = random.nextInt(4) == 0 ? 1e-12 : 0.02;
                    points.add(new InputRate.Point(
                            Duration.ofNanos(t),
                            Math.max(0, hpa.target() * capacity * (at + (random.nextDouble() * 2 - 1) * spread))));
                }
                InputRate rate = new InputRate.PiecewiseLinear(points);
                RateCurve curve = RateCurve.of(rate);
                HpaRun full = HpaRun.of(hpa, initial);
                HpaRun fast = HpaRun.of(hpa, initial);
                int present = initial;
                int busy = initial;
                boolean deployed = true;
                long t = 0;
                for (int sync = 0; sync < syncCount; sync++) {
                    // as a fleet: mostly the TaskManagers wanted, all busy; now and then not, or another capacity
                    present = random.nextInt(10) == 0 ? random.nextInt(0, 20) : full.desired();
                    busy = random.nextInt(5) == 0 ? random.nextInt(0, present + 1) : present;
                    if (random.nextInt(150) == 0) {
                        capacity = random.nextBoolean() ? 1000 * random.nextInt(1, 20) : capacity * (1 + 1e-15);
                    }
                    if (random.nextInt(200) == 0) {
                        deployed = !deployed;
                    }
                    double r = rate.at(Duration.ofNanos(t));
                    double backlog = random.nextDouble() * 1000;
                    String expected = full.sync(t, r, deployed, capacity, backlog, present, busy);
                    String got = fast.quietSync(t, curve, deployed, capacity, present, busy)
                            ? null
                            : fast.sync(t, r, deployed, capacity, backlog, present, busy);
                    assertThat(got).as("%s run %d sync %d", hpa, run, sync).isEqualTo(expected);
                    assertThat(fast.desired())
                            .as("%s run %d sync %d", hpa, run, sync)
                            .isEqualTo(full.desired());
                    if (hpa.metric() == Metric.UTILIZATION && hpa.tolerance() > 0) {
                        syncs++; // a sync a quiet sync may take
                    }
                    t += period + (random.nextInt(10) == 0 ? random.nextLong(1, period) : 0);
                }
                quiet += fast.quietSyncs();
            }
        }
        // the quiet syncs are many, but not all
        assertThat(quiet).isBetween(syncs / 5, syncs * 9 / 10);
    }

    @Test
    void onlyABuiltInHpaWithBoundedWindowsRunsOnPrimitives() {
        assertThat(HpaRun.of(Autoscaler.fixed(3), 3)).isNull();
        assertThat(HpaRun.of(Autoscaler.BusyTime.withDefaults(1, 5), 1)).isNull();
        Hpa forever = Autoscaler.hpa(0.7, 1, 5).withStabilization(Duration.ZERO, Duration.ofDays(100_000));
        assertThat(HpaRun.of(forever, 1)).isNull();
        assertThat(HpaRun.of(Autoscaler.hpa(0.7, 1, 5), 1)).isNotNull();
    }
}
