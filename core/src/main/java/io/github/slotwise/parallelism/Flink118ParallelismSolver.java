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
 * Flink 1.18's {@code SlotSharingSlotAllocator#determineParallelism}, before FLINK-33960 changed how a
 * slot-sharing group's bounds are derived from its vertices (1.19 on: {@link FlinkParallelismSolver}).
 *
 * <ol>
 *   <li>A group's minimum is the <em>lowest</em> lower bound of its vertices (1.19 on: the highest); if
 *       the minimums add up to more than the available slots there is no plan.
 *   <li>Groups are visited by ascending range, where a group's range is the largest {@code upper -
 *       lower} of any one of its vertices (1.19 on: highest upper minus highest lower); each gets its
 *       minimum plus {@code min(highest upper - minimum, optional / groupsLeft)}, {@code optional} being
 *       the slots not yet assigned nor reserved for the minimums of the groups still to come.
 *   <li>Each vertex runs at {@code min(upperBound, slots of its group)}: a vertex whose lower bound is
 *       above its group's minimum can get less than its lower bound, as in Flink 1.18.
 * </ol>
 *
 * <p>Without lower bounds above 1 (every job before 1.18's FLIP-291 requirements, and Flink 1.17,
 * whose rule gives every group {@code min(upper, free / groupsLeft)}) it plans exactly as {@link
 * FlinkParallelismSolver}. Ties between groups of equal range follow {@link JobGraph#slotSharingGroups()}
 * order (a stable sort), where Flink follows a hash order. Checked against flink-runtime 1.18.1 by the
 * version matrix ({@code ParallelismMatrixTest}).
 */
public final class Flink118ParallelismSolver implements ParallelismSolver {
    /** The solver's name. */
    public static final String NAME = "flink-1.18";

    /** A stateless solver. */
    public Flink118ParallelismSolver() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int minimumSlots(JobGraph graph) {
        return groups(graph).stream().mapToInt(Group::minimum).sum();
    }

    @Override
    public int desiredSlots(JobGraph graph) {
        return groups(graph).stream().mapToInt(Group::maxUpper).sum();
    }

    @Override
    public ParallelismResult solve(JobGraph graph, int availableSlots) {
        if (availableSlots < 0) {
            throw new IllegalArgumentException("availableSlots must be >= 0, got " + availableSlots);
        }
        List<Group> groups = groups(graph);
        int minimum = groups.stream().mapToInt(Group::minimum).sum();
        if (minimum > availableSlots) {
            return new NotEnoughSlots(
                    minimum,
                    availableSlots,
                    List.of(groups.size() + " slot-sharing group(s) need at least " + minimum
                            + " slots (sum of each group's lowest lower bound, Flink 1.18), " + availableSlots
                            + " available: " + (minimum - availableSlots) + " missing"));
        }
        List<String> why = new ArrayList<>();
        why.add(availableSlots + " slots for " + groups.size() + " slot-sharing group(s) (Flink 1.18's rule): "
                + minimum + " reserved for lower bounds");
        List<Group> visitOrder = new ArrayList<>(groups);
        visitOrder.sort(Comparator.comparingInt(Group::range)); // stable: ties keep group order
        Map<String, Integer> slotsById = new LinkedHashMap<>();
        int unassigned = availableSlots;
        int groupsLeft = groups.size();
        int minimumLeft = minimum;
        for (Group g : visitOrder) {
            int optional = unassigned - minimumLeft;
            int slots = g.minimum() + Math.min(g.maxUpper() - g.minimum(), optional / groupsLeft);
            why.add("group '" + g.id() + "' (range " + g.range() + ", lowest lower bound " + g.minimum()
                    + ", highest upper bound " + g.maxUpper() + "): " + slots + " slots");
            slotsById.put(g.id(), slots);
            minimumLeft -= g.minimum();
            unassigned -= slots;
            groupsLeft--;
        }
        Map<String, Integer> vertexParallelism = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            vertexParallelism.put(v.id(), Math.min(v.upperBound(), slotsById.get(v.slotSharingGroup())));
        }
        Map<String, Integer> slotsPerGroup = new LinkedHashMap<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            slotsPerGroup.put(g.id(), slotsById.get(g.id()));
        }
        return new ParallelismPlan(vertexParallelism, slotsPerGroup, availableSlots, ImmutableList.copyOf(why));
    }

    /** A group as Flink 1.18 sees it: lowest lower bound, highest upper bound, largest vertex range. */
    private record Group(String id, int minimum, int maxUpper, int range) {}

    private static List<Group> groups(JobGraph graph) {
        List<Group> groups = new ArrayList<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            int minLower = Integer.MAX_VALUE;
            int maxUpper = 0;
            int range = 0;
            for (JobVertex v : graph.verticesOf(g)) {
                minLower = Math.min(minLower, v.lowerBound());
                maxUpper = Math.max(maxUpper, v.upperBound());
                range = Math.max(range, v.upperBound() - v.lowerBound());
            }
            groups.add(new Group(g.id(), minLower, maxUpper, range));
        }
        return groups;
    }
}
