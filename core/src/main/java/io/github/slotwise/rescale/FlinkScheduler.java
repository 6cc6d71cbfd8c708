package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
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
 * Flink's adaptive scheduler's states, for one {@link FlinkRescaleDecider#decide} call: Created,
 * WaitingForResources, CreatingExecutionGraph, Executing, Restarting and Failed, the timers Flink's
 * main thread would run ({@code runIfState}, {@code runIfPhase}), the resource predicates of Flink's
 * {@code AdaptiveScheduler}, and the decisions taken. It is a mutable working copy of a {@link
 * FlinkDeciderState}, frozen again by {@link #finish()}.
 *
 * <p>What a generation of Flink decides about rescaling is not here but in its {@link
 * RescaleController}, which the states call where Flink's call their transition manager (2.x) or
 * their stabilization deadline and rescaling controllers (before 2.0). The fields below that only a
 * controller uses are the controller's state, kept here because {@link FlinkDeciderState} carries
 * them from one call to the next.
 */
final class FlinkScheduler {
    /** Pending timers in the order they fire: due time, then sequence. */
    private static final Comparator<Timer> TIMER_ORDER =
            Comparator.comparing(Timer::due).thenComparingLong(Timer::seq);

    final RescalePolicy policy;
    final ParallelismSolver solver;
    final Optional<RescaleGate> gate;
    final RescaleController controller;
    /** The decider's last explanation of a job with nothing to rescale to. */
    final RunningTexts texts;
    /** The state this call started from. */
    private final FlinkDeciderState original;

    // its optional fields as read at the start (its accessors make a new Optional at every call)
    private final Optional<ParallelismPlan> runningBefore;
    private final Optional<Instant> lastRescaleBefore;
    private final Optional<Phase> phaseBefore;
    private final Optional<Instant> firstChangeBefore;
    private final Optional<Instant> lastChangeBefore;
    private final OptionalInt countdownBefore;
    private final Optional<Instant> deadlineBefore;

    JobGraph graph;
    Instant now;
    int available;
    SchedulerState schedulerState;
    Optional<ParallelismPlan> running;
    Optional<Instant> lastRescale;
    final List<Timer> timers;
    long stateToken;
    long phaseToken;
    long nextSeq;
    final List<Decision> decisions = new ArrayList<>();
    /** Set by {@link #finish()}: see {@link #repeatable()}. */
    private boolean repeatable;
    /** Set by {@link #quietDecision}: whether its explanation names the current time. */
    private boolean quietNamesNow;

    // ---- the controller's state: 2.x transition manager ------------------------------------------
    Optional<Phase> phase;
    Optional<Instant> firstChange;
    Optional<Instant> lastChange;
    boolean evaluationScheduled;
    OptionalInt checkpointCountdown;

    // ---- the controller's state: before 2.0 ------------------------------------------------------
    boolean intervalMinScheduled;
    Optional<Instant> deadline;

    FlinkScheduler(
            RescalePolicy policy,
            ParallelismSolver solver,
            Optional<RescaleGate> gate,
            RescaleController controller,
            RunningTexts texts,
            FlinkDeciderState s) {
        this.policy = policy;
        this.solver = solver;
        this.gate = gate;
        this.controller = controller;
        this.texts = texts;
        this.original = s;
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
        runningBefore = running;
        lastRescaleBefore = lastRescale;
        phaseBefore = phase;
        firstChangeBefore = firstChange;
        lastChangeBefore = lastChange;
        countdownBefore = checkpointCountdown;
        deadlineBefore = deadline;
    }

    // ---- events -------------------------------------------------------------------------------------

    /** Rejects an event that does not fit the job as it is now (after the timers due by its time). */
    void checkFits(RescaleEvent event) {
        if (event instanceof JobStarted && schedulerState != SchedulerState.CREATED) {
            throw new IllegalArgumentException("JobStarted: the job was already started (" + schedulerState + ")");
        }
        if (event instanceof SlotsAdded added && added.count() > Limits.MAX_SLOTS - available) {
            throw new IllegalArgumentException("SlotsAdded.count " + added.count() + " with " + available
                    + " slots available would exceed the limit of " + Limits.MAX_SLOTS + " slots");
        }
        if (event instanceof SlotsLost lost) {
            if (lost.count() > available) {
                throw new IllegalArgumentException(
                        "SlotsLost.count " + lost.count() + " > available slots " + available);
            }
            int left = available - lost.count();
            if (!lost.runningTasksLost()
                    && running.isPresent()
                    && left < running.get().slotsUsed()) {
                throw new IllegalArgumentException(
                        "SlotsLost.runningTasksLost is false, but " + left + " slots are left for a job running on "
                                + running.get().slotsUsed());
            }
        }
        if (event instanceof RequirementsChanged changed) {
            if (policy.reactive()) {
                throw new IllegalArgumentException(
                        "RequirementsChanged: cannot change the parallelism of a job running in reactive mode");
            }
            controller.checkRequirementsChangeSupported();
            Requirements.withBounds(graph, changed.bounds()); // validates before any work
        }
    }

    void handle(RescaleEvent event) {
        if (event instanceof JobStarted) {
            enterWaitingForResources();
        } else if (event instanceof SlotsAdded added) {
            available += added.count();
            onResourcesOrRequirementsChanged();
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
                onResourcesOrRequirementsChanged();
            }
        } else if (event instanceof CheckpointCompleted) {
            if (schedulerState == SchedulerState.EXECUTING) {
                controller.checkpointCompleted(this);
            }
        } else if (event instanceof CheckpointFailed) {
            if (schedulerState == SchedulerState.EXECUTING) {
                controller.checkpointFailed(this);
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

    private void onResourcesOrRequirementsChanged() {
        switch (schedulerState) {
            case WAITING_FOR_RESOURCES -> controller.checkWaitingForResources(this);
            case EXECUTING -> controller.executingChanged(this);
            default -> {
                // CREATED, RESTARTING, FAILED: Flink's state ignores resource and requirement events
            }
        }
    }

    // ---- timers -------------------------------------------------------------------------------------

    void fireTimersUpTo(Instant until) {
        while (true) {
            // the first due by then, by time then sequence (the first of equals, as Stream.min keeps it)
            Timer t = null;
            int at = -1;
            for (int i = 0; i < timers.size(); i++) {
                Timer c = timers.get(i);
                if (!c.due().isAfter(until)
                        && (t == null || c.due().isBefore(t.due()) || (c.due().equals(t.due()) && c.seq() < t.seq()))) {
                    t = c;
                    at = i;
                }
            }
            if (t == null) {
                return;
            }
            timers.remove(at); // by position: the first equal one (sequence numbers are unique)
            if (!current(t)) {
                continue; // Flink's runIfState / runIfPhase: the state it was scheduled in is gone
            }
            now = t.due();
            fire(t.kind());
        }
    }

    private boolean current(Timer t) {
        return t.stateToken() == stateToken && (t.phaseToken() == Timer.ANY_PHASE || t.phaseToken() == phaseToken);
    }

    private void fire(Kind kind) {
        switch (kind) {
            case ENTRY_CHECK -> {
                if (schedulerState == SchedulerState.WAITING_FOR_RESOURCES) {
                    controller.checkWaitingForResources(this);
                } else if (schedulerState == SchedulerState.EXECUTING) {
                    controller.executingEntryCheck(this);
                }
            }
            case RESOURCE_WAIT_TIMEOUT -> createExecutionGraph(Reason.RESOURCE_WAIT_TIMEOUT);
            case RESTART_BACKOFF_OVER -> enterWaitingForResources();
            default -> controller.fire(this, kind);
        }
    }

    /** Flink's {@code runIfState}: {@code kind} at {@code due}, if this state (and phase) is still current. */
    void schedule(Kind kind, Instant due, boolean phaseBound) {
        timers.add(new Timer(due, nextSeq++, kind, stateToken, phaseBound ? phaseToken : Timer.ANY_PHASE));
    }

    /** Flink's scheduleRelativelyTo: at {@code start + timeout}, or now if that has passed. */
    void scheduleRelativelyTo(Kind kind, Instant start, Duration timeout) {
        Instant due = Durations.plus(start, timeout);
        schedule(kind, due.isBefore(now) ? now : due, true);
    }

    // ---- resource predicates (AdaptiveScheduler) ----------------------------------------------------

    /**
     * The parallelism the slots allow; while running, the running plan itself if the gate holds the
     * change, so that every check sees no change.
     */
    ParallelismResult availableParallelism() {
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

    /** Sufficient resources; while executing, also a parallelism other than the running one. */
    boolean sufficient() {
        boolean enough = available >= solver.minimumSlots(graph);
        return schedulerState == SchedulerState.EXECUTING ? enough && parallelismChanged() : enough;
    }

    /** Desired resources; while executing, also a parallelism other than the running one. */
    boolean desired() {
        boolean enough = available >= solver.desiredSlots(graph);
        return schedulerState == SchedulerState.EXECUTING ? enough && parallelismChanged() : enough;
    }

    // ---- scheduler states ---------------------------------------------------------------------------

    /** Leaves the current state: its timers and its controller state go with it. */
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

    /** WaitingForResources: the resource-wait timeout, then a check at once. */
    void enterWaitingForResources() {
        enterState(SchedulerState.WAITING_FOR_RESOURCES);
        running = Optional.empty();
        controller.enteredWaitingForResources(this);
        if (!policy.submissionResourceWaitTimeout().isNegative()) {
            schedule(Kind.RESOURCE_WAIT_TIMEOUT, Durations.plus(now, policy.submissionResourceWaitTimeout()), false);
        }
        schedule(Kind.ENTRY_CHECK, now, false);
    }

    /** Executing with {@code plan}, from now: the controller starts, then a check at once. */
    void enterExecuting(ParallelismPlan plan) {
        enterState(SchedulerState.EXECUTING);
        running = Optional.of(plan);
        lastRescale = Optional.of(now);
        controller.enteredExecuting(this);
        schedule(Kind.ENTRY_CHECK, now, false);
    }

    /** Restarting after a task failure: WaitingForResources after the restart backoff. */
    private void enterRestarting() {
        enterState(SchedulerState.RESTARTING);
        running = Optional.empty();
        schedule(Kind.RESTART_BACKOFF_OVER, Durations.plus(now, policy.restartBackoff()), false);
    }

    /** CreatingExecutionGraph: plan on the available slots, or fail without even the minimum. */
    void createExecutionGraph(Reason reason) {
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
                    case DESIRED_RESOURCES -> "desired resources (" + available + " of " + solver.desiredSlots(graph)
                            + " desired slots)";
                    case RESOURCES_STABILIZED -> "sufficient resources stayed for the "
                            + Durations.format(policy.submissionResourceStabilizationTimeout())
                            + " stabilization timeout";
                    case RESOURCE_WAIT_TIMEOUT -> "the " + Durations.format(policy.submissionResourceWaitTimeout())
                            + " resource-wait timeout elapsed";
                    default -> reason.name().toLowerCase().replace('_', ' ');
                };
        return "start with " + plan.vertexParallelism() + " on " + available + " slots: " + what;
    }

    // ---- decisions ----------------------------------------------------------------------------------

    void decide(Action action, ParallelismPlan plan, Reason reason, String explanation) {
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
        for (int i = timers.size() - 1; i >= 0; i--) {
            if (!current(timers.get(i))) {
                timers.remove(i);
            }
        }
        if (timers.size() > 1) {
            timers.sort(TIMER_ORDER);
        }
        Optional<Instant> wakeUp =
                timers.isEmpty() ? Optional.empty() : Optional.of(timers.get(0).due());
        Decision last = decisions.isEmpty() ? null : decisions.get(decisions.size() - 1);
        boolean quietOnly = last == null;
        if (last == null || last.at().isBefore(now)) {
            decisions.add(quietDecision(wakeUp));
        } else {
            decisions.set(
                    decisions.size() - 1,
                    new Decision(last.at(), last.action(), last.plan(), wakeUp, last.reason(), last.explanation()));
        }
        if (onlyTimeChanged() && original instanceof ImmutableFlinkDeciderState o) {
            // most events (every periodic checkpoint of a running job) change nothing but the time
            repeatable = quietOnly && !quietNamesNow;
            return new Transition(o.withTime(now), decisions);
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

    /**
     * Whether every field but the time is what {@link #original} holds: the same values (plans and
     * timers the same instances, as the scheduler keeps them), so that the state to return is {@link
     * #original} at the new time.
     */
    private boolean onlyTimeChanged() {
        FlinkDeciderState s = original;
        if (graph != s.graph()
                || available != s.availableSlots()
                || schedulerState != s.schedulerState()
                || stateToken != s.stateToken()
                || phaseToken != s.phaseToken()
                || nextSeq != s.nextTimerSeq()
                || evaluationScheduled != s.evaluationScheduled()
                || intervalMinScheduled != s.scalingIntervalMinScheduled()
                || !sameInstance(running, runningBefore)
                || !lastRescale.equals(lastRescaleBefore)
                || !phase.equals(phaseBefore)
                || !firstChange.equals(firstChangeBefore)
                || !lastChange.equals(lastChangeBefore)
                || !checkpointCountdown.equals(countdownBefore)
                || !deadline.equals(deadlineBefore)) {
            return false;
        }
        List<Timer> before = s.timers();
        if (before.size() != timers.size()) {
            return false;
        }
        for (int i = 0; i < timers.size(); i++) {
            if (timers.get(i) != before.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether, as {@link #finish()} found, this call changed nothing but the time and its one decision
     * is the quiet one with pieces that do not name the time: then the same kind of event on the same
     * state (but its time), before its first timer is due, gets the same decision at its own time
     * (see {@link QuietEvents}). Nothing changed implies that no timer was due: firing one removes it
     * from the timers, and only scheduling another (a new sequence number) could make up for that.
     */
    boolean repeatable() {
        return repeatable;
    }

    private static <T> boolean sameInstance(Optional<T> a, Optional<T> b) {
        return a.isPresent() ? b.isPresent() && a.get() == b.get() : b.isEmpty();
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
                Optional<RescaleGate.Hold> hold = held(solver.solve(graph, available));
                ParallelismResult allowed = availableParallelism();
                if (hold.isPresent()) {
                    reason = hold.get().reason();
                    why = hold.get().explanation();
                } else if (!(allowed instanceof ParallelismPlan plan) || plan.sameParallelismAs(running.get())) {
                    reason = Reason.PARALLELISM_UNCHANGED;
                    why = texts.unchanged(running.get(), allowed instanceof ParallelismPlan);
                } else if (controller.inCooldown(this)) {
                    reason = Reason.COOLDOWN;
                    why = "could rescale to " + plan.vertexParallelism() + ", but the cooldown after the rescale at "
                            + lastRescale.get() + " is not over";
                } else {
                    RescaleController.Wait wait = controller.executingWait(this, plan, wakeUp);
                    reason = wait.reason();
                    why = wait.explanation();
                    quietNamesNow = wait.namesNow();
                }
            }
        }
        return new Decision(now, wakeUp.isPresent() ? Action.WAIT : Action.STAY, Optional.empty(), wakeUp, reason, why);
    }
}
