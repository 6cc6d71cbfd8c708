package io.github.slotwise.flink;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator.ExecutionSlotSharingGroup;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;

/**
 * Converts Slotwise's answers to the types Flink's adaptive scheduler expects, and Flink's {@link
 * VertexParallelism} back to a Slotwise plan: a {@link ParallelismPlan} becomes a {@link
 * VertexParallelism}, an {@link Assignment} becomes {@link JobSchedulingPlan.SlotAssignment}s whose
 * targets are Flink's own {@link ExecutionSlotSharingGroup}s, as {@code SlotSharingSlotAllocator}
 * reserves them.
 */
public final class FlinkPlans {
    private FlinkPlans() {}

    /** The plan's parallelism per {@code JobVertexID}. */
    public static VertexParallelism toVertexParallelism(ParallelismPlan plan) {
        Map<JobVertexID, Integer> parallelism = new HashMap<>();
        plan.vertexParallelism().forEach((id, p) -> parallelism.put(FlinkIds.jobVertexId(id), p));
        return new VertexParallelism(parallelism);
    }

    /**
     * Flink's parallelism as a Slotwise plan for {@code graph}, for example to run a Slotwise
     * assigner on a parallelism Flink chose. Each slot-sharing group takes as many slots as its
     * highest vertex parallelism.
     *
     * @param availableSlots the slots the parallelism was chosen for
     * @throws IllegalArgumentException if a vertex of {@code graph} has no parallelism
     */
    public static ParallelismPlan fromVertexParallelism(
            VertexParallelism parallelism, JobGraph graph, int availableSlots) {
        Map<String, Integer> byVertex = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            Optional<Integer> p = parallelism.getParallelismOptional(FlinkIds.jobVertexId(v.id()));
            byVertex.put(
                    v.id(), p.orElseThrow(() -> new IllegalArgumentException("no parallelism for vertex " + v.id())));
        }
        Map<String, Integer> byGroup = new LinkedHashMap<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            byGroup.put(
                    g.id(), g.vertexIds().stream().mapToInt(byVertex::get).max().orElse(0));
        }
        return new ParallelismPlan(byVertex, byGroup, availableSlots, List.of("parallelism chosen by Flink"));
    }

    /**
     * The assignment as Flink slot assignments: one per Slotwise execution slot-sharing group, in
     * assignment order, its target an {@link ExecutionSlotSharingGroup} with the Slotwise group's
     * stable id ({@code slotSharingGroupId#index}), the job's own {@code SlotSharingGroup} object and
     * the group's subtasks; its slot the {@code SlotInfo} of {@code slots} with that allocation id.
     *
     * @param slots the free slots the assignment was made from (usually {@code PhysicalSlot}s)
     * @throws IllegalArgumentException if the assignment names a slot-sharing group the job does not
     *     have, or a slot not in {@code slots}
     */
    public static <S extends SlotInfo> List<JobSchedulingPlan.SlotAssignment> toSlotAssignments(
            Assignment assignment, JobInformation jobInformation, Collection<S> slots) {
        Map<String, org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup> groups = new HashMap<>();
        for (org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup g : jobInformation.getSlotSharingGroups()) {
            groups.put(FlinkIds.slotSharingGroupId(g), g);
        }
        Map<String, S> slotsById = new HashMap<>();
        slots.forEach(s -> slotsById.put(FlinkIds.slotId(s.getAllocationId()), s));
        List<JobSchedulingPlan.SlotAssignment> result =
                new ArrayList<>(assignment.assignments().size());
        for (SlotAssignment a : assignment.assignments()) {
            org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup group =
                    groups.get(a.group().slotSharingGroupId());
            if (group == null) {
                throw new IllegalArgumentException(
                        "the job has no slot-sharing group " + a.group().slotSharingGroupId());
            }
            S slot = slotsById.get(a.slot().id());
            if (slot == null) {
                throw new IllegalArgumentException("slot " + a.slot().id() + " is not among the given slots");
            }
            Set<ExecutionVertexID> vertices = new LinkedHashSet<>();
            for (SubtaskId s : a.group().subtasks()) {
                vertices.add(new ExecutionVertexID(FlinkIds.jobVertexId(s.vertexId()), s.subtaskIndex()));
            }
            result.add(new JobSchedulingPlan.SlotAssignment(
                    slot, new ExecutionSlotSharingGroup(a.group().id(), group, vertices)));
        }
        return result;
    }

    /** A whole Flink scheduling plan: {@link #toVertexParallelism} and {@link #toSlotAssignments}. */
    public static JobSchedulingPlan toJobSchedulingPlan(
            ParallelismPlan plan,
            Assignment assignment,
            JobInformation jobInformation,
            Collection<? extends SlotInfo> slots) {
        return new JobSchedulingPlan(toVertexParallelism(plan), toSlotAssignments(assignment, jobInformation, slots));
    }
}
