package io.github.slotwise.sweep.flink;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import io.github.slotwise.sweep.SweepSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SweepSpec} by names, so that it can travel to a Flink cluster's TaskManagers, which
 * rebuild the same spec from it: built-in families ({@link Families}), registry policies ({@link
 * Policies}) and slot assigners ({@link Strategies#slotAssigners()}), with the simulator's default
 * settings.
 *
 * @param families built-in family names
 * @param familySeed replaces every family's seed; null keeps their own
 * @param policies policy names
 * @param assigners assigner names
 * @param samples days per family
 * @param baselinePolicy the baseline policy's name
 * @param baselineAssigner the baseline assigner's name
 * @param seed the bootstrap's seed
 * @param bootstrapResamples resamples per bootstrap interval
 */
public record SweepRecipe(
        List<String> families,
        Long familySeed,
        List<String> policies,
        List<String> assigners,
        int samples,
        String baselinePolicy,
        String baselineAssigner,
        long seed,
        int bootstrapResamples)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Copies the lists (into serializable ones) and checks that they name a valid spec.
     *
     * @param families built-in family names
     * @param familySeed replaces every family's seed, or null
     * @param policies policy names
     * @param assigners assigner names
     * @param samples days per family
     * @param baselinePolicy the baseline policy
     * @param baselineAssigner the baseline assigner
     * @param seed the bootstrap's seed
     * @param bootstrapResamples resamples per interval
     * @throws IllegalArgumentException naming an unknown name or a bad value
     */
    public SweepRecipe {
        families = new ArrayList<>(Limits.checkNotNull("SweepRecipe.families", families));
        policies = new ArrayList<>(Limits.checkNotNull("SweepRecipe.policies", policies));
        assigners = new ArrayList<>(Limits.checkNotNull("SweepRecipe.assigners", assigners));
        spec(
                families,
                familySeed,
                policies,
                assigners,
                samples,
                baselinePolicy,
                baselineAssigner,
                seed,
                bootstrapResamples);
    }

    /**
     * A recipe with the defaults of {@link SweepSpec#of}: the first policy and assigner as the
     * baseline, the families' own seeds, bootstrap seed 0.
     *
     * @param families built-in family names
     * @param policies policy names
     * @param assigners assigner names
     * @param samples days per family
     * @return the recipe
     */
    public static SweepRecipe of(List<String> families, List<String> policies, List<String> assigners, int samples) {
        return new SweepRecipe(
                families,
                null,
                policies,
                assigners,
                samples,
                policies.isEmpty() ? "" : policies.get(0),
                assigners.isEmpty() ? "" : assigners.get(0),
                0,
                SweepSpec.DEFAULT_RESAMPLES);
    }

    /**
     * The spec these names make.
     *
     * @return the spec, equal on every machine with the same Slotwise
     */
    public SweepSpec spec() {
        return spec(
                families,
                familySeed,
                policies,
                assigners,
                samples,
                baselinePolicy,
                baselineAssigner,
                seed,
                bootstrapResamples);
    }

    private static SweepSpec spec(
            List<String> families,
            Long familySeed,
            List<String> policies,
            List<String> assigners,
            int samples,
            String baselinePolicy,
            String baselineAssigner,
            long seed,
            int bootstrapResamples) {
        List<NamedFamily> f = new ArrayList<>();
        for (String name : families) {
            NamedFamily family = Families.byName(name);
            f.add(familySeed == null ? family : family.withSeed(familySeed));
        }
        List<Policy> p = policies.stream().map(Policies::byName).toList();
        List<SlotAssigner> a = new ArrayList<>();
        for (String name : assigners) {
            a.add(Strategies.standard()
                    .slotAssigners()
                    .find(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown slot assigner " + Limits.quote(name)
                            + "; known: "
                            + String.join(
                                    ", ", Strategies.standard().slotAssigners().names())))
                    .value());
        }
        return new SweepSpec(
                ImmutableList.copyOf(f),
                p,
                a,
                samples,
                baselinePolicy,
                baselineAssigner,
                SimulationConfig.defaults(),
                seed,
                bootstrapResamples);
    }
}
