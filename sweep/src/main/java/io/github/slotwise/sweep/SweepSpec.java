package io.github.slotwise.sweep;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.family.NamedFamily;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sweep simulates: every family × policy × slot assigner on samples {@code 0} to {@code
 * samples − 1} of each family, and what it compares against: each cell's figures minus the
 * baseline's (the same family, the baseline policy and assigner), sample by sample.
 *
 * @param families the families of days, with distinct names
 * @param policies the policies, with distinct names
 * @param assigners the slot assigners, with distinct names
 * @param samples days per family, at least {@value #MIN_SAMPLES} (a confidence interval needs two) and at
 *     most {@value #MAX_SAMPLES}
 * @param baselinePolicy the name of the policy differences are taken against, one of {@code policies}
 * @param baselineAssigner the name of the assigner differences are taken against, one of {@code assigners}
 * @param config heartbeat timeout and restart cost of every simulation (its assigner is replaced by
 *     each of {@code assigners})
 * @param seed seeds the bootstrap resampling (the families carry their own seeds)
 * @param bootstrapResamples resamples of each bootstrap interval, {@value #MIN_RESAMPLES} to {@value
 *     #MAX_RESAMPLES}
 */
public record SweepSpec(
        List<NamedFamily> families,
        List<Policy> policies,
        List<SlotAssigner> assigners,
        int samples,
        String baselinePolicy,
        String baselineAssigner,
        SimulationConfig config,
        long seed,
        int bootstrapResamples) {

    /** The fewest samples: a paired interval needs two differences. */
    public static final int MIN_SAMPLES = 2;

    /** The most samples per family: 10^7 days is weeks of one core's time. */
    public static final int MAX_SAMPLES = 10_000_000;

    /** The default resamples of a bootstrap interval. */
    public static final int DEFAULT_RESAMPLES = 2000;

    /** The fewest resamples of a bootstrap interval. */
    public static final int MIN_RESAMPLES = 100;

    /** The most resamples of a bootstrap interval. */
    public static final int MAX_RESAMPLES = 100_000;

    /**
     * Checks the fields.
     *
     * @param families at least one, distinct names
     * @param policies at least one, distinct names
     * @param assigners at least one, distinct names
     * @param samples {@value #MIN_SAMPLES} to {@value #MAX_SAMPLES}
     * @param baselinePolicy one of the policies' names
     * @param baselineAssigner one of the assigners' names
     * @param config the simulator's settings
     * @param seed the bootstrap's seed
     * @param bootstrapResamples {@value #MIN_RESAMPLES} to {@value #MAX_RESAMPLES}
     * @throws IllegalArgumentException naming the field and the bad value
     */
    public SweepSpec {
        families = distinct("families", families, NamedFamily::name);
        policies = distinct("policies", policies, Policy::name);
        assigners = distinct("assigners", assigners, SlotAssigner::name);
        if (samples < MIN_SAMPLES || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException(
                    "SweepSpec.samples must be between " + MIN_SAMPLES + " and " + MAX_SAMPLES + ", got " + samples);
        }
        Limits.checkNotNull("SweepSpec.baselinePolicy", baselinePolicy);
        Limits.checkNotNull("SweepSpec.baselineAssigner", baselineAssigner);
        Limits.checkNotNull("SweepSpec.config", config);
        List<String> policyNames = policies.stream().map(Policy::name).toList();
        if (!policyNames.contains(baselinePolicy)) {
            throw new IllegalArgumentException("SweepSpec.baselinePolicy " + Limits.quote(baselinePolicy)
                    + " is not one of the policies: " + String.join(", ", policyNames));
        }
        List<String> assignerNames = assigners.stream().map(SlotAssigner::name).toList();
        if (!assignerNames.contains(baselineAssigner)) {
            throw new IllegalArgumentException("SweepSpec.baselineAssigner " + Limits.quote(baselineAssigner)
                    + " is not one of the assigners: " + String.join(", ", assignerNames));
        }
        if (bootstrapResamples < MIN_RESAMPLES || bootstrapResamples > MAX_RESAMPLES) {
            throw new IllegalArgumentException("SweepSpec.bootstrapResamples must be between " + MIN_RESAMPLES + " and "
                    + MAX_RESAMPLES + ", got " + bootstrapResamples);
        }
    }

    /**
     * A sweep with the defaults: the first policy and assigner as the baseline, the simulator's
     * default settings, seed 0 and {@value #DEFAULT_RESAMPLES} bootstrap resamples.
     *
     * @param families the families
     * @param policies the policies
     * @param assigners the assigners
     * @param samples days per family
     * @return the spec
     */
    public static SweepSpec of(
            List<NamedFamily> families, List<Policy> policies, List<SlotAssigner> assigners, int samples) {
        Limits.checkNotNull("SweepSpec.policies", policies);
        Limits.checkNotNull("SweepSpec.assigners", assigners);
        return new SweepSpec(
                families,
                policies,
                assigners,
                samples,
                policies.isEmpty() ? "" : policies.get(0).name(),
                assigners.isEmpty() ? "" : assigners.get(0).name(),
                SimulationConfig.defaults(),
                0,
                DEFAULT_RESAMPLES);
    }

    /**
     * This spec with another baseline.
     *
     * @param policy one of the policies' names
     * @param assigner one of the assigners' names
     * @return a copy
     */
    public SweepSpec withBaseline(String policy, String assigner) {
        return new SweepSpec(
                families, policies, assigners, samples, policy, assigner, config, seed, bootstrapResamples);
    }

    /**
     * This spec with other simulator settings.
     *
     * @param newConfig the settings
     * @return a copy
     */
    public SweepSpec withConfig(SimulationConfig newConfig) {
        return new SweepSpec(
                families,
                policies,
                assigners,
                samples,
                baselinePolicy,
                baselineAssigner,
                newConfig,
                seed,
                bootstrapResamples);
    }

    /**
     * This spec with another bootstrap seed and number of resamples.
     *
     * @param newSeed the bootstrap's seed
     * @param resamples resamples per interval
     * @return a copy
     */
    public SweepSpec withBootstrap(long newSeed, int resamples) {
        return new SweepSpec(
                families, policies, assigners, samples, baselinePolicy, baselineAssigner, config, newSeed, resamples);
    }

    /**
     * The cells, family by family, then policy by policy, then assigner by assigner.
     *
     * @return every family × policy × assigner
     */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (NamedFamily f : families) {
            for (Policy p : policies) {
                for (SlotAssigner a : assigners) {
                    cells.add(new Cell(f.name(), p.name(), a.name()));
                }
            }
        }
        return ImmutableList.copyOf(cells);
    }

    /**
     * The simulations the sweep runs.
     *
     * @return families × policies × assigners × samples
     */
    public long simulations() {
        return (long) families.size() * policies.size() * assigners.size() * samples;
    }

    private static <T> List<T> distinct(String field, List<T> values, java.util.function.Function<T, String> name) {
        Limits.checkNotNull("SweepSpec." + field, values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("SweepSpec." + field + " must not be empty");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Limits.checkNotNull("SweepSpec." + field + "[" + i + "]", values.get(i));
            if (!seen.add(name.apply(values.get(i)))) {
                throw new IllegalArgumentException("SweepSpec." + field + "[" + i + "]: "
                        + Limits.quote(name.apply(values.get(i))) + " appears twice");
            }
        }
        return ImmutableList.copyOf(values);
    }
}
