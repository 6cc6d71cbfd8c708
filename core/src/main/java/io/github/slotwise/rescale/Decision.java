package io.github.slotwise.rescale;

import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Instant;
import java.util.Optional;

/**
 * One decision of a {@link RescaleDecider}, with its time, a machine-readable {@link Reason} and a
 * one-line explanation.
 *
 * @param at when it takes effect
 * @param action what happens
 * @param plan the plan the job (re)starts with; present exactly for {@link Action#RESCALE}
 * @param wakeUpAt when the decider wants to be asked again, if anything is pending
 * @param reason why, as a stable code: a {@link Reason}, or a strategy's own {@link ReasonCode}
 * @param explanation why, for people
 */
public record Decision(
        Instant at,
        Action action,
        Optional<ParallelismPlan> plan,
        Optional<Instant> wakeUpAt,
        ReasonCode reason,
        String explanation) {

    /** What a decision does to the job. */
    public enum Action {
        /** (Re)start the job now with {@link Decision#plan()}: a first deployment or a rescale. */
        RESCALE,
        /** Stop the job's tasks now (a failure, or a rescale that waits for resources). */
        STOP,
        /** The job fails terminally. */
        FAIL,
        /** Nothing changes now; ask again at {@link Decision#wakeUpAt()}. */
        WAIT,
        /** Nothing changes and nothing is pending. */
        STAY
    }

    /** Checks that a plan is present exactly for RESCALE and a wake-up time for WAIT. */
    public Decision {
        Limits.checkNotNull("at", at);
        Limits.checkNotNull("action", action);
        Limits.checkNotNull("plan", plan);
        Limits.checkNotNull("wakeUpAt", wakeUpAt);
        Limits.checkNotNull("reason", reason);
        Limits.checkNotNull("explanation", explanation);
        if (plan.isPresent() != (action == Action.RESCALE)) {
            throw new IllegalArgumentException("a plan goes with RESCALE only, got " + action + " with plan " + plan);
        }
        if (action == Action.WAIT && wakeUpAt.isEmpty()) {
            throw new IllegalArgumentException("WAIT needs a wakeUpAt");
        }
        if (action == Action.STAY && wakeUpAt.isPresent()) {
            throw new IllegalArgumentException("STAY has nothing pending, got wakeUpAt " + wakeUpAt.get());
        }
    }

    /** True for a rescale (including the first deployment). */
    public boolean isRescale() {
        return action == Action.RESCALE;
    }

    @Override
    public String toString() {
        return at + " " + action + plan.map(p -> " " + p.vertexParallelism()).orElse("") + " [" + reason + "] "
                + explanation + wakeUpAt.map(w -> " (wake up at " + w + ")").orElse("");
    }
}
