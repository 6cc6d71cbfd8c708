package io.github.slotwise.parallelism;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flink's {@code SlotSharingSlotAllocator#determineParallelism} (Flink 1.19 to 2.3), decision for
 * decision.
 *
 * <ol>
 *   <li>Each slot-sharing group needs the highest lower bound of its vertices; if the sum exceeds the
 *       available slots there is no plan.
 *   <li>Groups are visited by ascending range (highest upper bound minus highest lower bound); each
 *       gets its minimum plus {@code min(range, optional / groupsLeft)}, where {@code optional} are
 *       the slots not yet assigned nor reserved for the minimums of the groups still to come. The
 *       integer-division remainder flows to groups visited later.
 *   <li>Each vertex runs at {@code min(upperBound, slots of its group)}.
 * </ol>
 *
 * <p>Flink breaks ties between groups of equal range by the hash order of its {@code
 * SlotSharingGroup} objects, which changes from run to run. Slotwise breaks them by {@link
 * JobGraph#slotSharingGroups()} order (a stable sort), so the same graph always gives the same plan;
 * give the graph Flink's order to reproduce one Flink run.
 */
public final class FlinkParallelismSolver implements ParallelismSolver {
    /** The solver's registry name. */
    public static final String NAME = "flink";

    /** Creates the solver; it holds no state. */
    public FlinkParallelismSolver() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Flink's rule: every vertex up to its upper bound, slot-sharing groups share the slots evenly";
    }

    @Override
    public int minimumSlots(JobGraph graph) {
        return GroupBounds.minimumSlots(GroupBounds.of(graph));
    }

    @Override
    public int desiredSlots(JobGraph graph) {
        return GroupBounds.desiredSlots(GroupBounds.of(graph));
    }

    @Override
    public ParallelismResult solve(JobGraph graph, int availableSlots) {
        if (availableSlots < 0) {
            throw new IllegalArgumentException("availableSlots must be >= 0, got " + availableSlots);
        }
        List<GroupBounds> bounds = GroupBounds.of(graph);
        int minimum = GroupBounds.minimumSlots(bounds);
        if (minimum > availableSlots) {
            return notEnoughSlots(bounds, availableSlots);
        }

        List<String> why = new ArrayList<>();
        // Plain concatenation, not String.format: one line per group, and the same digits in every locale.
        why.add(availableSlots + " slots for " + bounds.size() + " slot-sharing group(s): " + minimum
                + " reserved for lower bounds, " + GroupBounds.desiredSlots(bounds) + " desired");
        Map<String, Integer> slotsPerGroupById = distribute(bounds, availableSlots, why);
        int unassigned = availableSlots
                - slotsPerGroupById.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum();
        if (unassigned > 0) {
            why.add(unassigned + " slot(s) left unused: every group is at its upper bound");
        }

        Map<String, Integer> vertexParallelism = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            vertexParallelism.put(v.id(), Math.min(v.upperBound(), slotsPerGroupById.get(v.slotSharingGroup())));
        }
        Map<String, Integer> slotsPerGroup = new LinkedHashMap<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            slotsPerGroup.put(g.id(), slotsPerGroupById.get(g.id()));
        }
        return new ParallelismPlan(vertexParallelism, slotsPerGroup, availableSlots, ImmutableList.copyOf(why));
    }

    /** The answer when even the lower bounds do not fit, worded as Flink's rule explains it. */
    static NotEnoughSlots notEnoughSlots(List<GroupBounds> bounds, int availableSlots) {
        int minimum = GroupBounds.minimumSlots(bounds);
        return new NotEnoughSlots(
                minimum,
                availableSlots,
                List.of(String.format(
                        "%d slot-sharing group(s) need at least %d slots (sum of each group's highest lower"
                                + " bound), %d available: %d missing",
                        bounds.size(), minimum, availableSlots, minimum - availableSlots)));
    }

    /**
     * Flink's distribution of {@code availableSlots} over {@code bounds}: groups by ascending range
     * (ties in list order), each its minimum plus {@code min(range, optional / groupsLeft)}. Appends
     * one explanation line per group to {@code why}.
     *
     * @param bounds the groups, each with the lower bound it must get and the upper bound it may get
     * @param availableSlots at least the sum of the groups' lower bounds
     * @param why receives the explanation lines
     * @return slots per group id, in visit order
     */
    static Map<String, Integer> distribute(List<GroupBounds> bounds, int availableSlots, List<String> why) {
        List<GroupBounds> visitOrder = new ArrayList<>(bounds);
        visitOrder.sort(Comparator.comparingInt(GroupBounds::range)); // stable: ties keep group order

        Map<String, Integer> slotsPerGroupById = new LinkedHashMap<>();
        int unassigned = availableSlots;
        int groupsLeft = bounds.size();
        int minimumLeft = GroupBounds.minimumSlots(bounds);
        for (GroupBounds g : visitOrder) {
            int optional = unassigned - minimumLeft;
            int share = optional / groupsLeft;
            int slots = g.maxLowerBound() + Math.min(g.range(), share);
            why.add("group '" + g.groupId() + "' (range " + g.range() + " = " + g.maxUpperBound() + " - "
                    + g.maxLowerBound() + "): " + g.maxLowerBound() + " + min(" + g.range() + ", " + optional
                    + " free / " + groupsLeft + " groups) = " + slots + " slots");
            slotsPerGroupById.put(g.groupId(), slots);
            minimumLeft -= g.maxLowerBound();
            unassigned -= slots;
            groupsLeft--;
        }
        return slotsPerGroupById;
    }
}
