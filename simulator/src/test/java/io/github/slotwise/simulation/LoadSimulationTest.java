package io.github.slotwise.simulation;

import static io.github.slotwise.simulation.Traces.KEYED_4;
import static io.github.slotwise.simulation.Traces.T0;
import static io.github.slotwise.simulation.Traces.actions;
import static io.github.slotwise.simulation.Traces.at;
import static io.github.slotwise.simulation.Traces.rescales;
import static io.github.slotwise.simulation.Traces.sec;
import static io.github.slotwise.simulation.Traces.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.simulation.LoadFigures.Sample;
import io.github.slotwise.simulation.LoadScenario.Loss;
import io.github.slotwise.simulation.LoadScenario.Removal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Load scenarios traced by hand: the keyed job "a" with 4 key groups, Reactive Mode (so it starts at
 * once on whatever slots there are), TaskManagers of one slot, 100 records/s per subtask, restart
 * cost 10 s and heartbeat timeout 50 s.
 */
class LoadSimulationTest {
    private static final RescaleDecider REACTIVE = new FlinkRescaleDecider(RescalePolicy.REACTIVE);

    private static LoadScenario.Builder scenario(long endSeconds) {
        return LoadScenario.builder()
                .start(T0)
                .end(at(endSeconds))
                .capacity(CapacityModel.uniform(100))
                .autoscaler(Autoscaler.fixed(1));
    }

    private static SimulationResult run(LoadScenario load) {
        return new Simulator().run(KEYED_4, load, REACTIVE, SimulationConfig.defaults());
    }

    private static Sample sampleAt(SimulationResult r, long second) {
        return r.load().orElseThrow().samples().stream()
                .filter(s -> s.time().equals(at(second)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aConstantOverloadGrowsTheBacklogByTheDifference() {
        // 150/s against 100/s: nothing is processed during the 10 s restart cost, then 50/s more
        // arrive than leave. Backlog 1500 at 10 s, 1500 + 90 x 50 = 6000 at 100 s.
        SimulationResult r =
                run(scenario(100).inputRate(new InputRate.Constant(150)).build());
        LoadFigures f = r.load().orElseThrow();
        assertThat(f.finalBacklog()).isEqualTo(6000.0);
        assertThat(f.peakBacklog()).isEqualTo(6000.0);
        assertThat(f.peakBacklogAt()).isEqualTo(at(100));
        // the integral: 1500 x 10 / 2 + (1500 + 6000) / 2 x 90
        assertThat(f.lagSeconds()).isEqualTo(7500.0 + 337_500.0);
        assertThat(f.taskManagerHours()).isEqualTo(100.0 / 3600);
        assertThat(f.peakTaskManagers()).isEqualTo(1);
        assertThat(f.scaleUps()).isZero();

        // a sample every 10 s, each after everything at its instant
        assertThat(f.samples()).hasSize(11);
        assertThat(sampleAt(r, 0)).isEqualTo(new Sample(at(0), 150, 0, 0, 1, 1, 1, Optional.of("a")));
        assertThat(sampleAt(r, 10)).isEqualTo(new Sample(at(10), 150, 100, 1500, 1, 1, 1, Optional.of("a")));
        assertThat(sampleAt(r, 50).backlog()).isEqualTo(3500.0);
        // the plain summary is there as for a trace
        assertThat(rescales(r)).containsExactly("0s:{a=1}");
        assertThat(r.summary().restartDowntime()).isEqualTo(seconds(10));
    }

    @Test
    void aBacklogDrainsAtTheSpareCapacityAndNeverGoesBelowZero() {
        // 50/s: 500 after the restart, drained at 50/s by 20 s, 0 from then on
        SimulationResult r =
                run(scenario(100).inputRate(new InputRate.Constant(50)).build());
        LoadFigures f = r.load().orElseThrow();
        assertThat(f.peakBacklog()).isEqualTo(500.0);
        assertThat(f.peakBacklogAt()).isEqualTo(at(10));
        assertThat(sampleAt(r, 20).backlog()).isZero();
        assertThat(f.finalBacklog()).isZero();
        assertThat(f.lagSeconds()).isEqualTo(500 * 10 / 2.0 + 500 * 10 / 2.0);
    }

    @Test
    void aLinearRampIsIntegratedExactlyAtTheStepBoundaries() {
        // 2t records/s. Processing from 10 s at 100/s: the backlog t^2 = 100 at 10 s drains before
        // 12 s, stays 0 while the rate is below 100 and grows as (t - 50)^2 after 50 s
        SimulationResult r = run(scenario(100)
                .inputRate(new InputRate.PiecewiseLinear(
                        List.of(new InputRate.Point(seconds(0), 0), new InputRate.Point(seconds(100), 200))))
                .build());
        LoadFigures f = r.load().orElseThrow();
        assertThat(sampleAt(r, 10).backlog()).isEqualTo(100.0);
        assertThat(sampleAt(r, 20).backlog()).isZero();
        assertThat(sampleAt(r, 50).backlog()).isZero();
        assertThat(sampleAt(r, 60).backlog()).isEqualTo(100.0);
        assertThat(f.finalBacklog()).isEqualTo(2500.0);
        // the integral of t^2 over [0, 10], of the short drain, and of (t - 50)^2 over [50, 100]:
        // 333.3 + ~60 + 41 666.7; the midpoint rule is within a few record-seconds
        assertThat(f.lagSeconds()).isCloseTo(333.3 + 60 + 41_666.7, within(50.0));
    }

    @Test
    void newTaskManagersJoinAfterTheProvisioningDelayOneByOne() {
        // the deployment wants 3 from the start; the first sync (0 s) asks for tm-2 and tm-3, which
        // join 30 s later, 10 s apart
        SimulationResult r = run(scenario(100)
                .inputRate(new InputRate.Constant(0))
                .autoscaler(Autoscaler.fixed(3))
                .provisioningDelay(seconds(30))
                .joinInterval(seconds(10))
                .build());
        assertThat(r.timeline().stream()
                        .filter(e -> e.cause().contains("joined"))
                        .map(e -> sec(e.time()) + " " + e.cause()))
                .containsExactly(
                        "0 TaskManager 'tm-1' joined with 1 slot(s)",
                        "30 TaskManager 'tm-2' joined with 1 slot(s)",
                        "40 TaskManager 'tm-3' joined with 1 slot(s)");
        assertThat(r.timeline().get(1).cause())
                .isEqualTo(
                        "fixed: 3 TaskManager(s); the deployment asks for tm-2, tm-3, joining from +30 s every 10 s");
        assertThat(sampleAt(r, 20).taskManagers()).isEqualTo(1);
        assertThat(sampleAt(r, 20).desiredTaskManagers()).isEqualTo(3);
        assertThat(sampleAt(r, 30).taskManagers()).isEqualTo(2);
        assertThat(sampleAt(r, 40).taskManagers()).isEqualTo(3);
        LoadFigures f = r.load().orElseThrow();
        assertThat(f.taskManagerHours()).isEqualTo((100 + 70 + 60) / 3600.0);
        assertThat(f.peakTaskManagers()).isEqualTo(3);
        assertThat(f.scaleUps()).isEqualTo(1);
        assertThat(f.lagSeconds()).isZero();
    }

    @Test
    void aScriptedKillStallsTheJobUntilTheHeartbeatTimeoutAndIsReplaced() {
        // Two TaskManagers, 150/s against 200/s. The backlog of the first restart (1500) is gone by
        // 40 s. tm-2 is killed at 60 s: the job processes nothing until the JobManager notices at
        // 110 s, restarts after the 1 s backoff at 111 s and processes again from 121 s: 61 s x 150 =
        // 9150 records, drained at 50/s by 304 s. The deployment asks for tm-3 at the sync at 60 s.
        SimulationResult r = run(scenario(400)
                .initialTaskManagers(2)
                .autoscaler(Autoscaler.fixed(2))
                .inputRate(new InputRate.Constant(150))
                .addLosses(new Loss(seconds(60), 1, Removal.KILL))
                .build());
        assertThat(actions(r))
                .containsExactly(
                        "0s RESCALE RESOURCES_STABILIZED", "110s STOP TASKS_LOST", "111s RESCALE RESOURCES_STABILIZED");
        assertThat(r.timeline().stream().map(TimelineEntry::cause))
                .contains(
                        "scripted loss of 1 TaskManager(s): tm-2 killed",
                        "autoscaler wants 2 TaskManager(s); the deployment asks for tm-3, joining from +1 min 30 s");
        assertThat(r.summary().stalledTime()).isEqualTo(seconds(50));

        LoadFigures f = r.load().orElseThrow();
        assertThat(f.peakBacklog()).isEqualTo(9150.0);
        assertThat(f.peakBacklogAt()).isEqualTo(at(121));
        assertThat(sampleAt(r, 300).backlog()).isEqualTo(200.0);
        assertThat(f.finalBacklog()).isZero();
        // 1500 x 10 / 2 + 1500 x 30 / 2 + 9150 x 61 / 2 + 9150 x 183 / 2
        assertThat(f.lagSeconds()).isEqualTo(7500 + 22_500 + 279_075 + 837_225.0);
        // tm-1 400 s, tm-2 60 s, tm-3 from 90 s: 310 s
        assertThat(f.taskManagerHours()).isEqualTo(770 / 3600.0);
        // the killed TaskManager is gone at once for the cluster, and still registered for the JobManager
        assertThat(sampleAt(r, 60).taskManagers()).isEqualTo(1);
        assertThat(sampleAt(r, 60).capacity()).isZero();
        assertThat(sampleAt(r, 60).slotsUsed()).isEqualTo(2);
    }

    @Test
    void aGracefulStopRestartsAtOnceInsteadOfStalling() {
        // the same loss, stopped: the job restarts at 61 s (backoff) and processes from 71 s
        SimulationResult r = run(scenario(400)
                .initialTaskManagers(2)
                .autoscaler(Autoscaler.fixed(2))
                .inputRate(new InputRate.Constant(150))
                .addLosses(new Loss(seconds(60), 1, Removal.STOP))
                .build());
        assertThat(actions(r))
                .containsExactly(
                        "0s RESCALE RESOURCES_STABILIZED",
                        "60s STOP TASKS_LOST",
                        "61s RESCALE RESOURCES_STABILIZED",
                        "150s RESCALE RESOURCES_STABILIZED");
        // 11 s x 150 = 1650, all on the one slot left (100/s): it grows by 50/s until tm-3 joins
        // at 90 s and the job rescales to 2 after Reactive Mode's 60 s executing stabilization
        assertThat(rescales(r)).containsExactly("0s:{a=2}", "61s:{a=1}", "150s:{a=2}");
        assertThat(r.summary().stalledTime()).isZero();
        assertThat(r.load().orElseThrow().peakBacklog()).isLessThan(9150.0).isEqualTo(1650 + 50 * 79 + 150 * 10.0);
    }

    @Test
    void theAutoscalerIsInTheLoop() {
        // 350/s, one slot per TaskManager, an HPA at 0.7 between 1 and 4: at 15 s the job runs on 1
        // TaskManager at utilization 3.5 and the HPA asks for ceil(1 x 3.5 / 0.7) = 5, bounded to 4
        SimulationResult r = run(scenario(600)
                .inputRate(new InputRate.Constant(350))
                .autoscaler(Autoscaler.hpa(0.7, 1, 4))
                .build());
        assertThat(r.timeline().stream().map(TimelineEntry::cause))
                .contains("hpa: utilization 3.50 (target 0.700) over 1 TaskManager(s) recommends 5, bounded to 4:"
                        + " 1 -> 4 TaskManager(s); the deployment asks for tm-2, tm-3, tm-4, joining from +45 s");
        assertThat(r.summary().finalParallelism()).contains(Map.of("a", 4));
        LoadFigures f = r.load().orElseThrow();
        assertThat(f.peakTaskManagers()).isEqualTo(4);
        // 4 x 100 = 400/s > 350: the backlog drains by the end
        assertThat(f.finalBacklog()).isZero();
        assertThat(f.peakBacklog()).isPositive();
    }

    @Test
    void aCapacityForAnUnknownVertexIsRejected() {
        LoadScenario load = scenario(10)
                .inputRate(new InputRate.Constant(1))
                .capacity(new CapacityModel(1, Map.of("b", 2.0)))
                .build();
        assertThatThrownBy(() -> run(load))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vertex 'b'");
    }

    @Test
    void badScenariosAreRejectedNamingTheField() {
        assertThatThrownBy(() -> scenario(10)
                        .inputRate(new InputRate.Constant(1))
                        .end(at(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LoadScenario.end");
        assertThatThrownBy(() -> scenario(10)
                        .inputRate(new InputRate.Constant(1))
                        .addLosses(new Loss(seconds(11), 1, Removal.KILL))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("losses[0]");
        assertThatThrownBy(() -> scenario(10)
                        .inputRate(new InputRate.Constant(1))
                        .sampleInterval(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sampleInterval");
        assertThatThrownBy(() -> scenario(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputRate");
    }

    @Test
    void aTraceRunHasNoLoadFigures() {
        SimulationResult r = new Simulator()
                .run(KEYED_4, Traces.trace(10, Traces.join(0, "tm-1", 1)), REACTIVE, SimulationConfig.defaults());
        assertThat(r.load()).isEmpty();
    }
}
