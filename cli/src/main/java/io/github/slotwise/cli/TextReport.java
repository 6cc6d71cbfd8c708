package io.github.slotwise.cli;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentMetrics;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.NotEnoughSlots;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.simulation.format.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Renders a {@link PlanOutcome} as a plain-text report: ASCII only, no colours, {@code \n} line ends. */
final class TextReport {
    private static final String INDENT = "  ";

    private TextReport() {}

    static String render(PlanOutcome o) {
        StringBuilder out = new StringBuilder();
        header(out, o);
        out.append('\n');
        parallelism(out, o);
        out.append('\n');
        if (o.assignment().isPresent()) {
            assignment(out, o, o.assignment().get());
        } else {
            out.append("Assignment: none, the job cannot run on these slots\n");
        }
        return out.toString();
    }

    private static void header(StringBuilder out, PlanOutcome o) {
        SlotPool pool = o.scenario().pool();
        PreviousPlacement previous = o.scenario().previous();
        out.append("Scenario: ").append(o.scenario().source()).append('\n');
        Fields fields = new Fields(INDENT);
        o.policy().ifPresent(p -> fields.add("policy", p.name() + " (parallelism solver " + p.solver() + ")"));
        fields.add(
                        "mode",
                        o.reactive()
                                ? "Reactive Mode (lower bound 1, upper bound = maxParallelism)"
                                : "declared requirements")
                .add("assigner", o.assignerName())
                .add("slots", pool.size() + " on " + pool.taskManagers().size() + " TaskManager(s)")
                .add(
                        "previous",
                        previous.isEmpty()
                                ? "none (first start)"
                                : previous.placements().size() + " subtask(s) of "
                                        + previous.byVertex().size() + " vertex(es)")
                .appendTo(out);
    }

    private static void parallelism(StringBuilder out, PlanOutcome o) {
        if (o.parallelism() instanceof ParallelismPlan plan) {
            out.append("Parallelism: ")
                    .append(plan.slotsUsed())
                    .append(" of ")
                    .append(plan.availableSlots())
                    .append(" slots used\n");
        } else {
            NotEnoughSlots n = (NotEnoughSlots) o.parallelism();
            out.append("Parallelism: NOT ENOUGH SLOTS, ")
                    .append(n.requiredSlots())
                    .append(" required, ")
                    .append(n.availableSlots())
                    .append(" available, ")
                    .append(n.missingSlots())
                    .append(" missing\n");
        }
        TextTable vertices = new TextTable(
                "vertex",
                "name",
                "group",
                "keyed",
                ">parallelism",
                ">bounds",
                ">maxParallelism",
                ">key groups/subtask",
                ">skew");
        for (JobVertex v : o.graph().vertices()) {
            OptionalInt p = o.parallelismOf(v);
            Optional<KeyGroupPartitioning> kg = o.keyGroups(v);
            vertices.row(
                    v.id(),
                    v.name(),
                    v.slotSharingGroup(),
                    v.keyed() ? "yes" : "no",
                    p.isPresent() ? String.valueOf(p.getAsInt()) : "-",
                    "[" + v.lowerBound() + ", " + v.upperBound() + "]",
                    v.effectiveMaxParallelism() + (v.maxParallelismAutoDerived() ? " (auto)" : ""),
                    kg.map(k -> k.minKeyGroupsPerSubtask() + ".." + k.maxKeyGroupsPerSubtask())
                            .orElse("-"),
                    kg.map(k -> skew(k.skew())).orElse("-"));
        }
        vertices.appendTo(out, INDENT);
        out.append('\n');

        Map<String, Integer> slotsPerGroup =
                o.parallelism() instanceof ParallelismPlan plan ? plan.slotsPerGroup() : Map.of();
        TextTable groups = new TextTable("slot-sharing group", "vertices", ">slots");
        for (SlotSharingGroup g : o.graph().slotSharingGroups()) {
            Integer slots = slotsPerGroup.get(g.id());
            groups.row(g.id(), String.join(", ", g.vertexIds()), slots == null ? "-" : slots);
        }
        groups.appendTo(out, INDENT);
        out.append('\n');
        explanation(
                out,
                "Why ("
                        + o.policy()
                                .map(p -> "parallelism solver " + p.solver())
                                .orElse("Flink's determineParallelism") + "):",
                o.parallelism().explanation());
    }

    private static void assignment(StringBuilder out, PlanOutcome o, Assignment a) {
        AssignmentMetrics m = a.metrics();
        out.append("Assignment: ")
                .append(a.assignerName())
                .append(", ")
                .append(a.assignments().size())
                .append(" slot(s) on ")
                .append(m.taskManagersUsed())
                .append(" TaskManager(s)\n");
        TextTable slots = new TextTable("slot", "TaskManager", "location", "group", "subtasks");
        for (SlotAssignment s : a.assignments()) {
            slots.row(
                    s.slot().id(),
                    s.slot().taskManagerId(),
                    o.locationOf(s.slot().taskManagerId()),
                    s.group().id(),
                    o.subtasksInGraphOrder(s).stream().map(SubtaskId::toString).collect(Collectors.joining(" ")));
        }
        slots.appendTo(out, INDENT);
        List<Slot> unused = o.unusedSlots();
        out.append(INDENT)
                .append("unused slots: ")
                .append(
                        unused.isEmpty()
                                ? "none"
                                : unused.stream().map(Slot::id).collect(Collectors.joining(" ")))
                .append('\n');
        out.append('\n');

        out.append(INDENT).append("Metrics:\n");
        new Fields(INDENT + INDENT)
                .add("TaskManagers used", String.valueOf(m.taskManagersUsed()))
                .add(
                        "tasks per TaskManager",
                        "max " + m.maxTasksPerTaskManager() + ", min " + m.minTasksPerTaskManager())
                .add("locality score", String.valueOf(m.localityScore()))
                .add("key groups kept", String.valueOf(m.keyGroupsKept()))
                .add("key groups moved", String.valueOf(m.keyGroupsMoved()))
                .add("state bytes moved", String.valueOf(m.stateBytesMoved()))
                .add(
                        "key-group skew",
                        m.keyGroupSkew().isEmpty()
                                ? "- (no keyed vertex)"
                                : m.keyGroupSkew().entrySet().stream()
                                        .map(e -> e.getKey() + " " + skew(e.getValue()))
                                        .collect(Collectors.joining(", ")))
                .appendTo(out);
        out.append('\n');
        explanation(out, "Why (" + a.assignerName() + "):", a.explanation());
    }

    private static void explanation(StringBuilder out, String title, List<String> lines) {
        out.append(INDENT).append(title).append('\n');
        for (String line : lines) {
            out.append(INDENT)
                    .append(INDENT)
                    .append(InputException.oneLine(line))
                    .append('\n');
        }
    }

    /** A skew figure with four decimals, independent of the default locale. */
    static String skew(double skew) {
        return String.format(Locale.ROOT, "%.4f", skew);
    }

    /** Label-value lines with the values aligned. */
    static final class Fields {
        private final String indent;
        private final List<String[]> rows = new ArrayList<>();

        Fields(String indent) {
            this.indent = indent;
        }

        Fields add(String label, String value) {
            rows.add(new String[] {label + ":", value});
            return this;
        }

        void appendTo(StringBuilder out) {
            int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            for (String[] r : rows) {
                out.append(indent)
                        .append(r[0])
                        .append(" ".repeat(width - r[0].length() + 1))
                        .append(r[1])
                        .append('\n');
            }
        }
    }
}
