package io.github.slotwise.sweep;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Registry;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.simulation.AutoscalerType;
import io.github.slotwise.simulation.Autoscalers;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import io.github.slotwise.simulation.family.ScenarioFamily;
import io.github.slotwise.simulation.format.LoadScenarioJson;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SweepSpec} by names and bytes, so that it can travel to other machines (such as a Flink
 * cluster's TaskManagers, {@link RemoteSweepEngine}), which rebuild the same spec from it: built-in
 * families ({@link Families}) and families from load scenario files (the file's name and bytes,
 * parsed again where the spec is rebuilt), registry policies ({@link Policies}) and slot assigners
 * ({@link Strategies#slotAssigners()}) of {@link Strategies#standard()}, with the simulator's default
 * settings. Strategies of plugins do not travel: a recipe names only what every machine with the same
 * Slotwise knows.
 *
 * @param families the families, in order, with distinct names
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
        List<Family> families,
        Long familySeed,
        List<String> policies,
        List<String> assigners,
        int samples,
        String baselinePolicy,
        String baselineAssigner,
        long seed,
        int bootstrapResamples)
        implements Serializable {
    private static final long serialVersionUID = 2L;

    /**
     * Copies the lists (into serializable ones) and checks that they make a valid spec.
     *
     * @param families the families
     * @param familySeed replaces every family's seed, or null
     * @param policies policy names
     * @param assigners assigner names
     * @param samples days per family
     * @param baselinePolicy the baseline policy
     * @param baselineAssigner the baseline assigner
     * @param seed the bootstrap's seed
     * @param bootstrapResamples resamples per interval
     * @throws IllegalArgumentException naming an unknown name or a bad value
     * @throws io.github.slotwise.simulation.format.InputException if a family's file is not a valid
     *     load scenario, naming the file
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
     * A recipe of built-in families with the defaults of {@link SweepSpec#of}: the first policy and
     * assigner as the baseline, the families' own seeds, bootstrap seed 0.
     *
     * @param families built-in family names
     * @param policies policy names
     * @param assigners assigner names
     * @param samples days per family
     * @return the recipe
     */
    public static SweepRecipe of(List<String> families, List<String> policies, List<String> assigners, int samples) {
        Limits.checkNotNull("SweepRecipe.families", families);
        return new SweepRecipe(
                families.stream().map(Family::builtIn).toList(),
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
     * The spec this recipe makes.
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
            List<Family> families,
            Long familySeed,
            List<String> policies,
            List<String> assigners,
            int samples,
            String baselinePolicy,
            String baselineAssigner,
            long seed,
            int bootstrapResamples) {
        List<NamedFamily> f = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            NamedFamily family = Limits.checkNotNull("SweepRecipe.families[" + i + "]", families.get(i))
                    .family();
            f.add(familySeed == null ? family : family.withSeed(familySeed));
        }
        List<Policy> p = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            p.add(Policies.byName(Limits.checkNotNull("SweepRecipe.policies[" + i + "]", policies.get(i))));
        }
        Registry<SlotAssigner> known = Strategies.standard().slotAssigners();
        List<SlotAssigner> a = new ArrayList<>();
        for (int i = 0; i < assigners.size(); i++) {
            String name = Limits.checkNotNull("SweepRecipe.assigners[" + i + "]", assigners.get(i));
            a.add(known.find(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown slot assigner " + Limits.quote(name)
                            + "; known: " + String.join(", ", known.names())))
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

    /**
     * One family of a recipe: a built-in family by name, or a load scenario file (its name and bytes)
     * whose days run the built-in word count ({@link Scenarios#wordCount}) at a given parallelism.
     */
    public static final class Family implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final byte[] json;
        private final int parallelism;

        private Family(String name, byte[] json, int parallelism) {
            this.name = name;
            this.json = json;
            this.parallelism = parallelism;
        }

        /**
         * The built-in family called {@code name}.
         *
         * @param name one of {@link Families#names()}
         * @return the family's recipe
         * @throws IllegalArgumentException if no built-in family has that name
         */
        public static Family builtIn(String name) {
            Families.byName(Limits.checkNotNull("name", name));
            return new Family(name, null, 0);
        }

        /**
         * The family a load scenario file declares (its {@code vary} object, docs/trace-format.md;
         * without one every sample is the file's day), as {@link #load} makes it.
         *
         * @param name the file's name, the family's name in reports and messages
         * @param json the file's bytes, copied
         * @param parallelism the word count's parallelism, at least 1
         * @return the family's recipe
         * @throws IllegalArgumentException if the name is blank or the parallelism below 1
         */
        public static Family file(String name, byte[] json, int parallelism) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(
                        "SweepRecipe.Family.name must be non-blank, got " + Limits.quote(name));
            }
            Limits.checkNotNull("SweepRecipe.Family.json", json);
            if (parallelism < 1) {
                throw new IllegalArgumentException("SweepRecipe.Family.parallelism must be >= 1, got " + parallelism);
            }
            return new Family(name, json.clone(), parallelism);
        }

        /**
         * The family of days a load scenario file declares, running the built-in word count: what
         * {@link #file} families become, here and wherever the recipe travels.
         *
         * @param name the file's name, the family's name in reports and messages
         * @param json the file's bytes
         * @param parallelism the word count's parallelism
         * @param autoscalers the autoscaler types the file may name
         * @return the family
         * @throws io.github.slotwise.simulation.format.InputException if the file is not a valid load
         *     scenario, naming it
         * @throws IllegalArgumentException if its days do not fit the word count
         */
        public static NamedFamily load(
                String name, byte[] json, int parallelism, Registry<AutoscalerType> autoscalers) {
            ScenarioFamily family = LoadScenarioJson.parseFamily(name, json, autoscalers);
            String what = family.variation().isEmpty()
                    ? "without 'vary': every sample is its day"
                    : "its day varied as its 'vary' says";
            return new NamedFamily(name, "load scenario file, " + what, Scenarios.wordCount(parallelism), family);
        }

        /**
         * The family's name: the built-in name or the file's.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * The file's bytes, for a family from a file.
         *
         * @return a copy of the bytes, or empty for a built-in family
         */
        public Optional<byte[]> json() {
            return Optional.ofNullable(json).map(byte[]::clone);
        }

        /**
         * The family this recipe makes, with the standard autoscaler types.
         *
         * @return the family
         */
        public NamedFamily family() {
            return json == null ? Families.byName(name) : load(name, json, parallelism, Autoscalers.standard());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Family f
                    && f.name.equals(name)
                    && Arrays.equals(f.json, json)
                    && f.parallelism == parallelism;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * name.hashCode() + Arrays.hashCode(json)) + parallelism;
        }

        @Override
        public String toString() {
            return json == null
                    ? name
                    : name + " (" + json.length + " bytes, word count at parallelism " + parallelism + ")";
        }
    }
}
