package io.github.slotwise.assignment;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders shared by the assignment tests. */
final class Fixtures {
    private Fixtures() {}

    /** A non-keyed vertex whose configured parallelism is {@code p}. */
    static JobVertex vertex(String id, String slotSharingGroup, int p) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(slotSharingGroup)
                .parallelism(p)
                .build();
    }

    /** A keyed vertex with an explicit maxParallelism. */
    static JobVertex keyed(String id, String slotSharingGroup, int p, int maxParallelism) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(slotSharingGroup)
                .parallelism(p)
                .maxParallelism(maxParallelism)
                .keyed(true)
                .build();
    }

    /** A non-keyed vertex in a co-location group. */
    static JobVertex coLocated(String id, String slotSharingGroup, int p, String coLocationGroup) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(slotSharingGroup)
                .parallelism(p)
                .coLocationGroup(coLocationGroup)
                .build();
    }

    static JobGraph graph(JobVertex... vertices) {
        return JobGraph.builder().addVertices(vertices).build();
    }

    /** The plan that runs every vertex at its configured parallelism. */
    static ParallelismPlan plan(JobGraph graph) {
        Map<String, Integer> p = new LinkedHashMap<>();
        graph.vertices().forEach(v -> p.put(v.id(), v.parallelism()));
        return plan(graph, p);
    }

    /** A plan with the given parallelism per vertex and consistent slots per group. */
    static ParallelismPlan plan(JobGraph graph, Map<String, Integer> parallelism) {
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            slots.put(
                    g.id(),
                    g.vertexIds().stream().mapToInt(parallelism::get).max().orElseThrow());
        }
        int used = slots.values().stream().mapToInt(Integer::intValue).sum();
        return new ParallelismPlan(parallelism, slots, used, List.of());
    }

    /** A pool of TaskManagers {@code tm-i} with the given slot counts. */
    static SlotPool pool(int... slotsPerTaskManager) {
        SlotPool.Builder b = SlotPool.builder();
        for (int i = 0; i < slotsPerTaskManager.length; i++) {
            b.addTaskManagers(TaskManager.of("tm-" + i, slotsPerTaskManager[i]));
        }
        return b.build();
    }

    /** Every subtask the plan runs, sorted. */
    static List<SubtaskId> subtasksOf(ParallelismPlan plan) {
        List<SubtaskId> all = new ArrayList<>();
        plan.vertexParallelism().forEach((v, p) -> {
            for (int i = 0; i < p; i++) {
                all.add(new SubtaskId(v, i));
            }
        });
        all.sort(null);
        return all;
    }

    /** Slot id per group id, in assignment order. */
    static Map<String, String> slotByGroup(Assignment assignment) {
        Map<String, String> result = new LinkedHashMap<>();
        assignment
                .assignments()
                .forEach(a -> result.put(a.group().id(), a.slot().id()));
        return result;
    }
}
