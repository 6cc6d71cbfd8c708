package io.github.slotwise.cli;

import io.github.slotwise.model.JobGraph;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The job a trace is simulated with: the built-in word count, or the job of a scenario file
 * ({@code --job}); the scenario's slots, mode and assigner are not used.
 *
 * @param name how reports name it
 * @param graph the job
 */
record Jobs(String name, JobGraph graph) {
    Jobs {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(graph, "graph");
    }

    /** The built-in word count of {@code slotwise plan}. */
    static Jobs builtIn() {
        return new Jobs(
                "built-in word count (wordcount.json)",
                ScenarioReader.readBuiltIn().graph());
    }

    /** The job of a scenario file, or the built-in one when {@code file} is null. */
    static Jobs of(Path file) {
        return file == null
                ? builtIn()
                : new Jobs(file.toString(), ScenarioReader.readFile(file).graph());
    }
}
