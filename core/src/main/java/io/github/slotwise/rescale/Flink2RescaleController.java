package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.DeciderState.Phase;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.Timer.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Flink 2.x (FLIP-461, FLIP-472, FLIP-495): WaitingForResources and Executing each run a {@code
 * DefaultStateTransitionManager}, the phase machine Cooldown, Idling, Stabilizing, Stabilized,
 * Transitioning, with the settings of the state it serves:
 *
 * <ul>
 *   <li>WaitingForResources: no cooldown, {@code submission.resource-stabilization-timeout}, no
 *       trigger delay; every check is a change followed by a trigger, so desired resources start the
 *       job at once and sufficient ones once they have been there for the stabilization timeout.
 *   <li>Executing: {@code executing.cooldown-after-rescaling} from the (re)start, {@code
 *       executing.resource-stabilization-timeout}, {@code rescale-trigger.max-delay}; a rescale waits
 *       for a trigger: a completed checkpoint, {@code rescale-trigger.max-checkpoint-failures} failed
 *       ones after a change, or the trigger delay. "Sufficient" and "desired" also need a parallelism
 *       other than the running one, up or down; min-parallelism-increase is ignored.
 * </ul>
 *
 * <p>Phase timers are Flink's {@code runIfPhase}: they fire only if the phase that scheduled them is
 * still current. A rescale goes to Restarting with backoff 0 and the parallelism the slots allow,
 * which is unchanged once the tasks are cancelled, so the job runs again at once.
 */
final class Flink2RescaleController implements RescaleController {
    private final RescalePolicy policy;

    Flink2RescaleController(RescalePolicy policy) {
        this.policy = policy;
    }

    // ---- the scheduler states' calls ------------------------------------------------------------

    @Override
    public void enteredWaitingForResources(FlinkScheduler s) {
        createTransitionManager(s);
    }

    @Override
    public void checkWaitingForResources(FlinkScheduler s) {
        onChange(s);
        onTrigger(s, Reason.DESIRED_RESOURCES);
    }

    @Override
    public void enteredExecuting(FlinkScheduler s) {
        createTransitionManager(s);
    }

    @Override
    public void executingEntryCheck(FlinkScheduler s) {
        onChange(s);
        onTrigger(s, Reason.DESIRED_RESOURCES);
    }

    @Override
    public void executingChanged(FlinkScheduler s) {
        onChange(s);
        if (s.checkpointCountdown.isEmpty()) {
            s.checkpointCountdown = OptionalInt.of(policy.maxCheckpointFailures());
        }
    }

    @Override
    public void checkpointCompleted(FlinkScheduler s) {
        s.checkpointCountdown = OptionalInt.empty();
        onTrigger(s, Reason.CHECKPOINT_COMPLETED);
    }

    @Override
    public void checkpointFailed(FlinkScheduler s) {
        if (s.checkpointCountdown.isPresent()) {
            int left = s.checkpointCountdown.getAsInt() - 1;
            s.checkpointCountdown = OptionalInt.of(left);
            if (left <= 0) {
                s.checkpointCountdown = OptionalInt.empty();
                onTrigger(s, Reason.CHECKPOINT_FAILURES);
            }
        }
    }

    @Override
    public void fire(FlinkScheduler s, Kind kind) {
        switch (kind) {
            case COOLDOWN_OVER -> {
                if (s.firstChange.isEmpty()) {
                    toPhase(s, Phase.IDLING);
                } else {
                    toStabilizing(s, s.firstChange.get());
                }
            }
            case STABILIZATION_OVER -> toStabilized(s, s.firstChange.get());
            case TRIGGER_EVALUATION -> {
                s.evaluationScheduled = false;
                if (s.desired()) {
                    transition(s, Reason.TRIGGER_DELAY_ELAPSED);
                }
            }
            case STABILIZED_TRIGGER -> onTrigger(s, Reason.TRIGGER_DELAY_ELAPSED);
            default -> throw new IllegalStateException("not a Flink 2.x timer: " + kind);
        }
    }

    @Override
    public boolean inCooldown(FlinkScheduler s) {
        return s.phase.orElseThrow() == Phase.COOLDOWN;
    }

    @Override
    public Wait executingWait(FlinkScheduler s, ParallelismPlan plan, Optional<Instant> wakeUp) {
        if (s.phase.orElseThrow() == Phase.STABILIZED) {
            return new Wait(
                    Reason.AWAITING_TRIGGER,
                    "could rescale to " + plan.vertexParallelism() + " (STABILIZED): the stabilization"
                            + " timeout has passed; the next checkpoint or the trigger delay rescales");
        }
        return new Wait(
                Reason.AWAITING_TRIGGER,
                "could rescale to " + plan.vertexParallelism() + " (" + s.phase.orElseThrow()
                        + "): waiting for desired resources and a checkpoint, or the "
                        + stabilizationTimeout(s) + " stabilization timeout from " + s.firstChange.orElse(s.now),
                s.firstChange.isEmpty());
    }

    // ---- DefaultStateTransitionManager ------------------------------------------------------------

    /** A new transition manager, in Cooldown from now. */
    private void createTransitionManager(FlinkScheduler s) {
        s.phase = Optional.of(Phase.COOLDOWN);
        s.phaseToken++;
        s.firstChange = Optional.empty();
        s.lastChange = Optional.empty();
        s.evaluationScheduled = false;
        s.scheduleRelativelyTo(Kind.COOLDOWN_OVER, s.now, cooldown(s));
    }

    private Duration cooldown(FlinkScheduler s) {
        return s.schedulerState == SchedulerState.EXECUTING ? policy.cooldownAfterRescaling() : Duration.ZERO;
    }

    private Duration stabilizationTimeout(FlinkScheduler s) {
        return s.schedulerState == SchedulerState.EXECUTING
                ? policy.executingResourceStabilizationTimeout()
                : policy.submissionResourceStabilizationTimeout();
    }

    private Duration maxTriggerDelay(FlinkScheduler s) {
        return s.schedulerState == SchedulerState.EXECUTING ? policy.effectiveMaxTriggerDelay() : Duration.ZERO;
    }

    private void onChange(FlinkScheduler s) {
        switch (s.phase.orElseThrow()) {
            case COOLDOWN -> {
                if (s.firstChange.isEmpty() && s.sufficient()) {
                    s.firstChange = Optional.of(s.now);
                }
            }
            case IDLING -> {
                if (s.sufficient()) {
                    toStabilizing(s, s.now);
                }
            }
            case STABILIZING -> {
                s.lastChange = Optional.of(s.now);
                scheduleEvaluation(s);
            }
            default -> {
                // STABILIZED, TRANSITIONING: changes are not looked at
            }
        }
    }

    private void onTrigger(FlinkScheduler s, Reason why) {
        switch (s.phase.orElseThrow()) {
            case STABILIZING -> {
                if (s.desired()) {
                    transition(s, why);
                }
            }
            case STABILIZED -> {
                if (s.sufficient()) {
                    // the scheduled trigger of Stabilized rescales because the stabilization
                    // timeout passed; a checkpoint that comes first is the trigger itself
                    transition(
                            s, why == Reason.TRIGGER_DELAY_ELAPSED && !s.desired() ? Reason.RESOURCES_STABILIZED : why);
                } else {
                    toPhase(s, Phase.IDLING);
                }
            }
            default -> {
                // COOLDOWN, IDLING, TRANSITIONING ignore triggers
            }
        }
    }

    private static void toPhase(FlinkScheduler s, Phase p) {
        s.phase = Optional.of(p);
        s.phaseToken++;
    }

    private void toStabilizing(FlinkScheduler s, Instant first) {
        toPhase(s, Phase.STABILIZING);
        s.firstChange = Optional.of(first);
        s.lastChange = Optional.of(first);
        s.evaluationScheduled = false;
        s.scheduleRelativelyTo(Kind.STABILIZATION_OVER, first, stabilizationTimeout(s));
        scheduleEvaluation(s);
    }

    private void scheduleEvaluation(FlinkScheduler s) {
        if (!s.evaluationScheduled) {
            s.evaluationScheduled = true;
            s.scheduleRelativelyTo(Kind.TRIGGER_EVALUATION, s.lastChange.get(), maxTriggerDelay(s));
        }
    }

    private void toStabilized(FlinkScheduler s, Instant first) {
        toPhase(s, Phase.STABILIZED);
        s.scheduleRelativelyTo(Kind.STABILIZED_TRIGGER, first, maxTriggerDelay(s));
    }

    /** Transitioning: the state's {@code transitionToSubsequentState}. */
    private void transition(FlinkScheduler s, Reason why) {
        toPhase(s, Phase.TRANSITIONING);
        if (s.schedulerState == SchedulerState.WAITING_FOR_RESOURCES) {
            s.createExecutionGraph(
                    s.available >= s.solver.desiredSlots(s.graph)
                            ? Reason.DESIRED_RESOURCES
                            : Reason.RESOURCES_STABILIZED);
            return;
        }
        // Executing: Restarting with backoff 0 and the available parallelism, which is unchanged
        // at cancellation, so CreatingExecutionGraph follows at once.
        ParallelismPlan plan = s.availableParallelism().plan();
        s.decide(Action.RESCALE, plan, why, describeRescale(s, why, plan));
        s.enterExecuting(plan);
    }

    private String describeRescale(FlinkScheduler s, Reason why, ParallelismPlan plan) {
        String trigger =
                switch (why) {
                    case CHECKPOINT_COMPLETED -> "a checkpoint completed";
                    case CHECKPOINT_FAILURES -> policy.maxCheckpointFailures() + " checkpoint(s) failed";
                    case TRIGGER_DELAY_ELAPSED -> "the " + maxTriggerDelay(s) + " trigger delay elapsed";
                    case RESOURCES_STABILIZED -> "no desired resources within the " + stabilizationTimeout(s)
                            + " stabilization timeout";
                    default -> why.name().toLowerCase().replace('_', ' ');
                };
        String resources = s.available >= s.solver.desiredSlots(s.graph)
                ? "desired resources"
                : "sufficient resources, stable for " + stabilizationTimeout(s);
        return "rescale " + s.running.get().vertexParallelism() + " -> " + plan.vertexParallelism() + " on "
                + s.available + " slots: " + resources + ", " + trigger;
    }
}
