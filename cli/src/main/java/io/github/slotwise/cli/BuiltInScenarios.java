package io.github.slotwise.cli;

import io.github.slotwise.model.Suggestions;
import io.github.slotwise.simulation.BuiltInScenario;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.LoadScenarioJson;
import io.github.slotwise.simulation.format.TraceJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code simulate} and {@code compare} run without a file, by name: the built-in load scenarios
 * of {@link Scenarios} (each with its own job), and the example traces under {@code
 * cli/src/main/resources/traces/} as {@code trace/<name>} (with the built-in word count).
 */
final class BuiltInScenarios {
    /** Prefix of the example traces' names. */
    static final String TRACE_PREFIX = "trace/";

    /** The scenario that runs without a file or {@code --scenario}. */
    static final String DEFAULT = Scenarios.REACTIVE_BLOG_DAY;

    /** Prefix of the stateful load scenarios' names. */
    static final String STATE_PREFIX = "state/";

    /** The word that names every built-in load scenario in {@code compare --scenario}. */
    static final String ALL_NAME = "all";

    /** One built-in scenario. */
    record BuiltIn(String name, String description, Optional<BuiltInScenario> load, Optional<String> traceResource) {
        BuiltIn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }

        /** What to simulate; {@code job} replaces the scenario's own job if present. */
        SimulationInput input(Optional<Jobs> job) {
            if (load.isPresent()) {
                BuiltInScenario s = load.get();
                Jobs j = job.orElseGet(() ->
                        new Jobs(Jobs.loadJobName(s.graph().vertices().get(0).parallelism()), s.graph()));
                return SimulationInput.ofLoad(name, description, j, s.load());
            }
            return SimulationInput.ofTrace(
                    name,
                    description,
                    job.orElseGet(Jobs::forTraces),
                    TraceJson.readExample(traceResource.orElseThrow()));
        }
    }

    private static final List<BuiltIn> TRACES = List.of(
            trace(
                    "startup-one-by-one",
                    "example trace: TaskManagers of 2 slots join one by one at 0, 20 s, 45 s, 2 min and 4 min"),
            trace(
                    "sigkill-scale-down",
                    "example trace: 3 TaskManagers of 2 slots; one is killed (SIGKILL) at 5 min: the"
                            + " heartbeat-timeout stall"),
            trace(
                    "autoscaler",
                    "example trace: TaskManagers added and removed over 25 min, with a stop, a kill and a"
                            + " transient loss"));

    /**
     * The spot day with 50 GB of keyed state in {@code count}, a checkpoint every minute, downloads at 1
     * Gbit/s per TaskManager, with local recovery on and off, and a job with 100 GB of state to which
     * TaskManagers it does not need trickle in (the simulator's loads folder).
     */
    private static final List<BuiltIn> STATEFUL = List.of(
            stateful(
                    "spot-day-50gb-local",
                    "The spot day with 50 GB of keyed state in count, a checkpoint every minute, downloads at 1"
                            + " Gbit/s per TaskManager and local recovery on"),
            stateful(
                    "spot-day-50gb-remote",
                    "The spot day with 50 GB of keyed state in count, a checkpoint every minute, downloads at 1"
                            + " Gbit/s per TaskManager and local recovery off"),
            stateful(
                    "trickle-in-100gb",
                    "5000 records/s, which 10 slots already carry; 4 TaskManagers of 2 slots at the start and 4"
                            + " more joining 2 min apart from the start; 100 GB of keyed state in count, a checkpoint"
                            + " every minute, downloads at 1 Gbit/s per TaskManager and local recovery on"));

    private BuiltInScenarios() {}

    private static BuiltIn stateful(String name, String description) {
        BuiltInScenario s = new BuiltInScenario(
                STATE_PREFIX + name,
                description,
                Scenarios.wordCount(Jobs.LOAD_JOB_PARALLELISM),
                LoadScenarioJson.readExample(name));
        return new BuiltIn(s.name(), description, Optional.of(s), Optional.empty());
    }

    private static BuiltIn trace(String name, String description) {
        return new BuiltIn(TRACE_PREFIX + name, description, Optional.empty(), Optional.of(name + ".json"));
    }

    /** The built-in load scenarios, the default first. */
    static List<BuiltIn> loads() {
        return Scenarios.all().stream()
                .map(s -> new BuiltIn(s.name(), s.description(), Optional.of(s), Optional.empty()))
                .toList();
    }

    /** The example traces. */
    static List<BuiltIn> traces() {
        return TRACES;
    }

    /** The stateful load scenarios (not in {@code all}, which keeps the stateless comparison). */
    static List<BuiltIn> stateful() {
        return STATEFUL;
    }

    /** Every name: the load scenarios, the stateful ones, then the example traces. */
    static List<String> names() {
        List<String> names = new ArrayList<>(Scenarios.names());
        STATEFUL.forEach(t -> names.add(t.name()));
        TRACES.forEach(t -> names.add(t.name()));
        return names;
    }

    /**
     * The built-in scenario called {@code name}.
     *
     * @param option the option that named it, for the message
     * @throws InputException naming the unknown name and listing the known ones
     */
    static BuiltIn byName(String name, String option) {
        if (Scenarios.names().contains(name)) {
            BuiltInScenario s = Scenarios.byName(name);
            return new BuiltIn(s.name(), s.description(), Optional.of(s), Optional.empty());
        }
        return java.util.stream.Stream.concat(STATEFUL.stream(), TRACES.stream())
                .filter(b -> b.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InputException(option + ": unknown scenario '" + name + "'"
                        + Suggestions.closestText(name, names()) + " ('slotwise simulate --list' lists them)"));
    }

    /** The names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
