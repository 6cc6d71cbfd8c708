package io.github.slotwise.simulation;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Limits;

/**
 * A named job and load, from {@link Scenarios}.
 *
 * @param name a short stable name, such as {@code "reactive-blog-day"}
 * @param description what it shows, for people
 * @param graph the job
 * @param load its load, autoscaler and cluster
 */
public record BuiltInScenario(String name, String description, JobGraph graph, LoadScenario load) {
    /**
     * Checks the fields.
     *
     * @param name the name, non-blank
     * @param description what it shows
     * @param graph the job
     * @param load the load
     */
    public BuiltInScenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("BuiltInScenario.name must be non-blank, got " + name);
        }
        Limits.checkNotNull("description", description);
        Limits.checkNotNull("graph", graph);
        Limits.checkNotNull("load", load);
        load.capacity().checkAgainst(graph);
    }
}
