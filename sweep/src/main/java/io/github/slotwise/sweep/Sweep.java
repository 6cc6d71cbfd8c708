package io.github.slotwise.sweep;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.family.NamedFamily;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
        double[][] units = new double[Math.toIntExact(units(spec))][];
        long total = spec.simulations();
        long perUnit = (long) spec.policies().size() * spec.assigners().size();
        AtomicLong done = new AtomicLong();
        Parallel.run(units.length, threads, unit -> {
            units[(int) unit] = unit(spec, unit);
            listener.simulated(done.addAndGet(perUnit), total);
        });
        return assemble(spec, Arrays.asList(units));
    }

    /**
     * How many units of work a sweep has: one per family and sample.
     *
     * @param spec the sweep
     * @return families × samples
     */
    public static long units(SweepSpec spec) {
        return (long) spec.families().size() * spec.samples();
    }

    /**
     * One unit of work, for engines that spread the units themselves (such as a Flink job): sample
     * {@code unit % samples} of family {@code unit / samples}, simulated with every policy and
     * assigner.
     *
     * @param spec the sweep
     * @param unit 0 to {@link #units} − 1
     * @return the figures, policy by policy, assigner by assigner, metric by metric ({@link
     *     Metric#values()} order)
     * @throws IllegalArgumentException if the day does not fit a policy, naming the family, the sample,
     *     the policy and the assigner
     */
    public static double[] unit(SweepSpec spec, long unit) {
        if (unit < 0 || unit >= units(spec)) {
            throw new IllegalArgumentException("unit must be between 0 and " + (units(spec) - 1) + ", got " + unit);
        }
        List<Policy> policies = spec.policies();
        List<SlotAssigner> assigners = spec.assigners();
        Metric[] metrics = Metric.values();
        int f = (int) (unit / spec.samples());
        int k = (int) (unit % spec.samples());
        NamedFamily family = spec.families().get(f);
        LoadScenario day = family.family().sample(k);
        double[] values = new double[policies.size() * assigners.size() * metrics.length];
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
                                    + assigners.get(a).name() + ": " + e.getMessage(),
                            e);
                }
                int cell = p * assigners.size() + a;
                for (int m = 0; m < metrics.length; m++) {
                    values[cell * metrics.length + m] = metrics[m].of(result);
                }
            }
        }
        return values;
    }

    /**
     * The result of a sweep from its units' figures.
     *
     * @param spec the sweep
     * @param units {@link #unit(SweepSpec, long)} of every unit, in unit order
     * @return the result
     * @throws IllegalArgumentException if there are not {@link #units} units of the right length
     */
    public static SweepResult assemble(SweepSpec spec, List<double[]> units) {
        Limits.checkNotNull("units", units);
        if (units.size() != units(spec)) {
            throw new IllegalArgumentException(
                    "expected " + units(spec) + " units, one per family and sample, got " + units.size());
        }
        int perFamily = spec.policies().size() * spec.assigners().size();
        Metric[] metrics = Metric.values();
        int samples = spec.samples();
        double[][][] values = new double[spec.families().size() * perFamily][metrics.length][samples];
        for (int u = 0; u < units.size(); u++) {
            double[] unit = units.get(u);
            if (unit == null || unit.length != perFamily * metrics.length) {
                throw new IllegalArgumentException("unit " + u + " has " + (unit == null ? "no" : unit.length)
                        + " figures, expected " + perFamily * metrics.length);
            }
            int f = u / samples;
            int k = u % samples;
            for (int c = 0; c < perFamily; c++) {
                for (int m = 0; m < metrics.length; m++) {
                    values[f * perFamily + c][m][k] = unit[c * metrics.length + m];
                }
            }
        }
        return new SweepResult(spec, values);
    }
}
