package io.github.slotwise.cli;

import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.Summary;
import io.github.slotwise.simulation.TimelineEntry;
import io.github.slotwise.simulation.format.InputException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulation: the input, the policy, the simulator's result and the figures the reports show
 * beyond the simulator's {@link Summary}.
 *
 * @param input what was simulated
 * @param policy the registry policy
 * @param config the simulator's settings
 * @param result the timeline and summary
 * @param peakSkew the highest key-group skew of any keyed vertex in any deployment, if any
 * @param keyGroupsMoved key groups that changed slot, summed over every redeployment
 */
record SimulationRun(
        SimulationInput input,
        Policy policy,
        SimulationConfig config,
        SimulationResult result,
        Optional<PeakSkew> peakSkew,
        long keyGroupsMoved) {

    /**
     * Where the key-group skew peaked: the first deployment whose keyed vertex has the highest skew
     * ({@link KeyGroupPartitioning#skew()}: the hottest subtask's key groups over the mean).
     *
     * @param skew the skew, at least 1
     * @param vertex the keyed vertex
     * @param parallelism its parallelism then
     * @param maxParallelism its key groups
     * @param at when that deployment happened, since the start
     */
    record PeakSkew(double skew, String vertex, int parallelism, int maxParallelism, Duration at) {}

    SimulationRun {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(peakSkew, "peakSkew");
    }

    /** Runs {@code input} through {@code policy} with the default simulator settings. */
    static SimulationRun of(SimulationInput input, Policy policy) {
        return of(input, policy, SimulationConfig.defaults());
    }

    /** Runs {@code input} through {@code policy} with the given simulator settings. */
    static SimulationRun of(SimulationInput input, Policy policy, SimulationConfig config) {
        SimulationResult result;
        RescaleDecider decider = PolicyChoice.decider(policy, input.checkpointInterval());
        try {
            result = input.trace().isPresent()
                    ? new Simulator().run(input.graph(), input.trace().get(), decider, config)
                    : new Simulator().run(input.graph(), input.load().orElseThrow(), decider, config);
        } catch (IllegalArgumentException e) {
            // the trace or load does not fit the job or the policy: the message names the event or field
            throw new InputException(input.name() + " with policy " + policy.name() + ": " + e.getMessage());
        }
        return new SimulationRun(input, policy, config, result, peakSkew(input, result), keyGroupsMoved(result));
    }

    Summary summary() {
        return result.summary();
    }

    /** The load figures, for a load scenario. */
    Optional<LoadFigures> load() {
        return result.load();
    }

    private static Optional<PeakSkew> peakSkew(SimulationInput input, SimulationResult result) {
        PeakSkew peak = null;
        for (TimelineEntry e : result.rescales()) {
            ParallelismPlan plan = e.decision().orElseThrow().plan().orElseThrow();
            for (JobVertex v : input.graph().vertices()) {
                if (!v.keyed()) {
                    continue;
                }
                int p = plan.parallelismOf(v.id());
                int m = v.effectiveMaxParallelism();
                double skew = new KeyGroupPartitioning(m, p).skew();
                if (peak == null || skew > peak.skew()) {
                    peak = new PeakSkew(skew, v.id(), p, m, Duration.between(input.start(), e.time()));
                }
            }
        }
        return Optional.ofNullable(peak);
    }

    private static long keyGroupsMoved(SimulationResult result) {
        return result.timeline().stream()
                .mapToLong(e -> e.keyGroupsMoved().orElse(0))
                .sum();
    }
}
