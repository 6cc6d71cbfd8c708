package io.github.slotwise.cli;

import io.github.slotwise.registry.Policies;
import io.github.slotwise.registry.Policies.Policy;

/** {@code --list}: the built-in scenarios, the example traces and the policies, with one line each. */
final class ListReport {
    private ListReport() {}

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("Scenarios (--scenario NAME; default ")
                .append(BuiltInScenarios.DEFAULT)
                .append("; 'compare --scenario all' runs them all), each a load and its own job:\n");
        TextTable scenarios = new TextTable("name", "description");
        for (BuiltInScenarios.BuiltIn b : BuiltInScenarios.loads()) {
            scenarios.row(b.name(), b.description());
        }
        scenarios.appendTo(out, SimulationText.INDENT);
        out.append('\n');
        out.append("Scenarios with keyed state (--scenario NAME; not in 'all'), on the built-in word count:\n");
        TextTable stateful = new TextTable("name", "description");
        for (BuiltInScenarios.BuiltIn b : BuiltInScenarios.stateful()) {
            stateful.row(b.name(), b.description());
        }
        stateful.appendTo(out, SimulationText.INDENT);
        out.append('\n');
        out.append("Example traces (--scenario NAME), run with the built-in word count of 'slotwise plan':\n");
        TextTable traces = new TextTable("name", "description");
        for (BuiltInScenarios.BuiltIn b : BuiltInScenarios.traces()) {
            traces.row(b.name(), b.description());
        }
        traces.appendTo(out, SimulationText.INDENT);
        out.append('\n');
        out.append("Policies (--policy NAME; default ")
                .append(PolicyChoice.DEFAULT)
                .append("):\n");
        TextTable policies = new TextTable("name", "description");
        for (Policy p : Policies.all()) {
            policies.row(p.name(), p.description());
        }
        policies.appendTo(out, SimulationText.INDENT);
        return out.toString();
    }
}
