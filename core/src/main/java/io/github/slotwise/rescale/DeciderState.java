package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * Everything a {@link RescaleDecider} remembers between two events: an immutable value, so a
 * decision never half-updates it. The public accessors describe the job; the rest is the state of
 * Flink's transition machinery, kept as data.
 */
@Value.Immutable
public abstract class DeciderState {
    DeciderState() {}

    static ImmutableDeciderState.Builder builder() {
        return ImmutableDeciderState.builder();
    }

    /** The job graph, with the requirements in force. */
    public abstract JobGraph graph();

    /** The time of the last event, if any. */
    public abstract Optional<Instant> time();

    /** Slots the job holds or could use (Flink's "all slots"). */
    public abstract int availableSlots();

    /** The scheduler's state. */
    public abstract SchedulerState schedulerState();

    /** The plan the job runs with, while {@link SchedulerState#EXECUTING}. */
    public abstract Optional<ParallelismPlan> running();

    /** When the job last (re)started running: the start of the cooldown. */
    public abstract Optional<Instant> lastRescale();

    /** When the decider wants to be woken up next, if anything is pending. */
    public Optional<Instant> nextWakeUp() {
        return timers().stream().map(Timer::due).min(Comparator.naturalOrder());
    }

    /** The 2.x transition manager's phase, if one is active (see Flink's {@code DefaultStateTransitionManager}). */
    public abstract Optional<Phase> phase();

    // ---- internal machinery -------------------------------------------------------------

    abstract List<Timer> timers();

    @Value.Default
    long stateToken() {
        return 0;
    }

    @Value.Default
    long phaseToken() {
        return 0;
    }

    @Value.Default
    long nextTimerSeq() {
        return 0;
    }

    abstract Optional<Instant> firstChange();

    abstract Optional<Instant> lastChange();

    @Value.Default
    boolean evaluationScheduled() {
        return false;
    }

    abstract OptionalInt failedCheckpointCountdown();

    @Value.Default
    boolean scalingIntervalMinScheduled() {
        return false;
    }

    abstract Optional<Instant> stabilizationDeadline();

    /** Phases of Flink 2.x's {@code DefaultStateTransitionManager}. */
    public enum Phase {
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
