package io.github.slotwise.testkit;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.Reason;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invariants of rescale decisions, checked on a {@link DecisionTimeline}; every checker returns the
 * violations as values and never throws on a bad timeline. The checkers re-derive what they expect
 * from the timeline's inputs (slots, graph, policy, solver), never from the decider under test.
 *
 * <p>A <em>rescale action</em> is a RESCALE while the job runs, or a STOP that is not a task failure
 * (before Flink 2.0 a rescale stops the job and waits for resources).
 */
public final class DeciderInvariants {
    /** A RESCALE never restarts the job with the parallelism it already runs. */
    public static final String NO_RESCALE_TO_RUNNING = "decider.no-rescale-to-running-parallelism";

    /** Every RESCALE's plan fits the slots available when it was made, within every vertex's bounds. */
    public static final String PLAN_FITS_SLOTS = "decider.plan-fits-slots";

    /**
     * A rescale action comes at least one cooldown after the (re)start it interrupts: no rescale
     * inside the cooldown (a failure that makes the running parallelism infeasible is a task
     * failure, not a rescale action), hence at most one rescale per cooldown window.
     */
    public static final String RESCALE_SPACING = "decider.rescale-spacing";

    /**
     * A change the policy accepts, noticed while the job runs, is acted on by its bound: Flink 2.x
     * {@code max(end of cooldown, change + max(stabilization, trigger delay))}; before 2.0, when
     * min-parallelism-increase is met, {@code max(change, last rescale + scaling-interval.min)}, except
     * that a change at exactly the end of the interval waits one more interval (Flink tests "more
     * than min since the last rescale" after its own timer has fired).
     */
    public static final String ACTED_ON_BY_BOUND = "decider.acted-on-by-bound";

    /** Decision times never go back. */
    public static final String TIME_ORDER = "decider.time-order";

    /**
     * For a decider with a {@link RescaleGate}: no RESCALE of a running job is one the gate holds,
     * unless the running plan had stopped being admissible (a vertex outside its bounds, or more slots
     * than available), when the rescale is a must.
     */
    public static final String NO_HELD_RESCALE = "decider.no-held-rescale";

    private DeciderInvariants() {}

    /** Runs every checker. */
    public static List<Violation> check(DecisionTimeline timeline, RescalePolicy policy, ParallelismSolver solver) {
        List<Violation> v = new ArrayList<>();
        v.addAll(checkTimeOrder(timeline));
        v.addAll(checkNoRescaleToRunning(timeline));
        v.addAll(checkPlansFit(timeline));
        v.addAll(checkSpacing(timeline, cooldown(policy)));
        v.addAll(checkActedOnByBound(timeline, policy, solver));
        return v;
    }

    /**
     * Runs every checker for a decider that consults {@code gate} (a {@link
     * io.github.slotwise.rescale.FlinkRescaleDecider} built with one): {@link #ACTED_ON_BY_BOUND}
     * counts only changes the gate lets through ({@link #checkActedOnByBound(DecisionTimeline,
     * RescalePolicy, ParallelismSolver, RescaleGate)}), and {@link #NO_HELD_RESCALE} is checked too.
     */
    public static List<Violation> check(
            DecisionTimeline timeline, RescalePolicy policy, ParallelismSolver solver, RescaleGate gate) {
        List<Violation> v = new ArrayList<>();
        v.addAll(checkTimeOrder(timeline));
        v.addAll(checkNoRescaleToRunning(timeline));
        v.addAll(checkPlansFit(timeline));
        v.addAll(checkSpacing(timeline, cooldown(policy)));
        v.addAll(checkActedOnByBound(timeline, policy, solver, gate));
        v.addAll(checkNoHeldRescale(timeline, gate));
        return v;
    }

    /** The least time between a (re)start and a rescale action under {@code policy}. */
    public static Duration cooldown(RescalePolicy policy) {
        return switch (policy.generation()) {
            case FLINK_1_17, FLINK_1_18 -> Duration.ZERO;
            case FLINK_1_20, FLINK_2 -> policy.cooldownAfterRescaling();
        };
    }

    /** Checks {@link #TIME_ORDER}. */
    public static List<Violation> checkTimeOrder(DecisionTimeline timeline) {
        List<Violation> v = new ArrayList<>();
        Instant last = Instant.MIN;
        for (Decision d : timeline.decisions()) {
            if (d.at().isBefore(last)) {
                v.add(new Violation(TIME_ORDER, "decision at " + d.at() + " after one at " + last + ": " + d));
            }
            last = d.at();
        }
        return v;
    }

    /** Checks {@link #NO_RESCALE_TO_RUNNING}. */
    public static List<Violation> checkNoRescaleToRunning(DecisionTimeline timeline) {
        List<Violation> v = new ArrayList<>();
        Optional<ParallelismPlan> running = Optional.empty();
        for (Decision d : timeline.decisions()) {
            if (d.isRescale()) {
                ParallelismPlan plan = d.plan().get();
                if (running.isPresent() && running.get().sameParallelismAs(plan)) {
                    v.add(new Violation(
                            NO_RESCALE_TO_RUNNING,
                            "RESCALE at " + d.at() + " to " + plan.vertexParallelism() + ", which is running"));
                }
                running = Optional.of(plan);
            } else if (d.action() == Action.STOP || d.action() == Action.FAIL) {
                running = Optional.empty();
            }
        }
        return v;
    }

    /** Checks {@link #PLAN_FITS_SLOTS}. */
    public static List<Violation> checkPlansFit(DecisionTimeline timeline) {
        List<Violation> v = new ArrayList<>();
        for (DecisionTimeline.Step step : timeline.steps()) {
            for (Decision d : step.decisions()) {
                if (!d.isRescale()) {
                    continue;
                }
                ParallelismPlan plan = d.plan().get();
                if (plan.slotsUsed() > step.availableSlots()) {
                    v.add(new Violation(
                            PLAN_FITS_SLOTS,
                            "RESCALE at " + d.at() + " uses " + plan.slotsUsed() + " slots, " + step.availableSlots()
                                    + " available"));
                }
                for (Violation pv : Invariants.checkPlan(step.graph(), step.availableSlots(), plan)) {
                    v.add(new Violation(PLAN_FITS_SLOTS, "RESCALE at " + d.at() + ": " + pv));
                }
            }
        }
        return v;
    }

    /** Checks {@link #RESCALE_SPACING} for a cooldown. */
    public static List<Violation> checkSpacing(DecisionTimeline timeline, Duration cooldown) {
        List<Violation> v = new ArrayList<>();
        Optional<Instant> started = Optional.empty();
        boolean running = false;
        for (Decision d : timeline.decisions()) {
            if (isRescaleAction(d, running) && started.isPresent()) {
                Duration since = Duration.between(started.get(), d.at());
                if (since.compareTo(cooldown) < 0) {
                    v.add(new Violation(
                            RESCALE_SPACING,
                            d.action() + " at " + d.at() + " only " + since + " after the start at " + started.get()
                                    + " (cooldown " + cooldown + "): " + d.explanation()));
                }
            }
            if (d.isRescale()) {
                started = Optional.of(d.at());
                running = true;
            } else if (d.action() == Action.STOP || d.action() == Action.FAIL) {
                running = false;
            }
        }
        return v;
    }

    /** True for a RESCALE while running, or a STOP that is not a task failure. */
    public static boolean isRescaleAction(Decision d, boolean running) {
        return (d.isRescale() && running) || (d.action() == Action.STOP && d.reason() != Reason.TASKS_LOST);
    }

    /** Checks {@link #ACTED_ON_BY_BOUND}. */
    public static List<Violation> checkActedOnByBound(
            DecisionTimeline timeline, RescalePolicy policy, ParallelismSolver solver) {
        return checkActedOnByBound(timeline, policy, solver, Optional.empty());
    }

    /**
     * Checks {@link #ACTED_ON_BY_BOUND} for a decider that consults {@code gate}: a change counts only
     * if the policy accepts it and the gate does not hold it (the gate is asked only when the running
     * plan is still admissible, as the decider does). A held change is not acted on at all, so its
     * bound does not apply; a later change the gate lets through starts the clock again.
     */
    public static List<Violation> checkActedOnByBound(
            DecisionTimeline timeline, RescalePolicy policy, ParallelismSolver solver, RescaleGate gate) {
        return checkActedOnByBound(timeline, policy, solver, Optional.of(gate));
    }

    /** Checks {@link #NO_HELD_RESCALE}. */
    public static List<Violation> checkNoHeldRescale(DecisionTimeline timeline, RescaleGate gate) {
        List<Violation> v = new ArrayList<>();
        Optional<ParallelismPlan> running = Optional.empty();
        for (DecisionTimeline.Step step : timeline.steps()) {
            for (Decision d : step.decisions()) {
                if (d.isRescale()) {
                    ParallelismPlan plan = d.plan().get();
                    if (running.isPresent()
                            && !running.get().sameParallelismAs(plan)
                            && admissible(step.graph(), step.availableSlots(), running.get())) {
                        Optional<RescaleGate.Hold> hold = gate.hold(step.graph(), running.get(), plan);
                        if (hold.isPresent()) {
                            v.add(new Violation(
                                    NO_HELD_RESCALE,
                                    "RESCALE at " + d.at() + " " + running.get().vertexParallelism() + " -> "
                                            + plan.vertexParallelism() + ", which " + gate.name() + " holds: "
                                            + hold.get().explanation()));
                        }
                    }
                    running = Optional.of(plan);
                } else if (d.action() == Action.STOP || d.action() == Action.FAIL) {
                    running = Optional.empty();
                }
            }
        }
        return v;
    }

    /**
     * Whether a job could go on running {@code plan}: it names every vertex, each within its bounds,
     * on at most {@code availableSlots} slots (each group taking its highest parallelism).
     */
    public static boolean admissible(JobGraph graph, int availableSlots, ParallelismPlan plan) {
        for (JobVertex vertex : graph.vertices()) {
            Integer p = plan.vertexParallelism().get(vertex.id());
            if (p == null || p < vertex.lowerBound() || p > vertex.upperBound()) {
                return false;
            }
        }
        int slots = 0;
        for (var group : graph.slotSharingGroups()) {
            int max = 0;
            for (String id : group.vertexIds()) {
                max = Math.max(max, plan.vertexParallelism().get(id));
            }
            slots += max;
        }
        return slots <= availableSlots;
    }

    private static List<Violation> checkActedOnByBound(
            DecisionTimeline timeline, RescalePolicy policy, ParallelismSolver solver, Optional<RescaleGate> gate) {
        List<Violation> v = new ArrayList<>();
        Optional<Instant> started = Optional.empty();
        Optional<Instant> since = Optional.empty();
        for (DecisionTimeline.Step step : timeline.steps()) {
            for (Decision d : step.decisions()) {
                if (isRescaleAction(d, started.isPresent()) || d.action() == Action.FAIL) {
                    since = Optional.empty(); // acted on (or the job stopped)
                }
                if (d.isRescale()) {
                    started = Optional.of(d.at());
                } else if (d.action() == Action.STOP || d.action() == Action.FAIL) {
                    started = Optional.empty();
                }
            }
            if (step.running().isEmpty() || started.isEmpty() || !accepts(policy, solver, gate, step)) {
                since = Optional.empty();
                continue;
            }
            if (since.isEmpty() && noticesChange(step)) {
                since = Optional.of(step.at());
            }
            if (since.isPresent()) {
                Instant bound = bound(policy, since.get(), started.get());
                Instant next = nextStepTime(timeline, step);
                if (next.isAfter(bound)) {
                    v.add(new Violation(
                            ACTED_ON_BY_BOUND,
                            "a change at " + since.get() + " accepted by the policy was not acted on by " + bound
                                    + " (running " + step.running().get().vertexParallelism() + ", "
                                    + step.availableSlots() + " slots)"));
                    since = Optional.empty();
                }
            }
        }
        return v;
    }

    /** Events Flink notices as a change: new slots, new requirements, or the (re)start itself. */
    private static boolean noticesChange(DecisionTimeline.Step step) {
        return step.event() instanceof RescaleEvent.SlotsAdded
                || step.event() instanceof RescaleEvent.RequirementsChanged
                || step.decisions().stream().anyMatch(Decision::isRescale);
    }

    private static Instant nextStepTime(DecisionTimeline timeline, DecisionTimeline.Step step) {
        int i = timeline.steps().indexOf(step);
        return i + 1 < timeline.steps().size() ? timeline.steps().get(i + 1).at() : timeline.end();
    }

    /** Whether the policy (and the gate, if any) would rescale from the running plan to what the slots allow. */
    private static boolean accepts(
            RescalePolicy policy, ParallelismSolver solver, Optional<RescaleGate> gate, DecisionTimeline.Step step) {
        ParallelismResult available = solver.solve(step.graph(), step.availableSlots());
        if (!(available instanceof ParallelismPlan plan)
                || plan.sameParallelismAs(step.running().get())) {
            return false;
        }
        if (gate.isPresent()
                && admissible(
                        step.graph(), step.availableSlots(), step.running().get())
                && gate.get().hold(step.graph(), step.running().get(), plan).isPresent()) {
            return false;
        }
        if (policy.generation() == Generation.FLINK_2) {
            return true;
        }
        Map<String, Integer> current = step.running().get().vertexParallelism();
        int min = policy.minParallelismIncrease();
        if (policy.generation() == Generation.FLINK_1_17) {
            int increase = 0;
            for (Map.Entry<String, Integer> e : current.entrySet()) {
                increase += plan.parallelismOf(e.getKey()) - e.getValue();
            }
            return increase >= min;
        }
        for (Map.Entry<String, Integer> e : current.entrySet()) {
            int change = plan.parallelismOf(e.getKey()) - e.getValue();
            if (change < 0 || change >= min) {
                return true;
            }
        }
        return false;
    }

    private static Instant bound(RescalePolicy policy, Instant change, Instant started) {
        Duration cooldown = cooldown(policy);
        Instant cooldownEnd = started.plus(cooldown);
        if (policy.generation() == Generation.FLINK_2) {
            Instant afterChange =
                    change.plus(max(policy.executingResourceStabilizationTimeout(), policy.effectiveMaxTriggerDelay()));
            return afterChange.isAfter(cooldownEnd) ? afterChange : cooldownEnd;
        }
        // Before 2.0: the evaluation scheduled at the (re)start fires at the end of the interval. A
        // change at exactly that instant comes after it and fails Flink's strict "more than min
        // since the last rescale" test, so it waits one more interval.
        if (change.isAfter(cooldownEnd)) {
            return change;
        }
        return change.isBefore(cooldownEnd) ? cooldownEnd : change.plus(cooldown);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
