package io.github.slotwise.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns {@code [TRACE.json]}, {@code --scenario} and {@code --job} into what to simulate. */
final class SimulationInputs {
    private SimulationInputs() {}

    /**
     * A trace file with the given job.
     *
     * @throws InputException if the file is missing, malformed or not a trace
     */
    static SimulationInput readFile(Path file, Jobs job) {
        return new SimulationInput(
                file.toString(), "cluster trace " + file, job.name(), job.graph(), TraceJson.read(file));
    }

    /**
     * What {@code simulate} runs: the file, else the named built-in scenario, else the default one.
     *
     * @throws InputException if both a file and {@code --scenario} are given, or on bad input
     */
    static SimulationInput one(Path file, String scenario, Path jobFile) {
        if (file != null && scenario != null) {
            throw new InputException("give a trace file or --scenario, not both");
        }
        Jobs job = Jobs.of(jobFile);
        if (file != null) {
            return readFile(file, job);
        }
        return BuiltInScenarios.byName(scenario == null ? BuiltInScenarios.DEFAULT : scenario, "--scenario")
                .input(job);
    }

    /**
     * What {@code compare} runs: the file, else the comma-separated built-in scenarios ({@code all}
     * for every one), else the default one.
     */
    static List<SimulationInput> many(Path file, String scenarios, Path jobFile) {
        if (file != null && scenarios != null) {
            throw new InputException("give a trace file or --scenario, not both");
        }
        Jobs job = Jobs.of(jobFile);
        if (file != null) {
            return List.of(readFile(file, job));
        }
        if (scenarios == null) {
            return List.of(BuiltInScenarios.byName(BuiltInScenarios.DEFAULT, "--scenario")
                    .input(job));
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : scenarios.split(",", -1)) {
            String n = name.strip();
            if (n.equals(BuiltInScenarios.ALL_NAME)) {
                names.addAll(BuiltInScenarios.names());
            } else if (n.isEmpty()) {
                throw new InputException("--scenario: empty scenario name in '" + scenarios + "'; known: "
                        + String.join(", ", BuiltInScenarios.names()) + " (or " + BuiltInScenarios.ALL_NAME + ")");
            } else {
                names.add(n);
            }
        }
        List<SimulationInput> inputs = new ArrayList<>();
        for (String n : names) {
            inputs.add(BuiltInScenarios.byName(n, "--scenario").input(job));
        }
        return inputs;
    }
}
