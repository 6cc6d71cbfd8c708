package io.github.slotwise.assignment;

import io.github.slotwise.keygroup.KeyGroupOverlap;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The (execution slot-sharing group, slot) pairs of a request that score a positive {@link
 * LocalityScore}, as a sparse bipartite graph over group and slot positions: the input both
 * state-locality assigners work on.
 *
 * <p>The score of a pair is Flink's: the sum, over the group's subtasks and the old subtask of the
 * same vertex that ran in the slot, of {@link LocalityScore} for the key groups they share. Each
 * vertex's overlaps come from one {@link KeyGroupOverlap#forEachOverlap sweep} ({@code p_old +
 * p_new - 1} pairs at most) or, for a vertex whose previous placement carries explicit key-group
 * ranges, from each old range meeting the new subtasks it overlaps (as many pairs as there are
 * overlaps; every pair Flink scores above 0 and no other), and pairs named by several vertices are
 * merged, so building the graph takes {@code O(R + G + S)} time for {@code R} swept pairs, {@code G}
 * groups and {@code S} slots: two stable counting sorts, no hashing per pair and no comparison sort.
 *
 * <p>Group positions follow the order of the resolver's list, which must be the default resolver's
 * (group {@code i} of a slot-sharing group holds subtask {@code i} of each member), so subtask
 * {@code j} of a vertex is in the group at its slot-sharing group's first position plus {@code j}.
 * Slot positions are {@link PoolIndex} positions. A previous slot that is not in the pool adds no
 * edge; its id is kept for the explanation.
 */
final class LocalityGraph {
    /** The number of groups. */
    final int groupCount;
    /** The number of slots. */
    final int slotCount;
    /** The number of edges. */
    final int edgeCount;
    /** Edge to group position; edges are sorted by group, then slot. */
    final int[] group;
    /** Edge to slot position. */
    final int[] slot;
    /** Edge to its score, always positive. */
    final long[] score;
    /** Group position to its first edge; {@code groupStart[groupCount] == edgeCount}. */
    final int[] groupStart;
    /** Previous slots that are not in the pool, in the order they were met. */
    final List<String> missingSlots;

    private LocalityGraph(
            int groupCount,
            int slotCount,
            int edgeCount,
            int[] group,
            int[] slot,
            long[] score,
            int[] groupStart,
            List<String> missingSlots) {
        this.groupCount = groupCount;
        this.slotCount = slotCount;
        this.edgeCount = edgeCount;
        this.group = group;
        this.slot = slot;
        this.score = score;
        this.groupStart = groupStart;
        this.missingSlots = missingSlots;
    }

    /**
     * Builds the graph of a request.
     *
     * @param groups the default resolver's groups for the request's plan
     * @param pool the request's pool
     */
    static LocalityGraph of(AssignmentRequest request, List<ExecutionSlotSharingGroup> groups, PoolIndex pool) {
        return of(request, groups, pool, LocalityScore.Scoring.STATE_BYTES);
    }

    /**
     * Builds the graph of a request, scoring pairs with the given Flink line's scoring.
     *
     * @param groups the default resolver's groups for the request's plan
     * @param pool the request's pool
     */
    static LocalityGraph of(
            AssignmentRequest request,
            List<ExecutionSlotSharingGroup> groups,
            PoolIndex pool,
            LocalityScore.Scoring scoring) {
        // Which group each new subtask is in, per vertex: any resolver's grouping (the default one
        // puts subtask i of every vertex of a slot-sharing group in its group i, the task-balanced
        // one spreads them).
        Map<String, int[]> groupOfSubtask = new HashMap<>(); // lookups only
        for (JobVertex vertex : request.graph().vertices()) {
            groupOfSubtask.put(vertex.id(), new int[request.plan().parallelismOf(vertex.id())]);
        }
        for (int g = 0; g < groups.size(); g++) {
            for (SubtaskId subtask : groups.get(g).subtasks()) {
                groupOfSubtask.get(subtask.vertexId())[subtask.subtaskIndex()] = g;
            }
        }
        // Old ranges: derived ones are a partitioning, swept in one pass; a vertex with explicit
        // ranges has each old range meet the new subtasks it overlaps.
        List<JobVertex> vertices = request.graph().vertices();
        List<KeyGroupRange>[] explicit = explicitRanges(request);
        long capacity = 0;
        for (int v = 0; v < vertices.size(); v++) {
            JobVertex vertex = vertices.get(v);
            int before = request.previous().parallelismOf(vertex.id());
            if (explicit[v] != null) {
                capacity += KeyGroupOverlap.overlapCount(explicit[v], newRanges(request, vertex));
            } else if (before > 0) {
                capacity += before + request.plan().parallelismOf(vertex.id()) - 1;
            }
        }
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the previous placement's key-group ranges overlap the new subtasks'"
                    + " in " + capacity + " pairs, more than Slotwise can score at once");
        }
        Sweep sweep = new Sweep((int) capacity, scoring);
        Set<String> missing = new LinkedHashSet<>();
        for (int v = 0; v < vertices.size(); v++) {
            JobVertex vertex = vertices.get(v);
            List<SubtaskPlacement> before = request.previous().byVertex().get(vertex.id());
            if (before == null) {
                continue;
            }
            PoolIndex.Previous previous = pool.previous(before);
            int[] oldSlot = previous.slot();
            for (int o = 0; o < oldSlot.length; o++) {
                if (oldSlot[o] < 0) {
                    missing.add(before.get(o).slotId());
                }
            }
            KeyGroupPartitioning newRanges = newRanges(request, vertex);
            int[] oldSize = new int[before.size()];
            if (explicit[v] != null) {
                for (int o = 0; o < oldSize.length; o++) {
                    oldSize[o] = explicit[v].get(o).numberOfKeyGroups();
                }
                sweep.vertex(oldSlot, previous.stateBytes(), oldSize, groupOfSubtask.get(vertex.id()));
                KeyGroupOverlap.forEachOverlap(explicit[v], newRanges, sweep);
            } else {
                KeyGroupPartitioning oldRanges =
                        new KeyGroupPartitioning(vertex.effectiveMaxParallelism(), before.size());
                for (int o = 0; o < oldSize.length; o++) {
                    oldSize[o] = oldRanges.size(o);
                }
                sweep.vertex(oldSlot, previous.stateBytes(), oldSize, groupOfSubtask.get(vertex.id()));
                KeyGroupOverlap.forEachOverlap(oldRanges, newRanges, sweep);
            }
        }
        return sweep.merge(groups.size(), pool.size(), List.copyOf(missing));
    }

    private static KeyGroupPartitioning newRanges(AssignmentRequest request, JobVertex vertex) {
        return new KeyGroupPartitioning(
                vertex.effectiveMaxParallelism(), request.plan().parallelismOf(vertex.id()));
    }

    /**
     * Per graph vertex (by position), the old subtasks' ranges by old index if some of them are
     * explicit, else {@code null} (derived ranges only, or no previous run).
     */
    @SuppressWarnings("unchecked")
    static List<KeyGroupRange>[] explicitRanges(AssignmentRequest request) {
        List<JobVertex> vertices = request.graph().vertices();
        List<KeyGroupRange>[] result = new List[vertices.size()];
        if (!request.previous().hasExplicitKeyGroupRanges()) {
            return result;
        }
        for (int v = 0; v < vertices.size(); v++) {
            List<SubtaskPlacement> before =
                    request.previous().byVertex().get(vertices.get(v).id());
            if (before == null
                    || before.stream().noneMatch(p -> p.keyGroupRange().isPresent())) {
                continue;
            }
            List<KeyGroupRange> ranges = new ArrayList<>(before.size());
            for (SubtaskPlacement p : before) {
                ranges.add(request.previous().keyGroupRangeOf(p, vertices.get(v).effectiveMaxParallelism()));
            }
            result[v] = ranges;
        }
        return result;
    }

    /**
     * Builds a graph from raw pairs, summing repeated ones; for tests of the matching on arbitrary
     * bipartite graphs.
     *
     * @param score positive scores, one per pair
     */
    static LocalityGraph fromPairs(int groupCount, int slotCount, int[] group, int[] slot, long[] score) {
        Sweep sweep = new Sweep(group.length);
        for (int i = 0; i < group.length; i++) {
            if (score[i] <= 0) {
                throw new IllegalArgumentException("scores must be positive, got " + score[i]);
            }
            sweep.group[i] = group[i];
            sweep.slot[i] = slot[i];
            sweep.score[i] = score[i];
        }
        sweep.count = group.length;
        return sweep.merge(groupCount, slotCount, List.of());
    }

    /** Collects the swept pairs of one vertex after another into flat arrays. */
    private static final class Sweep implements KeyGroupOverlap.OverlapConsumer {
        final int[] group;
        final int[] slot;
        final long[] score;
        int count;

        private int[] oldSlot;
        private long[] oldState;
        private int[] oldSize;
        private int[] groupOf;

        private final LocalityScore.Scoring scoring;

        Sweep(int capacity) {
            this(capacity, LocalityScore.Scoring.STATE_BYTES);
        }

        Sweep(int capacity, LocalityScore.Scoring scoring) {
            this.scoring = scoring;
            group = new int[capacity];
            slot = new int[capacity];
            score = new long[capacity];
        }

        void vertex(int[] oldSlot, long[] oldState, int[] oldSize, int[] groupOf) {
            this.oldSlot = oldSlot;
            this.oldState = oldState;
            this.oldSize = oldSize;
            this.groupOf = groupOf;
        }

        @Override
        public void accept(int oldSubtask, int newSubtask, int start, int end) {
            int s = oldSlot[oldSubtask];
            if (s < 0) {
                return;
            }
            long value = scoring.score(end - start + 1, oldState[oldSubtask], oldSize[oldSubtask]);
            if (value > 0) {
                group[count] = groupOf[newSubtask];
                slot[count] = s;
                score[count] = value;
                count++;
            }
        }

        /** Sorts the pairs by (group, slot) with two stable counting sorts and sums duplicates. */
        LocalityGraph merge(int groupCount, int slotCount, List<String> missingSlots) {
            int[] bySlot = countingOrder(slot, count, slotCount, null);
            int[] order = countingOrder(group, count, groupCount, bySlot);
            int[] g = new int[count];
            int[] s = new int[count];
            long[] w = new long[count];
            int edges = 0;
            for (int k = 0; k < count; k++) {
                int i = order[k];
                if (edges > 0 && g[edges - 1] == group[i] && s[edges - 1] == slot[i]) {
                    w[edges - 1] += score[i];
                } else {
                    g[edges] = group[i];
                    s[edges] = slot[i];
                    w[edges] = score[i];
                    edges++;
                }
            }
            int[] groupStart = new int[groupCount + 1];
            for (int e = 0; e < edges; e++) {
                groupStart[g[e] + 1]++;
            }
            for (int x = 0; x < groupCount; x++) {
                groupStart[x + 1] += groupStart[x];
            }
            return new LocalityGraph(groupCount, slotCount, edges, g, s, w, groupStart, missingSlots);
        }
    }

    /**
     * A stable counting sort of item indexes by {@code key[item]} in {@code [0, range)}.
     *
     * @param items the indexes to sort, in their current order; {@code null} for {@code 0 .. n-1}
     * @return the indexes ordered by key, ties kept in their current order
     */
    static int[] countingOrder(int[] key, int n, int range, int[] items) {
        int[] start = new int[range + 1];
        for (int k = 0; k < n; k++) {
            start[key[k] + 1]++;
        }
        for (int x = 0; x < range; x++) {
            start[x + 1] += start[x];
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            int i = items == null ? k : items[k];
            out[start[key[i]]++] = i;
        }
        return out;
    }

    /**
     * The edges in slot order, then group order: for each slot position {@code s}, its edges are
     * {@code result[slotStart[s]] .. result[slotStart[s + 1] - 1]}, ascending by group.
     *
     * @param slotStart receives {@code slotCount + 1} offsets
     * @return edge ids
     */
    int[] edgesBySlot(int[] slotStart) {
        int[] order = countingOrder(slot, edgeCount, slotCount, null);
        java.util.Arrays.fill(slotStart, 0);
        for (int e = 0; e < edgeCount; e++) {
            slotStart[slot[e] + 1]++;
        }
        for (int x = 0; x < slotCount; x++) {
            slotStart[x + 1] += slotStart[x];
        }
        return order;
    }

    /**
     * Completes a locality assignment, the same way for every locality assigner: groups without a
     * slot ({@code slotOf[g] == -1}), in resolver order, take the free slots in pool order, one each;
     * then the assignments in resolver order, with an explanation whose per-group lines give {@code
     * keptReason} for a group that kept a pair and "no locality left" for the others.
     *
     * @param slotOf each group's slot position, -1 for none yet; filled in, then never changed
     * @param keptReason the reason of a group that kept a pair; must read only data nobody changes
     *     afterwards
     */
    static Assignment complete(
            String assignerName,
            AssignmentRequest request,
            List<ExecutionSlotSharingGroup> groups,
            PoolIndex pool,
            int[] slotOf,
            List<String> why,
            IntFunction<String> keptReason) {
        boolean[] slotTaken = new boolean[pool.size()];
        for (int s : slotOf) {
            if (s >= 0) {
                slotTaken[s] = true;
            }
        }
        boolean[] leftover = new boolean[slotOf.length];
        int free = 0;
        List<SlotAssignment> assignments = new ArrayList<>(groups.size());
        for (int g = 0; g < slotOf.length; g++) {
            if (slotOf[g] < 0) {
                while (slotTaken[free]) {
                    free++; // never runs past the end: there are at least as many slots as groups
                }
                slotTaken[free] = true;
                slotOf[g] = free;
                leftover[g] = true;
            }
            assignments.add(new SlotAssignment(groups.get(g), pool.slots.get(slotOf[g])));
        }
        List<String> explanation = Explanations.perGroup(
                why,
                groups,
                pool.slots,
                slotOf,
                g -> leftover[g] ? "no locality left: first free slot in pool order" : keptReason.apply(g));
        return Assignment.of(assignerName, request, pool, assignments, slotOf, explanation);
    }

    /** Explanation lines for previous slots that left the pool. */
    List<String> missingSlotLines() {
        List<String> lines = new ArrayList<>(missingSlots.size());
        for (String slotId : missingSlots) {
            lines.add("previous slot " + slotId + " is not in the pool: its locality is ignored (Flink only assigns"
                    + " free slots)");
        }
        return lines;
    }
}
