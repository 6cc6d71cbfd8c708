package io.github.slotwise.simulation;

import static io.github.slotwise.simulation.Traces.KEYED_4;
import static io.github.slotwise.simulation.Traces.actions;
import static io.github.slotwise.simulation.Traces.at;
import static io.github.slotwise.simulation.Traces.join;
import static io.github.slotwise.simulation.Traces.kill;
import static io.github.slotwise.simulation.Traces.rescales;
import static io.github.slotwise.simulation.Traces.seconds;
import static io.github.slotwise.simulation.Traces.stop;
import static io.github.slotwise.simulation.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.SchedulerState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Worked examples, traced by hand from the decider's rules (see FlinkRescaleDeciderTest) and the
 * simulator's: restart cost 10 s and heartbeat timeout 50 s unless a test says otherwise.
 */
class SimulatorTest {
    private static final RescaleDecider REACTIVE = new FlinkRescaleDecider(RescalePolicy.REACTIVE);
    private static final RescaleDecider FLINK_2 = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
    private static final RescaleDecider FLINK_1_20 = new FlinkRescaleDecider(RescalePolicy.FLINK_1_20);
    private static final SimulationConfig CONFIG = SimulationConfig.defaults();

    private static SimulationResult run(RescaleDecider decider, ClusterTrace trace) {
        return new Simulator().run(KEYED_4, trace, decider, CONFIG);
    }

    /** Four TaskManagers of one slot, all there when the job is submitted: it starts at 4. */
    private static ClusterTrace fourAtStart(long end, TraceEvent... more) {
        TraceEvent[] events = new TraceEvent[4 + more.length];
        for (int i = 0; i < 4; i++) {
            events[i] = join(0, "tm-" + (i + 1), 1);
        }
        System.arraycopy(more, 0, events, 4, more.length);
        return trace(end, events);
    }

    @Test
    void reactiveModeRestartsOncePerTaskManagerJoiningOutsideTheCooldown() {
        // One TaskManager of one slot every 100 s. Reactive Mode has no submission stabilization, so
        // the job starts at 0 on the first one. Each later one is a change after the 30 s cooldown:
        // Stabilizing from the join; below the desired 4 slots the rescale waits for the 60 s
        // executing stabilization timeout (100 -> 160, 200 -> 260); the 4th brings the desired
        // resources, so that rescale is immediate (300).
        ClusterTrace trace =
                trace(400, join(0, "tm-1", 1), join(100, "tm-2", 1), join(200, "tm-3", 1), join(300, "tm-4", 1));
        SimulationResult r = run(REACTIVE, trace);

        assertThat(rescales(r)).containsExactly("0s:{a=1}", "160s:{a=2}", "260s:{a=3}", "300s:{a=4}");
        Summary s = r.summary();
        assertThat(s.deployments()).isEqualTo(4);
        assertThat(s.rescales()).isEqualTo(3);
        assertThat(s.failureRestarts()).isZero();
        assertThat(s.firstStart()).contains(at(0));
        // 4 deployments x 10 s; always deployed, never stalled
        assertThat(s.restartDowntime()).isEqualTo(seconds(40));
        assertThat(s.notRunningTime()).isZero();
        assertThat(s.stalledTime()).isZero();
        assertThat(s.downtime()).isEqualTo(seconds(40));
        // available: 1 x 100 + 2 x 100 + 3 x 100 + 4 x 100
        assertThat(s.slotSecondsAvailable()).isEqualTo(1000.0);
        // used: 1 x 160 + 2 x 100 + 3 x 40 + 4 x 100
        assertThat(s.slotSecondsUsed()).isEqualTo(880.0);
        assertThat(s.utilization()).isEqualTo(0.88);
        // processing at the upper bound 4 once the 300 s deployment's restart cost is paid
        assertThat(s.timeToDesiredParallelism()).contains(seconds(310));
        assertThat(s.finalParallelism()).contains(Map.of("a", 4));
        assertThat(s.finalState()).isEqualTo(SchedulerState.EXECUTING);

        // 4 key groups; the plain zip keeps subtask i in TaskManager i+1's slot:
        // 1 -> 2: [0-3] -> [0-1][2-3], tm-1 keeps 2; 2 -> 3: -> [0-1][2][3], tm-1 keeps 2, tm-2 keeps 1;
        // 3 -> 4: -> [0][1][2][3], tm-1 keeps 1
        assertThat(r.rescales().stream().map(TimelineEntry::keyGroupsMoved))
                .containsExactly(OptionalLong.empty(), OptionalLong.of(2), OptionalLong.of(1), OptionalLong.of(3));
        assertThat(r.timeline().get(r.timeline().size() - 1).availableSlots()).isEqualTo(4);
    }

    @Test
    void reactiveModeOnFlink120RestartsAtEachTaskManager() {
        // Before 2.0 there is no executing stabilization: a change after scaling-interval.min (30 s)
        // restarts at once through WaitingForResources, whose stabilization Reactive Mode sets to 0
        RescaleDecider reactive120 = new FlinkRescaleDecider(RescalePolicy.FLINK_1_20.asReactive());
        ClusterTrace trace =
                trace(400, join(0, "tm-1", 1), join(100, "tm-2", 1), join(200, "tm-3", 1), join(300, "tm-4", 1));
        SimulationResult r = run(reactive120, trace);
        assertThat(rescales(r)).containsExactly("0s:{a=1}", "100s:{a=2}", "200s:{a=3}", "300s:{a=4}");
        assertThat(r.summary().rescales()).isEqualTo(3);
        // used: 1 x 100 + 2 x 100 + 3 x 100 + 4 x 100: every slot from the moment it joins
        assertThat(r.summary().slotSecondsUsed()).isEqualTo(1000.0);
        assertThat(r.summary().timeToDesiredParallelism()).contains(seconds(310));
    }

    @Test
    void aSigkillStallsTheJobForTheHeartbeatTimeoutThenItRestarts() {
        // The blog's scale-down: tm-4 is killed at 100 and its tasks die with it, but the JobManager
        // only notices at 150. Then the tasks fail (STOP), the 1 s restart backoff passes, and Reactive
        // Mode redeploys on the 3 slots left at 151.
        SimulationResult r = run(REACTIVE, fourAtStart(200, kill(100, "tm-4")));

        assertThat(actions(r))
                .containsExactly(
                        "0s RESCALE DESIRED_RESOURCES", "150s STOP TASKS_LOST", "151s RESCALE RESOURCES_STABILIZED");
        assertThat(rescales(r)).containsExactly("0s:{a=4}", "151s:{a=3}");
        TimelineEntry killed = r.timeline().stream()
                .filter(e -> e.time().equals(at(100)))
                .findFirst()
                .orElseThrow();
        assertThat(killed.decision()).isEmpty();
        assertThat(killed.cause()).contains("notices at +2 min 30 s", "stalled");
        assertThat(killed.availableSlots()).isEqualTo(4); // still registered

        Summary s = r.summary();
        assertThat(s.failureRestarts()).isEqualTo(1);
        assertThat(s.rescales()).isZero();
        assertThat(s.deployments()).isEqualTo(2);
        assertThat(s.stalledTime()).isEqualTo(seconds(50));
        assertThat(s.notRunningTime()).isEqualTo(seconds(1)); // the restart backoff
        assertThat(s.restartDowntime()).isEqualTo(seconds(20));
        assertThat(s.downtime()).isEqualTo(seconds(71));
        // available: 4 x 150 + 3 x 50; used: 4 x 150 + 0 x 1 + 3 x 49
        assertThat(s.slotSecondsAvailable()).isEqualTo(750.0);
        assertThat(s.slotSecondsUsed()).isEqualTo(747.0);
        assertThat(s.timeToDesiredParallelism()).contains(seconds(10));
        assertThat(s.finalParallelism()).contains(Map.of("a", 3));
    }

    @Test
    void aLowerHeartbeatTimeoutShortensTheStall() {
        // the blog's mitigation: heartbeat.timeout 8 s
        SimulationResult r = new Simulator()
                .run(KEYED_4, fourAtStart(200, kill(100, "tm-4")), REACTIVE, CONFIG.withHeartbeatTimeout(seconds(8)));
        assertThat(actions(r))
                .containsExactly(
                        "0s RESCALE DESIRED_RESOURCES", "108s STOP TASKS_LOST", "109s RESCALE RESOURCES_STABILIZED");
        assertThat(r.summary().stalledTime()).isEqualTo(seconds(8));
    }

    @Test
    void aGracefulStopRestartsAtOnce() {
        // SIGTERM: the slots go at 100 with their tasks; only the 1 s restart backoff remains
        SimulationResult r = run(REACTIVE, fourAtStart(200, stop(100, "tm-4")));
        assertThat(actions(r))
                .containsExactly(
                        "0s RESCALE DESIRED_RESOURCES", "100s STOP TASKS_LOST", "101s RESCALE RESOURCES_STABILIZED");
        Summary s = r.summary();
        assertThat(s.stalledTime()).isZero();
        assertThat(s.downtime()).isEqualTo(seconds(21)); // 10 + 1 + 10
        assertThat(s.failureRestarts()).isEqualTo(1);
    }

    @Test
    void losingAnIdleTaskManagerChangesNothing() {
        // five slots, the job uses four: the plain zip leaves the last-joined TaskManager idle
        for (TraceEvent loss : new TraceEvent[] {stop(100, "tm-5"), kill(100, "tm-5")}) {
            SimulationResult r = run(REACTIVE, fourAtStart(200, join(0, "tm-5", 1), loss));
            assertThat(actions(r)).as("%s", loss).containsExactly("0s RESCALE DESIRED_RESOURCES");
            assertThat(r.summary().downtime()).isEqualTo(seconds(10));
            // 5 slots until the loss is seen (at once, or after the heartbeat timeout), 4 after
            long seen = loss instanceof TraceEvent.TaskManagerStopped ? 100 : 150;
            assertThat(r.summary().slotSecondsAvailable()).isEqualTo(5.0 * seen + 4.0 * (200 - seen));
        }
    }

    @Test
    void aKilledTaskManagerThatComesBackWithinTheHeartbeatTimeoutCausesNoRestart() {
        // a transient loss: tm-4 is gone from 100 to 120, the JobManager never notices. The job is
        // stalled meanwhile, and resumes without a restart.
        SimulationResult r = run(REACTIVE, fourAtStart(200, kill(100, "tm-4"), join(120, "tm-4", 1)));
        assertThat(actions(r)).containsExactly("0s RESCALE DESIRED_RESOURCES");
        TimelineEntry back = r.timeline().get(r.timeline().size() - 1);
        assertThat(back.time()).isEqualTo(at(120));
        assertThat(back.decision()).isEmpty();
        assertThat(back.cause()).contains("back 20 s after it was killed", "never noticed", "resumes");
        Summary s = r.summary();
        assertThat(s.failureRestarts()).isZero();
        assertThat(s.stalledTime()).isEqualTo(seconds(20));
        assertThat(s.downtime()).isEqualTo(seconds(30));
        assertThat(s.slotSecondsAvailable()).isEqualTo(800.0);
    }

    @Test
    void aTaskManagerBackAtExactlyTheHeartbeatTimeoutIsALossAndARejoin() {
        // the loss is noticed at 150 before the join at 150 is seen (noticed losses go first)
        SimulationResult r = run(REACTIVE, fourAtStart(300, kill(100, "tm-4"), join(150, "tm-4", 1)));
        assertThat(actions(r))
                .containsExactly(
                        "0s RESCALE DESIRED_RESOURCES",
                        "150s STOP TASKS_LOST",
                        // back in WaitingForResources at 151 with all 4 slots: desired at once
                        "151s RESCALE DESIRED_RESOURCES");
    }

    @Test
    void aRescaleOntoAKilledTaskManagerNotNoticedYetStallsTheJobAgain() {
        // tm-3 joins at 100 (Stabilizing: rescale at 160) and is killed, idle, at 130. The JobManager
        // still counts its slot at 160 and the zip gives it subtask 2: stalled from the end of the
        // restart cost (170) until the loss is noticed (180), then a restart on 2 slots.
        SimulationResult r = run(
                REACTIVE, trace(300, join(0, "tm-1", 1), join(0, "tm-2", 1), join(100, "tm-3", 1), kill(130, "tm-3")));
        assertThat(actions(r))
                .containsExactly(
                        "0s RESCALE RESOURCES_STABILIZED",
                        "160s RESCALE RESOURCES_STABILIZED",
                        "180s STOP TASKS_LOST",
                        "181s RESCALE RESOURCES_STABILIZED");
        assertThat(rescales(r)).containsExactly("0s:{a=2}", "160s:{a=3}", "181s:{a=2}");
        Summary s = r.summary();
        assertThat(s.stalledTime()).isEqualTo(seconds(10));
        assertThat(s.restartDowntime()).isEqualTo(seconds(30));
        assertThat(s.notRunningTime()).isEqualTo(seconds(1));
        assertThat(s.rescales()).isEqualTo(1);
        assertThat(s.failureRestarts()).isEqualTo(1);
    }

    @Test
    void flink120AndFlink2TakeTheSameScaleUpDifferently() {
        // Non-reactive, a in [1, 4]: one slot at 0, a second at 60 (sufficient, not desired).
        ClusterTrace trace = trace(200, join(0, "tm-1", 1), join(60, "tm-2", 1));

        // 2.x: starts at 10 after the submission stabilization; the change at 60 waits, running, for
        // the 60 s executing stabilization timeout
        SimulationResult two = run(FLINK_2, trace);
        assertThat(actions(two))
                .containsExactly("10s RESCALE RESOURCES_STABILIZED", "120s RESCALE RESOURCES_STABILIZED");
        assertThat(rescales(two)).containsExactly("10s:{a=1}", "120s:{a=2}");

        // 1.20: the change at 60 is past scaling-interval.min, so it stops the job at once, which then
        // waits in WaitingForResources for the 10 s submission stabilization (FLINK-22134)
        SimulationResult old = run(FLINK_1_20, trace);
        assertThat(actions(old))
                .containsExactly(
                        "10s RESCALE RESOURCES_STABILIZED",
                        "60s STOP MIN_PARALLELISM_INCREASE_MET",
                        "70s RESCALE RESOURCES_STABILIZED");

        // both rescale once; 1.20 is down 10 s longer, but runs at 2 from 80 s, 2.x from 130 s
        assertThat(two.summary().rescales()).isEqualTo(1);
        assertThat(old.summary().rescales()).isEqualTo(1);
        assertThat(two.summary().downtime()).isEqualTo(seconds(20));
        assertThat(old.summary().downtime()).isEqualTo(seconds(30));
        assertThat(old.summary().notRunningTime()).isEqualTo(seconds(10));
        // used: 2.x 1 x 110 + 2 x 80; 1.20 1 x 50 + 2 x 130; available 1 x 60 + 2 x 140 for both
        assertThat(two.summary().slotSecondsUsed()).isEqualTo(270.0);
        assertThat(old.summary().slotSecondsUsed()).isEqualTo(310.0);
        assertThat(two.summary().slotSecondsAvailable()).isEqualTo(340.0);
        assertThat(old.summary().slotSecondsAvailable()).isEqualTo(340.0);
        assertThat(two.deciderName()).isEqualTo("flink-2");
        assertThat(old.deciderName()).isEqualTo("flink-1.20");
    }

    @Test
    void periodicCheckpointsTriggerTheRescaleOfFlink2() {
        // Checkpoints every 10 s, the first restart cost + 10 s after each deployment. The policy
        // knows the interval too, so its trigger delay is (2 + 1) x 10 s.
        RescaleDecider decider = new FlinkRescaleDecider(RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(seconds(10))
                .build());
        ClusterTrace trace = trace(120, join(0, "tm-1", 2), join(50, "tm-2", 2)).withCheckpointInterval(seconds(10));
        SimulationResult r = run(decider, trace);
        // start at 10; checkpoints at 30 (cooldown until 40: ignored), 40, 50 (before the join at 50:
        // Idling), then the join makes it Stabilizing with desired resources; the checkpoint at 60
        // triggers the rescale
        assertThat(actions(r)).containsExactly("10s RESCALE RESOURCES_STABILIZED", "60s RESCALE CHECKPOINT_COMPLETED");
        assertThat(r.timeline().stream()
                        .filter(e -> e.cause().equals("periodic checkpoint completed"))
                        .map(e -> Traces.sec(e.time())))
                .containsExactly(30L, 40L, 50L, 60L, 80L, 90L, 100L, 110L, 120L);
    }

    @Test
    void checkpointsDueWhileStalledDoNotComplete() {
        ClusterTrace trace = fourAtStart(200, kill(100, "tm-4")).withCheckpointInterval(seconds(20));
        SimulationResult r = run(REACTIVE, trace);
        // deployed at 0: 30, 50, 70, 90, then 110, 130 stalled; redeployed at 151: 181
        assertThat(r.timeline().stream()
                        .filter(e -> e.cause().contains("checkpoint"))
                        .map(e -> Traces.sec(e.time()) + (e.decision().isPresent() ? "" : " stalled")))
                .containsExactly("30", "50", "70", "90", "110 stalled", "130 stalled", "181");
    }

    @Test
    void nothingHappensBeforeTheJobIsSubmittedOrAfterTheEnd() {
        // end at the start: the joins and the submission at 0 still happen
        SimulationResult r = run(REACTIVE, fourAtStart(0));
        assertThat(rescales(r)).containsExactly("0s:{a=4}");
        assertThat(r.summary().slotSecondsAvailable()).isZero();
        assertThat(r.summary().utilization()).isZero();
        assertThat(r.summary().downtime()).isZero();
        assertThat(r.summary().timeToDesiredParallelism()).isEmpty();

        // never enough slots: never started, no downtime counted, and 2.x fails at the 5 min timeout
        SimulationResult never = run(FLINK_2, trace(600));
        assertThat(never.summary().firstStart()).isEmpty();
        assertThat(never.summary().downtime()).isZero();
        assertThat(never.summary().finalState()).isEqualTo(SchedulerState.FAILED);
        assertThat(never.summary().finalParallelism()).isEqualTo(Optional.empty());
        assertThat(actions(never)).containsExactly("300s FAIL RESOURCE_WAIT_TIMEOUT_FAILED");
    }

    @Test
    void restartCostZeroMeansTheDecidersViewOfDowntime() {
        SimulationResult r = new Simulator()
                .run(KEYED_4, fourAtStart(200, stop(100, "tm-4")), REACTIVE, CONFIG.withRestartCost(Duration.ZERO));
        assertThat(r.summary().downtime()).isEqualTo(seconds(1));
        assertThat(r.summary().timeToDesiredParallelism()).contains(Duration.ZERO);
    }

    /** The deciders of a sweep's days are one, so that what a decider keeps between calls serves them all. */
    @Test
    void theSameDeciderAndIntervalGiveTheSameTimedDecider() {
        FlinkRescaleDecider flink2 = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
        Optional<Duration> minute = Optional.of(Duration.ofMinutes(1));
        RescaleDecider timed = Simulator.deciderFor(flink2, minute);
        assertThat(((FlinkRescaleDecider) timed).policy().checkpointInterval()).isEqualTo(minute);
        assertThat(Simulator.deciderFor(flink2, Optional.of(Duration.ofSeconds(60))))
                .isSameAs(timed);
        RescaleDecider other = Simulator.deciderFor(flink2, Optional.of(Duration.ofMinutes(2)));
        assertThat(((FlinkRescaleDecider) other).policy().checkpointInterval()).contains(Duration.ofMinutes(2));
        assertThat(Simulator.deciderFor(new FlinkRescaleDecider(RescalePolicy.FLINK_2), minute))
                .isNotSameAs(timed);
        assertThat(Simulator.deciderFor(flink2, Optional.empty())).isSameAs(flink2);
    }
}
