package io.github.slotwise.simulation.family;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Limits;

/**
 * A family of days with a name and the job it runs: what a sweep samples.
 *
 * @param name a short stable name, such as {@code "family/spot-day"}
 * @param description what it varies, for people
 * @param graph the job
 * @param family the days
 */
public record NamedFamily(String name, String description, JobGraph graph, ScenarioFamily family) {
    /**
     * Checks the fields, and that the family's days fit the job (the capacity's and the state's
     * vertices).
     *
     * @param name non-blank
     * @param description what it varies
     * @param graph the job
     * @param family the days
     */
    public NamedFamily {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("NamedFamily.name must be non-blank, got " + Limits.quote(name));
        }
        Limits.checkNotNull("NamedFamily.description", description);
        Limits.checkNotNull("NamedFamily.graph", graph);
        Limits.checkNotNull("NamedFamily.family", family);
        family.base().capacity().checkAgainst(graph);
        family.sample(0).state().ifPresent(s -> s.keyedState().checkAgainst(graph));
    }

    /**
     * This family with another seed.
     *
     * @param seed the seed
     * @return a copy whose days are drawn with {@code seed}
     */
    public NamedFamily withSeed(long seed) {
        return new NamedFamily(name, description, graph, family.withSeed(seed));
    }
}
