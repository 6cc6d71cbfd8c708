package io.github.slotwise.sweep;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.family.NamedFamily;
import java.util.List;

/**
 * Runs a {@link SweepSpec}: for each family and each sample {@code k}, draws the day once ({@link
 * io.github.slotwise.simulation.family.ScenarioFamily#sample}) and simulates it with every policy
 * and assigner. Work is spread over threads by (family, sample); every figure lands in its own slot,
 * so the result is the same whatever the number of threads.
 */
public final class Sweep {
    private Sweep() {}

    /** Hears how far a sweep has come; called from the sweep's threads, so it must be thread-safe. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Some simulations finished.
         *
         * @param done simulations finished so far (one day of every policy and assigner at a time)
         * @param total simulations of the whole sweep
         */
        void simulated(long done, long total);

        /** A listener that ignores everything. */
        Listener NONE = (done, total) -> {};
    }

    /**
     * Runs the sweep.
     *
     * @param spec what to simulate
     * @param threads how many threads simulate, at least 1 (the calling thread alone with 1)
     * @param listener hears the progress
     * @return every figure of every simulation
     * @throws IllegalArgumentException if a day does not fit a policy (the message names the family,
     *     the sample, the policy and the assigner)
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public static SweepResult run(SweepSpec spec, int threads, Listener listener) {
        Limits.checkNotNull("spec", spec);
        Limits.checkNotNull("listener", listener);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        List<NamedFamily> families = spec.families();
        List<Policy> policies = spec.policies();
        List<SlotAssigner> assigners = spec.assigners();
        int samples = spec.samples();
        int perFamily = policies.size() * assigners.size();
        Metric[] metrics = Metric.values();
        double[][][] values = new double[families.size() * perFamily][metrics.length][samples];
        long total = spec.simulations();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        Parallel.run((long) families.size() * samples, threads, unit -> {
            int f = (int) (unit / samples);
            int k = (int) (unit % samples);
            NamedFamily family = families.get(f);
            LoadScenario day = family.family().sample(k);
            for (int p = 0; p < policies.size(); p++) {
                for (int a = 0; a < assigners.size(); a++) {
                    SimulationConfig config = spec.config().withAssigner(assigners.get(a));
                    SimulationResult result;
                    try {
                        result = new Simulator()
                                .run(family.graph(), day, policies.get(p).decider(), config);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                family.name() + " sample " + k + " with policy "
                                        + policies.get(p).name() + " and assigner "
                                        + assigners.get(a).name() + ": "
                                        + e.getMessage(),
                                e);
                    }
                    int cell = f * perFamily + p * assigners.size() + a;
                    for (int m = 0; m < metrics.length; m++) {
                        values[cell][m][k] = metrics[m].of(result);
                    }
                }
            }
            listener.simulated(done.addAndGet(perFamily), total);
        });
        return new SweepResult(spec, values);
    }
}
