package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import java.time.Instant;

/**
 * Decides when a job rescales: a pure state machine. It holds no state of its own (the state is a
 * value passed in and returned), reads no clock (the time is an argument) and starts no timer (it
 * asks to be woken up with {@link Decision#wakeUpAt()}). The same states, events and times always
 * give the same decisions.
 */
public interface RescaleDecider {
    /** A short stable name, used in registries, reports and the CLI. */
    String name();

    /** The state of a job that has not been submitted yet and holds no slots. */
    DeciderState initialState(JobGraph graph);

    /**
     * Applies one event at time {@code now}.
     *
     * @throws IllegalArgumentException if {@code now} is before the previous event, or the event does
     *     not fit the state (more slots lost than held, unknown vertices, ...); the given state is
     *     unchanged, as it is a value
     */
    Transition decide(DeciderState state, RescaleEvent event, Instant now);
}
