package io.github.slotwise.cli;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Registry;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.Scenario;
import java.util.Iterator;
import java.util.Optional;

/** Runs a scenario through the core: Reactive Mode if asked, the parallelism solver, the assigner. */
final class Planner {
    /** The assigner used when neither the flag nor the scenario names one. */
    static final String DEFAULT_ASSIGNER = "flink-default";

    private Planner() {}

    /**
     * What to plan with, beyond the scenario: each present choice overrides the scenario's own.
     *
     * @param reactive Reactive Mode, if chosen
     * @param assigner the slot assigner, if chosen (by {@code --assigner}, the policy or the Flink
     *     configuration)
     * @param policy the policy whose parallelism solver plans, if {@code --policy} named one; else
     *     Flink's rule
     * @param assigners the registry the scenario's {@code assigner} is looked up in, the plugins'
     *     included
     */
    record Choices(
            Optional<Boolean> reactive,
            Optional<SlotAssigner> assigner,
            Optional<Policy> policy,
            Registry<SlotAssigner> assigners) {}

    /**
     * Plans a scenario; the choices, when present, override the scenario's own {@code reactive} and
     * {@code assigner}.
     *
     * @throws InputException if the scenario's assigner name is unknown, or the policy has no solver
     *     of its own
     */
    static PlanOutcome plan(Scenario scenario, Choices choices) {
        boolean reactive = choices.reactive().or(scenario::reactive).orElse(false);
        SlotAssigner assigner = choices.assigner()
                .orElseGet(() -> PolicyChoice.assigner(
                        choices.assigners(),
                        scenario.assigner().orElse(DEFAULT_ASSIGNER),
                        scenario.source() + ": assigner"));
        ParallelismSolver solver = choices.policy()
                .map(p -> p.solver()
                        .orElseThrow(() -> new InputException("--policy " + p.name() + ": its decider ("
                                + p.decider().name() + ") has no parallelism solver Slotwise can plan with on its"
                                + " own; name a policy that starts with a preset, e.g. flink-2+SOLVER")))
                .orElseGet(FlinkParallelismSolver::new);

        JobGraph graph = reactive ? Requirements.reactive(scenario.graph()) : scenario.graph();
        ParallelismResult result = solver.solve(graph, scenario.pool());
        Optional<Assignment> assignment = Optional.empty();
        if (result instanceof ParallelismPlan plan) {
            assignment = Optional.of(
                    assigner.assign(new AssignmentRequest(graph, plan, scenario.pool(), scenario.previous())));
        }
        return new PlanOutcome(
                scenario,
                reactive,
                assigner.name(),
                choices.policy().map(p -> new PlanOutcome.PolicyUsed(p.name(), solver.name())),
                graph,
                result,
                assignment);
    }

    /** The registered assigner names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class AssignerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return new PolicyChoice.AssignerNames().iterator();
        }
    }
}
