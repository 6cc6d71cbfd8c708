package io.github.slotwise.assignment;

import io.github.slotwise.keygroup.KeyGroupOverlap;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps subtasks where their old state is, optimally: of all assignments it picks one with the
 * highest total {@link LocalityScore}, the score Flink's {@code StateLocalitySlotAssigner} maximises
 * greedily. The total is never lower than {@link FlinkStateLocalitySlotAssigner}'s and often
 * higher: Flink takes the best pair first even when that pair blocks two others worth more.
 *
 * <ol>
 *   <li>Score the (execution slot-sharing group, slot) pairs exactly as {@link
 *       FlinkStateLocalitySlotAssigner} does: default resolver, one linear {@link
 *       KeyGroupOverlap#forEachOverlap sweep} per vertex, pairs of several vertices summed, slots
 *       that left the pool ignored.
 *   <li>Find a maximum-weight matching of groups to slots over the positive pairs only. Each
 *       vertex's pairs form a staircase that never crosses itself, so the pair graph usually splits
 *       into paths (or trees), which a linear dynamic program solves exactly; a component with a
 *       cycle (vertices of different parallelism that shared slots) falls back to exact successive
 *       shortest augmenting paths on that component alone.
 *   <li>Leftover groups, in resolver order, take leftover slots in pool order, one each, as in
 *       {@link FlinkStateLocalitySlotAssigner}. A leftover pair never scores: if it did, the
 *       matching would not be maximal.
 * </ol>
 *
 * <p>Deterministic: among several optimal assignments the one returned is fixed by resolver order
 * and pool order (the order components, groups and slots are visited; on a tie a pair is kept
 * rather than dropped), never by hashing. Assignments are listed in resolver order. With no previous
 * placement it reduces to the leftover step: groups in resolver order zipped with slots in pool
 * order, the same as {@link FlinkDefaultSlotAssigner}.
 *
 * <p>Time: {@code O(R + G + S)} for {@code R} swept pairs ({@code <= p_old + p_new - 1} per vertex),
 * {@code G} groups and {@code S} slots whenever the pair graph is a forest; see {@code
 * LocalityMatching} for cyclic components. Not a Flink algorithm: use it to see how much state
 * Flink's greedy choice moves that it need not.
 */
public final class OptimalStateLocalitySlotAssigner implements SlotAssigner {
    /** The registry name. */
    public static final String NAME = "optimal-state-locality";

    /** Creates the assigner; it holds no state. */
    public OptimalStateLocalitySlotAssigner() {}

    @Override
    public String name() {
        return NAME;
    }

    /** One line for people, as {@code slotwise simulate --list} shows it. */
    @Override
    public String description() {
        return "state locality, optimal: the assignment with the highest total locality score (not Flink's)";
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(NAME, request);
        List<ExecutionSlotSharingGroup> groups =
                DefaultSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan());
        PoolIndex pool = new PoolIndex(request.pool());
        List<String> why = new ArrayList<>();
        why.add(String.format(
                "%s: %d execution slot-sharing group(s) from the default resolver, %d free slot(s); the"
                        + " (group, previous slot) pairs with the highest total locality score",
                NAME, groups.size(), pool.size()));

        LocalityGraph graph = LocalityGraph.of(request, groups, pool);
        why.addAll(graph.missingSlotLines());
        LocalityMatching.Result matching = LocalityMatching.solve(graph);
        int[] matchOfGroup = matching.matchOfGroup();
        long total = 0;
        int kept = 0;
        for (int g = 0; g < groups.size(); g++) {
            int e = matchOfGroup[g];
            if (e >= 0) {
                total += graph.score[e];
                kept++;
            }
        }
        why.add(String.format(
                "%d (group, slot) pair(s) with a positive locality score in %d component(s) (%d solved by"
                        + " dynamic programming, %d by augmenting paths); %d pair(s) kept, total score %d",
                graph.edgeCount,
                matching.treeComponents() + matching.cyclicComponents(),
                matching.treeComponents(),
                matching.cyclicComponents(),
                kept,
                total));

        int[] slotOf = new int[groups.size()];
        long[] scoreOf = new long[groups.size()]; // kept apart so the explanation holds no graph
        for (int g = 0; g < groups.size(); g++) {
            int e = matchOfGroup[g];
            slotOf[g] = e >= 0 ? graph.slot[e] : -1;
            scoreOf[g] = e >= 0 ? graph.score[e] : 0;
        }
        return LocalityGraph.complete(
                NAME, request, groups, pool, slotOf, why, g -> "locality score " + scoreOf[g] + " (optimal matching)");
    }

    @Override
    public String toString() {
        return NAME;
    }
}
