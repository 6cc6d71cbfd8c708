package io.github.slotwise.assignment;

import io.github.slotwise.keygroup.KeyGroupOverlap;
import io.github.slotwise.model.Slot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flink's {@code StateLocalitySlotAssigner} (used when {@code execution.state-recovery.from-local} is
 * on and the job ran before) over the default resolver: keep subtasks where their old state is.
 *
 * <ol>
 *   <li>Score every pair (execution slot-sharing group, slot that ran an old subtask): the sum, over
 *       the group's subtasks and every old subtask of the same vertex that ran in that slot, of
 *       {@link LocalityScore} for the key groups they share. Flink scores every vertex this way,
 *       keyed or not (all have key-group ranges). The overlaps come from one linear {@link
 *       KeyGroupOverlap#forEachOverlap sweep} per vertex, which yields exactly the pairs Flink scores
 *       positive: a pair without shared key groups scores 0 and Flink drops it.
 *   <li>Take the pairs by score descending, then slot position in {@link
 *       io.github.slotwise.model.SlotPool#slots()} order ascending (standing in for Flink's {@code
 *       AllocationID} order, which compares random ids), then group position in resolver order
 *       ascending (standing in for Flink's random UUID group id); assign a pair when both its group
 *       and its slot are still free.
 *   <li>Leftover groups, in resolver order, take leftover slots in pool order, one each (Flink
 *       iterates two {@code HashMap}s here).
 * </ol>
 *
 * <p>A previous slot that is not in the pool: Flink scores it but, when its pair is polled, skips it
 * because only free slots can be assigned; the group stays free for its next-best pair. Slotwise
 * drops such pairs up front, which gives the same result, and says so in the explanation.
 *
 * <p>Differences from Flink worth knowing: Flink uses the resolver of its load-balance mode here
 * (the task-balanced one in {@code TASKS} mode); this assigner always uses the default resolver. It
 * never picks minimal TaskManagers, as in Flink. With no previous placement it reduces to the
 * leftover step: groups in resolver order zipped with slots in pool order.
 */
public final class FlinkStateLocalitySlotAssigner implements SlotAssigner {
    /** The registry name. */
    public static final String NAME = "flink-state-locality";

    /** Creates the assigner; it holds no state. */
    public FlinkStateLocalitySlotAssigner() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(NAME, request);
        List<ExecutionSlotSharingGroup> groups =
                DefaultSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan());
        PoolIndex pool = new PoolIndex(request.pool());
        List<String> why = new ArrayList<>(groups.size() + 4);
        why.add(String.format(
                "%s: %d execution slot-sharing group(s) from the default resolver, %d free slot(s); pairs of"
                        + " (group, previous slot) by locality score, descending, ties by slot then group order",
                NAME, groups.size(), pool.size()));

        LocalityGraph graph = LocalityGraph.of(request, groups, pool);
        why.addAll(graph.missingSlotLines());
        why.add(graph.edgeCount + " (group, slot) pair(s) with a positive locality score");
        // Decide on positions only, then build the assignments and lines group by group (reading the
        // groups and slots front to back) into their places in Flink's poll order.
        int groupCount = groups.size();
        boolean[] slotTaken = new boolean[pool.size()];
        int[] slotOf = new int[groupCount];
        int[] placeOf = new int[groupCount]; // index in the assignment list
        long[] scoreOf = new long[groupCount];
        Arrays.fill(slotOf, -1);
        int placed = 0;
        for (int e : priorityOrder(graph)) {
            int g = graph.group[e];
            int s = graph.slot[e];
            if (slotOf[g] < 0 && !slotTaken[s]) {
                slotTaken[s] = true;
                slotOf[g] = s;
                scoreOf[g] = graph.score[e];
                placeOf[g] = placed++;
            }
        }
        int s = 0;
        boolean[] leftover = new boolean[groupCount];
        for (int g = 0; g < groupCount; g++) {
            if (slotOf[g] >= 0) {
                continue;
            }
            while (slotTaken[s]) {
                s++; // never runs past the end: there are at least as many slots as groups
            }
            slotTaken[s] = true;
            slotOf[g] = s;
            leftover[g] = true;
            placeOf[g] = placed++;
        }
        SlotAssignment[] assigned = new SlotAssignment[groupCount];
        String[] lines = new String[groupCount];
        int[] positions = new int[groupCount];
        for (int g = 0; g < groupCount; g++) {
            Slot slot = pool.slots.get(slotOf[g]);
            int k = placeOf[g];
            assigned[k] = new SlotAssignment(groups.get(g), slot);
            positions[k] = slotOf[g];
            lines[k] = leftover[g]
                    ? Explanations.placed(groups.get(g), slot, "no locality left: first free slot in pool order")
                    : Explanations.placed(groups.get(g), slot, "locality score ", scoreOf[g], "");
        }
        why.addAll(Arrays.asList(lines));
        List<SlotAssignment> assignments = Arrays.asList(assigned);
        return Assignment.of(NAME, request, pool, assignments, positions, why);
    }

    /**
     * Orders the edges as Flink's priority queue polls them: score descending, then slot position
     * ascending, then group position ascending. The graph lists edges by (group, slot); a stable
     * counting sort by slot gives (slot, group), and a stable counting sort by score rank puts the
     * scores on top, so the only comparison sort is over primitive scores.
     */
    static int[] priorityOrder(LocalityGraph graph) {
        int n = graph.edgeCount;
        int[] bySlot = LocalityGraph.countingOrder(graph.slot, n, graph.slotCount, null);
        long[] distinct = Arrays.copyOf(graph.score, n);
        Arrays.sort(distinct);
        int ranks = 0;
        for (int k = 0; k < n; k++) {
            if (ranks == 0 || distinct[ranks - 1] != distinct[k]) {
                distinct[ranks++] = distinct[k];
            }
        }
        int[] rank = new int[n];
        for (int e = 0; e < n; e++) {
            rank[e] = ranks - 1 - Arrays.binarySearch(distinct, 0, ranks, graph.score[e]); // highest first
        }
        return LocalityGraph.countingOrder(rank, n, ranks, bySlot);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
