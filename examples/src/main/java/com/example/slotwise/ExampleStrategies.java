package com.example.slotwise;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.registry.StrategyProvider;
import io.github.slotwise.rescale.DeciderPreset;
import io.github.slotwise.rescale.RescaleGate;
import java.util.List;

/**
 * Registers this project's strategies with Slotwise: listed in {@code
 * META-INF/services/io.github.slotwise.registry.StrategyProvider}, found by {@link
 * java.util.ServiceLoader} on the class path ({@code Strategies.standard()}, JMH) or in a {@code
 * --plugin} jar (the CLI).
 *
 * <ul>
 *   <li>slot assigner {@value RoundRobinAssigner#NAME};
 *   <li>rescale gate {@value MinimumStepGate#NAME}, for any Flink preset: {@code
 *       flink-2+example-min-step};
 *   <li>decider preset {@value GrowByHalfDecider#NAME}, a decider of its own: {@code grow-by-half},
 *       or with the assigner {@code grow-by-half+example-round-robin}.
 * </ul>
 */
public final class ExampleStrategies implements StrategyProvider {
    /** For {@link java.util.ServiceLoader}. */
    public ExampleStrategies() {}

    @Override
    public List<SlotAssigner> slotAssigners() {
        return List.of(new RoundRobinAssigner());
    }

    @Override
    public List<RescaleGate> rescaleGates() {
        return List.of(new MinimumStepGate());
    }

    @Override
    public List<DeciderPreset> deciderPresets() {
        return List.of(DeciderPreset.of(
                GrowByHalfDecider.NAME,
                "deploys at once, grows only by at least half the running slots, restarts on lost tasks",
                new GrowByHalfDecider()));
    }
}
