package io.github.slotwise.cli;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.format.ScenarioReader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The job a trace or load scenario is simulated with ({@code --job} names a scenario file whose job
 * to use; its slots, mode and assigner are not used).
 *
 * @param name how reports name it
 * @param graph the job
 */
record Jobs(String name, JobGraph graph) {
    /** The parallelism the built-in scenarios configure their word count for (but the start-up). */
    static final int LOAD_JOB_PARALLELISM = 30;

    Jobs {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(graph, "graph");
    }

    /** The job of traces without {@code --job}: the built-in word count of {@code slotwise plan}. */
    static Jobs forTraces() {
        return new Jobs(
                "built-in word count (wordcount.json)",
                ScenarioReader.readBuiltIn().graph());
    }

    /**
     * The job of load scenario files without {@code --job}: the built-in scenarios' word count,
     * whose vertex ids ({@code source}, {@code count}, {@code sink}) their capacities name.
     */
    static Jobs forLoads() {
        return new Jobs(loadJobName(LOAD_JOB_PARALLELISM), Scenarios.wordCount(LOAD_JOB_PARALLELISM));
    }

    /** How reports name {@code Scenarios.wordCount(parallelism)}. */
    static String loadJobName(int parallelism) {
        return "built-in word count, configured parallelism " + parallelism;
    }

    /** The job of a scenario file. */
    static Jobs of(Path scenarioFile) {
        return new Jobs(
                scenarioFile.toString(), ScenarioReader.readFile(scenarioFile).graph());
    }
}
