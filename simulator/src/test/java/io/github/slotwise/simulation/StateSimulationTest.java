package io.github.slotwise.simulation;

import static io.github.slotwise.simulation.Traces.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.assignment.SlotAssigners;
import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.simulation.LoadScenario.Loss;
import io.github.slotwise.simulation.LoadScenario.Removal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state model in the simulator, worked by hand: which slots the assigner picks decides what is
 * local, and that decides the downtime.
 *
 * <p>The case: one keyed vertex {@code count} of 12 key groups of 1 GB each, TaskManagers of 2 slots,
 * downloads at 1 GB/s per TaskManager, restores at 2 s per GB, a 10 s restart cost. Three
 * TaskManagers run it at parallelism 6; at 2 min the most recent one, {@code tm-3}, is stopped, taking
 * its disk with it, and the job restarts at parallelism 4 on {@code tm-1} and {@code tm-2}. Every new
 * subtask owns 3 key groups, so restoring takes each 6 s once its state is in.
 */
class StateSimulationTest {
    static final long GB = 1_000_000_000L;

    static final JobGraph COUNT_12 = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("count")
                    .slotSharingGroup("default")
                    .parallelism(6)
                    .maxParallelism(12)
                    .keyed(true)
                    .build())
            .build();

    static LoadScenario scenario(boolean localRecovery) {
        return LoadScenario.builder()
                .start(T0)
                .end(T0.plus(Duration.ofMinutes(5)))
                .initialTaskManagers(3)
                .slotsPerTaskManager(2)
                .inputRate(new InputRate.Constant(100))
                .capacity(CapacityModel.uniform(1000))
                .autoscaler(Autoscaler.fixed(3))
                .provisioningDelay(Duration.ofHours(1))
                .addLosses(new Loss(Duration.ofMinutes(2), 1, Removal.STOP))
                .checkpointInterval(Duration.ofMinutes(1))
                .state(new StateModel(
                        KeyedState.perKeyGroup(GB), new RestoreModel(localRecovery, GB, Duration.ofSeconds(2))))
                .build();
    }

    static SimulationResult run(String assigner, boolean localRecovery) {
        return run(SlotAssigners.byName(assigner), localRecovery);
    }

    static SimulationResult run(SlotAssigner assigner, boolean localRecovery) {
        RescaleDecider decider = Policies.byName("flink-2").decider();
        return new Simulator()
                .run(
                        COUNT_12,
                        scenario(localRecovery),
                        decider,
                        SimulationConfig.defaults().withAssigner(assigner));
    }

    /**
     * Flink's default assignment zips subtasks onto slots in order: before the loss {@code tm-1} runs
     * subtasks 0 and 1 (key groups 0-3), {@code tm-2} 2 and 3 (4-7), {@code tm-3} 4 and 5 (8-11, lost
     * with it). After it new subtasks 0 = [0,3) and 1 = [3,6) go to {@code tm-1}, which has 0-3 on disk
     * (4 local, downloads 4 and 5: 2 GB, 2 s); 2 = [6,9) and 3 = [9,12) go to {@code tm-2}, which has
     * 6 and 7 (downloads 8-11: 4 GB, 4 s). The slowest subtask is on {@code tm-2}: 4 s + 6 s, so the
     * restart costs 10 s + 10 s = 20 s, and the run 10 s (the first start) + 20 s of restart downtime.
     */
    @Test
    void flinksDefaultAssignmentDownloadsSixGigabytes() {
        Summary s = run("flink-default", true).summary();
        assertThat(s.restartDowntime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.stateBytesDownloaded()).isEqualTo(6 * GB);
        assertThat(s.stateBytesLocal()).isEqualTo(6 * GB);
    }

    /**
     * Both state-locality assigners put new subtasks 1 = [3,6) and 2 = [6,9) on {@code tm-2} (4 of
     * their key groups local: 4-7) and 0 = [0,3) and 3 = [9,12) on {@code tm-1} (3 local: 0-2): {@code
     * tm-1} downloads 9-11 (3 GB, 3 s), {@code tm-2} 3 and 8 (2 GB, 2 s). The slowest subtask: 3 s + 6 s,
     * so the restart costs 19 s, one second less than Flink's default assignment.
     */
    @Test
    void theStateLocalityAssignersKeepMoreLocalAndRestartASecondSooner() {
        for (String assigner : List.of("flink-state-locality", "optimal-state-locality")) {
            Summary s = run(assigner, true).summary();
            assertThat(s.restartDowntime()).as(assigner).isEqualTo(Duration.ofSeconds(29));
            assertThat(s.stateBytesDownloaded()).as(assigner).isEqualTo(5 * GB);
            assertThat(s.stateBytesLocal()).as(assigner).isEqualTo(7 * GB);
        }
    }

    /**
     * A user's assigner: Flink's zip over the slots in reverse order. Before the loss {@code tm-3} runs
     * old subtasks 0 and 1 (key groups 0-3, lost with it), {@code tm-2} 2 and 3 (4-7), {@code tm-1} 4
     * and 5 (8-11). After it new 0 = [0,3) and 1 = [3,6) go to {@code tm-2} (local 4 and 5, downloads 4
     * GB, 4 s) and 2 = [6,9) and 3 = [9,12) to {@code tm-1} (local 8-11, downloads 6 and 7, 2 s): 4 s +
     * 6 s + 10 s = 20 s.
     */
    @Test
    void aUsersAssignerIsChargedForWhatItPlaces() {
        Summary s = run(new ReverseZip(), true).summary();
        assertThat(s.restartDowntime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.stateBytesDownloaded()).isEqualTo(6 * GB);
        assertThat(s.stateBytesLocal()).isEqualTo(6 * GB);
    }

    /** Without local recovery each TaskManager downloads its 6 GB (6 s), whatever the assigner: 22 s. */
    @Test
    void withoutLocalRecoveryEveryAssignerDownloadsEverything() {
        for (String assigner : List.of("flink-default", "flink-state-locality", "optimal-state-locality")) {
            Summary s = run(assigner, false).summary();
            assertThat(s.restartDowntime()).as(assigner).isEqualTo(Duration.ofSeconds(32));
            assertThat(s.stateBytesDownloaded()).as(assigner).isEqualTo(12 * GB);
            assertThat(s.stateBytesLocal()).as(assigner).isZero();
        }
    }

    /**
     * The first checkpoint completes one interval after the first start's restart cost, at 1 min 10 s;
     * the loss at 2 min restarts the job, which replays what it processed since: 50 s of 100 records/s
     * (the backlog of the first 10 s was drained long before). The next checkpoint is due one interval
     * after the restart's cost.
     */
    @Test
    void aRestartReplaysWhatWasProcessedSinceTheLastCheckpoint() {
        SimulationResult r = run("flink-default", true);
        assertThat(r.load().orElseThrow().replayedRecords()).isCloseTo(5000.0, within(1e-6));
        // the job restarts at 2:11 (1 s backoff, 10 s stabilization): 1100 records arrived meanwhile, the
        // 5000 replayed join them, and 2000 more arrive during the 20 s restart: 8100 at 2:31
        LoadFigures f = r.load().orElseThrow();
        assertThat(f.peakBacklog()).isCloseTo(8100.0, within(1e-6));
        assertThat(f.peakBacklogAt()).isEqualTo(T0.plusSeconds(151));
    }

    /** Without a state model the same cluster costs the fixed 10 s per deployment, and nothing is replayed. */
    @Test
    void withoutStateEveryDeploymentCostsTheRestartCost() {
        LoadScenario stateless = LoadScenario.builder()
                .from(scenario(true))
                .state(java.util.Optional.empty())
                .build();
        SimulationResult r = new Simulator()
                .run(COUNT_12, stateless, Policies.byName("flink-2").decider(), SimulationConfig.defaults());
        assertThat(r.summary().restartDowntime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(r.summary().stateBytesDownloaded()).isZero();
        assertThat(r.load().orElseThrow().replayedRecords()).isZero();
    }

    @Test
    void stateNeedsCheckpointsAndKeyedVerticesTheJobHas() {
        assertThatThrownBy(() -> LoadScenario.builder()
                        .from(scenario(true))
                        .checkpointInterval(java.util.Optional.empty())
                        .build())
                .hasMessageStartingWith("LoadScenario.state needs a checkpointInterval");
        LoadScenario unknown = LoadScenario.builder()
                .from(scenario(true))
                .state(new StateModel(new KeyedState(0, Map.of("sink", GB)), RestoreModel.DEFAULT))
                .build();
        assertThatThrownBy(() -> new Simulator()
                        .run(COUNT_12, unknown, Policies.byName("flink-2").decider(), SimulationConfig.defaults()))
                .hasMessageStartingWith("KeyedState.totalBytes names vertex 'sink', which the job does not have");
    }

    /**
     * The gate and the world agree: 2 TaskManagers run parallelism 4 (key groups 0-5 on {@code tm-1},
     * 6-11 on {@code tm-2}), a third joins and Flink's default assignment takes parallelism 6. New
     * subtasks 0 and 1 (0-3) stay on {@code tm-1}, all local; 2 = [4,6) and 3 = [6,8) on {@code tm-2}
     * download 4 and 5 (2 GB, 2 s); 4 and 5 on {@code tm-3} download 8-11 (4 GB, 4 s). Every new
     * subtask restores 2 GB in 4 s: 10 s + 4 s + 4 s = 18 s, which the cost-aware gate, given the
     * scenario's world, estimates before the rescale and the simulator charges after it.
     */
    @Test
    void theCostAwareGateEstimatesTheDowntimeTheSimulatorCharges() {
        LoadScenario growing = LoadScenario.builder()
                .from(scenario(true))
                .initialTaskManagers(2)
                .provisioningDelay(Duration.ofMinutes(1))
                .losses(List.of())
                .build();
        RescaleDecider decider = Simulator.deciderFor(
                Policies.byName("flink-2+cost-aware").decider(), growing, SimulationConfig.defaults());
        io.github.slotwise.rescale.RescaleCostModel gate =
                (io.github.slotwise.rescale.RescaleCostModel) ((io.github.slotwise.rescale.FlinkRescaleDecider) decider)
                        .gate()
                        .orElseThrow();
        io.github.slotwise.parallelism.ParallelismPlan four = new io.github.slotwise.parallelism.ParallelismPlan(
                Map.of("count", 4), Map.of("default", 4), 4, List.of());
        io.github.slotwise.parallelism.ParallelismPlan six = new io.github.slotwise.parallelism.ParallelismPlan(
                Map.of("count", 6), Map.of("default", 6), 6, List.of());
        assertThat(gate.estimate(COUNT_12, four, six).downtimeSeconds()).isEqualTo(18.0);

        SimulationResult r = new Simulator()
                .run(COUNT_12, growing, Policies.byName("flink-2+cost-aware").decider(), SimulationConfig.defaults());
        // when flink-2 starts and rescales is its own business (resource stabilization, then the third
        // TaskManager at 1 min); what matters here is what the rescale costs
        assertThat(Traces.rescales(r)).containsExactly("10s:{count=4}", "80s:{count=6}");
        assertThat(r.summary().restartDowntime()).isEqualTo(Duration.ofSeconds(10 + 18));
        assertThat(r.summary().stateBytesDownloaded()).isEqualTo(6 * GB);
    }

    /** Flink's default assignment over the pool's slots in reverse order. */
    static final class ReverseZip implements SlotAssigner {
        @Override
        public String name() {
            return "reverse-zip";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            SlotPool.Builder reversed = SlotPool.builder();
            List<io.github.slotwise.model.TaskManager> tms =
                    new java.util.ArrayList<>(request.pool().taskManagers());
            java.util.Collections.reverse(tms);
            for (io.github.slotwise.model.TaskManager tm : tms) {
                List<String> ids = new java.util.ArrayList<>(tm.slotIds());
                java.util.Collections.reverse(ids);
                reversed.addTaskManagers(io.github.slotwise.model.TaskManager.builder()
                        .id(tm.id())
                        .numberOfSlots(tm.numberOfSlots())
                        .explicitSlotIds(ids)
                        .build());
            }
            return SlotAssigners.byName("flink-default")
                    .assign(new AssignmentRequest(
                            request.graph(), request.plan(), reversed.build(), request.previous()));
        }
    }

    /**
     * A restore that outlasts the trace (1 byte/s: decades to download) keeps the job down from the
     * restart to the end: the downtime counts to the end exactly, no periodic checkpoint falls due after
     * the restart, and the samples show no capacity from then on.
     */
    @Test
    void aRestoreLongerThanTheTraceKeepsTheJobDownToTheEnd() {
        LoadScenario slow = LoadScenario.builder()
                .from(scenario(false))
                .state(new StateModel(KeyedState.perKeyGroup(GB), new RestoreModel(false, 1, Duration.ofSeconds(2))))
                .build();
        SimulationResult r =
                new Simulator().run(COUNT_12, slow, Policies.byName("flink-2").decider(), SimulationConfig.defaults());
        Instant restart = r.rescales().get(r.rescales().size() - 1).time();
        assertThat(restart).isBetween(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(3)));
        Instant end = T0.plus(Duration.ofMinutes(5));
        // the first start costs the restart cost; the restart never ends within the trace
        assertThat(r.summary().restartDowntime())
                .isEqualTo(Duration.ofSeconds(10).plus(Duration.between(restart, end)));
        assertThat(r.timeline())
                .filteredOn(e -> e.time().isAfter(restart) && e.cause().startsWith("periodic checkpoint"))
                .isEmpty();
        assertThat(r.load().orElseThrow().samples())
                .filteredOn(x -> x.time().isAfter(restart))
                .isNotEmpty()
                .allSatisfy(x -> assertThat(x.capacity()).isZero());
    }
}
