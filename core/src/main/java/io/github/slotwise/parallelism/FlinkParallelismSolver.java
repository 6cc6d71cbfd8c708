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

    /**
     * The solver that plans as the given Flink version's {@code determineParallelism}: {@link
     * Flink118ParallelismSolver} for 1.17 and 1.18 (a group's lowest lower bound counts), this rule for
     * 1.19 to 2.3 (after FLINK-33960: the highest). Checked against each line's jar by the version
     * matrix.
     *
     * @param flinkVersion {@code "1.17"} to {@code "2.3"}, optionally with a patch number
     * @return that version's solver
     * @throws IllegalArgumentException naming the value if it is not a version from 1.17 to 2.3
     */
    public static ParallelismSolver forFlinkVersion(String flinkVersion) {
        java.util.regex.Matcher m = flinkVersion == null
                ? null
                : java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?").matcher(flinkVersion.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(
                    "flinkVersion: not a Flink version such as 1.19 or 2.3.0: '" + flinkVersion + "'");
        }
        int line = Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2));
        if (line < 117 || line > 203 || (line > 120 && line < 200)) {
            throw new IllegalArgumentException(
                    "flinkVersion: Slotwise knows Flink 1.17 to 1.20 and 2.0 to 2.3, got '" + flinkVersion + "'");
        }
        return line <= 118 ? new Flink118ParallelismSolver() : new FlinkParallelismSolver();
    }

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
