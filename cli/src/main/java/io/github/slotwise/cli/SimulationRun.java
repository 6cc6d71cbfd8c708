package io.github.slotwise.cli;

import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.Summary;
import io.github.slotwise.simulation.format.InputException;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulation: the input, the policy, the simulator's settings and its result. Every figure the
 * reports show is the simulator's ({@link Summary}, {@link LoadFigures}): the CLI only formats.
 *
 * @param input what was simulated
 * @param policy the registry policy
 * @param config the simulator's settings
 * @param result the timeline and summary
 */
record SimulationRun(SimulationInput input, Policy policy, SimulationConfig config, SimulationResult result) {

    SimulationRun {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(result, "result");
    }

    /** Runs {@code input} through {@code policy} with the default simulator settings. */
    static SimulationRun of(SimulationInput input, Policy policy) {
        return of(input, policy, SimulationConfig.defaults(), null);
    }

    /**
     * Runs {@code input} through {@code policy} with the given simulator settings, reporting the
     * fraction done to {@code progress} (if not null); an interrupt of this thread stops it with a
     * {@link java.util.concurrent.CancellationException}.
     */
    static SimulationRun of(SimulationInput input, Policy policy, SimulationConfig config, Progress progress) {
        SimulationResult result;
        try {
            // the decider the simulator would run (the input's checkpoint interval, and its state world),
            // chosen here so that the progress wrapper wraps it
            RescaleDecider decider = input.trace().isPresent()
                    ? Simulator.deciderFor(policy.decider(), input.trace().get().checkpointInterval())
                    : Simulator.deciderFor(policy.decider(), input.load().orElseThrow(), config);
            if (progress != null) {
                decider = new ProgressDecider(decider, progress, input.start(), input.end());
            }
            result = input.trace().isPresent()
                    ? new Simulator().run(input.graph(), input.trace().get(), decider, config)
                    : new Simulator().run(input.graph(), input.load().orElseThrow(), decider, config);
        } catch (IllegalArgumentException e) {
            // the trace or load does not fit the job or the policy: the message names the event or field
            throw new InputException(input.name() + " with policy " + policy.name() + ": " + e.getMessage());
        }
        return new SimulationRun(input, policy, config, result);
    }

    Summary summary() {
        return result.summary();
    }

    /** The load figures, for a load scenario. */
    Optional<LoadFigures> load() {
        return result.load();
    }
}
