package io.github.slotwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.Reason;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decider checkers are not vacuous: each catches a hand-made broken timeline. */
class DeciderInvariantsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final FlinkParallelismSolver SOLVER = new FlinkParallelismSolver();
    private static final JobGraph GRAPH = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("a")
                    .slotSharingGroup("G")
                    .parallelism(4)
                    .build())
            .build();

    private static Instant at(long s) {
        return T0.plusSeconds(s);
    }

    private static ParallelismPlan plan(int slots) {
        return SOLVER.solve(GRAPH, slots).plan();
    }

    private static Decision rescale(long s, int slots) {
        return new Decision(
                at(s), Action.RESCALE, Optional.of(plan(slots)), Optional.empty(), Reason.DESIRED_RESOURCES, "");
    }

    private static DecisionTimeline.Step step(
            long s, RescaleEvent e, int slots, Optional<Integer> running, Decision... d) {
        return new DecisionTimeline.Step(at(s), e, slots, GRAPH, running.map(DeciderInvariantsTest::plan), List.of(d));
    }

    private static List<String> names(List<Violation> violations) {
        return violations.stream().map(Violation::invariant).distinct().toList();
    }

    @Test
    void aRescaleToTheRunningParallelismIsCaught() {
        DecisionTimeline t = new DecisionTimeline(
                List.of(
                        step(0, new RescaleEvent.SlotsAdded(2), 2, Optional.of(2), rescale(0, 2)),
                        step(40, new RescaleEvent.SlotsAdded(1), 3, Optional.of(2), rescale(40, 2))),
                at(100));
        assertThat(names(DeciderInvariants.checkNoRescaleToRunning(t)))
                .containsExactly(DeciderInvariants.NO_RESCALE_TO_RUNNING);
    }

    @Test
    void aPlanThatDoesNotFitTheSlotsIsCaught() {
        DecisionTimeline t = new DecisionTimeline(
                List.of(step(0, new RescaleEvent.SlotsAdded(2), 2, Optional.of(4), rescale(0, 4))), at(10));
        assertThat(names(DeciderInvariants.checkPlansFit(t))).containsExactly(DeciderInvariants.PLAN_FITS_SLOTS);
    }

    @Test
    void aRescaleInsideTheCooldownIsCaughtButARestartAfterAFailureIsNot() {
        DecisionTimeline early = new DecisionTimeline(
                List.of(
                        step(0, new RescaleEvent.SlotsAdded(2), 2, Optional.of(2), rescale(0, 2)),
                        step(10, new RescaleEvent.SlotsAdded(2), 4, Optional.of(4), rescale(10, 4))),
                at(100));
        assertThat(names(DeciderInvariants.checkSpacing(early, RescalePolicy.FLINK_2.cooldownAfterRescaling())))
                .containsExactly(DeciderInvariants.RESCALE_SPACING);

        Decision lost = new Decision(at(10), Action.STOP, Optional.empty(), Optional.of(at(11)), Reason.TASKS_LOST, "");
        DecisionTimeline failure = new DecisionTimeline(
                List.of(
                        step(0, new RescaleEvent.SlotsAdded(4), 4, Optional.of(4), rescale(0, 4)),
                        step(10, new RescaleEvent.SlotsLost(2, true), 2, Optional.empty(), lost),
                        step(11, new RescaleEvent.WakeUp(), 2, Optional.of(2), rescale(11, 2))),
                at(100));
        assertThat(DeciderInvariants.checkSpacing(failure, RescalePolicy.FLINK_2.cooldownAfterRescaling()))
                .isEmpty();
    }

    @Test
    void aChangeNeverActedOnIsCaughtOnlyAfterItsBound() {
        // running a=2 from 0; at 40 (cooldown over) 4 slots: desired; Flink 2.x bound 40 + 60 = 100
        List<DecisionTimeline.Step> steps = List.of(
                step(0, new RescaleEvent.SlotsAdded(2), 2, Optional.of(2), rescale(0, 2)),
                step(40, new RescaleEvent.SlotsAdded(2), 4, Optional.of(2)));
        assertThat(DeciderInvariants.checkActedOnByBound(
                        new DecisionTimeline(steps, at(100)), RescalePolicy.FLINK_2, SOLVER))
                .isEmpty();
        assertThat(names(DeciderInvariants.checkActedOnByBound(
                        new DecisionTimeline(steps, at(101)), RescalePolicy.FLINK_2, SOLVER)))
                .containsExactly(DeciderInvariants.ACTED_ON_BY_BOUND);
        // 1.20 with min increase met: bound = max(change, start + 30 s) = 40
        assertThat(names(DeciderInvariants.checkActedOnByBound(
                        new DecisionTimeline(steps, at(41)), RescalePolicy.FLINK_1_20, SOLVER)))
                .containsExactly(DeciderInvariants.ACTED_ON_BY_BOUND);
    }

    /** A gate that holds every rescale it is asked about. */
    private static final RescaleGate HOLD_ALL = new RescaleGate() {
        @Override
        public String name() {
            return "hold-all";
        }

        @Override
        public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
            return Optional.of(new Hold(Reason.NO_KEY_GROUP_GAIN, "held"));
        }
    };

    @Test
    void aChangeTheGateHoldsHasNoBoundButARescaleItHoldsIsCaught() {
        List<DecisionTimeline.Step> steps = List.of(
                step(0, new RescaleEvent.SlotsAdded(2), 2, Optional.of(2), rescale(0, 2)),
                step(40, new RescaleEvent.SlotsAdded(2), 4, Optional.of(2)));
        DecisionTimeline late = new DecisionTimeline(steps, at(500));
        assertThat(DeciderInvariants.checkActedOnByBound(late, RescalePolicy.FLINK_2, SOLVER, HOLD_ALL))
                .isEmpty();
        assertThat(DeciderInvariants.check(late, RescalePolicy.FLINK_2, SOLVER, HOLD_ALL))
                .isEmpty();

        DecisionTimeline held = new DecisionTimeline(
                List.of(
                        step(0, new RescaleEvent.SlotsAdded(2), 2, Optional.of(2), rescale(0, 2)),
                        step(40, new RescaleEvent.SlotsAdded(2), 4, Optional.of(4), rescale(40, 4))),
                at(100));
        assertThat(names(DeciderInvariants.checkNoHeldRescale(held, HOLD_ALL)))
                .containsExactly(DeciderInvariants.NO_HELD_RESCALE);
        assertThat(DeciderInvariants.checkNoHeldRescale(held, new io.github.slotwise.rescale.KeyGroupGainGate()))
                .isEmpty(); // "a" is not keyed: nothing to hold

        // once the running plan no longer fits, the rescale is a must, whatever the gate says
        DecisionTimeline forced = new DecisionTimeline(
                List.of(
                        step(0, new RescaleEvent.SlotsAdded(2), 2, Optional.of(2), rescale(0, 2)),
                        step(40, new RescaleEvent.SlotsLost(1, false), 1, Optional.of(1), rescale(40, 1))),
                at(100));
        assertThat(DeciderInvariants.checkNoHeldRescale(forced, HOLD_ALL)).isEmpty();
    }

    @Test
    void decisionsOutOfTimeOrderAreCaught() {
        DecisionTimeline t = new DecisionTimeline(
                List.of(step(10, new RescaleEvent.SlotsAdded(2), 2, Optional.of(2), rescale(10, 2), rescale(5, 2))),
                at(20));
        assertThat(names(DeciderInvariants.checkTimeOrder(t))).containsExactly(DeciderInvariants.TIME_ORDER);
    }
}
