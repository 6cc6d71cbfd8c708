package io.github.slotwise.assignment;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Flink's {@code TaskBalancedSlotSharingResolver} ({@code taskmanager.load-balance.mode: TASKS}),
 * that is Flink's {@code TaskBalancedExecutionSlotSharingGroupBuilder}: it spreads the subtasks of
 * vertices below the group's full parallelism round-robin so that groups hold similar task counts.
 *
 * <p>A slot-sharing group with highest planned parallelism {@code n} gets {@code n} empty groups.
 * Vertices are then visited one by one:
 *
 * <ul>
 *   <li>not co-located: subtask {@code k} goes to group {@code (start + k) mod n}, where {@code start}
 *       is 0 for a vertex with parallelism {@code n} and otherwise the group's saved round-robin
 *       index (initially 0); a vertex below {@code n} saves the index after its last subtask;
 *   <li>co-located: subtask {@code k} joins the group that already holds co-location constraint
 *       {@code (co-location group, k)}; if none does, it takes the group with the fewest subtasks
 *       (lowest index on ties) that holds no subtask of this vertex yet. A vertex below {@code n}
 *       then saves the least-filled group's index (lowest on ties) as the round-robin index.
 * </ul>
 *
 * <p>Determinism: Flink visits vertices in the hash order of a {@code HashMap<JobVertexID, …>};
 * Slotwise visits them in {@link JobGraph#vertices()} order (only the order among vertices of the
 * same slot-sharing group matters). Flink returns the groups in the hash order of a {@code
 * HashMap<ExecutionVertexID, …>}; Slotwise returns them by slot-sharing group ({@link
 * JobGraph#slotSharingGroups()} order), then index.
 */
final class TaskBalancedSlotSharingResolver implements SlotSharingResolver {
    /** The only instance; the resolver holds no state. */
    static final TaskBalancedSlotSharingResolver INSTANCE = new TaskBalancedSlotSharingResolver();

    private TaskBalancedSlotSharingResolver() {}

    @Override
    public List<ExecutionSlotSharingGroup> resolve(JobGraph graph, ParallelismPlan plan) {
        Map<String, Buckets> bySharingGroup = new HashMap<>(); // lookups only, never iterated
        for (SlotSharingGroup sharing : graph.slotSharingGroups()) {
            bySharingGroup.put(sharing.id(), new Buckets(SlotSharingResolver.slotsOf(sharing, plan)));
        }
        for (JobVertex vertex : graph.vertices()) {
            Buckets buckets = bySharingGroup.get(vertex.slotSharingGroup());
            int parallelism = plan.parallelismOf(vertex.id());
            if (vertex.coLocationGroup().isPresent()) {
                buckets.addCoLocated(vertex.id(), vertex.coLocationGroup().get(), parallelism);
            } else {
                buckets.addRoundRobin(vertex.id(), parallelism);
            }
        }
        List<ExecutionSlotSharingGroup> groups = new ArrayList<>();
        for (SlotSharingGroup sharing : graph.slotSharingGroups()) {
            List<List<SubtaskId>> buckets = bySharingGroup.get(sharing.id()).subtasks;
            for (int i = 0; i < buckets.size(); i++) {
                // Never empty: the vertex with the full parallelism fills every bucket. Flink would
                // not report an empty one either (it collects groups from their subtasks).
                if (!buckets.get(i).isEmpty()) {
                    groups.add(new ExecutionSlotSharingGroup(sharing.id(), i, buckets.get(i)));
                }
            }
        }
        return groups;
    }

    @Override
    public String toString() {
        return "task-balanced resolver";
    }

    /** The execution slot-sharing groups of one slot-sharing group while they are being filled. */
    private static final class Buckets {
        final List<List<SubtaskId>> subtasks;
        /** Flink's {@code CoLocationConstraint} (co-location group, subtask index) to bucket index. */
        final Map<String, Map<Integer, Integer>> constraintToBucket = new HashMap<>(); // lookups only

        int roundRobinIndex;

        Buckets(int n) {
            subtasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                subtasks.add(new ArrayList<>());
            }
        }

        int size() {
            return subtasks.size();
        }

        boolean isFullParallelism(int parallelism) {
            return parallelism == size();
        }

        void addRoundRobin(String vertexId, int parallelism) {
            int index = isFullParallelism(parallelism) ? 0 : roundRobinIndex;
            for (int k = 0; k < parallelism; k++) {
                subtasks.get(index).add(new SubtaskId(vertexId, k));
                index = (index + 1) % size();
            }
            if (!isFullParallelism(parallelism)) {
                roundRobinIndex = index;
            }
        }

        void addCoLocated(String vertexId, String coLocationGroup, int parallelism) {
            Map<Integer, Integer> constraints =
                    constraintToBucket.computeIfAbsent(coLocationGroup, k -> new HashMap<>());
            // Buckets free of this vertex, least filled first, lowest index on ties: Flink's
            // getLeastUtilizeSlotIndex(groups, executionVertex) without its O(n) scan per subtask.
            TreeSet<Long> candidates = new TreeSet<>();
            for (int i = 0; i < size(); i++) {
                candidates.add(key(i));
            }
            for (int k = 0; k < parallelism; k++) {
                Integer bucket = constraints.get(k);
                if (bucket == null) {
                    // Flink falls back to index 0 when no bucket qualifies; with parallelism <= n
                    // one always does.
                    bucket = candidates.isEmpty() ? 0 : (int) (candidates.first() & 0xFFFF_FFFFL);
                    constraints.put(k, bucket);
                }
                candidates.remove(key(bucket)); // it now holds this vertex
                subtasks.get(bucket).add(new SubtaskId(vertexId, k));
            }
            if (!isFullParallelism(parallelism)) {
                roundRobinIndex = leastFilled();
            }
        }

        /** Orders buckets by size, then index. */
        private long key(int bucket) {
            return ((long) subtasks.get(bucket).size() << 32) | bucket;
        }

        private int leastFilled() {
            int best = 0;
            for (int i = 1; i < size(); i++) {
                if (subtasks.get(i).size() < subtasks.get(best).size()) {
                    best = i;
                }
            }
            return best;
        }
    }
}
