package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * {@link FlinkRescaleDecider}'s state: the job-level view of {@link DeciderState}, and the state of
 * Flink's transition machinery (timers, tokens, phase), kept as data and never shown to users.
 */
@Value.Immutable
abstract class FlinkDeciderState implements DeciderState {
    FlinkDeciderState() {}

    static ImmutableFlinkDeciderState.Builder builder() {
        return ImmutableFlinkDeciderState.builder();
    }

    @Override
    public abstract JobGraph graph();

    @Override
    public abstract Optional<Instant> time();

    @Override
    public abstract int availableSlots();

    @Override
    public abstract SchedulerState schedulerState();

    @Override
    public abstract Optional<ParallelismPlan> running();

    /** When the job last (re)started running: the start of the cooldown. */
    @Override
    public abstract Optional<Instant> lastRescale();

    /** The earliest pending timer. */
    @Override
    public Optional<Instant> nextWakeUp() {
        // a loop, not a stream: the simulator asks after every event
        Instant earliest = null;
        for (Timer t : timers()) {
            if (earliest == null || t.due().isBefore(earliest)) {
                earliest = t.due();
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** The 2.x transition manager's phase, if one is active. */
    @Override
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
}
