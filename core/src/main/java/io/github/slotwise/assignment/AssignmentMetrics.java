package io.github.slotwise.assignment;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * @param keyGroupsMoved key groups of keyed vertices that ran before and now change slot: of each
 *     such vertex, the key groups some old subtask held (all {@code maxParallelism} of them unless
 *     explicit previous ranges leave some out), less those kept
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
        PoolIndex pool = new PoolIndex(request.pool());
        return of(request, assignments, pool, pool.positionsOf(assignments, null));
    }

    /**
     * Computes the metrics from slot positions: linear in the subtasks and previous placements, with
     * one id lookup per previous placement and per subtask's vertex and no allocation per subtask.
     *
     * @param slotPositions the pool position of each assignment's slot, -1 for a slot outside the pool
     */
    static AssignmentMetrics of(
            AssignmentRequest request, List<SlotAssignment> assignments, PoolIndex pool, int[] slotPositions) {
        JobGraph graph = request.graph();
        List<JobVertex> vertices = graph.vertices();
        int n = vertices.size();
        IdPositions vertexIndex = new IdPositions(n);
        String[] vertexIds = new String[n];
        boolean[] keyed = new boolean[n];
        for (int i = 0; i < n; i++) {
            JobVertex v = vertices.get(i);
            vertexIndex.putIfAbsent(v.id(), i);
            vertexIds[i] = v.id();
            keyed[i] = v.keyed();
        }

        // Tasks per TaskManager: by position for pool slots, by id for any other. Integer sums, so
        // they are counted in the visit order below.
        int[] tasks = new int[pool.taskManagerIds.size()];
        Map<String, int[]> tasksElsewhere = null; // only sizes and extremes are read; made when needed
        int[] visitOrder = pool.byPosition(slotPositions);
        for (int k : visitOrder) {
            SlotAssignment a = assignments.get(k);
            int s = slotPositions[k];
            if (s >= 0 && pool.slots.get(s).taskManagerId().equals(a.slot().taskManagerId())) {
                tasks[pool.taskManagerOf[s]] += a.group().load();
            } else {
                if (tasksElsewhere == null) {
                    tasksElsewhere = new HashMap<>();
                }
                tasksElsewhere.computeIfAbsent(a.slot().taskManagerId(), id -> new int[1])[0] +=
                        a.group().load();
            }
        }
        int used = 0;
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int t = 0; t < tasks.length; t++) {
            if (tasks[t] > 0 && (tasksElsewhere == null || !tasksElsewhere.containsKey(pool.taskManagerIds.get(t)))) {
                used++;
                max = Math.max(max, tasks[t]);
                min = Math.min(min, tasks[t]);
            }
        }
        for (Map.Entry<String, int[]> e :
                tasksElsewhere == null ? Map.<String, int[]>of().entrySet() : tasksElsewhere.entrySet()) {
            int t = pool.taskManagerPositionOf(e.getKey());
            int total = e.getValue()[0] + (t >= 0 ? tasks[t] : 0);
            used++;
            max = Math.max(max, total);
            min = Math.min(min, total);
        }
        min = used == 0 ? 0 : min;

        ImmutableMap.Builder<String, Double> skew = ImmutableMap.builder();
        KeyGroupPartitioning[] newParts = new KeyGroupPartitioning[n];
        KeyGroupPartitioning[] oldParts = new KeyGroupPartitioning[n]; // derived old ranges
        List<KeyGroupRange>[] oldExplicit = LocalityGraph.explicitRanges(request); // or explicit ones
        for (int i = 0; i < n; i++) {
            JobVertex v = vertices.get(i);
            newParts[i] = partitioning(v, request.plan().parallelismOf(v.id()));
            if (v.keyed()) {
                skew.put(v.id(), newParts[i].skew());
            }
        }

        // The previous subtasks of each pool slot as a linked list over int arrays, read from the
        // pool index's per-vertex arrays (no placement objects); placements in slots outside the
        // pool by slot id.
        int placements = request.previous().placements().size();
        IntList vertexOfPlaced = new IntList(placements);
        IntList indexOfPlaced = new IntList(placements); // the old subtask index
        int[] head = new int[pool.size()];
        Arrays.fill(head, -1);
        IntList next = new IntList(placements);
        long[][] oldState = new long[n][];
        Map<String, List<SubtaskPlacement>> elsewhere = null; // lookups only; made when needed
        for (Map.Entry<String, List<SubtaskPlacement>> e :
                request.previous().byVertex().entrySet()) {
            int i = indexOf(e.getKey(), vertexIds, vertexIndex);
            if (oldExplicit[i] == null) {
                oldParts[i] = partitioning(vertices.get(i), e.getValue().size());
            }
            PoolIndex.Previous previous = pool.previous(e.getValue());
            oldState[i] = previous.stateBytes();
            int[] positions = previous.slot();
            for (int o = 0; o < positions.length; o++) {
                int s = positions[o];
                if (s >= 0) {
                    next.add(head[s]);
                    head[s] = vertexOfPlaced.size();
                    vertexOfPlaced.add(i);
                    indexOfPlaced.add(o);
                } else {
                    if (elsewhere == null) {
                        elsewhere = new HashMap<>();
                    }
                    SubtaskPlacement p = e.getValue().get(o);
                    elsewhere
                            .computeIfAbsent(p.slotId(), k -> new ArrayList<>())
                            .add(p);
                }
            }
        }
        // Visit the assignments in slot order; the state bytes kept are a double sum, so each term is
        // stored and the terms are added in assignment order, exactly as one loop in that order would.
        long score = 0;
        long kept = 0;
        double bytesKept = 0;
        if (!request.previous().isEmpty()) {
            int[] termStart = new int[assignments.size()];
            int[] termCount = new int[assignments.size()];
            double[] terms = new double[Math.max(16, 2 * assignments.size())];
            int t = 0;
            for (int k : visitOrder) {
                SlotAssignment a = assignments.get(k);
                int s = slotPositions[k];
                termStart[k] = t;
                List<SubtaskPlacement> outside = s >= 0 || elsewhere == null
                        ? null
                        : elsewhere.get(a.slot().id());
                if ((s >= 0 && head[s] < 0) || (s < 0 && outside == null)) {
                    continue;
                }
                List<SubtaskId> subtasks = a.group().subtasks();
                if (t + subtasks.size() > terms.length) {
                    terms = Arrays.copyOf(terms, Math.max(2 * terms.length, t + subtasks.size()));
                }
                termCount[k] = subtasks.size();
                for (int j = 0; j < subtasks.size(); j++) {
                    SubtaskId sub = subtasks.get(j);
                    int i = indexOf(sub.vertexId(), vertexIds, vertexIndex);
                    int oldIndex = -1;
                    if (s >= 0) {
                        for (int x = head[s]; x >= 0 && oldIndex < 0; x = next.get(x)) {
                            if (vertexOfPlaced.get(x) == i) {
                                oldIndex = indexOfPlaced.get(x);
                            }
                        }
                    } else {
                        for (SubtaskPlacement p : outside) {
                            if (p.subtask().vertexId().equals(sub.vertexId())) {
                                oldIndex = p.subtask().subtaskIndex();
                            }
                        }
                    }
                    double term = 0; // adding 0.0 to a non-negative sum leaves it unchanged
                    if (oldIndex >= 0) {
                        long oldBytes = oldState[i][oldIndex];
                        int newIndex = sub.subtaskIndex();
                        int oldStart;
                        int oldEnd;
                        if (oldParts[i] != null) {
                            oldStart = oldParts[i].start(oldIndex);
                            oldEnd = oldParts[i].end(oldIndex);
                        } else {
                            oldStart = oldExplicit[i].get(oldIndex).startKeyGroup();
                            oldEnd = oldExplicit[i].get(oldIndex).endKeyGroup();
                        }
                        int shared = Math.max(
                                0,
                                Math.min(oldEnd, newParts[i].end(newIndex))
                                        - Math.max(oldStart, newParts[i].start(newIndex))
                                        + 1);
                        int oldSize = oldEnd - oldStart + 1;
                        score += LocalityScore.of(shared, oldBytes, oldSize);
                        if (keyed[i]) {
                            kept += shared;
                            term = (double) oldBytes * shared / oldSize;
                        }
                    }
                    terms[t++] = term;
                }
            }
            for (int k = 0; k < assignments.size(); k++) {
                for (int j = 0; j < termCount[k]; j++) {
                    bytesKept += terms[termStart[k] + j];
                }
            }
        }
        long keyGroupsBefore = 0;
        long stateBefore = 0;
        for (Map.Entry<String, List<SubtaskPlacement>> e :
                request.previous().byVertex().entrySet()) {
            int i = indexOf(e.getKey(), vertexIds, vertexIndex);
            JobVertex v = vertices.get(i);
            if (v.keyed()) {
                keyGroupsBefore += oldExplicit[i] == null ? v.effectiveMaxParallelism() : unionSize(oldExplicit[i]);
                for (long bytes : oldState[i]) {
                    stateBefore += bytes;
                }
            }
        }
        // a double estimate: beyond 2^53 bytes its rounding could exceed the state that exists
        long bytesMoved = Math.max(0, Math.min(stateBefore, Math.round(stateBefore - bytesKept)));
        return new AssignmentMetrics(
                used, max, min, skew.buildOrThrow(), score, kept, keyGroupsBefore - kept, bytesMoved);
    }

    /**
     * The position of a vertex id: by instance among the first few vertices (a subtask usually
     * shares its vertex's id instance), else by the index.
     */
    private static int indexOf(String id, String[] ids, IdPositions index) {
        for (int i = 0; i < ids.length && i < 8; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return index.get(id);
    }

    /** A growable list of ints. */
    private static final class IntList {
        private int[] values;
        private int size;

        IntList(int capacity) {
            values = new int[Math.max(4, capacity)];
        }

        int size() {
            return size;
        }

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int index) {
            return values[index];
        }
    }

    /** How many key groups lie in at least one of the ranges (explicit ranges may overlap or leave gaps). */
    private static long unionSize(List<KeyGroupRange> ranges) {
        List<KeyGroupRange> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Integer.compare(a.startKeyGroup(), b.startKeyGroup()));
        long size = 0;
        int covered = -1; // the highest key group counted so far
        for (KeyGroupRange r : sorted) {
            if (r.endKeyGroup() > covered) {
                size += r.endKeyGroup() - Math.max(covered + 1, r.startKeyGroup()) + 1;
                covered = r.endKeyGroup();
            }
        }
        return size;
    }

    private static KeyGroupPartitioning partitioning(JobVertex v, int parallelism) {
        return new KeyGroupPartitioning(v.effectiveMaxParallelism(), parallelism);
    }
}
