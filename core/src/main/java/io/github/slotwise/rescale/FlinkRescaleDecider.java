package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.DeciderState.Phase;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.RescaleEvent.CheckpointCompleted;
import io.github.slotwise.rescale.RescaleEvent.CheckpointFailed;
import io.github.slotwise.rescale.RescaleEvent.JobStarted;
import io.github.slotwise.rescale.RescaleEvent.RequirementsChanged;
import io.github.slotwise.rescale.RescaleEvent.SlotsAdded;
import io.github.slotwise.rescale.RescaleEvent.SlotsLost;
import io.github.slotwise.rescale.RescaleEvent.WakeUp;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import io.github.slotwise.rescale.Timer.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Flink's adaptive scheduler's rescale decisions, for each {@link Generation} of its rules:
 * WaitingForResources, Executing, Restarting and, in 2.x, the {@code DefaultStateTransitionManager}
 * phase machine, with Flink's timers kept as data in the {@link DeciderState}.
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
    private final Optional<RescaleGate> gate;
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
        this.gate = gate;
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
        Limits.checkNotNull("state", state);
        Limits.checkNotNull("event", event);
        Limits.checkNotNull("now", now);
        if (state.time().isPresent() && now.isBefore(state.time().get())) {
            throw new IllegalArgumentException("event at " + now + " is before the previous event at "
                    + state.time().get());
        }
        Run run = new Run(own(state));
        run.fireTimersUpTo(now);
        // judged as the job is at the event's time, after the timers due by then (a rescale may
        // have changed how many slots it runs on); the given state is untouched either way
        checkFits(run, event);
        run.now = now;
        run.handle(event);
        run.fireTimersUpTo(now);
        return run.finish();
    }

    /** The state as this decider's own, or an error naming the decider whose state it is. */
    private FlinkDeciderState own(DeciderState state) {
        if (state instanceof FlinkDeciderState own) {
            return own;
        }
        throw new IllegalArgumentException(name + ": the state is not a Flink decider's state but a "
                + state.getClass().getName() + "; pass the state this decider returned");
    }

    private void checkFits(Run state, RescaleEvent event) {
        if (event instanceof JobStarted && state.schedulerState != SchedulerState.CREATED) {
            throw new IllegalArgumentException(
                    "JobStarted: the job was already started (" + state.schedulerState + ")");
        }
        if (event instanceof SlotsAdded added && added.count() > Limits.MAX_SLOTS - state.available) {
            throw new IllegalArgumentException("SlotsAdded.count " + added.count() + " with " + state.available
                    + " slots available would exceed the limit of " + Limits.MAX_SLOTS + " slots");
        }
        if (event instanceof SlotsLost lost) {
            if (lost.count() > state.available) {
                throw new IllegalArgumentException(
                        "SlotsLost.count " + lost.count() + " > available slots " + state.available);
            }
            int left = state.available - lost.count();
            if (!lost.runningTasksLost()
                    && state.running.isPresent()
                    && left < state.running.get().slotsUsed()) {
                throw new IllegalArgumentException(
                        "SlotsLost.runningTasksLost is false, but " + left + " slots are left for a job running on "
                                + state.running.get().slotsUsed());
            }
        }
        if (event instanceof RequirementsChanged changed) {
            if (policy.reactive()) {
                throw new IllegalArgumentException(
                        "RequirementsChanged: cannot change the parallelism of a job running in reactive mode");
            }
            if (policy.generation() == Generation.FLINK_1_17) {
                throw new IllegalArgumentException(
                        "RequirementsChanged: per-vertex requirements came with Flink 1.18 (FLIP-291), not "
                                + policy.generation());
            }
            Requirements.withBounds(state.graph, changed.bounds()); // validates before any work
        }
    }

    /** One decide() call: a mutable working copy of the state, frozen again by {@link #finish()}. */
    private final class Run {
        JobGraph graph;
        Instant now;
        int available;
        SchedulerState schedulerState;
        Optional<ParallelismPlan> running;
        Optional<Instant> lastRescale;
        Optional<Phase> phase;
        final List<Timer> timers;
        long stateToken;
        long phaseToken;
        long nextSeq;
        Optional<Instant> firstChange;
        Optional<Instant> lastChange;
        boolean evaluationScheduled;
        OptionalInt checkpointCountdown;
        boolean intervalMinScheduled;
        Optional<Instant> deadline;
        final List<Decision> decisions = new ArrayList<>();

        Run(FlinkDeciderState s) {
            graph = s.graph();
            now = s.time().orElse(Instant.MIN);
            available = s.availableSlots();
            schedulerState = s.schedulerState();
            running = s.running();
            lastRescale = s.lastRescale();
            phase = s.phase();
            timers = new ArrayList<>(s.timers());
            stateToken = s.stateToken();
            phaseToken = s.phaseToken();
            nextSeq = s.nextTimerSeq();
            firstChange = s.firstChange();
            lastChange = s.lastChange();
            evaluationScheduled = s.evaluationScheduled();
            checkpointCountdown = s.failedCheckpointCountdown();
            intervalMinScheduled = s.scalingIntervalMinScheduled();
            deadline = s.stabilizationDeadline();
        }

        // ---- events -------------------------------------------------------------------------

        void handle(RescaleEvent event) {
            if (event instanceof JobStarted) {
                enterWaitingForResources();
            } else if (event instanceof SlotsAdded added) {
                available += added.count();
                onResourcesOrRequirementsChanged(true);
            } else if (event instanceof SlotsLost lost) {
                available -= lost.count();
                if (lost.runningTasksLost() && schedulerState == SchedulerState.EXECUTING) {
                    decide(
                            Action.STOP,
                            null,
                            Reason.TASKS_LOST,
                            lost.count() + " slot(s) lost with running tasks ("
                                    + available + " left): the tasks fail and the job restarts after the "
                                    + Durations.format(policy.restartBackoff()) + " backoff");
                    enterRestarting();
                }
            } else if (event instanceof RequirementsChanged changed) {
                // Flink's updateJobResourceRequirements: only requirements that change some
                // vertex's bounds replace the store and reach the state's listener
                // (DefaultVertexParallelismStore#applyJobResourceRequirements returns empty else)
                if (changesBounds(changed)) {
                    graph = Requirements.withBounds(graph, changed.bounds());
                    onResourcesOrRequirementsChanged(false);
                }
            } else if (event instanceof CheckpointCompleted) {
                if (isExecuting2()) {
                    checkpointCountdown = OptionalInt.empty();
                    onTrigger(Reason.CHECKPOINT_COMPLETED);
                }
            } else if (event instanceof CheckpointFailed) {
                if (isExecuting2() && checkpointCountdown.isPresent()) {
                    int left = checkpointCountdown.getAsInt() - 1;
                    checkpointCountdown = OptionalInt.of(left);
                    if (left <= 0) {
                        checkpointCountdown = OptionalInt.empty();
                        onTrigger(Reason.CHECKPOINT_FAILURES);
                    }
                }
            } else if (!(event instanceof WakeUp)) {
                throw new IllegalArgumentException("unknown event " + event);
            }
        }

        private boolean changesBounds(RequirementsChanged changed) {
            for (Map.Entry<String, VertexBounds> e : changed.bounds().entrySet()) {
                JobVertex v = graph.vertex(e.getKey());
                if (v.lowerBound() != e.getValue().lowerBound()
                        || v.upperBound() != e.getValue().upperBound()) {
                    return true;
                }
            }
            return false;
        }

        private boolean isExecuting2() {
            return schedulerState == SchedulerState.EXECUTING && policy.generation() == Generation.FLINK_2;
        }

        private void onResourcesOrRequirementsChanged(boolean newResources) {
            switch (schedulerState) {
                case WAITING_FOR_RESOURCES -> {
                    if (legacy()) {
                        checkResourcesLegacy();
                    } else {
                        onChange();
                        onTrigger(Reason.DESIRED_RESOURCES);
                    }
                }
                case EXECUTING -> {
                    if (legacy()) {
                        rescaleWhenIntervalMinIsOver();
                    } else {
                        onChange();
                        if (checkpointCountdown.isEmpty()) {
                            checkpointCountdown = OptionalInt.of(policy.maxCheckpointFailures());
                        }
                    }
                }
                default -> {
                    // CREATED, RESTARTING, FAILED: Flink's state ignores resource and requirement events
                }
            }
        }

        private boolean legacy() {
            return policy.generation() != Generation.FLINK_2;
        }

        // ---- timers -------------------------------------------------------------------------

        void fireTimersUpTo(Instant until) {
            while (true) {
                Optional<Timer> next = timers.stream()
                        .filter(t -> !t.due().isAfter(until))
                        .min(Comparator.comparing(Timer::due).thenComparingLong(Timer::seq));
                if (next.isEmpty()) {
                    return;
                }
                Timer t = next.get();
                timers.remove(t);
                if (t.stateToken() != stateToken
                        || (t.phaseToken() != Timer.ANY_PHASE && t.phaseToken() != phaseToken)) {
                    continue; // Flink's runIfState / runIfPhase: the state it was scheduled in is gone
                }
                now = t.due();
                fire(t.kind());
            }
        }

        private void fire(Kind kind) {
            switch (kind) {
                case ENTRY_CHECK -> {
                    if (schedulerState == SchedulerState.WAITING_FOR_RESOURCES) {
                        if (legacy()) {
                            checkResourcesLegacy();
                        } else {
                            onChange();
                            onTrigger(Reason.DESIRED_RESOURCES);
                        }
                    } else if (schedulerState == SchedulerState.EXECUTING) {
                        if (legacy()) {
                            rescaleWhenIntervalMinIsOver();
                        } else {
                            onChange();
                            onTrigger(Reason.DESIRED_RESOURCES);
                        }
                    }
                }
                case RESOURCE_WAIT_TIMEOUT -> createExecutionGraph(Reason.RESOURCE_WAIT_TIMEOUT);
                case STABILIZATION_DEADLINE -> checkResourcesLegacy();
                case RESTART_BACKOFF_OVER -> enterWaitingForResources();
                case COOLDOWN_OVER -> {
                    if (firstChange.isEmpty()) {
                        toIdling();
                    } else {
                        toStabilizing(firstChange.get());
                    }
                }
                case STABILIZATION_OVER -> toStabilized(firstChange.get());
                case TRIGGER_EVALUATION -> {
                    evaluationScheduled = false;
                    if (desired()) {
                        transition(Reason.TRIGGER_DELAY_ELAPSED);
                    }
                }
                case STABILIZED_TRIGGER -> onTrigger(Reason.TRIGGER_DELAY_ELAPSED);
                case SCALING_INTERVAL_MIN_OVER -> maybeRescaleLegacy();
                case SCALING_INTERVAL_MAX_OVER -> forceRescaleLegacy();
            }
        }

        private void schedule(Kind kind, Instant due, boolean phaseBound) {
            timers.add(new Timer(due, nextSeq++, kind, stateToken, phaseBound ? phaseToken : Timer.ANY_PHASE));
        }

        /** Flink's scheduleRelativelyTo: at {@code start + timeout}, or now if that has passed. */
        private void scheduleRelativelyTo(Kind kind, Instant start, Duration timeout) {
            Instant due = Durations.plus(start, timeout);
            schedule(kind, due.isBefore(now) ? now : due, true);
        }

        // ---- resource predicates --------------------------------------------------------------

        /**
         * The parallelism the slots allow; while running, the running plan itself if the gate holds
         * the change, so that every check below sees no change.
         */
        private ParallelismResult availableParallelism() {
            ParallelismResult candidate = solver.solve(graph, available);
            return held(candidate).isPresent() ? running.get() : candidate;
        }

        /** The gate's hold on moving from the running plan to {@code candidate}, if it is asked and holds. */
        private Optional<RescaleGate.Hold> held(ParallelismResult candidate) {
            if (gate.isEmpty()
                    || schedulerState != SchedulerState.EXECUTING
                    || running.isEmpty()
                    || !(candidate instanceof ParallelismPlan plan)
                    || plan.sameParallelismAs(running.get())
                    || !admissible(running.get())) {
                return Optional.empty();
            }
            return gate.get().hold(graph, running.get(), plan);
        }

        /** Whether the job could go on with {@code plan}: every vertex within its bounds, on the slots there are. */
        private boolean admissible(ParallelismPlan plan) {
            if (plan.slotsUsed() > available) {
                return false;
            }
            for (var v : graph.vertices()) {
                Integer p = plan.vertexParallelism().get(v.id());
                if (p == null || p < v.lowerBound() || p > v.upperBound()) {
                    return false;
                }
            }
            return true;
        }

        private boolean parallelismChanged() {
            ParallelismResult r = availableParallelism();
            return r instanceof ParallelismPlan p && !p.sameParallelismAs(running.get());
        }

        private boolean sufficient() {
            boolean enough = available >= solver.minimumSlots(graph);
            return schedulerState == SchedulerState.EXECUTING ? enough && parallelismChanged() : enough;
        }

        private boolean desired() {
            boolean enough = available >= solver.desiredSlots(graph);
            return schedulerState == SchedulerState.EXECUTING ? enough && parallelismChanged() : enough;
        }

        // ---- scheduler states -------------------------------------------------------------------

        private void enterState(SchedulerState s) {
            schedulerState = s;
            stateToken++;
            phase = Optional.empty();
            phaseToken++;
            firstChange = Optional.empty();
            lastChange = Optional.empty();
            evaluationScheduled = false;
            checkpointCountdown = OptionalInt.empty();
            intervalMinScheduled = false;
            deadline = Optional.empty();
        }

        private void enterWaitingForResources() {
            enterState(SchedulerState.WAITING_FOR_RESOURCES);
            running = Optional.empty();
            if (!legacy()) {
                createTransitionManager(now);
            }
            if (!policy.submissionResourceWaitTimeout().isNegative()) {
                schedule(
                        Kind.RESOURCE_WAIT_TIMEOUT, Durations.plus(now, policy.submissionResourceWaitTimeout()), false);
            }
            schedule(Kind.ENTRY_CHECK, now, false);
        }

        private void enterExecuting(ParallelismPlan plan) {
            enterState(SchedulerState.EXECUTING);
            running = Optional.of(plan);
            lastRescale = Optional.of(now);
            if (!legacy()) {
                createTransitionManager(now);
            }
            schedule(Kind.ENTRY_CHECK, now, false);
        }

        private void enterRestarting() {
            enterState(SchedulerState.RESTARTING);
            running = Optional.empty();
            schedule(Kind.RESTART_BACKOFF_OVER, Durations.plus(now, policy.restartBackoff()), false);
        }

        /** CreatingExecutionGraph: plan on the available slots, or fail without even the minimum. */
        private void createExecutionGraph(Reason reason) {
            ParallelismResult result = availableParallelism();
            if (result instanceof ParallelismPlan plan) {
                decide(Action.RESCALE, plan, reason, describeStart(reason, plan));
                enterExecuting(plan);
            } else {
                decide(
                        Action.FAIL,
                        null,
                        Reason.RESOURCE_WAIT_TIMEOUT_FAILED,
                        "not enough resources available for scheduling after the "
                                + Durations.format(policy.submissionResourceWaitTimeout()) + " resource-wait timeout: "
                                + String.join("; ", result.explanation()));
                enterState(SchedulerState.FAILED);
                running = Optional.empty();
            }
        }

        private String describeStart(Reason reason, ParallelismPlan plan) {
            String what =
                    switch (reason) {
                        case DESIRED_RESOURCES -> "desired resources (" + available + " of "
                                + solver.desiredSlots(graph) + " desired slots)";
                        case RESOURCES_STABILIZED -> "sufficient resources stayed for the "
                                + Durations.format(policy.submissionResourceStabilizationTimeout())
                                + " stabilization timeout";
                        case RESOURCE_WAIT_TIMEOUT -> "the " + Durations.format(policy.submissionResourceWaitTimeout())
                                + " resource-wait timeout elapsed";
                        default -> reason.name().toLowerCase().replace('_', ' ');
                    };
            return "start with " + plan.vertexParallelism() + " on " + available + " slots: " + what;
        }

        // ---- 2.x: WaitingForResources and Executing through the transition manager --------------

        private void createTransitionManager(Instant cooldownStart) {
            phase = Optional.of(Phase.COOLDOWN);
            phaseToken++;
            firstChange = Optional.empty();
            lastChange = Optional.empty();
            evaluationScheduled = false;
            scheduleRelativelyTo(Kind.COOLDOWN_OVER, cooldownStart, cooldown());
        }

        private Duration cooldown() {
            return schedulerState == SchedulerState.EXECUTING ? policy.cooldownAfterRescaling() : Duration.ZERO;
        }

        private Duration stabilizationTimeout() {
            return schedulerState == SchedulerState.EXECUTING
                    ? policy.executingResourceStabilizationTimeout()
                    : policy.submissionResourceStabilizationTimeout();
        }

        private Duration maxTriggerDelay() {
            return schedulerState == SchedulerState.EXECUTING ? policy.effectiveMaxTriggerDelay() : Duration.ZERO;
        }

        private void onChange() {
            switch (phase.orElseThrow()) {
                case COOLDOWN -> {
                    if (firstChange.isEmpty() && sufficient()) {
                        firstChange = Optional.of(now);
                    }
                }
                case IDLING -> {
                    if (sufficient()) {
                        toStabilizing(now);
                    }
                }
                case STABILIZING -> {
                    lastChange = Optional.of(now);
                    scheduleEvaluation();
                }
                default -> {
                    // STABILIZED, TRANSITIONING: changes are not looked at
                }
            }
        }

        private void onTrigger(Reason why) {
            switch (phase.orElseThrow()) {
                case STABILIZING -> {
                    if (desired()) {
                        transition(why);
                    }
                }
                case STABILIZED -> {
                    if (sufficient()) {
                        // the scheduled trigger of Stabilized rescales because the stabilization
                        // timeout passed; a checkpoint that comes first is the trigger itself
                        transition(
                                why == Reason.TRIGGER_DELAY_ELAPSED && !desired() ? Reason.RESOURCES_STABILIZED : why);
                    } else {
                        toIdling();
                    }
                }
                default -> {
                    // COOLDOWN, IDLING, TRANSITIONING ignore triggers
                }
            }
        }

        private void toPhase(Phase p) {
            phase = Optional.of(p);
            phaseToken++;
        }

        private void toIdling() {
            toPhase(Phase.IDLING);
        }

        private void toStabilizing(Instant first) {
            toPhase(Phase.STABILIZING);
            firstChange = Optional.of(first);
            lastChange = Optional.of(first);
            evaluationScheduled = false;
            scheduleRelativelyTo(Kind.STABILIZATION_OVER, first, stabilizationTimeout());
            scheduleEvaluation();
        }

        private void scheduleEvaluation() {
            if (!evaluationScheduled) {
                evaluationScheduled = true;
                scheduleRelativelyTo(Kind.TRIGGER_EVALUATION, lastChange.get(), maxTriggerDelay());
            }
        }

        private void toStabilized(Instant first) {
            toPhase(Phase.STABILIZED);
            scheduleRelativelyTo(Kind.STABILIZED_TRIGGER, first, maxTriggerDelay());
        }

        private void transition(Reason why) {
            toPhase(Phase.TRANSITIONING);
            if (schedulerState == SchedulerState.WAITING_FOR_RESOURCES) {
                createExecutionGraph(
                        available >= solver.desiredSlots(graph)
                                ? Reason.DESIRED_RESOURCES
                                : Reason.RESOURCES_STABILIZED);
                return;
            }
            // Executing: Restarting with backoff 0 and the available parallelism, which is unchanged
            // at cancellation, so CreatingExecutionGraph follows at once.
            ParallelismPlan plan = availableParallelism().plan();
            decide(Action.RESCALE, plan, why, describeRescale(why, plan));
            enterExecuting(plan);
        }

        private String describeRescale(Reason why, ParallelismPlan plan) {
            String trigger =
                    switch (why) {
                        case CHECKPOINT_COMPLETED -> "a checkpoint completed";
                        case CHECKPOINT_FAILURES -> policy.maxCheckpointFailures() + " checkpoint(s) failed";
                        case TRIGGER_DELAY_ELAPSED -> "the " + maxTriggerDelay() + " trigger delay elapsed";
                        case RESOURCES_STABILIZED -> "no desired resources within the " + stabilizationTimeout()
                                + " stabilization timeout";
                        default -> why.name().toLowerCase().replace('_', ' ');
                    };
            String resources = available >= solver.desiredSlots(graph)
                    ? "desired resources"
                    : "sufficient resources, stable for " + stabilizationTimeout();
            return "rescale " + running.get().vertexParallelism() + " -> " + plan.vertexParallelism() + " on "
                    + available + " slots: " + resources + ", " + trigger;
        }

        // ---- before 2.0: WaitingForResources with a deadline, Executing with controllers ---------

        private void checkResourcesLegacy() {
            if (desired()) {
                createExecutionGraph(Reason.DESIRED_RESOURCES);
            } else if (sufficient()) {
                if (deadline.isEmpty()) {
                    deadline = Optional.of(Durations.plus(now, policy.submissionResourceStabilizationTimeout()));
                }
                if (!deadline.get().isAfter(now)) {
                    createExecutionGraph(Reason.RESOURCES_STABILIZED);
                } else {
                    schedule(Kind.STABILIZATION_DEADLINE, deadline.get(), false);
                }
            } else {
                deadline = Optional.empty();
            }
        }

        private Duration intervalMin() {
            return policy.generation() == Generation.FLINK_1_20 ? policy.cooldownAfterRescaling() : Duration.ZERO;
        }

        private Duration sinceLastRescale() {
            return Duration.between(lastRescale.get(), now);
        }

        private void rescaleWhenIntervalMinIsOver() {
            if (sinceLastRescale().compareTo(intervalMin()) > 0) {
                maybeRescaleLegacy();
            } else if (!intervalMinScheduled) {
                intervalMinScheduled = true;
                schedule(Kind.SCALING_INTERVAL_MIN_OVER, Durations.plus(now, intervalMin()), false);
            }
        }

        private void maybeRescaleLegacy() {
            intervalMinScheduled = false;
            ParallelismResult result = availableParallelism();
            if (result instanceof ParallelismPlan plan && softControllerAgrees(plan)) {
                restartForRescale(plan, Reason.MIN_PARALLELISM_INCREASE_MET);
            } else if (policy.generation() == Generation.FLINK_1_20
                    && policy.scalingIntervalMax().isPresent()) {
                Duration max = policy.scalingIntervalMax().get();
                if (sinceLastRescale().compareTo(max) > 0) {
                    forceRescaleLegacy();
                } else {
                    schedule(Kind.SCALING_INTERVAL_MAX_OVER, Durations.plus(now, max), false);
                }
            }
        }

        private void forceRescaleLegacy() {
            if (availableParallelism() instanceof ParallelismPlan plan && !plan.sameParallelismAs(running.get())) {
                restartForRescale(plan, Reason.SCALING_INTERVAL_MAX_ELAPSED);
            }
        }

        /** min-parallelism-increase: cumulative and scale-up only in 1.17, per vertex from 1.18. */
        private boolean softControllerAgrees(ParallelismPlan plan) {
            Map<String, Integer> current = running.get().vertexParallelism();
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

        private void restartForRescale(ParallelismPlan plan, Reason why) {
            decide(
                    Action.STOP,
                    null,
                    why,
                    "restart to rescale " + running.get().vertexParallelism() + " -> " + plan.vertexParallelism()
                            + " on " + available + " slots (" + describeLegacyReason(why) + ")");
            enterWaitingForResources(); // its zero-delay check may redeploy at once
        }

        private String describeLegacyReason(Reason why) {
            return switch (why) {
                case SCALING_INTERVAL_MAX_ELAPSED -> "scaling-interval.max "
                        + Durations.format(policy.scalingIntervalMax().orElseThrow())
                        + " elapsed since the last rescale";
                default -> policy.generation() == Generation.FLINK_1_17
                        ? "the total parallelism grows by at least min-parallelism-increase "
                                + policy.minParallelismIncrease()
                        : "a vertex shrinks or grows by at least min-parallelism-increase "
                                + policy.minParallelismIncrease();
            };
        }

        // ---- decisions ----------------------------------------------------------------------------

        private void decide(Action action, ParallelismPlan plan, Reason reason, String explanation) {
            if (action == Action.RESCALE && !decisions.isEmpty()) {
                Decision last = decisions.get(decisions.size() - 1);
                if (last.action() == Action.STOP && last.at().equals(now) && last.reason() != Reason.TASKS_LOST) {
                    // a restart that redeploys at the same instant: one rescale
                    decisions.set(
                            decisions.size() - 1,
                            new Decision(
                                    now,
                                    Action.RESCALE,
                                    Optional.of(plan),
                                    Optional.empty(),
                                    last.reason(),
                                    last.explanation() + "; " + explanation));
                    return;
                }
            }
            decisions.add(new Decision(now, action, Optional.ofNullable(plan), Optional.empty(), reason, explanation));
        }

        Transition finish() {
            timers.removeIf(t -> t.stateToken() != stateToken
                    || (t.phaseToken() != Timer.ANY_PHASE && t.phaseToken() != phaseToken));
            timers.sort(Comparator.comparing(Timer::due).thenComparingLong(Timer::seq));
            Optional<Instant> wakeUp = timers.isEmpty()
                    ? Optional.empty()
                    : Optional.of(timers.get(0).due());
            Decision last = decisions.isEmpty() ? null : decisions.get(decisions.size() - 1);
            if (last == null || last.at().isBefore(now)) {
                decisions.add(quietDecision(wakeUp));
            } else {
                decisions.set(
                        decisions.size() - 1,
                        new Decision(last.at(), last.action(), last.plan(), wakeUp, last.reason(), last.explanation()));
            }
            DeciderState state = FlinkDeciderState.builder()
                    .graph(graph)
                    .time(now)
                    .availableSlots(available)
                    .schedulerState(schedulerState)
                    .running(running)
                    .lastRescale(lastRescale)
                    .phase(phase)
                    .timers(timers)
                    .stateToken(stateToken)
                    .phaseToken(phaseToken)
                    .nextTimerSeq(nextSeq)
                    .firstChange(firstChange)
                    .lastChange(lastChange)
                    .evaluationScheduled(evaluationScheduled)
                    .failedCheckpointCountdown(checkpointCountdown)
                    .scalingIntervalMinScheduled(intervalMinScheduled)
                    .stabilizationDeadline(deadline)
                    .build();
            return new Transition(state, decisions);
        }

        /** WAIT or STAY, saying what the job is waiting for. */
        private Decision quietDecision(Optional<Instant> wakeUp) {
            ReasonCode reason;
            String why;
            switch (schedulerState) {
                case CREATED -> {
                    reason = Reason.JOB_NOT_STARTED;
                    why = "job not started; " + available + " slot(s) registered";
                }
                case FAILED -> {
                    reason = Reason.JOB_FAILED;
                    why = "the job has failed";
                }
                case RESTARTING -> {
                    reason = Reason.RESTARTING;
                    why = "restarting after a task failure";
                }
                case WAITING_FOR_RESOURCES -> {
                    int minimum = solver.minimumSlots(graph);
                    if (available < minimum) {
                        reason = Reason.NOT_ENOUGH_RESOURCES;
                        why = "waiting for resources: " + available + " of at least " + minimum + " slots";
                    } else {
                        reason = Reason.STABILIZING_RESOURCES;
                        why = "sufficient resources (" + available + " slots, " + solver.desiredSlots(graph)
                                + " desired): waiting for the " + policy.submissionResourceStabilizationTimeout()
                                + " stabilization timeout or more slots";
                    }
                }
                default -> {
                    Optional<RescaleGate.Hold> hold = held(solver.solve(graph, this.available));
                    ParallelismResult available = availableParallelism();
                    if (hold.isPresent()) {
                        reason = hold.get().reason();
                        why = hold.get().explanation();
                    } else if (!(available instanceof ParallelismPlan plan) || plan.sameParallelismAs(running.get())) {
                        reason = Reason.PARALLELISM_UNCHANGED;
                        why = "running at " + running.get().vertexParallelism()
                                + (available instanceof ParallelismPlan ? ", which the slots allow" : "")
                                + "; nothing to rescale to";
                    } else if (inCooldown()) {
                        reason = Reason.COOLDOWN;
                        why = "could rescale to " + plan.vertexParallelism()
                                + ", but the cooldown after the rescale at " + lastRescale.get() + " is not over";
                    } else if (legacy()) {
                        reason = Reason.MIN_PARALLELISM_INCREASE_NOT_MET;
                        why = "could rescale to " + plan.vertexParallelism() + ", but "
                                + describeLegacyReason(Reason.MIN_PARALLELISM_INCREASE_MET)
                                        .replace("grows", "does not grow")
                                + (wakeUp.isPresent() ? "; a forced rescale is pending" : "");
                    } else if (phase.orElseThrow() == Phase.STABILIZED) {
                        reason = Reason.AWAITING_TRIGGER;
                        why = "could rescale to " + plan.vertexParallelism() + " (STABILIZED): the stabilization"
                                + " timeout has passed; the next checkpoint or the trigger delay rescales";
                    } else {
                        reason = Reason.AWAITING_TRIGGER;
                        why = "could rescale to " + plan.vertexParallelism() + " (" + phase.orElseThrow()
                                + "): waiting for desired resources and a checkpoint, or the "
                                + stabilizationTimeout() + " stabilization timeout from " + firstChange.orElse(now);
                    }
                }
            }
            return new Decision(
                    now, wakeUp.isPresent() ? Action.WAIT : Action.STAY, Optional.empty(), wakeUp, reason, why);
        }

        private boolean inCooldown() {
            if (legacy()) {
                return intervalMinScheduled;
            }
            return phase.orElseThrow() == Phase.COOLDOWN;
        }
    }
}
