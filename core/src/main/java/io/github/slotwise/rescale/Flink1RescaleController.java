package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.Timer.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What Flink 1.x's rescale rules (1.13 to 1.20) have in common, around each line's rescaling
 * controller:
 *
 * <ul>
 *   <li>WaitingForResources starts the job at once with desired resources; with sufficient ones it
 *       sets a deadline {@code resource-stabilization-timeout} from the first check that saw them,
 *       re-checks at it and starts once it is overdue; without, it clears the deadline.
 *   <li>Executing evaluates after every change, but at most once per {@link #scalingIntervalMin()}
 *       since the last (re)start (a change within it schedules one evaluation at its end); an
 *       evaluation restarts the job if {@link #shouldRescale} agrees, and otherwise, with a {@link
 *       #scalingIntervalMax()}, forces any change once that has passed since the last (re)start.
 *   <li>A rescale stops the job and restarts it through WaitingForResources, which redeploys at once
 *       if the resources are there.
 * </ul>
 *
 * <p>Subclasses give the rule and the intervals of their line.
 */
abstract class Flink1RescaleController implements RescaleController {
    final RescalePolicy policy;

    Flink1RescaleController(RescalePolicy policy) {
        this.policy = policy;
    }

    // ---- what each line sets ---------------------------------------------------------------------

    /** The least time after a (re)start before Executing evaluates a change. */
    abstract Duration scalingIntervalMin();

    /** The time after a (re)start after which any change is forced, if any. */
    abstract Optional<Duration> scalingIntervalMax();

    /**
     * The line's rescaling controller: whether moving from {@code current} to {@code candidate} is
     * worth a restart (with min-parallelism-increase from the policy).
     */
    abstract boolean shouldRescale(Map<String, Integer> current, ParallelismPlan candidate);

    /** The rule of {@link #shouldRescale}, in words: "... grows by at least ..." (for explanations). */
    abstract String ruleDescription();

    // ---- WaitingForResources ---------------------------------------------------------------------

    @Override
    public void enteredWaitingForResources(FlinkScheduler s) {
        // no transition manager before 2.0
    }

    @Override
    public void checkWaitingForResources(FlinkScheduler s) {
        if (s.desired()) {
            s.createExecutionGraph(Reason.DESIRED_RESOURCES);
        } else if (s.sufficient()) {
            if (s.deadline.isEmpty()) {
                s.deadline = Optional.of(Durations.plus(s.now, policy.submissionResourceStabilizationTimeout()));
            }
            if (!s.deadline.get().isAfter(s.now)) {
                s.createExecutionGraph(Reason.RESOURCES_STABILIZED);
            } else {
                s.schedule(Kind.STABILIZATION_DEADLINE, s.deadline.get(), false);
            }
        } else {
            s.deadline = Optional.empty();
        }
    }

    // ---- Executing -------------------------------------------------------------------------------

    @Override
    public void enteredExecuting(FlinkScheduler s) {
        // the scaling intervals count from lastRescale, which the scheduler has set to now
    }

    @Override
    public void executingEntryCheck(FlinkScheduler s) {
        rescaleWhenIntervalMinIsOver(s);
    }

    @Override
    public void executingChanged(FlinkScheduler s) {
        rescaleWhenIntervalMinIsOver(s);
    }

    @Override
    public void fire(FlinkScheduler s, Kind kind) {
        switch (kind) {
            case STABILIZATION_DEADLINE -> checkWaitingForResources(s);
            case SCALING_INTERVAL_MIN_OVER -> maybeRescale(s);
            case SCALING_INTERVAL_MAX_OVER -> forceRescale(s);
            default -> throw new IllegalStateException("not a Flink 1.x timer: " + kind);
        }
    }

    @Override
    public boolean inCooldown(FlinkScheduler s) {
        return s.intervalMinScheduled;
    }

    @Override
    public Wait executingWait(FlinkScheduler s, ParallelismPlan plan, Optional<Instant> wakeUp) {
        return new Wait(
                Reason.MIN_PARALLELISM_INCREASE_NOT_MET,
                "could rescale to " + plan.vertexParallelism() + ", but "
                        + ruleDescription().replace("grows", "does not grow")
                        + (wakeUp.isPresent() ? "; a forced rescale is pending" : ""));
    }

    private static Duration sinceLastRescale(FlinkScheduler s) {
        return Duration.between(s.lastRescale.get(), s.now);
    }

    private void rescaleWhenIntervalMinIsOver(FlinkScheduler s) {
        if (sinceLastRescale(s).compareTo(scalingIntervalMin()) > 0) {
            maybeRescale(s);
        } else if (!s.intervalMinScheduled) {
            s.intervalMinScheduled = true;
            s.schedule(Kind.SCALING_INTERVAL_MIN_OVER, Durations.plus(s.now, scalingIntervalMin()), false);
        }
    }

    private void maybeRescale(FlinkScheduler s) {
        s.intervalMinScheduled = false;
        ParallelismResult result = s.availableParallelism();
        if (result instanceof ParallelismPlan plan
                && shouldRescale(s.running.get().vertexParallelism(), plan)) {
            restartForRescale(s, plan, Reason.MIN_PARALLELISM_INCREASE_MET);
        } else if (scalingIntervalMax().isPresent()) {
            Duration max = scalingIntervalMax().get();
            if (sinceLastRescale(s).compareTo(max) > 0) {
                forceRescale(s);
            } else {
                s.schedule(Kind.SCALING_INTERVAL_MAX_OVER, Durations.plus(s.now, max), false);
            }
        }
    }

    /** Flink's {@code EnforceParallelismChangeRescalingController}: any change. */
    private void forceRescale(FlinkScheduler s) {
        if (s.availableParallelism() instanceof ParallelismPlan plan && !plan.sameParallelismAs(s.running.get())) {
            restartForRescale(s, plan, Reason.SCALING_INTERVAL_MAX_ELAPSED);
        }
    }

    private void restartForRescale(FlinkScheduler s, ParallelismPlan plan, Reason why) {
        s.decide(
                Action.STOP,
                null,
                why,
                "restart to rescale " + s.running.get().vertexParallelism() + " -> " + plan.vertexParallelism() + " on "
                        + s.available + " slots (" + describe(why) + ")");
        s.enterWaitingForResources(); // its zero-delay check may redeploy at once
    }

    private String describe(Reason why) {
        return why == Reason.SCALING_INTERVAL_MAX_ELAPSED
                ? "scaling-interval.max "
                        + Durations.format(scalingIntervalMax().orElseThrow()) + " elapsed since the last rescale"
                : ruleDescription();
    }
}
