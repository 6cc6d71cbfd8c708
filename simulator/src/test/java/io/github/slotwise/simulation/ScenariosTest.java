package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.Reason;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.simulation.Autoscaler.Metric;
import io.github.slotwise.simulation.LoadFigures.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in scenarios under Flink 2.x's defaults and Reactive Mode, with the default simulation
 * settings (heartbeat timeout 50 s, restart cost 10 s). The assertions are relations that a wrong
 * model could break, not the figures themselves.
 */
class ScenariosTest {
    private static final RescaleDecider FLINK_2 = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
    private static final RescaleDecider REACTIVE = new FlinkRescaleDecider(RescalePolicy.REACTIVE);
    /** Reactive Mode as the blog post ran it (Flink 1.13): a restart for every change, no executing stabilization. */
    private static final RescaleDecider BLOG_ERA_REACTIVE =
            new FlinkRescaleDecider(RescalePolicy.FLINK_1_20.asReactive());

    private static final Map<String, SimulationResult> RESULTS = new LinkedHashMap<>();

    private static synchronized SimulationResult result(String scenario, RescaleDecider decider) {
        return RESULTS.computeIfAbsent(scenario + " " + decider.name(), k -> run(scenario, decider, 50));
    }

    private static SimulationResult run(String name, RescaleDecider decider, long heartbeatSeconds) {
        BuiltInScenario s = Scenarios.byName(name);
        SimulationConfig config =
                SimulationConfig.defaults().withHeartbeatTimeout(Duration.ofSeconds(heartbeatSeconds));
        return new Simulator().run(s.graph(), s.load(), decider, config);
    }

    private static LoadFigures load(SimulationResult r) {
        return r.load().orElseThrow();
    }

    private static int restarts(SimulationResult r) {
        return r.summary().rescales() + r.summary().failureRestarts();
    }

    private static Sample sampleAt(SimulationResult r, Duration sinceStart) {
        Instant t = Scenarios.START.plus(sinceStart);
        return load(r).samples().stream()
                .filter(s -> s.time().equals(t))
                .findFirst()
                .orElseThrow();
    }

    /** When the deployment removed or the cloud reclaimed TaskManagers, from the timeline. */
    private static List<Instant> removals(SimulationResult r, String what) {
        return r.timeline().stream()
                .filter(e -> e.cause().contains(what))
                .map(TimelineEntry::time)
                .distinct()
                .toList();
    }

    @Test
    void namesAndLookUp() {
        assertThat(Scenarios.names())
                .containsExactly("reactive-blog-day", "startup-one-by-one", "spot-day", "flapping-autoscaler");
        assertThat(Scenarios.defaultScenario().name()).isEqualTo("reactive-blog-day");
        assertThat(Scenarios.all()).extracting(BuiltInScenario::name).containsExactlyElementsOf(Scenarios.names());
        assertThat(Scenarios.byName("spot-day")).isEqualTo(Scenarios.byName("spot-day"));
        assertThatThrownBy(() -> Scenarios.byName("blog"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'blog'")
                .hasMessageContaining("reactive-blog-day, startup-one-by-one, spot-day, flapping-autoscaler");
        for (BuiltInScenario s : Scenarios.all()) {
            assertThat(s.graph().vertices())
                    .extracting(v -> v.effectiveMaxParallelism())
                    .containsOnly(128);
            assertThat(s.graph().vertex("count").keyed()).isTrue();
            assertThat(s.graph().vertex("source").keyed()).isFalse();
            assertThat(s.graph().vertex("sink").keyed()).isFalse();
        }
    }

    @Test
    void everyScenarioRunsUnderFlink2AndReactiveMode() {
        for (String name : Scenarios.names()) {
            LoadScenario scenario = Scenarios.byName(name).load();
            for (RescaleDecider decider : List.of(FLINK_2, REACTIVE)) {
                SimulationResult r = result(name, decider);
                String as = name + " under " + decider.name();
                LoadFigures f = load(r);
                assertThat(r.summary().firstStart()).as(as).isPresent();
                assertThat(f.samples())
                        .as(as)
                        .hasSize((int) (scenario.duration().getSeconds() / 10) + 1);
                assertThat(f.samples()).as(as).allSatisfy(s -> assertThat(s.taskManagers())
                        .isBetween(0, scenario.autoscaler().maxTaskManagers()));
                assertThat(f.taskManagerHours()).as(as).isPositive();
                assertThat(f.peakBacklog()).as(as).isGreaterThanOrEqualTo(f.finalBacklog());
                // the time-average backlog is below the peak
                assertThat(f.lagSeconds() / scenario.duration().getSeconds())
                        .as(as)
                        .isLessThan(f.peakBacklog());
            }
        }
    }

    // ---- reactive-blog-day -----------------------------------------------------------------------

    @Test
    void blogDayTaskManagersFollowTheLoad() {
        for (RescaleDecider decider : List.of(FLINK_2, REACTIVE)) {
            SimulationResult r = result(Scenarios.REACTIVE_BLOG_DAY, decider);
            LoadFigures f = load(r);
            // four waves: at least two scale-ups and two scale-downs each
            assertThat(f.scaleUps()).isGreaterThanOrEqualTo(8);
            assertThat(f.scaleDowns()).isBetween(f.scaleUps() - 1, f.scaleUps() + 1);
            // more TaskManagers at the first peak (1 h 30 min) than at the first troughs
            assertThat(sampleAt(r, Duration.ofMinutes(90)).taskManagers())
                    .isGreaterThan(sampleAt(r, Duration.ofMinutes(10)).taskManagers())
                    .isGreaterThan(sampleAt(r, Duration.ofMinutes(6 * 60 - 5)).taskManagers());
            assertThat(f.peakTaskManagers()).isBetween(3, 15);
            // cheaper than running the peak all day
            assertThat(f.taskManagerHours()).isLessThan(f.peakTaskManagers() * 24.0);
        }
    }

    @Test
    void blogDayLagPeaksDuringAScaleDown() {
        for (RescaleDecider decider : List.of(FLINK_2, REACTIVE)) {
            SimulationResult r = result(Scenarios.REACTIVE_BLOG_DAY, decider);
            LoadFigures f = load(r);
            List<Instant> kills = removals(r, "the deployment kills");
            assertThat(kills).hasSize(f.scaleDowns());
            // every scale-down stalls the job for the 50 s heartbeat timeout: the first sample 30 to
            // 40 s later shows a backlog, and no capacity
            for (Instant kill : kills) {
                long s = Duration.between(Scenarios.START, kill).getSeconds() + 30;
                Sample during = sampleAt(r, Duration.ofSeconds((s + 9) / 10 * 10));
                assertThat(during.backlog()).isPositive();
                assertThat(during.capacity()).isZero();
            }
            // the peak comes within the stall and the catch-up after a kill (heartbeat 50 s, backoff,
            // restart 10 s, then the drain)
            Instant peak = f.peakBacklogAt();
            assertThat(kills).anySatisfy(kill -> assertThat(Duration.between(kill, peak))
                    .isBetween(Duration.ZERO, Duration.ofMinutes(3)));
            // the blog's lag peaks were ~8x its usual ones; here at least 50 s of input at ~4000/s
            assertThat(f.peakBacklog()).isGreaterThan(150_000);
        }
    }

    @Test
    void blogDayALowerHeartbeatTimeoutCutsThePeakLagAsThePostFound() {
        SimulationResult slow = result(Scenarios.REACTIVE_BLOG_DAY, REACTIVE);
        SimulationResult fast = run(Scenarios.REACTIVE_BLOG_DAY, REACTIVE, 8);
        assertThat(load(fast).peakBacklog()).isLessThan(load(slow).peakBacklog() / 2);
        assertThat(load(fast).lagSeconds()).isLessThan(load(slow).lagSeconds() / 2);
        assertThat(fast.summary().stalledTime()).isLessThan(slow.summary().stalledTime());
    }

    @Test
    void blogDayFlink2WaitsLongerToRestartAfterEachLoss() {
        // outside Reactive Mode a restart after a failure waits for the 10 s submission stabilization
        SimulationResult flink2 = result(Scenarios.REACTIVE_BLOG_DAY, FLINK_2);
        SimulationResult reactive = result(Scenarios.REACTIVE_BLOG_DAY, REACTIVE);
        assertThat(flink2.summary().failureRestarts())
                .isEqualTo(reactive.summary().failureRestarts());
        assertThat(flink2.summary().downtime()).isGreaterThan(reactive.summary().downtime());
        assertThat(load(flink2).lagSeconds()).isGreaterThan(load(reactive).lagSeconds());
    }

    @Test
    void blogDayOnBusynessTheHpaNeverSettles() {
        // the post's HPA watched CPU: every restart's catch-up looks like load
        BuiltInScenario blog = Scenarios.defaultScenario();
        Autoscaler.Hpa hpa = (Autoscaler.Hpa) blog.load().autoscaler();
        LoadScenario onBusyness = LoadScenario.builder()
                .from(blog.load())
                .end(blog.load().start().plus(Duration.ofHours(6)))
                .autoscaler(hpa.withMetric(Metric.BUSY, 0.7))
                .build();
        SimulationResult busy = new Simulator().run(blog.graph(), onBusyness, REACTIVE, SimulationConfig.defaults());
        SimulationResult utilization = result(Scenarios.REACTIVE_BLOG_DAY, REACTIVE);
        // a quarter of the day on busyness restarts more than the whole day on utilization
        assertThat(restarts(busy)).isGreaterThan(restarts(utilization));
        assertThat(load(busy).peakTaskManagers())
                .isGreaterThan(load(utilization).peakTaskManagers());
    }

    // ---- startup-one-by-one ----------------------------------------------------------------------

    @Test
    void startupRestartsAsTaskManagersArriveAndThenCatchesUp() {
        for (RescaleDecider decider : List.of(FLINK_2, REACTIVE)) {
            SimulationResult r = result(Scenarios.STARTUP_ONE_BY_ONE, decider);
            LoadFigures f = load(r);
            // eight TaskManagers over 3 min 30 s: fewer restarts than TaskManagers, more than one
            assertThat(r.summary().rescales()).isBetween(2, 7);
            assertThat(r.summary().finalParallelism().orElseThrow()).containsEntry("count", 16);
            assertThat(f.peakBacklogAt()).isBefore(Scenarios.START.plus(Duration.ofMinutes(5)));
            assertThat(f.finalBacklog()).isZero();
            assertThat(f.peakTaskManagers()).isEqualTo(8);
        }
        // the blog's Flink 1.13 Reactive Mode restarted on every TaskManager outside the cooldown
        SimulationResult blogEra = run(Scenarios.STARTUP_ONE_BY_ONE, BLOG_ERA_REACTIVE, 50);
        assertThat(blogEra.summary().rescales())
                .isGreaterThan(
                        result(Scenarios.STARTUP_ONE_BY_ONE, FLINK_2).summary().rescales());
    }

    // ---- spot-day --------------------------------------------------------------------------------

    @Test
    void spotDayEveryReclaimStallsTheJobAndIsReplaced() {
        LoadScenario spot = Scenarios.byName(Scenarios.SPOT_DAY).load();
        for (RescaleDecider decider : List.of(FLINK_2, REACTIVE)) {
            SimulationResult r = result(Scenarios.SPOT_DAY, decider);
            LoadFigures f = load(r);
            List<Instant> reclaims = removals(r, "scripted loss");
            assertThat(reclaims).hasSize(5);
            // every reclaim makes the tasks fail when the JobManager notices, 50 s later; the job is
            // stalled until then if the TaskManagers ran tasks (at 9 h 30 min the one reclaimed had
            // just joined, idle, and the job rescaled onto it 15 s before that was noticed)
            List<Instant> failures = r.decisions().stream()
                    .filter(d -> d.reason() == Reason.TASKS_LOST)
                    .map(Decision::at)
                    .toList();
            assertThat(r.summary().stalledTime()).isBetween(Duration.ofSeconds(4 * 50), Duration.ofSeconds(5 * 50));
            for (LoadScenario.Loss loss : spot.losses()) {
                assertThat(failures).contains(Scenarios.START.plus(loss.at()).plusSeconds(50));
                // gone at once for the cluster, replaced at the next sync after 30 s of provisioning
                assertThat(sampleAt(r, loss.at()).taskManagers())
                        .isLessThan(sampleAt(r, loss.at()).desiredTaskManagers());
                Sample later = sampleAt(r, loss.at().plusSeconds(60));
                assertThat(later.taskManagers()).isEqualTo(later.desiredTaskManagers());
            }
            // the worst lag follows a reclaim, not the autoscaler's graceful scale-downs
            assertThat(reclaims).anySatisfy(t -> assertThat(Duration.between(t, f.peakBacklogAt()))
                    .isBetween(Duration.ZERO, Duration.ofMinutes(5)));
            assertThat(removals(r, "the deployment stops")).hasSize(f.scaleDowns());
        }
    }

    // ---- flapping-autoscaler ---------------------------------------------------------------------

    @Test
    void flappingThresholdsRestartTheJobAgainAndAgain() {
        for (RescaleDecider decider : List.of(FLINK_2, REACTIVE)) {
            SimulationResult r = result(Scenarios.FLAPPING_AUTOSCALER, decider);
            LoadFigures f = load(r);
            // 2 h: a scale-up and a scale-down every few minutes
            assertThat(f.scaleUps()).isGreaterThanOrEqualTo(30);
            assertThat(f.scaleDowns()).isGreaterThanOrEqualTo(30);
            assertThat(restarts(r)).isGreaterThanOrEqualTo(60);
        }
        // the cooldown and executing stabilization of Flink 2.x absorb part of it: blog-era Reactive
        // Mode restarts on every TaskManager the thresholds add
        SimulationResult blogEra = run(Scenarios.FLAPPING_AUTOSCALER, BLOG_ERA_REACTIVE, 50);
        assertThat(restarts(blogEra)).isGreaterThan(restarts(result(Scenarios.FLAPPING_AUTOSCALER, FLINK_2)));
        // outside Reactive Mode each failure restart waits 10 s more: Flink 2.x falls behind for good
        assertThat(load(result(Scenarios.FLAPPING_AUTOSCALER, FLINK_2)).finalBacklog())
                .isGreaterThan(
                        load(result(Scenarios.FLAPPING_AUTOSCALER, REACTIVE)).finalBacklog());
    }

    @Test
    void flappingStopsWithEnoughHysteresis() {
        BuiltInScenario flapping = Scenarios.byName(Scenarios.FLAPPING_AUTOSCALER);
        Autoscaler.Threshold t = (Autoscaler.Threshold) flapping.load().autoscaler();
        // down only below 0.5: one TaskManager more (0.81 -> 0.66, or 0.56 once used) stays in the band
        LoadScenario calm = LoadScenario.builder()
                .from(flapping.load())
                .autoscaler(new Autoscaler.Threshold(
                        t.metric(),
                        0.8,
                        0.5,
                        t.step(),
                        t.cooldown(),
                        t.minTaskManagers(),
                        t.maxTaskManagers(),
                        t.syncPeriod()))
                .build();
        SimulationResult r = new Simulator().run(flapping.graph(), calm, REACTIVE, SimulationConfig.defaults());
        assertThat(load(r).scaleDowns()).isZero();
        assertThat(restarts(r)).isLessThan(5);
        assertThat(load(r).finalBacklog()).isZero();
    }

    // ---- determinism -----------------------------------------------------------------------------

    @Test
    void theSameScenarioGivesEqualResultsAndShiftingItShiftsEveryTime() {
        BuiltInScenario blog = Scenarios.defaultScenario();
        LoadScenario quarter = LoadScenario.builder()
                .from(blog.load())
                .end(blog.load().start().plus(Duration.ofHours(6)))
                .build();
        SimulationResult a = new Simulator().run(blog.graph(), quarter, REACTIVE, SimulationConfig.defaults());
        SimulationResult b = new Simulator().run(blog.graph(), quarter, REACTIVE, SimulationConfig.defaults());
        assertThat(a).isEqualTo(b);
        assertThat(a.rescales()).isNotEmpty();

        Duration shift = Duration.ofDays(100).plusMillis(7);
        LoadScenario later = LoadScenario.builder()
                .from(quarter)
                .start(quarter.start().plus(shift))
                .end(quarter.end().plus(shift))
                .build();
        SimulationResult c = new Simulator().run(blog.graph(), later, REACTIVE, SimulationConfig.defaults());
        LoadFigures fa = load(a);
        LoadFigures fc = load(c);
        assertThat(fc.lagSeconds()).isEqualTo(fa.lagSeconds());
        assertThat(fc.peakBacklog()).isEqualTo(fa.peakBacklog());
        assertThat(fc.peakBacklogAt()).isEqualTo(fa.peakBacklogAt().plus(shift));
        assertThat(fc.taskManagerHours()).isEqualTo(fa.taskManagerHours());
        assertThat(c.rescales().stream().map(e -> e.time().minus(shift)))
                .containsExactlyElementsOf(
                        a.rescales().stream().map(TimelineEntry::time).toList());
    }
}
