package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import java.time.Instant;
import java.util.Optional;

/**
 * Flink's adaptive scheduler's rescale decisions, for each {@link Generation} of its rules:
 * WaitingForResources, Executing, Restarting and, in 2.x, the {@code DefaultStateTransitionManager}
 * phase machine, with Flink's timers kept as data in the {@link DeciderState}.
 *
 * <p>Shaped as Flink's {@code scheduler/adaptive}: the scheduler states are one package-private
 * class, and each generation's rules are another, behind one small interface (1.17: the cumulative
 * min-parallelism-increase; 1.18: per vertex; 1.19/1.20: with FLIP-322's scaling intervals; 2.x:
 * FLIP-461's phase machine). Which one runs is {@link RescalePolicy#generation()}.
 *
 * <p>Modelling choices, where Flink leaves the order to its main-thread executor:
 *
 * <ul>
 *   <li>Timers due at or before an event's time fire before the event, in due-time order, ties in the
 *       order they were scheduled; a timer that is due fires at its own due time.
 *   <li>Cancelling the tasks and restarting take no time: a rescale decided at {@code t} runs from
 *       {@code t}, and the cooldown starts at {@code t}. Restart cost is a simulation parameter.
 *   <li>A lost TaskManager that ran tasks is a task failure: the job stops and, after {@link
 *       RescalePolicy#restartBackoff()}, waits for resources again. Idle slots leave silently.
 *   <li>Before 2.0 a rescale restarts through WaitingForResources; when that redeploys at the same
 *       instant the STOP and the RESCALE are reported as one RESCALE. Only within one {@code
 *       decide} call: if the redeploy is due to a later event at the same instant (slots that
 *       arrive right after the restart), the STOP has been returned already and the RESCALE
 *       follows on its own.
 *   <li>With a {@link RescaleGate} (not Flink's), a running job whose plan is still admissible
 *       treats a change the gate holds as no change: the parallelism the slots allow is the running
 *       plan, so Flink's phases and timers carry on as for new slots that change nothing, and the
 *       quiet decision carries the gate's reason.
 * </ul>
 */
public final class FlinkRescaleDecider implements RescaleDecider {
    private final RescalePolicy policy;
    private final ParallelismSolver solver;
    /** {@link #solver} with its last answers, which the scheduler asks. */
    private final RememberingSolver remembering;
    /** The last explanation of a running job with nothing to rescale to, which the scheduler asks. */
    private final RunningTexts texts = new RunningTexts();
    /** Events seen to change nothing but the time, given again without the scheduler. */
    private final QuietEvents quiet = new QuietEvents();

    private final Optional<RescaleGate> gate;
    private final RescaleController controller;
    private final String name;

    /** A decider for {@code policy} using Flink's parallelism rule. */
    public FlinkRescaleDecider(RescalePolicy policy) {
        this(policy, new FlinkParallelismSolver());
    }

    /**
     * A decider for {@code policy} using {@code solver} to turn slots into parallelism.
     *
     * @param policy the rules and timeouts
     * @param solver the parallelism rule (Flink's, or one of Slotwise's own)
     */
    public FlinkRescaleDecider(RescalePolicy policy, ParallelismSolver solver) {
        this(policy, solver, Optional.empty());
    }

    /**
     * A decider for {@code policy} using {@code solver}, that stays on the running plan whenever
     * {@code gate} holds the rescale the slots allow (see {@link RescaleGate}): the decision then
     * says STAY or WAIT with the gate's reason, and Flink's machinery carries on as for a job whose
     * parallelism the new slots do not change.
     *
     * @param policy the rules and timeouts
     * @param solver the parallelism rule
     * @param gate judges rescales of the running job
     */
    public FlinkRescaleDecider(RescalePolicy policy, ParallelismSolver solver, RescaleGate gate) {
        this(policy, solver, Optional.of(Limits.checkNotNull("gate", gate)));
    }

    private FlinkRescaleDecider(RescalePolicy policy, ParallelismSolver solver, Optional<RescaleGate> gate) {
        this.policy = Limits.checkNotNull("policy", policy);
        this.solver = Limits.checkNotNull("solver", solver);
        this.remembering = new RememberingSolver(solver);
        this.gate = gate;
        this.controller = RescaleController.of(this.policy);
        this.name = "flink-"
                + policy.generation()
                        .name()
                        .substring("FLINK_".length())
                        .toLowerCase()
                        .replace('_', '.')
                + (policy.reactive() ? "-reactive" : "")
                + (solver instanceof FlinkParallelismSolver ? "" : "+" + solver.name())
                + gate.map(g -> "+" + g.name()).orElse("");
    }

    /** The policy in force. */
    public RescalePolicy policy() {
        return policy;
    }

    /** The parallelism rule. */
    public ParallelismSolver solver() {
        return solver;
    }

    /** The gate that judges rescales of the running job, if any. */
    public Optional<RescaleGate> gate() {
        return gate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeciderState initialState(JobGraph graph) {
        Limits.checkNotNull("graph", graph);
        return FlinkDeciderState.builder()
                .graph(policy.reactive() ? Requirements.reactive(graph) : graph)
                .availableSlots(0)
                .schedulerState(SchedulerState.CREATED)
                .build();
    }

    @Override
    public Transition decide(DeciderState state, RescaleEvent event, Instant now) {
        FlinkDeciderState s = checked(state, event, now);
        int kind = QuietEvents.kind(event);
        if (kind != 0) {
            // a checkpoint (or wake-up) that is known to change nothing in this state but the time
            Transition repeated = quiet.repeat(s, kind, now);
            if (repeated != null) {
                return repeated;
            }
        }
        FlinkScheduler scheduler = run(s, event, now);
        Transition t = scheduler.finish();
        if (kind != 0 && scheduler.repeatable()) {
            quiet.remember(s, kind, t);
        }
        return t;
    }

    /**
     * {@link #decide} always through the scheduler, neither asking nor telling what is known of
     * events that change nothing: what {@link #decide} must equal (for tests).
     */
    Transition decideInFull(DeciderState state, RescaleEvent event, Instant now) {
        return run(checked(state, event, now), event, now).finish();
    }

    /**
     * What {@link #decide} gives without the scheduler for this event, if it knows the event to
     * change nothing but the time; else null (for tests).
     */
    Transition repeated(DeciderState state, RescaleEvent event, Instant now) {
        FlinkDeciderState s = checked(state, event, now);
        int kind = QuietEvents.kind(event);
        return kind == 0 ? null : quiet.repeat(s, kind, now);
    }

    /** The state as this decider's own, after checking the arguments. */
    private FlinkDeciderState checked(DeciderState state, RescaleEvent event, Instant now) {
        Limits.checkNotNull("state", state);
        Limits.checkNotNull("event", event);
        Limits.checkNotNull("now", now);
        if (state.time().isPresent() && now.isBefore(state.time().get())) {
            throw new IllegalArgumentException("event at " + now + " is before the previous event at "
                    + state.time().get());
        }
        return own(state);
    }

    /** The scheduler after {@code event} at {@code now}, before {@link FlinkScheduler#finish()}. */
    private FlinkScheduler run(FlinkDeciderState state, RescaleEvent event, Instant now) {
        FlinkScheduler scheduler = new FlinkScheduler(policy, remembering, gate, controller, texts, state);
        scheduler.fireTimersUpTo(now);
        // judged as the job is at the event's time, after the timers due by then (a rescale may
        // have changed how many slots it runs on); the given state is untouched either way
        scheduler.checkFits(event);
        scheduler.now = now;
        scheduler.handle(event);
        scheduler.fireTimersUpTo(now);
        return scheduler;
    }

    /** The state as this decider's own, or an error naming the decider whose state it is. */
    private FlinkDeciderState own(DeciderState state) {
        if (state instanceof FlinkDeciderState own) {
            return own;
        }
        throw new IllegalArgumentException(name + ": the state is not a Flink decider's state but a "
                + state.getClass().getName() + "; pass the state this decider returned");
    }
}
