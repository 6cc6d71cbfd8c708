package io.github.slotwise.cli;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.simulation.format.Scenario;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything {@code slotwise plan} computed, from which the text and the JSON report are rendered
 * so that both always carry the same content.
 *
 * @param scenario the scenario as read
 * @param reactive whether Reactive Mode was applied
 * @param assignerName the assigner used, or that would have been used
 * @param policy the policy {@code --policy} named, whose parallelism solver planned; empty for
 *     Flink's rule
 * @param graph the graph that was solved: the scenario's, or its Reactive Mode requirements
 * @param parallelism the solver's answer
 * @param assignment the assignment, present exactly when {@code parallelism} is a plan
 */
record PlanOutcome(
        Scenario scenario,
        boolean reactive,
        String assignerName,
        Optional<PolicyUsed> policy,
        JobGraph graph,
        ParallelismResult parallelism,
        Optional<Assignment> assignment) {
    PlanOutcome {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(assignerName, "assignerName");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(assignment, "assignment");
        if (parallelism.isPlan() != assignment.isPresent()) {
            throw new IllegalArgumentException("an assignment exists exactly for a plan");
        }
    }

    /**
     * The policy a plan was made with.
     *
     * @param name the policy's name
     * @param solver the name of its parallelism solver
     */
    record PolicyUsed(String name, String solver) {}

    /** The parallelism chosen for a vertex, empty when there is no plan. */
    OptionalInt parallelismOf(JobVertex v) {
        return parallelism instanceof ParallelismPlan plan
                ? OptionalInt.of(plan.parallelismOf(v.id()))
                : OptionalInt.empty();
    }

    /** The key-group split of a keyed vertex at its planned parallelism; empty if not keyed or no plan. */
    Optional<KeyGroupPartitioning> keyGroups(JobVertex v) {
        OptionalInt p = parallelismOf(v);
        if (!v.keyed() || p.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new KeyGroupPartitioning(v.effectiveMaxParallelism(), p.getAsInt()));
    }

    /** A slot assignment's subtasks in graph vertex order, then subtask order, e.g. {@code source#0}. */
    List<SubtaskId> subtasksInGraphOrder(SlotAssignment a) {
        Map<String, Integer> position = new HashMap<>();
        List<JobVertex> vertices = graph.vertices();
        for (int i = 0; i < vertices.size(); i++) {
            position.put(vertices.get(i).id(), i);
        }
        return a.group().subtasks().stream()
                .sorted(Comparator.comparing((SubtaskId s) -> position.get(s.vertexId()))
                        .thenComparingInt(SubtaskId::subtaskIndex))
                .toList();
    }

    /** The pool's slots the assignment leaves free, in pool order. */
    List<Slot> unusedSlots() {
        Set<String> used = new HashSet<>();
        assignment.ifPresent(a -> a.assignments().forEach(s -> used.add(s.slot().id())));
        return scenario.pool().slots().stream()
                .filter(s -> !used.contains(s.id()))
                .toList();
    }

    /** The location of a TaskManager, or {@code "-"} if unknown. */
    String locationOf(String taskManagerId) {
        return scenario.pool().taskManagerById().get(taskManagerId).location().orElse("-");
    }
}
