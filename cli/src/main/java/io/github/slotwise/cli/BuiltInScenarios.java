package io.github.slotwise.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The scenarios {@code simulate} and {@code compare} run without a file, by name: the example traces
 * with the built-in word count.
 */
final class BuiltInScenarios {
    /** One built-in scenario: a name, what it shows, and the example trace it runs. */
    record BuiltIn(String name, String description, String traceResource) {
        BuiltIn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(traceResource, "traceResource");
        }

        SimulationInput input(Jobs job) {
            return new SimulationInput(
                    name, description, job.name(), job.graph(), TraceJson.readExample(traceResource));
        }
    }

    private static final List<BuiltIn> ALL = List.of(
            new BuiltIn(
                    "startup-one-by-one",
                    "TaskManagers of 2 slots join one by one at 0, 20 s, 45 s, 2 min and 4 min",
                    "startup-one-by-one.json"),
            new BuiltIn(
                    "sigkill-scale-down",
                    "3 TaskManagers of 2 slots; one is killed (SIGKILL) at 5 min: the heartbeat-timeout stall",
                    "sigkill-scale-down.json"),
            new BuiltIn(
                    "autoscaler",
                    "an autoscaler adds and removes TaskManagers over 25 min, with a stop, a kill and a transient loss",
                    "autoscaler.json"));

    /** The scenario {@code simulate} runs without a file or {@code --scenario}. */
    static final String DEFAULT = "startup-one-by-one";

    /** The word that names every built-in scenario in {@code compare --scenario}. */
    static final String ALL_NAME = "all";

    private BuiltInScenarios() {}

    static List<BuiltIn> all() {
        return ALL;
    }

    static List<String> names() {
        return ALL.stream().map(BuiltIn::name).toList();
    }

    /**
     * The built-in scenario called {@code name}.
     *
     * @param option the option that named it, for the message
     * @throws InputException naming the unknown name and listing the known ones
     */
    static BuiltIn byName(String name, String option) {
        return ALL.stream()
                .filter(b -> b.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InputException(option + ": unknown scenario '" + name + "'; known: "
                        + ALL.stream().map(BuiltIn::name).collect(Collectors.joining(", "))));
    }

    /** The names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
