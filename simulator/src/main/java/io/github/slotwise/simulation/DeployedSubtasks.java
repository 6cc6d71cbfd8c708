package io.github.slotwise.simulation;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One deployment's subtasks as arrays, in assignment order (each slot's group, its subtasks in group
 * order), with what the simulator reads of each: its vertex, slot, TaskManager, key groups and their
 * state. A deployment's restore, local copies, skew and the next deployment's previous placement all
 * read these, so each subtask's vertex is looked up by id once per deployment, and each keyed
 * vertex's key-group split is made once, not per subtask and use.
 */
final class DeployedSubtasks {
    /** The plan deployed. */
    final ParallelismPlan plan;

    /** Per vertex (in {@link Vertices} order): its key groups under the plan if keyed, else null. */
    final KeyGroupPartitioning[] partitioning;

    /** The number of subtasks. */
    final int size;

    final SubtaskId[] subtask;
    /** The subtask's vertex, in {@link Vertices} order. */
    final int[] vertex;

    final String[] slot;
    final String[] taskManager;
    /** The subtask's TaskManager as its {@link TaskManagerNumbers number}. */
    final int[] taskManagerNumber;

    /** A keyed subtask's key groups {@code [from, to)}; 0 and 0 for others. */
    final int[] from;

    final int[] to;
    /** The state of a keyed subtask's key groups, in bytes ({@link KeyedState#bytes}); 0 for others or without state. */
    final long[] stateBytes;

    /**
     * Reads an assignment.
     *
     * @param vertices the run's job
     * @param assignment the assignment, made for a graph with the same vertices
     * @param plan its plan
     * @param state the keyed state, or null without a state model
     * @param numbers the run's TaskManager numbers
     */
    DeployedSubtasks(
            Vertices vertices,
            Assignment assignment,
            ParallelismPlan plan,
            KeyedState state,
            TaskManagerNumbers numbers) {
        this.plan = plan;
        JobVertex[] all = vertices.all;
        partitioning = new KeyGroupPartitioning[all.length];
        for (int i = 0; i < all.length; i++) {
            JobVertex v = all[i];
            if (v.keyed()) {
                partitioning[i] = new KeyGroupPartitioning(v.effectiveMaxParallelism(), plan.parallelismOf(v.id()));
            }
        }
        List<SlotAssignment> assignments = assignment.assignments();
        int n = 0;
        for (int a = 0; a < assignments.size(); a++) {
            n += assignments.get(a).group().subtasks().size();
        }
        size = n;
        subtask = new SubtaskId[n];
        vertex = new int[n];
        slot = new String[n];
        taskManager = new String[n];
        taskManagerNumber = new int[n];
        from = new int[n];
        to = new int[n];
        stateBytes = new long[n];
        int k = 0;
        String previousTaskManager = null;
        int number = 0;
        for (int a = 0; a < assignments.size(); a++) {
            SlotAssignment sa = assignments.get(a);
            String slotId = sa.slot().id();
            String tm = sa.slot().taskManagerId();
            if (tm != previousTaskManager) { // a TaskManager's slots usually come together
                number = numbers.numberOf(tm);
                previousTaskManager = tm;
            }
            List<SubtaskId> subtasks = sa.group().subtasks();
            for (int j = 0; j < subtasks.size(); j++, k++) {
                SubtaskId s = subtasks.get(j);
                int v = vertices.indexOf(s.vertexId());
                subtask[k] = s;
                vertex[k] = v;
                slot[k] = slotId;
                taskManager[k] = tm;
                taskManagerNumber[k] = number;
                KeyGroupPartitioning part = partitioning[v];
                if (part != null) {
                    from[k] = part.start(s.subtaskIndex());
                    to[k] = part.end(s.subtaskIndex()) + 1;
                    if (state != null) {
                        stateBytes[k] = state.bytes(all[v], from[k], to[k]);
                    }
                }
            }
        }
    }

    /**
     * A number for each TaskManager id a run met, from 1 in the order met: equal numbers for equal
     * ids, so that per-key-group bookkeeping compares ints, not strings.
     */
    static final class TaskManagerNumbers {
        private final Map<String, Integer> numbers = new HashMap<>(); // lookups only

        /** The id's number, given it now if it has none. */
        int numberOf(String id) {
            Integer n = numbers.get(id);
            if (n == null) {
                n = numbers.size() + 1;
                numbers.put(id, n);
            }
            return n;
        }

        /** The id's number, or 0 if it has none. */
        int find(String id) {
            Integer n = numbers.get(id);
            return n == null ? 0 : n;
        }
    }

    /** The vertices of the run's job, in graph order, and their positions by id. */
    static final class Vertices {
        /** Below this many vertices, an id is found by identity first: a subtask shares its vertex's id instance. */
        private static final int SCAN = 8;

        final JobVertex[] all;
        private final String[] ids;
        private final Map<String, Integer> positions = new HashMap<>(); // lookups only

        Vertices(JobGraph graph) {
            all = graph.vertices().toArray(new JobVertex[0]);
            ids = new String[all.length];
            for (int i = 0; i < all.length; i++) {
                ids[i] = all[i].id();
                positions.putIfAbsent(ids[i], i);
            }
        }

        /**
         * The position of a vertex id.
         *
         * @throws IllegalArgumentException if the job has no such vertex
         */
        int indexOf(String id) {
            for (int i = 0; i < ids.length && i < SCAN; i++) {
                if (ids[i] == id) {
                    return i;
                }
            }
            Integer i = positions.get(id);
            if (i == null) {
                throw new IllegalArgumentException("the job has no vertex '" + id + "'");
            }
            return i;
        }
    }
}
