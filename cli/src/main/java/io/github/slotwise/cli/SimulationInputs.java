package io.github.slotwise.cli;

import io.github.slotwise.registry.Registry;
import io.github.slotwise.simulation.AutoscalerType;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.LoadScenarioJson;
import io.github.slotwise.simulation.format.StrictJson;
import io.github.slotwise.simulation.format.TraceJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns {@code [FILE.json]}, {@code --scenario} and {@code --job} into what to simulate. */
final class SimulationInputs {
    private SimulationInputs() {}

    /**
     * A trace or load scenario file, told apart by content ({@link LoadScenarioJson#isLoadScenario}).
     *
     * @param job the job from {@code --job}; else the built-in word count for a trace, the built-in
     *     scenarios' job for a load scenario
     * @param autoscalers the autoscaler types a load scenario may name, the plugins' included
     * @throws InputException if the file is missing or malformed, naming it
     */
    static SimulationInput readFile(Path file, Optional<Jobs> job, Registry<AutoscalerType> autoscalers) {
        String source = file.toString();
        byte[] json = StrictJson.readFile(file, "trace or load scenario");
        if (LoadScenarioJson.isLoadScenario(source, json)) {
            return SimulationInput.ofLoad(
                    source,
                    "load scenario " + source,
                    job.orElseGet(Jobs::forLoads),
                    LoadScenarioJson.parse(source, json, autoscalers));
        }
        return SimulationInput.ofTrace(
                source, "cluster trace " + source, job.orElseGet(Jobs::forTraces), TraceJson.parse(source, json));
    }

    /**
     * What {@code simulate} runs: the file, else the named built-in scenario, else the default one.
     *
     * @throws InputException if both a file and {@code --scenario} are given, or on bad input
     */
    static SimulationInput one(Path file, String scenario, Path jobFile, Registry<AutoscalerType> autoscalers) {
        if (file != null && scenario != null) {
            throw new InputException("give a file or --scenario, not both");
        }
        Optional<Jobs> job = Optional.ofNullable(jobFile).map(Jobs::of);
        if (file != null) {
            return readFile(file, job, autoscalers);
        }
        return BuiltInScenarios.byName(scenario == null ? BuiltInScenarios.DEFAULT : scenario, "--scenario")
                .input(job);
    }

    /**
     * What {@code compare} runs: the file, else the comma-separated built-in scenarios ({@code all}
     * for every load scenario), else the default one.
     */
    static List<SimulationInput> many(Path file, String scenarios, Path jobFile, Registry<AutoscalerType> autoscalers) {
        if (file != null && scenarios != null) {
            throw new InputException("give a file or --scenario, not both");
        }
        Optional<Jobs> job = Optional.ofNullable(jobFile).map(Jobs::of);
        if (file != null) {
            return List.of(readFile(file, job, autoscalers));
        }
        if (scenarios == null) {
            return List.of(BuiltInScenarios.byName(BuiltInScenarios.DEFAULT, "--scenario")
                    .input(job));
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : scenarios.split(",", -1)) {
            String n = name.strip();
            if (n.equals(BuiltInScenarios.ALL_NAME)) {
                BuiltInScenarios.loads().forEach(b -> names.add(b.name()));
            } else if (n.isEmpty()) {
                throw new InputException("--scenario: empty scenario name in '" + scenarios + "'; known: "
                        + String.join(", ", BuiltInScenarios.names()) + ", " + BuiltInScenarios.ALL_NAME);
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
