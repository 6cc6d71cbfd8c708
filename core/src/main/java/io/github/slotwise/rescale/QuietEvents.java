package io.github.slotwise.rescale;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.RescaleEvent.CheckpointCompleted;
import io.github.slotwise.rescale.RescaleEvent.CheckpointFailed;
import io.github.slotwise.rescale.RescaleEvent.WakeUp;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link FlinkRescaleDecider}'s memory of events that changed nothing but the time: most events of
 * a simulated day are a periodic checkpoint of a running job that Flink's machinery ignores (Flink 2's
 * {@code onTrigger} in Cooldown or Idling, every checkpoint before 2.0), and each of them would build
 * the whole scheduler, fire no timer, handle nothing and explain the same quiet decision again. So
 * when a {@link FlinkScheduler} finds that an event changed nothing but the time (see {@link
 * FlinkScheduler#repeatable()}), the decider keeps the state it started from (all but its time), the
 * kind of event, and the quiet decision's pieces; the same kind of event on an equal state before its
 * first timer is due gets the same decision at its own time, and the state at its own time.
 *
 * <p>Sound because, for a state without its time: no timer is due before the first one (the timers
 * are kept sorted and current, as the scheduler left them); these events carry nothing but their
 * kind and never fail {@link FlinkScheduler#checkFits}; whether handling one changes anything does
 * not depend on the time (the controllers read the time only to act, see {@link
 * RescaleController#checkpointCompleted}); and the quiet decision's pieces are kept only when they do
 * not name the time ({@link FlinkScheduler#repeatable()}). The decision and state given are then
 * exactly those the scheduler would have returned.
 *
 * <p>Thread-safe: a decider may serve several simulations at once, and each entry is one immutable
 * record (final fields, so safe to share through a plain array), read and replaced whole; a race only
 * loses an entry, and the next event takes the full path again.
 */
final class QuietEvents {
    /**
     * A state (all but its time), the kinds of event seen to change nothing in it, and its quiet
     * decision's pieces (its wake-up is the first timer's due time, or empty without timers); with the
     * latest state given for it, {@code base} at a later time, which the next event most likely
     * comes to (then it need not be compared field by field).
     */
    private record Quiet(
            FlinkDeciderState base,
            DeciderState latest,
            int kinds,
            Action action,
            Optional<Instant> wakeUp,
            ReasonCode reason,
            String explanation) {}

    /** How many states are kept: one per hash of the state modulo this (a power of two). */
    private static final int KEPT = 16;

    static final int CHECKPOINT_COMPLETED = 1;
    static final int CHECKPOINT_FAILED = 2;
    static final int WAKE_UP = 4;

    private final Quiet[] kept = new Quiet[KEPT];

    /**
     * The kind of an event that carries nothing but its kind and may change nothing: one bit, or 0
     * for the other events (which change slots, requirements or the scheduler state).
     */
    static int kind(RescaleEvent event) {
        if (event instanceof CheckpointCompleted) {
            return CHECKPOINT_COMPLETED;
        }
        if (event instanceof CheckpointFailed) {
            return CHECKPOINT_FAILED;
        }
        if (event instanceof WakeUp) {
            return WAKE_UP;
        }
        return 0;
    }

    /**
     * What the scheduler would return for an event of {@code kind} at {@code now} on {@code state},
     * if that is known to change nothing but the time; else null.
     *
     * @param state the state the event comes to, at or before {@code now}
     * @param kind a {@link #kind} other than 0
     * @param now the event's time
     * @return the transition, or null for the full path
     */
    Transition repeat(FlinkDeciderState state, int kind, Instant now) {
        int slot = slot(state);
        Quiet q = kept[slot];
        if (q == null
                || (q.kinds() & kind) == 0
                // a timer due by now fires first, and changes the state
                || (q.wakeUp().isPresent() && !q.wakeUp().get().isAfter(now))
                || !(state instanceof ImmutableFlinkDeciderState s)
                || (q.latest() != s && !sameButTime(q.base(), s))) {
            return null;
        }
        ImmutableFlinkDeciderState next = s.withTime(now);
        kept[slot] = new Quiet(q.base(), next, q.kinds(), q.action(), q.wakeUp(), q.reason(), q.explanation());
        Decision d = new Decision(now, q.action(), Optional.empty(), q.wakeUp(), q.reason(), q.explanation());
        return new Transition(next, ImmutableList.of(d));
    }

    /**
     * Keeps that an event of {@code kind} changed nothing in {@code state} but the time, with the
     * quiet decision it got; the caller has checked {@link FlinkScheduler#repeatable()}.
     */
    void remember(FlinkDeciderState state, int kind, Transition quiet) {
        int slot = slot(state);
        Quiet q = kept[slot];
        int kinds = q != null && sameButTime(q.base(), state) ? q.kinds() | kind : kind;
        Decision d = quiet.decision();
        kept[slot] = new Quiet(state, quiet.state(), kinds, d.action(), d.wakeUpAt(), d.reason(), d.explanation());
    }

    /**
     * Where a state is kept: a hash of some of its fields, without its time, so that a state and the
     * same state at a later time share the entry, and simulations that run at once mostly do not
     * (their timers' sequence numbers and slots differ).
     */
    private static int slot(FlinkDeciderState s) {
        long h = s.nextTimerSeq();
        h = h * 31 + s.stateToken();
        h = h * 31 + s.phaseToken();
        h = h * 31 + s.availableSlots();
        return (int) ((h * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(KEPT)));
    }

    /**
     * Whether two states hold the same in every field but the time: the graph, plan and timers the
     * same instances (a state at a later time shares them with the one it was made from), the rest
     * equal. A field added to {@link FlinkDeciderState} must be compared here too ({@code
     * FlinkDeciderStateFieldsTest}).
     */
    static boolean sameButTime(FlinkDeciderState a, FlinkDeciderState b) {
        if (a == b) {
            return true;
        }
        Optional<?> ra = a.running();
        Optional<?> rb = b.running();
        return a.graph() == b.graph()
                && a.timers() == b.timers()
                && a.availableSlots() == b.availableSlots()
                && a.schedulerState() == b.schedulerState()
                && a.stateToken() == b.stateToken()
                && a.phaseToken() == b.phaseToken()
                && a.nextTimerSeq() == b.nextTimerSeq()
                && a.evaluationScheduled() == b.evaluationScheduled()
                && a.scalingIntervalMinScheduled() == b.scalingIntervalMinScheduled()
                && (ra.isPresent() ? rb.isPresent() && ra.get() == rb.get() : rb.isEmpty())
                && a.lastRescale().equals(b.lastRescale())
                && a.phase().equals(b.phase())
                && a.firstChange().equals(b.firstChange())
                && a.lastChange().equals(b.lastChange())
                && a.failedCheckpointCountdown().equals(b.failedCheckpointCountdown())
                && a.stabilizationDeadline().equals(b.stabilizationDeadline());
    }
}
