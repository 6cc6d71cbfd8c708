package io.github.slotwise.simulation.format;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import java.util.Optional;

/**
 * A validated scenario: the model values a plan is made from, plus the scenario's own choice of
 * mode and assigner (command-line flags override both).
 *
 * @param source where it came from: the path as given, or the built-in example's name
 * @param graph the job graph, with the bounds as written (Reactive Mode is applied later)
 * @param pool the slot pool
 * @param previous the previous placement, empty on a first start
 * @param reactive the scenario's {@code reactive} field, if present
 * @param assigner the scenario's {@code assigner} field, if present
 */
public record Scenario(
        String source,
        JobGraph graph,
        SlotPool pool,
        PreviousPlacement previous,
        Optional<Boolean> reactive,
        Optional<String> assigner) {
    public Scenario {
        Limits.checkNotNull("source", source);
        Limits.checkNotNull("graph", graph);
        Limits.checkNotNull("pool", pool);
        Limits.checkNotNull("previous", previous);
        Limits.checkNotNull("reactive", reactive);
        Limits.checkNotNull("assigner", assigner);
    }
}
