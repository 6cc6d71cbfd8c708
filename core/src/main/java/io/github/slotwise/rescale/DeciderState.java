package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link RescaleDecider} remembers between two events, as the rest of Slotwise sees it: the
 * job-level view every decider exposes (the simulator, the test kit and reports read only this). It
 * is an immutable value, so a decision never half-updates it.
 *
 * <p>A decider of one's own keeps whatever else it needs in its own implementation of this
 * interface and gets it back, as the same value, in its next {@link RescaleDecider#decide} call. A
 * record whose first components carry these names implements it without a line of code:
 *
 * <pre>{@code
 * record MyState(JobGraph graph, Optional<Instant> time, int availableSlots,
 *         SchedulerState schedulerState, Optional<ParallelismPlan> running,
 *         Optional<Instant> lastRescale, Optional<Instant> nextWakeUp,
 *         int pendingVotes) implements DeciderState {}
 * }</pre>
 *
 * <p>{@link StatefulRescaleDecider} casts it back for the decider, with a clear error for a state
 * that some other decider made. {@link FlinkRescaleDecider}'s own state (its Flink timers and phase
 * machine) is package-private.
 */
public interface DeciderState {
    /**
     * The job graph, with the requirements in force.
     *
     * @return the graph
     */
    JobGraph graph();

    /**
     * The time of the last event, if any.
     *
     * @return the time, empty before the first event
     */
    Optional<Instant> time();

    /**
     * Slots the job holds or could use (Flink's "all slots").
     *
     * @return at least 0
     */
    int availableSlots();

    /**
     * The scheduler's state.
     *
     * @return the state
     */
    SchedulerState schedulerState();

    /**
     * The plan the job runs with: present exactly while {@link SchedulerState#EXECUTING}.
     *
     * @return the plan
     */
    Optional<ParallelismPlan> running();

    /**
     * When the job last (re)started running, if it did.
     *
     * @return the time
     */
    Optional<Instant> lastRescale();

    /**
     * When the decider wants to be woken up next, if anything is pending: the simulator delivers a
     * {@link RescaleEvent.WakeUp} then (or the next event comes first).
     *
     * @return the time, not before {@link #time()}
     */
    Optional<Instant> nextWakeUp();

    /**
     * The phase of Flink 2.x's transition manager, if the decider models one (see Flink's {@code
     * DefaultStateTransitionManager}). Only {@link FlinkRescaleDecider} has one; a decider of one's
     * own need not implement this.
     *
     * @return the phase, empty for deciders without Flink 2.x's phase machine
     */
    default Optional<Phase> phase() {
        return Optional.empty();
    }

    /** Phases of Flink 2.x's {@code DefaultStateTransitionManager}. */
    enum Phase {
        /** Right after a (re)start: changes are noted, triggers ignored. */
        COOLDOWN,
        /** Nothing to do until a change makes a rescale possible. */
        IDLING,
        /** A rescale is possible: waiting for desired resources and a trigger, or the stabilization timeout. */
        STABILIZING,
        /** The stabilization timeout passed: the next trigger rescales with sufficient resources. */
        STABILIZED,
        /** The transition is under way. */
        TRANSITIONING
    }
}
