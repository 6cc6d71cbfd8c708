package io.github.slotwise.assignment;

import io.github.slotwise.keygroup.KeyGroupOverlap;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        JobGraph graph = request.graph();
        List<ExecutionSlotSharingGroup> groups = DefaultSlotSharingResolver.INSTANCE.resolve(graph, request.plan());
        PoolIndex pool = new PoolIndex(request.pool());
        List<String> why = new ArrayList<>();
        why.add(String.format(
                "%s: %d execution slot-sharing group(s) from the default resolver, %d free slot(s); pairs of"
                        + " (group, previous slot) by locality score, descending, ties by slot then group order",
                NAME, groups.size(), pool.size()));

        long[][] pairs = scorePairs(request, groups, pool, why);
        boolean[] slotTaken = new boolean[pool.size()];
        boolean[] groupPlaced = new boolean[groups.size()];
        List<SlotAssignment> assignments = new ArrayList<>(groups.size());
        for (long[] pair : pairs) {
            int g = (int) pair[1];
            int s = (int) pair[2];
            if (!groupPlaced[g] && !slotTaken[s]) {
                groupPlaced[g] = true;
                slotTaken[s] = true;
                Slot slot = pool.slots.get(s);
                assignments.add(new SlotAssignment(groups.get(g), slot));
                why.add(Explanations.placed(groups.get(g), slot, "locality score " + pair[0]));
            }
        }
        int s = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (groupPlaced[g]) {
                continue;
            }
            while (slotTaken[s]) {
                s++; // never runs past the end: there are at least as many slots as groups
            }
            slotTaken[s] = true;
            Slot slot = pool.slots.get(s);
            assignments.add(new SlotAssignment(groups.get(g), slot));
            why.add(Explanations.placed(groups.get(g), slot, "no locality left: first free slot in pool order"));
        }
        return Assignment.of(NAME, request, assignments, why);
    }

    /**
     * Scores every (group, slot) pair with shared key groups.
     *
     * @return {@code {score, group position, slot position}} triples in priority order
     */
    private static long[][] scorePairs(
            AssignmentRequest request, List<ExecutionSlotSharingGroup> groups, PoolIndex pool, List<String> why) {
        Map<SubtaskId, Integer> groupOf = new HashMap<>(); // lookups only
        for (int g = 0; g < groups.size(); g++) {
            for (SubtaskId subtask : groups.get(g).subtasks()) {
                groupOf.put(subtask, g);
            }
        }
        // key = group * slots + slot; only read back through a sort, so hash order never shows
        Map<Long, Long> scores = new HashMap<>();
        Set<String> missingSlots = new LinkedHashSet<>(); // in sweep order, deterministic
        for (JobVertex vertex : request.graph().vertices()) {
            List<SubtaskPlacement> before = request.previous().byVertex().get(vertex.id());
            if (before == null) {
                continue;
            }
            int maxParallelism = vertex.effectiveMaxParallelism();
            KeyGroupPartitioning oldRanges = new KeyGroupPartitioning(maxParallelism, before.size());
            KeyGroupPartitioning newRanges =
                    new KeyGroupPartitioning(maxParallelism, request.plan().parallelismOf(vertex.id()));
            KeyGroupOverlap.forEachOverlap(oldRanges, newRanges, (oldSubtask, newSubtask, start, end) -> {
                SubtaskPlacement old = before.get(oldSubtask);
                int s = pool.positionOf(old.slotId());
                if (s < 0) {
                    missingSlots.add(old.slotId());
                    return;
                }
                long value = LocalityScore.of(end - start + 1, old.stateSizeBytes(), oldRanges.size(oldSubtask));
                if (value > 0) {
                    int g = groupOf.get(new SubtaskId(vertex.id(), newSubtask));
                    scores.merge((long) g * pool.size() + s, value, Long::sum);
                }
            });
        }
        for (String slotId : missingSlots) {
            why.add("previous slot " + slotId + " is not in the pool: its locality is ignored (Flink only assigns"
                    + " free slots)");
        }
        long[][] pairs = new long[scores.size()][];
        int i = 0;
        for (Map.Entry<Long, Long> e : scores.entrySet()) {
            pairs[i++] = new long[] {e.getValue(), e.getKey() / pool.size(), e.getKey() % pool.size()};
        }
        Arrays.sort(pairs, (a, b) -> {
            int c = Long.compare(b[0], a[0]); // score descending
            if (c != 0) {
                return c;
            }
            c = Long.compare(a[2], b[2]); // slot position ascending
            return c != 0 ? c : Long.compare(a[1], b[1]); // group position ascending
        });
        why.add(pairs.length + " (group, slot) pair(s) with a positive locality score");
        return pairs;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
