package io.github.slotwise.assignment;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an {@link Assignment} costs and how balanced it is.
 *
 * @param taskManagersUsed TaskManagers that received at least one slot
 * @param maxTasksPerTaskManager most subtasks on one used TaskManager
 * @param minTasksPerTaskManager fewest subtasks on one used TaskManager
 * @param keyGroupSkew per keyed vertex (in graph order): its hottest subtask's key groups divided by
 *     the mean, 1.0 when the parallelism divides maxParallelism
 * @param localityScore sum of Flink's {@link LocalityScore} over every subtask that stays in a slot
 *     where an old subtask of the same vertex ran
 * @param keyGroupsKept key groups of keyed vertices that stay in the slot that held them
 * @param keyGroupsMoved key groups of keyed vertices that ran before and now change slot
 * @param stateBytesMoved estimated keyed-state bytes that change slot, assuming state spreads evenly
 *     over an old subtask's key groups
 */
public record AssignmentMetrics(
        int taskManagersUsed,
        int maxTasksPerTaskManager,
        int minTasksPerTaskManager,
        Map<String, Double> keyGroupSkew,
        long localityScore,
        long keyGroupsKept,
        long keyGroupsMoved,
        long stateBytesMoved) {
    /** Copies the skew map, keeping its order. */
    public AssignmentMetrics {
        keyGroupSkew = ImmutableMap.copyOf(keyGroupSkew);
    }

    /** Computes the metrics of {@code assignments} made for {@code request}. */
    public static AssignmentMetrics of(AssignmentRequest request, List<SlotAssignment> assignments) {
        JobGraph graph = request.graph();
        Map<String, Integer> tasksPerTaskManager = new TreeMap<>();
        for (SlotAssignment a : assignments) {
            tasksPerTaskManager.merge(a.slot().taskManagerId(), a.group().load(), Integer::sum);
        }
        int max = tasksPerTaskManager.values().stream().mapToInt(i -> i).max().orElse(0);
        int min = tasksPerTaskManager.values().stream().mapToInt(i -> i).min().orElse(0);

        Map<String, Double> skew = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            if (v.keyed()) {
                skew.put(
                        v.id(),
                        partitioning(v, request.plan().parallelismOf(v.id())).skew());
            }
        }

        // slot id -> vertex id -> the old subtask that ran there
        Map<String, Map<String, SubtaskPlacement>> previousBySlot = new HashMap<>();
        for (SubtaskPlacement p : request.previous().placements()) {
            previousBySlot
                    .computeIfAbsent(p.slotId(), k -> new HashMap<>())
                    .put(p.subtask().vertexId(), p);
        }
        long score = 0;
        long kept = 0;
        double bytesKept = 0;
        for (SlotAssignment a : assignments) {
            Map<String, SubtaskPlacement> before =
                    previousBySlot.getOrDefault(a.slot().id(), Map.of());
            for (SubtaskId s : a.group().subtasks()) {
                SubtaskPlacement old = before.get(s.vertexId());
                if (old == null) {
                    continue;
                }
                JobVertex v = graph.vertex(s.vertexId());
                KeyGroupPartitioning oldParts =
                        partitioning(v, request.previous().parallelismOf(v.id()));
                KeyGroupPartitioning newParts = partitioning(v, request.plan().parallelismOf(v.id()));
                int oldIndex = old.subtask().subtaskIndex();
                int shared = oldParts.range(oldIndex).intersectionSize(newParts.range(s.subtaskIndex()));
                int oldSize = oldParts.size(oldIndex);
                score += LocalityScore.of(shared, old.stateSizeBytes(), oldSize);
                if (v.keyed()) {
                    kept += shared;
                    bytesKept += (double) old.stateSizeBytes() * shared / oldSize;
                }
            }
        }
        long keyGroupsBefore = 0;
        long stateBefore = 0;
        for (Map.Entry<String, List<SubtaskPlacement>> e :
                request.previous().byVertex().entrySet()) {
            JobVertex v = graph.vertex(e.getKey());
            if (v.keyed()) {
                keyGroupsBefore += v.effectiveMaxParallelism();
                stateBefore += e.getValue().stream()
                        .mapToLong(SubtaskPlacement::stateSizeBytes)
                        .sum();
            }
        }
        long bytesMoved = Math.max(0, Math.round(stateBefore - bytesKept));
        return new AssignmentMetrics(
                tasksPerTaskManager.size(), max, min, skew, score, kept, keyGroupsBefore - kept, bytesMoved);
    }

    private static KeyGroupPartitioning partitioning(JobVertex v, int parallelism) {
        return new KeyGroupPartitioning(v.effectiveMaxParallelism(), parallelism);
    }
}
