package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import java.time.Instant;
import java.util.Objects;

/**
 * A base for a {@link RescaleDecider} of one's own with its own state type {@code S}: it checks the
 * arguments every decider must check (nulls, a state some other decider made, time going backwards)
 * before any work and hands {@link #step} the state as {@code S}.
 *
 * <pre>{@code
 * record VoteState(JobGraph graph, Optional<Instant> time, int availableSlots,
 *         SchedulerState schedulerState, Optional<ParallelismPlan> running,
 *         Optional<Instant> lastRescale, Optional<Instant> nextWakeUp, int votes)
 *         implements DeciderState {}
 *
 * final class VoteDecider extends StatefulRescaleDecider<VoteState> {
 *     VoteDecider() { super(VoteState.class); }
 *     public String name() { return "votes"; }
 *     public VoteState initialState(JobGraph graph) { ... }
 *     protected Transition step(VoteState state, RescaleEvent event, Instant now) { ... }
 * }
 * }</pre>
 *
 * <p>The contract of {@link RescaleDecider} holds as for any decider: pure, no clock, no mutable
 * fields; {@code property-tests}' {@code RescaleDeciderContract} checks it.
 *
 * @param <S> the decider's own state type
 */
public abstract class StatefulRescaleDecider<S extends DeciderState> implements RescaleDecider {
    private final Class<S> stateType;

    /**
     * Creates the base.
     *
     * @param stateType the class of the states this decider makes and accepts
     */
    protected StatefulRescaleDecider(Class<S> stateType) {
        this.stateType = Objects.requireNonNull(stateType, "stateType");
    }

    @Override
    public abstract S initialState(JobGraph graph);

    /**
     * Checks the arguments, then calls {@link #step}.
     *
     * @throws IllegalArgumentException if the state is not an {@code S}, or {@code now} is before the
     *     state's time
     */
    @Override
    public final Transition decide(DeciderState state, RescaleEvent event, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        if (!stateType.isInstance(state)) {
            throw new IllegalArgumentException(
                    name() + ": the state is a " + state.getClass().getName() + ", not this decider's "
                            + stateType.getName() + "; pass the state this decider returned");
        }
        if (state.time().isPresent() && now.isBefore(state.time().get())) {
            throw new IllegalArgumentException(name() + ": event at " + now + " is before the previous event at "
                    + state.time().get());
        }
        return step(stateType.cast(state), event, now);
    }

    /**
     * Applies one event: the decider's own rule.
     *
     * @param state this decider's state, as it returned it
     * @param event the event, not null
     * @param now its time, not before {@code state.time()}
     * @return the next state (an {@code S}) and the decisions taken, the last one at {@code now}
     * @throws IllegalArgumentException if the event does not fit the state
     */
    protected abstract Transition step(S state, RescaleEvent event, Instant now);
}
