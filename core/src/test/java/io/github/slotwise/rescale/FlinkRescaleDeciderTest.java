package io.github.slotwise.rescale;

import static io.github.slotwise.rescale.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.RescaleEvent.CheckpointCompleted;
import io.github.slotwise.rescale.RescaleEvent.CheckpointFailed;
import io.github.slotwise.rescale.RescaleEvent.JobStarted;
import io.github.slotwise.rescale.RescaleEvent.RequirementsChanged;
import io.github.slotwise.rescale.RescaleEvent.SlotsAdded;
import io.github.slotwise.rescale.RescaleEvent.SlotsLost;
import io.github.slotwise.rescale.RescaleEvent.WakeUp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Worked timelines, traced by hand from Flink's state classes (semantics notes, section 7). */
class FlinkRescaleDeciderTest {

    /** One vertex "a" with bounds [1, 4], maxParallelism 128. */
    private static final JobGraph ONE_VERTEX = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("a")
                    .slotSharingGroup("G")
                    .parallelism(4)
                    .build())
            .build();

    /** Vertices "a" and "b" in two groups, each [1, 4]. */
    private static final JobGraph TWO_GROUPS = JobGraph.builder()
            .addVertices(
                    JobVertex.builder()
                            .id("a")
                            .slotSharingGroup("A")
                            .parallelism(4)
                            .build(),
                    JobVertex.builder()
                            .id("b")
                            .slotSharingGroup("B")
                            .parallelism(4)
                            .build())
            .build();

    private static Timeline timeline(RescalePolicy policy, JobGraph graph) {
        return new Timeline(new FlinkRescaleDecider(policy), graph);
    }

    // ---- Flink 2.x -----------------------------------------------------------------------------

    @Test
    void flink2StartsAfterSubmissionStabilizationThenRescalesWhenTheCooldownEnds() {
        Timeline t = timeline(RescalePolicy.FLINK_2, ONE_VERTEX);
        Decision d = t.on(0, new JobStarted());
        // waiting, with the 5 min resource-wait timeout pending
        assertThat(d.action()).isEqualTo(Action.WAIT);
        assertThat(d.reason()).isEqualTo(Reason.NOT_ENOUGH_RESOURCES);
        assertThat(d.wakeUpAt()).contains(at(300));

        // 2 of 4 desired slots: sufficient, so Stabilizing from t=1 until the 10 s submission timeout
        d = t.on(1, new SlotsAdded(2));
        assertThat(d.reason()).isEqualTo(Reason.STABILIZING_RESOURCES);
        assertThat(d.wakeUpAt()).contains(at(11));
        assertThat(t.state.phase()).contains(DeciderState.Phase.STABILIZING);

        d = t.on(11, new WakeUp());
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(d.reason()).isEqualTo(Reason.RESOURCES_STABILIZED);
        assertThat(d.plan().get().vertexParallelism()).isEqualTo(Map.of("a", 2));
        assertThat(t.state.schedulerState()).isEqualTo(SchedulerState.EXECUTING);
        assertThat(d.wakeUpAt()).contains(at(41)); // end of the 30 s cooldown

        // more slots during the cooldown are noted, not acted on
        d = t.on(20, new SlotsAdded(2));
        assertThat(d.action()).isEqualTo(Action.WAIT);
        assertThat(d.reason()).isEqualTo(Reason.COOLDOWN);
        assertThat(d.wakeUpAt()).contains(at(41));

        // cooldown over: Stabilizing(first change = 20); no checkpointing, so the trigger delay is 0
        // and the evaluation (due at 20) fires at once with desired resources
        d = t.on(41, new WakeUp());
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(d.reason()).isEqualTo(Reason.TRIGGER_DELAY_ELAPSED);
        assertThat(d.plan().get().vertexParallelism()).isEqualTo(Map.of("a", 4));
        assertThat(t.rescales()).containsExactly("11s:{a=2}", "41s:{a=4}");
    }

    @Test
    void flink2WithCheckpointingWaitsForACheckpointOrTheTriggerDelay() {
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(10))
                .build();
        assertThat(policy.effectiveMaxTriggerDelay()).isEqualTo(Duration.ofSeconds(30)); // (2 + 1) x 10 s
        Timeline t = timeline(policy, ONE_VERTEX);
        t.on(0, new SlotsAdded(2));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(20);
        assertThat(t.rescales()).containsExactly("10s:{a=2}");

        t.on(45, new SlotsAdded(2)); // after the cooldown (10 + 30 = 40): Idling -> Stabilizing(45)
        assertThat(t.state.phase()).contains(DeciderState.Phase.STABILIZING);
        Decision d = t.on(50, new CheckpointCompleted());
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(d.reason()).isEqualTo(Reason.CHECKPOINT_COMPLETED);
        assertThat(d.explanation()).contains("a checkpoint completed").contains("{a=2} -> {a=4}");
    }

    @Test
    void flink2FailedCheckpointsTriggerAfterMaxCheckpointFailuresSinceTheChange() {
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(10))
                .build();
        Timeline t = timeline(policy, ONE_VERTEX);
        t.on(0, new SlotsAdded(2));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(20);
        t.on(40, new CheckpointFailed()); // before any change: ignored
        t.on(45, new SlotsAdded(2)); // countdown starts at 2
        assertThat(t.on(50, new CheckpointFailed()).action()).isEqualTo(Action.WAIT);
        Decision d = t.on(60, new CheckpointFailed());
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(d.reason()).isEqualTo(Reason.CHECKPOINT_FAILURES);
    }

    @Test
    void flink2WithoutACheckpointRescalesAtTheTriggerDelayAfterTheChange() {
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(10))
                .build();
        Timeline t = timeline(policy, ONE_VERTEX);
        t.on(0, new SlotsAdded(2));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(20);
        Decision d = t.on(45, new SlotsAdded(2));
        assertThat(d.wakeUpAt()).contains(at(75)); // 45 + 30 s trigger delay
        t.wakeUpsUntil(100);
        assertThat(t.rescales()).containsExactly("10s:{a=2}", "75s:{a=4}");
    }

    @Test
    void flink2WithSufficientButNotDesiredResourcesRescalesAfterTheExecutingStabilizationTimeout() {
        Timeline t = timeline(RescalePolicy.FLINK_2, ONE_VERTEX);
        t.on(0, new SlotsAdded(1));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(20); // starts at 10 with a=1
        t.on(50, new SlotsAdded(1)); // 2 of 4: sufficient, not desired -> Stabilizing(50)
        Decision d = t.on(60, new CheckpointCompleted()); // a trigger without desired resources
        assertThat(d.action()).isEqualTo(Action.WAIT);
        assertThat(d.reason()).isEqualTo(Reason.AWAITING_TRIGGER);
        assertThat(d.explanation()).contains("STABILIZING").contains("PT1M stabilization timeout from");
        t.wakeUpsUntil(200); // Stabilized at 50 + 60 = 110, trigger relative to the first change: at once
        assertThat(t.rescales()).containsExactly("10s:{a=1}", "110s:{a=2}");
        Decision rescale = t.decisions.stream()
                .filter(Decision::isRescale)
                .reduce((x, y) -> y)
                .orElseThrow();
        assertThat(rescale.reason()).isEqualTo(Reason.RESOURCES_STABILIZED);
        assertThat(rescale.explanation()).contains("no desired resources within the PT1M stabilization timeout");
    }

    @Test
    void flink2LostTaskManagerRestartsThroughWaitingForResources() {
        Timeline t = timeline(RescalePolicy.FLINK_2, ONE_VERTEX);
        t.on(0, new SlotsAdded(4));
        Decision d = t.on(0, new JobStarted());
        assertThat(d.reason()).isEqualTo(Reason.DESIRED_RESOURCES);
        Decision lost = t.on(100, new SlotsLost(2, true));
        assertThat(lost.action()).isEqualTo(Action.STOP);
        assertThat(lost.reason()).isEqualTo(Reason.TASKS_LOST);
        assertThat(lost.wakeUpAt()).contains(at(101)); // 1 s restart backoff
        assertThat(t.state.running()).isEmpty();
        t.wakeUpsUntil(200);
        // back in WaitingForResources at 101 with 2 of 4 slots: the 10 s submission stabilization
        assertThat(t.rescales()).containsExactly("0s:{a=4}", "111s:{a=2}");
    }

    @Test
    void losingIdleSlotsChangesNothing() {
        Timeline t = timeline(RescalePolicy.FLINK_2, TWO_GROUPS);
        t.on(0, new SlotsAdded(10));
        assertThat(t.on(0, new JobStarted()).plan().get().vertexParallelism()).isEqualTo(Map.of("a", 4, "b", 4));
        Decision d = t.on(100, new SlotsLost(2, false)); // 8 left: exactly what the job uses
        assertThat(d.action()).isEqualTo(Action.STAY);
        assertThat(d.reason()).isEqualTo(Reason.PARALLELISM_UNCHANGED);
        assertThat(t.state.running().get().vertexParallelism()).isEqualTo(Map.of("a", 4, "b", 4));
        assertThat(t.state.availableSlots()).isEqualTo(8);
    }

    @Test
    void reactiveModeStartsAtOnceAndFollowsEveryTaskManagerAfterTheCooldown() {
        Timeline t = timeline(RescalePolicy.REACTIVE, ONE_VERTEX);
        assertThat(t.state.graph().vertex("a").upperBound()).isEqualTo(128);
        Decision d = t.on(0, new JobStarted());
        assertThat(d.action()).isEqualTo(Action.STAY); // waits forever: no timeout pending
        d = t.on(5, new SlotsAdded(1));
        assertThat(d.action()).isEqualTo(Action.RESCALE); // stabilization 0
        assertThat(d.reason()).isEqualTo(Reason.RESOURCES_STABILIZED);
        t.on(10, new SlotsAdded(1)); // during the cooldown: first change at 10
        t.on(20, new SlotsAdded(1));
        t.wakeUpsUntil(100);
        // the desired 128 slots never come, so the rescale waits for the 60 s executing
        // stabilization timeout from the first change: 10 + 60 = 70, not the cooldown's end at 35
        assertThat(t.rescales()).containsExactly("5s:{a=1}", "70s:{a=3}");
    }

    @Test
    void reactiveModeRejectsRequirementChanges() {
        Timeline t = timeline(RescalePolicy.REACTIVE, ONE_VERTEX);
        assertThatThrownBy(() -> t.on(0, new RequirementsChanged(Map.of("a", new VertexBounds(1, 2)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reactive mode");
    }

    @Test
    void lowerUpperBoundIsADecreaseThatRescalesAfterTheCooldown() {
        Timeline t = timeline(RescalePolicy.FLINK_2, ONE_VERTEX);
        t.on(0, new SlotsAdded(4));
        t.on(0, new JobStarted());
        Decision d = t.on(100, new RequirementsChanged(Map.of("a", new VertexBounds(1, 2))));
        // after the cooldown (ended at 30, Idling): Stabilizing(100); desired = 2 slots held -> at once
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(d.plan().get().vertexParallelism()).isEqualTo(Map.of("a", 2));
    }

    @Test
    void requirementsEqualToTheCurrentOnesAreNoChange() {
        // Found by flink-adapter's RescaleDecisionDifferentialTest: Flink's
        // updateJobResourceRequirements drops requirements that change no bound, so they neither
        // reach the transition manager nor start the failed-checkpoint countdown.
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(10))
                .build();
        Timeline t = timeline(policy, ONE_VERTEX);
        t.on(0, new SlotsAdded(6));
        t.on(0, new JobStarted()); // desired: {a=4} at once; cooldown until 30
        t.on(40, new RequirementsChanged(Map.of("a", new VertexBounds(1, 4)))); // unchanged: ignored
        t.on(41, new CheckpointFailed()); // no change seen yet: ignored
        t.on(42, new RequirementsChanged(Map.of("a", new VertexBounds(1, 6)))); // Stabilizing, countdown 2
        assertThat(t.on(45, new CheckpointFailed()).action()).isEqualTo(Action.WAIT); // countdown 1
        Decision d = t.on(50, new CheckpointFailed());
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(d.reason()).isEqualTo(Reason.CHECKPOINT_FAILURES);
        assertThat(t.rescales()).containsExactly("0s:{a=4}", "50s:{a=6}");
    }

    @Test
    void anEventFitsTheJobAsItIsAfterTheTimersDueAtItsTime() {
        // Found by flink-adapter's RescaleDecisionDifferentialTest: the rescale due at 30 shrinks the
        // job to 2 slots before the slot loss at 30 is handled, so losing 2 of 4 slots loses idle ones.
        Timeline t = timeline(RescalePolicy.FLINK_2, ONE_VERTEX);
        t.on(0, new SlotsAdded(4));
        t.on(0, new JobStarted()); // {a=4} on 4 slots, cooldown until 30
        t.on(10, new RequirementsChanged(Map.of("a", new VertexBounds(1, 2))));
        Decision d = t.on(30, new SlotsLost(2, false));
        assertThat(t.rescales()).containsExactly("0s:{a=4}", "30s:{a=2}");
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(t.state.availableSlots()).isEqualTo(2);
        // and the other way round: at 30 the job runs on 2 slots, so losing 1 of 2 loses running tasks
        assertThatThrownBy(() -> t.decider.decide(t.state, new SlotsLost(1, false), at(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runningTasksLost is false");
    }

    @Test
    void resourceWaitTimeoutFailsAJobWithoutTheMinimum() {
        Timeline t = timeline(RescalePolicy.FLINK_2, TWO_GROUPS);
        t.on(0, new JobStarted());
        t.on(10, new SlotsAdded(1)); // 2 groups need 2 slots
        t.wakeUpsUntil(400);
        Decision last = t.decisions.get(t.decisions.size() - 1);
        assertThat(last.action()).isEqualTo(Action.FAIL);
        assertThat(last.at()).isEqualTo(at(300));
        assertThat(last.reason()).isEqualTo(Reason.RESOURCE_WAIT_TIMEOUT_FAILED);
        assertThat(t.state.schedulerState()).isEqualTo(SchedulerState.FAILED);
        assertThat(t.on(500, new SlotsAdded(5)).reason()).isEqualTo(Reason.JOB_FAILED);
    }

    // ---- Flink 1.19/1.20 (FLIP-322) ---------------------------------------------------------------

    @Test
    void flink120WaitsForScalingIntervalMinThenRestartsThroughWaitingForResources() {
        Timeline t = timeline(RescalePolicy.FLINK_1_20, ONE_VERTEX);
        t.on(0, new JobStarted());
        t.on(1, new SlotsAdded(2));
        t.wakeUpsUntil(15); // deadline-based stabilization: starts at 11
        Decision d = t.on(20, new SlotsAdded(2));
        assertThat(d.reason()).isEqualTo(Reason.COOLDOWN);
        assertThat(d.wakeUpAt()).contains(at(41)); // scheduled at entry (11) + 30 s
        t.wakeUpsUntil(100);
        assertThat(t.rescales()).containsExactly("11s:{a=2}", "41s:{a=4}");
        Decision rescale = t.decisions.stream()
                .filter(x -> x.at().equals(at(41)))
                .findFirst()
                .orElseThrow();
        assertThat(rescale.reason()).isEqualTo(Reason.MIN_PARALLELISM_INCREASE_MET);
    }

    @Test
    void flink120WithOnlySufficientResourcesStaysDownForTheSubmissionStabilizationTimeout() {
        // FLINK-22134: before 2.0 a rescale goes through WaitingForResources
        Timeline t = timeline(RescalePolicy.FLINK_1_20, ONE_VERTEX);
        t.on(0, new SlotsAdded(1));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(15);
        Decision d = t.on(60, new SlotsAdded(1)); // 2 of 4: a change, not desired
        assertThat(d.action()).isEqualTo(Action.STOP);
        assertThat(t.state.running()).isEmpty();
        t.wakeUpsUntil(100);
        assertThat(t.rescales()).containsExactly("10s:{a=1}", "70s:{a=2}");
    }

    @Test
    void flink120MinIncreaseNotMetIsForcedAfterScalingIntervalMax() {
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_1_20)
                .minParallelismIncrease(3)
                .scalingIntervalMax(Duration.ofSeconds(60))
                .build();
        Timeline t = timeline(policy, ONE_VERTEX);
        t.on(0, new SlotsAdded(2));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(15); // starts at 10 with a=2
        Decision d = t.on(50, new SlotsAdded(2)); // +2 < 3: not met; 40 s since start < 60 s max
        assertThat(d.reason()).isEqualTo(Reason.MIN_PARALLELISM_INCREASE_NOT_MET);
        // Flink quirk: the evaluation at the end of scaling-interval.min (10 + 30 = 40) already
        // scheduled a forced check at 40 + 60 = 100, even with nothing to change then; the one this
        // change schedules (50 + 60 = 110) comes after it
        assertThat(d.wakeUpAt()).contains(at(100));
        t.wakeUpsUntil(200);
        assertThat(t.rescales()).containsExactly("10s:{a=2}", "100s:{a=4}");
        assertThat(t.decisions.stream()
                        .filter(Decision::isRescale)
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .reason())
                .isEqualTo(Reason.SCALING_INTERVAL_MAX_ELAPSED);
    }

    // ---- Flink 1.18 and 1.17 ---------------------------------------------------------------------------

    @Test
    void flink118RescalesAtOnceWhenAnyVertexGrowsByTheMinimum() {
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_1_18)
                .minParallelismIncrease(2)
                .build();
        Timeline t = timeline(policy, TWO_GROUPS);
        t.on(0, new SlotsAdded(2));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(15); // a=1, b=1 at 10
        Decision d = t.on(20, new SlotsAdded(2)); // 4 slots: a=2, b=2: +1 each < 2
        assertThat(d.action()).isEqualTo(Action.STAY);
        assertThat(d.reason()).isEqualTo(Reason.MIN_PARALLELISM_INCREASE_NOT_MET);
        d = t.on(30, new SlotsAdded(2)); // 6 slots: a=3, b=3: +2 -> restart at once
        // before 2.0 the restart goes through WaitingForResources: 6 of 8 desired slots is only
        // sufficient, so the job stays down for the 10 s submission stabilization (FLINK-22134)
        assertThat(d.action()).isEqualTo(Action.STOP);
        assertThat(d.reason()).isEqualTo(Reason.MIN_PARALLELISM_INCREASE_MET);
        t.wakeUpsUntil(100);
        assertThat(t.rescales()).containsExactly("10s:{a=1, b=1}", "40s:{a=3, b=3}");
    }

    @Test
    void flink117CountsTheIncreaseCumulativelyAndIgnoresDecreases() {
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_1_17)
                .minParallelismIncrease(2)
                .build();
        Timeline t = timeline(policy, TWO_GROUPS);
        t.on(0, new SlotsAdded(2));
        t.on(0, new JobStarted());
        t.wakeUpsUntil(15);
        Decision d = t.on(20, new SlotsAdded(2)); // +1 +1 = 2 >= 2 cumulatively (1.18 would not: +1 per vertex)
        assertThat(d.action()).isEqualTo(Action.STOP);
        t.wakeUpsUntil(100);
        assertThat(t.rescales()).containsExactly("10s:{a=1, b=1}", "30s:{a=2, b=2}");
        assertThatThrownBy(() -> t.on(30, new RequirementsChanged(Map.of("a", new VertexBounds(1, 1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Flink 1.18");
    }

    // ---- bad input ----------------------------------------------------------------------------------

    @Test
    void eventsOutOfTimeOrderAreRejectedAndTheStateIsUntouched() {
        Timeline t = timeline(RescalePolicy.FLINK_2, ONE_VERTEX);
        t.on(10, new JobStarted());
        DeciderState before = t.state;
        assertThatThrownBy(() -> t.on(5, new SlotsAdded(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is before the previous event at " + at(10));
        assertThatThrownBy(() -> t.on(9, new WakeUp()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the previous event");
        assertThat(t.state).isSameAs(before);
        assertThat(t.on(11, new SlotsAdded(4)).action()).isEqualTo(Action.RESCALE);
    }

    @Test
    void eventsThatDoNotFitTheStateAreRejected() {
        Timeline t = timeline(RescalePolicy.FLINK_2, ONE_VERTEX);
        assertThatThrownBy(() -> t.on(0, new SlotsLost(1, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SlotsLost.count 1 > available slots 0");
        t.on(0, new SlotsAdded(4));
        t.on(0, new JobStarted());
        assertThatThrownBy(() -> t.on(1, new JobStarted()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already started");
        assertThatThrownBy(() -> t.on(1, new SlotsLost(1, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SlotsLost.runningTasksLost is false, but 3 slots are left for a job running on 4");
        assertThatThrownBy(() -> t.on(1, new RequirementsChanged(Map.of("zz", new VertexBounds(1, 1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requirements name unknown vertex 'zz'");
        assertThatThrownBy(() -> new SlotsAdded(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SlotsAdded.count must be >= 1, got 0");
    }

    @Test
    void policiesRejectBadValuesNamingTheField() {
        assertThatThrownBy(() -> RescalePolicy.builder()
                        .cooldownAfterRescaling(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cooldownAfterRescaling must not be negative, got PT-1S");
        assertThatThrownBy(
                        () -> RescalePolicy.builder().maxCheckpointFailures(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCheckpointFailures must be >= 1, got 0");
        assertThatThrownBy(() -> RescalePolicy.builder()
                        .from(RescalePolicy.FLINK_1_20)
                        .scalingIntervalMax(Duration.ofSeconds(30))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scalingIntervalMax PT30S must be greater than cooldownAfterRescaling");
    }

    @Test
    void theSameEventsGiveTheSameDecisions() {
        List<Decision> first = replay(RescalePolicy.FLINK_2);
        List<Decision> second = replay(RescalePolicy.FLINK_2);
        assertThat(first).isEqualTo(second).isNotEmpty();
        assertThat(new FlinkRescaleDecider(RescalePolicy.FLINK_2).name()).isEqualTo("flink-2");
        assertThat(new FlinkRescaleDecider(RescalePolicy.REACTIVE).name()).isEqualTo("flink-2-reactive");
        assertThat(new FlinkRescaleDecider(RescalePolicy.FLINK_1_20).name()).isEqualTo("flink-1.20");
    }

    private static List<Decision> replay(RescalePolicy policy) {
        Timeline t = timeline(policy, TWO_GROUPS);
        t.on(0, new JobStarted());
        t.on(3, new SlotsAdded(3));
        t.on(50, new SlotsAdded(5));
        t.on(70, new SlotsLost(2, true));
        t.wakeUpsUntil(500);
        return t.decisions;
    }

    @Test
    void decisionsCarryAPlanExactlyWhenTheyRescale() {
        assertThatThrownBy(() ->
                        new Decision(at(0), Action.WAIT, Optional.empty(), Optional.empty(), Reason.COOLDOWN, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WAIT needs a wakeUpAt");
        assertThatThrownBy(() ->
                        new Decision(at(0), Action.RESCALE, Optional.empty(), Optional.empty(), Reason.COOLDOWN, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a plan goes with RESCALE only");
    }
}
