package io.github.slotwise.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentMetrics;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.NotEnoughSlots;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Renders a {@link PlanOutcome} as one pretty-printed JSON document with the same content as the
 * {@link TextReport}. The document is built as a tree in a fixed order, so field order never
 * depends on reflection or hashing.
 */
final class JsonReport {
    /** {@code parallelism.status} when the solver found a plan. */
    static final String PLAN = "PLAN";

    /** {@code parallelism.status} when not even the lower bounds fit. */
    static final String NOT_ENOUGH_SLOTS = "NOT_ENOUGH_SLOTS";

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    static String render(PlanOutcome o) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", o.scenario().source());
        o.policy().ifPresent(p -> {
            ObjectNode policy = root.putObject("policy");
            policy.put("name", p.name());
            policy.put("solver", p.solver());
        });
        root.put("mode", o.reactive() ? "reactive" : "declared");
        root.put("assigner", o.assignerName());
        ObjectNode slots = root.putObject("slots");
        slots.put("available", o.scenario().pool().size());
        slots.put("taskManagers", o.scenario().pool().taskManagers().size());
        root.put("previousPlacements", o.scenario().previous().placements().size());
        parallelism(root.putObject("parallelism"), o);
        if (o.assignment().isPresent()) {
            assignment(root.putObject("assignment"), o, o.assignment().get());
        } else {
            root.putNull("assignment");
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void parallelism(ObjectNode node, PlanOutcome o) {
        if (o.parallelism() instanceof ParallelismPlan plan) {
            node.put("status", PLAN);
            node.put("availableSlots", plan.availableSlots());
            node.put("slotsUsed", plan.slotsUsed());
        } else {
            NotEnoughSlots n = (NotEnoughSlots) o.parallelism();
            node.put("status", NOT_ENOUGH_SLOTS);
            node.put("availableSlots", n.availableSlots());
            node.put("requiredSlots", n.requiredSlots());
            node.put("missingSlots", n.missingSlots());
        }
        ArrayNode vertices = node.putArray("vertices");
        for (JobVertex v : o.graph().vertices()) {
            ObjectNode vn = vertices.addObject();
            vn.put("id", v.id());
            vn.put("name", v.name());
            vn.put("slotSharingGroup", v.slotSharingGroup());
            vn.put("keyed", v.keyed());
            OptionalInt p = o.parallelismOf(v);
            if (p.isPresent()) {
                vn.put("parallelism", p.getAsInt());
            } else {
                vn.putNull("parallelism");
            }
            vn.put("lowerBound", v.lowerBound());
            vn.put("upperBound", v.upperBound());
            vn.put("maxParallelism", v.effectiveMaxParallelism());
            vn.put("maxParallelismAutoDerived", v.maxParallelismAutoDerived());
            Optional<KeyGroupPartitioning> kg = o.keyGroups(v);
            if (kg.isPresent()) {
                ObjectNode k = vn.putObject("keyGroupsPerSubtask");
                k.put("min", kg.get().minKeyGroupsPerSubtask());
                k.put("max", kg.get().maxKeyGroupsPerSubtask());
                k.put("skew", kg.get().skew());
            } else {
                vn.putNull("keyGroupsPerSubtask");
            }
        }
        Map<String, Integer> slotsPerGroup =
                o.parallelism() instanceof ParallelismPlan plan ? plan.slotsPerGroup() : Map.of();
        ArrayNode groups = node.putArray("slotSharingGroups");
        for (SlotSharingGroup g : o.graph().slotSharingGroups()) {
            ObjectNode gn = groups.addObject();
            gn.put("id", g.id());
            strings(gn.putArray("vertices"), g.vertexIds());
            Integer n = slotsPerGroup.get(g.id());
            if (n == null) {
                gn.putNull("slots");
            } else {
                gn.put("slots", n);
            }
        }
        strings(node.putArray("explanation"), o.parallelism().explanation());
    }

    private static void assignment(ObjectNode node, PlanOutcome o, Assignment a) {
        node.put("assigner", a.assignerName());
        ArrayNode slots = node.putArray("slots");
        for (SlotAssignment s : a.assignments()) {
            ObjectNode sn = slots.addObject();
            sn.put("slot", s.slot().id());
            sn.put("taskManager", s.slot().taskManagerId());
            sn.put("location", o.locationOf(s.slot().taskManagerId()));
            sn.put("group", s.group().id());
            ArrayNode subtasks = sn.putArray("subtasks");
            o.subtasksInGraphOrder(s).stream().map(SubtaskId::toString).forEach(subtasks::add);
        }
        ArrayNode unused = node.putArray("unusedSlots");
        o.unusedSlots().stream().map(Slot::id).forEach(unused::add);
        AssignmentMetrics m = a.metrics();
        ObjectNode mn = node.putObject("metrics");
        mn.put("taskManagersUsed", m.taskManagersUsed());
        mn.put("maxTasksPerTaskManager", m.maxTasksPerTaskManager());
        mn.put("minTasksPerTaskManager", m.minTasksPerTaskManager());
        mn.put("localityScore", m.localityScore());
        mn.put("keyGroupsKept", m.keyGroupsKept());
        mn.put("keyGroupsMoved", m.keyGroupsMoved());
        mn.put("stateBytesMoved", m.stateBytesMoved());
        ObjectNode skew = mn.putObject("keyGroupSkew");
        m.keyGroupSkew().forEach(skew::put);
        strings(node.putArray("explanation"), a.explanation());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
