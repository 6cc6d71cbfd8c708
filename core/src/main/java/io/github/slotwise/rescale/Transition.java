package io.github.slotwise.rescale;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.Limits;
import java.util.List;

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
        Limits.checkNotNull("state", state);
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
