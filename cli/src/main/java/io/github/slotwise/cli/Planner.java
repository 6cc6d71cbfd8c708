package io.github.slotwise.cli;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.assignment.SlotAssigners;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.Requirements;
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
     * Plans a scenario; the flags, when present, override the scenario's own {@code reactive} and
     * {@code assigner}.
     *
     * @throws InputException if the assigner name is unknown
     */
    static PlanOutcome plan(Scenario scenario, Optional<Boolean> reactiveFlag, Optional<String> assignerFlag) {
        boolean reactive = reactiveFlag.or(scenario::reactive).orElse(false);
        String assignerName = assignerFlag.or(scenario::assigner).orElse(DEFAULT_ASSIGNER);
        SlotAssigner assigner =
                assigner(assignerName, assignerFlag.isPresent() ? "--assigner" : scenario.source() + ": assigner");

        JobGraph graph = reactive ? Requirements.reactive(scenario.graph()) : scenario.graph();
        ParallelismResult result = new FlinkParallelismSolver().solve(graph, scenario.pool());
        Optional<Assignment> assignment = Optional.empty();
        if (result instanceof ParallelismPlan plan) {
            assignment = Optional.of(
                    assigner.assign(new AssignmentRequest(graph, plan, scenario.pool(), scenario.previous())));
        }
        return new PlanOutcome(scenario, reactive, assigner.name(), graph, result, assignment);
    }

    private static SlotAssigner assigner(String name, String where) {
        try {
            return SlotAssigners.byName(name);
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ": " + e.getMessage());
        }
    }

    /** The registered assigner names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class AssignerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SlotAssigners.names().iterator();
        }
    }
}
