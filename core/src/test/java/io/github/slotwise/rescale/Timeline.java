package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helper: feeds events at whole seconds to a decider and records every decision. */
final class Timeline {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final RescaleDecider decider;
    DeciderState state;
    final List<Decision> decisions = new ArrayList<>();

    Timeline(RescaleDecider decider, JobGraph graph) {
        this.decider = decider;
        this.state = decider.initialState(graph);
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Applies the event at {@code seconds} and returns the last decision. */
    Decision on(long seconds, RescaleEvent event) {
        Transition t = decider.decide(state, event, at(seconds));
        state = t.state();
        decisions.addAll(t.decisions());
        return t.decision();
    }

    /** Wakes the decider at the time it asked for, as long as that is before {@code untilSeconds}. */
    void wakeUpsUntil(long untilSeconds) {
        while (state.nextWakeUp().isPresent() && !state.nextWakeUp().get().isAfter(at(untilSeconds))) {
            Transition t = decider.decide(
                    state, new RescaleEvent.WakeUp(), state.nextWakeUp().get());
            state = t.state();
            decisions.addAll(t.decisions());
        }
    }

    /** The rescales so far, as "second:parallelism-map". */
    List<String> rescales() {
        List<String> out = new ArrayList<>();
        for (Decision d : decisions) {
            if (d.isRescale()) {
                out.add((d.at().getEpochSecond() - T0.getEpochSecond()) + "s:"
                        + d.plan().get().vertexParallelism());
            }
        }
        return out;
    }
}
