package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import io.github.slotwise.rescale.Timer.Kind;
import java.time.Instant;
import java.util.Optional;

/**
 * One generation of Flink's rescale rules: what the scheduler states of {@link FlinkScheduler} hand
 * over to where Flink's states hand over to their rules. In Flink 2.x that is the {@code
 * StateTransitionManager} of WaitingForResources and Executing ({@link Flink2RescaleController});
 * before 2.0 it is WaitingForResources' stabilization deadline and Executing's rescaling controller
 * ({@link Flink1RescaleController}: {@link Flink117RescaleController}, {@link
 * Flink118RescaleController}, {@link Flink120RescaleController}). A new Flink version with new rules
 * is one new implementation and one {@link Generation}.
 *
 * <p>Implementations hold only the policy: what they remember between events lives in the {@link
 * FlinkScheduler} they are handed (and from there in the {@link FlinkDeciderState}). Every method
 * runs at the scheduler's {@code now}; the states call them only in the scheduler state named.
 */
interface RescaleController {
    /** The rules of {@code policy}'s generation, with its settings. */
    static RescaleController of(RescalePolicy policy) {
        return switch (policy.generation()) {
            case FLINK_1_17 -> new Flink117RescaleController(policy);
            case FLINK_1_18 -> new Flink118RescaleController(policy);
            case FLINK_1_20 -> new Flink120RescaleController(policy);
            case FLINK_2 -> new Flink2RescaleController(policy);
        };
    }

    /**
     * Rejects per-vertex requirement changes if this generation has none.
     *
     * @throws IllegalArgumentException naming the generation
     */
    default void checkRequirementsChangeSupported() {}

    /** WaitingForResources was just entered (its timeouts are not scheduled yet). */
    void enteredWaitingForResources(FlinkScheduler s);

    /**
     * WaitingForResources: its check right after entry, and after every change of resources or
     * requirements. Starts the job through {@link FlinkScheduler#createExecutionGraph} when due.
     */
    void checkWaitingForResources(FlinkScheduler s);

    /** Executing was just entered with the running plan and {@code lastRescale} = now. */
    void enteredExecuting(FlinkScheduler s);

    /** Executing: its check right after entry (Flink's zero-delay call in the constructor). */
    void executingEntryCheck(FlinkScheduler s);

    /** Executing: new slots, or requirements that change some bound. */
    void executingChanged(FlinkScheduler s);

    /**
     * Executing: a checkpoint completed.
     *
     * <p>Whether this changes anything must not depend on the time, only on the rest of the
     * scheduler's state (the time may be read to act, not to decide whether to): the decider gives
     * a checkpoint that changed nothing again for the same state at a later time without asking (see
     * {@link QuietEvents}). The same holds for {@link #checkpointFailed}.
     */
    default void checkpointCompleted(FlinkScheduler s) {}

    /** Executing: a checkpoint failed (whether this changes anything must not depend on the time). */
    default void checkpointFailed(FlinkScheduler s) {}

    /** One of this generation's own timers is due and its state (and phase) is current. */
    void fire(FlinkScheduler s, Kind kind);

    /** Executing: whether a rescale the slots allow now waits for the cooldown after the last one. */
    boolean inCooldown(FlinkScheduler s);

    /**
     * Executing, out of the cooldown, with slots that allow {@code plan} (not the running plan), and
     * nothing decided: why the job does not rescale (yet).
     *
     * @param wakeUp the earliest pending timer
     */
    Wait executingWait(FlinkScheduler s, ParallelismPlan plan, Optional<Instant> wakeUp);

    /**
     * The reason and explanation of a WAIT or STAY.
     *
     * @param reason the reason
     * @param explanation the explanation
     * @param namesNow whether the explanation names the scheduler's {@code now}: then it is not the
     *     same at a later time, and the decider does not give it again for a later event that changes
     *     nothing (see {@link QuietEvents})
     */
    record Wait(ReasonCode reason, String explanation, boolean namesNow) {
        /** A reason and explanation that do not name the time. */
        Wait(ReasonCode reason, String explanation) {
            this(reason, explanation, false);
        }
    }
}
