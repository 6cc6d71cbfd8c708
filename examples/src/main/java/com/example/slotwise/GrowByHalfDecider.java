package com.example.slotwise;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.Reason;
import io.github.slotwise.rescale.ReasonCode;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.SchedulerState;
import io.github.slotwise.rescale.StatefulRescaleDecider;
import io.github.slotwise.rescale.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rescale decider written from scratch, with a state of its own ({@link GrowByHalfState}): the job
 * deploys as soon as its lower bounds fit, and a running job grows only when the new plan uses at
 * least half as many slots again as the running one ({@code new >= ceil(1.5 x running)}); smaller
 * growth is held with the reason {@link #GROWTH_BELOW_HALF}. Lost tasks restart the job on what is
 * left at once; changed requirements rescale at once if the running plan breaks them, else count as
 * growth.
 *
 * <p>No timers, no cooldown, Flink's parallelism rule ({@link FlinkParallelismSolver}) for every
 * plan. Pure: the state is a value, the time an argument.
 */
public final class GrowByHalfDecider extends StatefulRescaleDecider<GrowByHalfState> {
    /** The registry name of the preset that runs it. */
    public static final String NAME = "grow-by-half";

    /** Growth held: the new plan adds less than half of the running slots. */
    public static final ReasonCode GROWTH_BELOW_HALF = ReasonCode.of("GROWTH_BELOW_HALF");

    /** Growth taken: the new plan adds at least half of the running slots. */
    public static final ReasonCode GREW_BY_HALF = ReasonCode.of("GREW_BY_HALF");

    /** A rescale because the running plan no longer meets the requirements. */
    public static final ReasonCode REQUIREMENTS_BROKEN = ReasonCode.of("REQUIREMENTS_BROKEN");

    private final ParallelismSolver solver = new FlinkParallelismSolver();

    /** Creates the decider. */
    public GrowByHalfDecider() {
        super(GrowByHalfState.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GrowByHalfState initialState(JobGraph graph) {
        return new GrowByHalfState(
                graph,
                Optional.empty(),
                0,
                SchedulerState.CREATED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                0);
    }

    /** The least number of slots a grown plan must use, from the running plan's. */
    public static int slotsToGrow(int running) {
        return running + (running + 1) / 2;
    }

    @Override
    protected Transition step(GrowByHalfState s, RescaleEvent event, Instant now) {
        if (event instanceof RescaleEvent.JobStarted) {
            GrowByHalfState submitted = with(s, now, s.graph(), s.availableSlots(), true);
            return s.started()
                    ? stay(submitted, now, Reason.PARALLELISM_UNCHANGED, "already submitted")
                    : deployIfPossible(submitted, now);
        }
        if (event instanceof RescaleEvent.SlotsAdded added) {
            return afterChange(with(s, now, s.graph(), s.availableSlots() + added.count(), s.started()), now);
        }
        if (event instanceof RescaleEvent.SlotsLost lost) {
            return lost(s, lost, now);
        }
        if (event instanceof RescaleEvent.RequirementsChanged changed) {
            return requirements(s, changed, now);
        }
        // checkpoints and wake-ups change nothing for this rule
        return stay(
                with(s, now, s.graph(), s.availableSlots(), s.started()),
                now,
                Reason.PARALLELISM_UNCHANGED,
                "nothing to decide on " + event.getClass().getSimpleName());
    }

    private Transition lost(GrowByHalfState s, RescaleEvent.SlotsLost e, Instant now) {
        if (e.count() > s.availableSlots()) {
            throw new IllegalArgumentException(
                    NAME + ": " + e.count() + " slot(s) lost, only " + s.availableSlots() + " held");
        }
        GrowByHalfState fewer = with(s, now, s.graph(), s.availableSlots() - e.count(), s.started());
        boolean restart = s.running().isPresent()
                && (e.runningTasksLost()
                        || fewer.availableSlots() < s.running().get().slotsUsed());
        if (!restart) {
            return stay(fewer, now, Reason.PARALLELISM_UNCHANGED, e.count() + " idle slot(s) lost");
        }
        Decision stop = new Decision(
                now, Action.STOP, Optional.empty(), Optional.empty(), Reason.TASKS_LOST, "running tasks lost");
        GrowByHalfState stopped = new GrowByHalfState(
                fewer.graph(),
                fewer.time(),
                fewer.availableSlots(),
                SchedulerState.WAITING_FOR_RESOURCES,
                Optional.empty(),
                fewer.lastRescale(),
                Optional.empty(),
                true,
                0);
        Transition redeploy = deployIfPossible(stopped, now);
        List<Decision> decisions = new ArrayList<>();
        decisions.add(stop);
        if (redeploy.decision().isRescale()) {
            decisions.add(redeploy.decision());
        }
        return new Transition(redeploy.state(), decisions);
    }

    private Transition requirements(GrowByHalfState s, RescaleEvent.RequirementsChanged e, Instant now) {
        JobGraph graph = Requirements.withBounds(s.graph(), e.bounds());
        GrowByHalfState changed = with(s, now, graph, s.availableSlots(), s.started());
        if (s.running().isPresent() && !withinBounds(graph, s.running().get())) {
            ParallelismResult result = solver.solve(graph, changed.availableSlots());
            if (result.isPlan()) {
                return rescale(
                        changed, result.plan(), now, REQUIREMENTS_BROKEN, "the running plan breaks the new bounds");
            }
        }
        return afterChange(changed, now);
    }

    /** After more slots or new bounds: deploy if waiting, grow if the step is big enough. */
    private Transition afterChange(GrowByHalfState s, Instant now) {
        if (!s.started()) {
            return stay(s, now, Reason.JOB_NOT_STARTED, "not submitted yet");
        }
        if (s.running().isEmpty()) {
            return deployIfPossible(s, now);
        }
        ParallelismPlan running = s.running().get();
        ParallelismResult result = solver.solve(s.graph(), s.availableSlots());
        if (!result.isPlan() || result.plan().sameParallelismAs(running)) {
            return stay(s, now, Reason.PARALLELISM_UNCHANGED, "the plan would not change");
        }
        ParallelismPlan candidate = result.plan();
        int needed = slotsToGrow(running.slotsUsed());
        if (candidate.slotsUsed() < needed) {
            GrowByHalfState held = new GrowByHalfState(
                    s.graph(),
                    s.time(),
                    s.availableSlots(),
                    s.schedulerState(),
                    s.running(),
                    s.lastRescale(),
                    Optional.empty(),
                    true,
                    s.heldGrowths() + 1);
            return stay(
                    held,
                    now,
                    GROWTH_BELOW_HALF,
                    "growth to " + candidate.slotsUsed() + " slots held: at least " + needed + " needed");
        }
        return rescale(
                s,
                candidate,
                now,
                GREW_BY_HALF,
                "grows from " + running.slotsUsed() + " to " + candidate.slotsUsed() + " slots");
    }

    private Transition deployIfPossible(GrowByHalfState s, Instant now) {
        ParallelismResult result = solver.solve(s.graph(), s.availableSlots());
        if (!result.isPlan()) {
            GrowByHalfState waiting = new GrowByHalfState(
                    s.graph(),
                    s.time(),
                    s.availableSlots(),
                    SchedulerState.WAITING_FOR_RESOURCES,
                    Optional.empty(),
                    s.lastRescale(),
                    Optional.empty(),
                    true,
                    0);
            return stay(waiting, now, Reason.NOT_ENOUGH_RESOURCES, "the lower bounds do not fit yet");
        }
        return rescale(s, result.plan(), now, Reason.DESIRED_RESOURCES, "deployed on the slots there are");
    }

    private static Transition rescale(
            GrowByHalfState s, ParallelismPlan plan, Instant now, ReasonCode reason, String why) {
        GrowByHalfState next = new GrowByHalfState(
                s.graph(),
                Optional.of(now),
                s.availableSlots(),
                SchedulerState.EXECUTING,
                Optional.of(plan),
                Optional.of(now),
                Optional.empty(),
                true,
                0);
        return new Transition(
                next, List.of(new Decision(now, Action.RESCALE, Optional.of(plan), Optional.empty(), reason, why)));
    }

    private static Transition stay(GrowByHalfState s, Instant now, ReasonCode reason, String why) {
        return new Transition(
                s, List.of(new Decision(now, Action.STAY, Optional.empty(), Optional.empty(), reason, why)));
    }

    private static GrowByHalfState with(
            GrowByHalfState s, Instant now, JobGraph graph, int availableSlots, boolean started) {
        return new GrowByHalfState(
                graph,
                Optional.of(now),
                availableSlots,
                started && s.schedulerState() == SchedulerState.CREATED
                        ? SchedulerState.WAITING_FOR_RESOURCES
                        : s.schedulerState(),
                s.running(),
                s.lastRescale(),
                Optional.empty(),
                started,
                s.heldGrowths());
    }

    private static boolean withinBounds(JobGraph graph, ParallelismPlan plan) {
        for (JobVertex v : graph.vertices()) {
            int p = plan.parallelismOf(v.id());
            if (p < v.lowerBound() || p > v.upperBound()) {
                return false;
            }
        }
        return true;
    }
}
