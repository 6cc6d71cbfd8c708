package io.github.slotwise.rescale;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RescaleDecider} returns for one event: the new state and the decisions taken, in time
 * order. Usually one; more when timers that were due before the event fired first (each decision
 * carries its own time).
 *
 * @param state the state after the event
 * @param decisions the decisions, at least one, the last one at the event's time
 */
public record Transition(DeciderState state, List<Decision> decisions) {
    /** Copies the decisions and checks there is at least one. */
    public Transition {
        Objects.requireNonNull(state, "state");
        decisions = ImmutableList.copyOf(decisions);
        if (decisions.isEmpty()) {
            throw new IllegalArgumentException("a transition has at least one decision");
        }
    }

    /** The last decision: the one at the event's time. */
    public Decision decision() {
        return decisions.get(decisions.size() - 1);
    }
}
