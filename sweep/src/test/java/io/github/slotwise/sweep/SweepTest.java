package io.github.slotwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import io.github.slotwise.sweep.SweepReport.Difference;
import io.github.slotwise.sweep.SweepReport.Row;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class SweepTest {
    private static final NamedFamily SPOT = Families.byName(Families.SPOT_DAY);
    private static final List<Policy> POLICIES =
            List.of(Policies.byName("flink-2"), Policies.byName("flink-2+keygroup-aware"), Policies.byName("reactive"));
    private static final List<SlotAssigner> ASSIGNERS = List.of(assigner("flink-default"));

    private static SlotAssigner assigner(String name) {
        return Strategies.standard().slotAssigners().find(name).orElseThrow().value();
    }

    @Test
    void theResultAndReportAreTheSameWhateverTheThreads() {
        SweepSpec spec = SweepSpec.of(List.of(SPOT), POLICIES.subList(0, 2), ASSIGNERS, 4);
        AtomicLong heard = new AtomicLong();
        SweepResult one = Sweep.run(spec, 1, (done, total) -> heard.set(Math.max(heard.get(), done)));
        SweepResult three = Sweep.run(spec, 3, Sweep.Listener.NONE);
        assertThat(heard.get()).isEqualTo(spec.simulations()).isEqualTo(8);
        assertThat(three).isEqualTo(one);
        assertThat(three.report(3)).isEqualTo(one.report(1));
        assertThat(three.report(2).csv()).isEqualTo(one.report(1).csv());
    }

    @Test
    void statefulDaysWithStateLocalityAssignersAreTheSameWhateverTheThreads() {
        SweepSpec spec = SweepSpec.of(
                List.of(Families.byName(Families.SPOT_DAY_STATEFUL)),
                POLICIES.subList(0, 1),
                List.of(assigner("flink-default"), assigner("flink-state-locality")),
                2);
        SweepResult one = Sweep.run(spec, 1, Sweep.Listener.NONE);
        assertThat(Sweep.run(spec, 3, Sweep.Listener.NONE)).isEqualTo(one);
        // the assigners differ once state is priced: state-locality moves fewer key groups on each day
        Cell base = new Cell(Families.SPOT_DAY_STATEFUL, "flink-2", "flink-default");
        Cell local = new Cell(Families.SPOT_DAY_STATEFUL, "flink-2", "flink-state-locality");
        for (int k = 0; k < 2; k++) {
            assertThat(one.values(local, Metric.KEY_GROUPS_MOVED).get(k))
                    .isLessThan(one.values(base, Metric.KEY_GROUPS_MOVED).get(k));
        }
    }

    @Test
    void eachFigureIsTheSimulatorsOnTheFamilysSample() {
        SweepSpec spec = SweepSpec.of(List.of(SPOT), POLICIES.subList(1, 3), ASSIGNERS, 2);
        SweepResult result = Sweep.run(spec, 2, Sweep.Listener.NONE);
        for (Policy p : POLICIES.subList(1, 3)) {
            Cell cell = new Cell(SPOT.name(), p.name(), "flink-default");
            for (int k = 0; k < 2; k++) {
                SimulationResult direct = new Simulator()
                        .run(SPOT.graph(), SPOT.family().sample(k), p.decider(), SimulationConfig.defaults());
                for (Metric m : Metric.values()) {
                    assertThat(result.values(cell, m).get(k))
                            .as(p.name() + " " + m + " " + k)
                            .isEqualTo(m.of(direct));
                }
            }
        }
        // the days differ: the family varies
        Cell base = new Cell(SPOT.name(), "reactive", "flink-default");
        assertThat(result.values(base, Metric.LAG_SECONDS).stream().distinct().count())
                .isEqualTo(2);
    }

    @Test
    void theReportHasADifferenceForEveryCellButTheBaseline() {
        SweepSpec spec = SweepSpec.of(List.of(SPOT), POLICIES, ASSIGNERS, 3).withBaseline("reactive", "flink-default");
        SweepReport report = Sweep.run(spec, 2, Sweep.Listener.NONE).report(2);
        assertThat(report.rows()).hasSize(3 * Metric.values().length);
        for (Row r : report.rows()) {
            assertThat(r.difference().isEmpty()).isEqualTo(r.cell().policy().equals("reactive"));
            assertThat(r.spread().n()).isEqualTo(3);
            assertThat(r.spread().min()).isLessThanOrEqualTo(r.spread().p50());
            assertThat(r.spread().p99()).isLessThanOrEqualTo(r.spread().max());
            r.difference().ifPresent(d -> assertThat(d.lower() + d.equal() + d.higher())
                    .isEqualTo(3));
        }
        assertThat(report.csv().lines()).hasSize(1 + report.rows().size());
        assertThat(report.csv().lines().findFirst().orElseThrow()).startsWith("family,policy,assigner,metric,samples");
    }

    @Test
    void thePairedTIntervalIsTheTextbooks() {
        // differences 1, 2, 3, 4, 5: mean 3, s = sqrt(2.5), t(0.975, 4) = 2.776445
        double[] x = {11, 12, 13, 14, 15};
        double[] base = {10, 10, 10, 10, 10};
        Difference d = SweepStatistics.difference(x, base, new Well19937c(1L), 2000);
        double half = 2.776445 * Math.sqrt(2.5) / Math.sqrt(5);
        assertThat(d.mean()).isEqualTo(3.0);
        assertThat(d.tLow()).isCloseTo(3 - half, within(1e-5));
        assertThat(d.tHigh()).isCloseTo(3 + half, within(1e-5));
        assertThat(d.higher()).isEqualTo(5);
        // the bootstrap interval of a mean of values 1..5 lies within them, around the mean, and
        // narrower than the t interval's tails allow
        assertThat(d.bootstrapLow()).isBetween(1.0, 3.0);
        assertThat(d.bootstrapHigh()).isBetween(3.0, 5.0);
        assertThat(SweepStatistics.difference(x, base, new Well19937c(1L), 2000))
                .isEqualTo(d);
        // another seed resamples differently (on 40 distinct differences, where the resampled means are
        // nearly continuous)
        double[] many =
                java.util.stream.IntStream.range(0, 40).mapToDouble(i -> i * i).toArray();
        double[] zeros = new double[40];
        assertThat(SweepStatistics.difference(many, zeros, new Well19937c(2L), 2000)
                        .bootstrapLow())
                .isNotEqualTo(SweepStatistics.difference(many, zeros, new Well19937c(1L), 2000)
                        .bootstrapLow());
        // equal values: no spread, the interval is the point
        Difference none = SweepStatistics.difference(base, base, new Well19937c(1L), 2000);
        assertThat(none).isEqualTo(new Difference(0, 0, 0, 0, 0, 0, 5, 0));
    }

    @Test
    void percentilesAreR7() {
        // R: quantile(1:10, c(.5, .9, .99)) = 5.5, 9.1, 9.91
        var s = SweepStatistics.spread(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertThat(s.p50()).isEqualTo(5.5);
        assertThat(s.p90()).isCloseTo(9.1, within(1e-12));
        assertThat(s.p99()).isCloseTo(9.91, within(1e-12));
        assertThat(s.mean()).isEqualTo(5.5);
    }

    @Test
    void badSpecsAreRejectedNamingTheFieldAndValue() {
        assertThatThrownBy(() -> SweepSpec.of(List.of(SPOT), POLICIES, ASSIGNERS, 1))
                .hasMessage("SweepSpec.samples must be between 2 and 10000000, got 1");
        assertThatThrownBy(() ->
                        SweepSpec.of(List.of(SPOT), POLICIES, ASSIGNERS, 5).withBaseline("flink-1.17", "flink-default"))
                .hasMessage("SweepSpec.baselinePolicy 'flink-1.17' is not one of the policies: flink-2,"
                        + " flink-2+keygroup-aware, reactive");
        assertThatThrownBy(() -> SweepSpec.of(List.of(SPOT, SPOT), POLICIES, ASSIGNERS, 5))
                .hasMessage("SweepSpec.families[1]: 'family/spot-day' appears twice");
        assertThatThrownBy(() -> SweepSpec.of(List.of(), POLICIES, ASSIGNERS, 5))
                .hasMessage("SweepSpec.families must not be empty");
        assertThatThrownBy(() ->
                        SweepSpec.of(List.of(SPOT), POLICIES, ASSIGNERS, 5).withBootstrap(0, 5))
                .hasMessage("SweepSpec.bootstrapResamples must be between 100 and 100000, got 5");
        assertThatThrownBy(() -> Sweep.run(SweepSpec.of(List.of(SPOT), POLICIES, ASSIGNERS, 2), 0, Sweep.Listener.NONE))
                .hasMessage("threads must be >= 1, got 0");
    }
}
