package io.github.slotwise.cli;

import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Registry;
import io.github.slotwise.registry.Strategies;

/**
 * {@code --list}: the built-in scenarios, the example traces, the policies, and every registered
 * strategy with where it came from (built-in, or the plugin's provider class and jar), one line each.
 */
final class ListReport {
    private ListReport() {}

    static String render(Plugins plugins) {
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
        for (Policy p : plugins.strategies().policies()) {
            policies.row(p.name(), p.description());
        }
        policies.appendTo(out, SimulationText.INDENT);
        Strategies s = plugins.strategies();
        registry(out, "Slot assigners (--assigner NAME, or a policy's last part +NAME)", s.slotAssigners());
        registry(out, "Parallelism solvers (a policy's part +NAME after the preset)", s.parallelismSolvers());
        registry(out, "Rescale gates (a policy's parts +NAME after the solver)", s.rescaleGates());
        registry(
                out,
                "Decider presets (a policy's first part: PRESET[+SOLVER][+GATE]...[+ASSIGNER])",
                s.deciderPresets());
        registry(out, "Named policies (--policy NAME[+ASSIGNER])", s.namedPolicies());
        registry(out, "Autoscaler types (a load scenario's autoscaler.type)", plugins.autoscalers());
        return out.toString();
    }

    /** One registry: name, origin and description of each entry. */
    private static void registry(StringBuilder out, String title, Registry<?> registry) {
        out.append('\n').append(title).append(":\n");
        if (registry.entries().isEmpty()) {
            out.append(SimulationText.INDENT).append("none\n");
            return;
        }
        TextTable table = new TextTable("name", "from", "description");
        for (Registry.Entry<?> e : registry.entries()) {
            table.row(e.name(), e.origin().toString(), e.description());
        }
        table.appendTo(out, SimulationText.INDENT);
    }
}
