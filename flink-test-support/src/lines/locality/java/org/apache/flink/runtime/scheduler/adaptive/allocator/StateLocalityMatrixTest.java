package org.apache.flink.runtime.scheduler.adaptive.allocator;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.LocalityScore;
import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.JobGraphJobInformation;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan.SlotAssignment;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of {@link FlinkStateLocalitySlotAssigner}, with the scoring of the line under test
 * ({@link LocalityScore.Scoring#forFlinkVersion}), against that line's {@code
 * StateLocalitySlotAssigner}: one harness for 1.18 to 2.3 (the version matrix), what differs between
 * the lines in {@link FlinkLocality}.
 *
 * <p>Each case: a random job (1–4 slot-sharing groups, up to 16 slots on TaskManagers of 1–4 slots),
 * and previous allocations of most vertices (random old parallelism, slots of the pool and slots now
 * gone, state sizes 0, tiny and large). Allocation ids ascend with pool position, so Flink's {@code
 * AllocationID} tie-break and its leftover {@code HashMap<AllocationID, …>} follow pool order.
 *
 * <p>Where the line's groups carry random UUIDs (1.18 to 2.1), those ids break ties between groups
 * with the same score on the same slot and order the leftover groups; no order handed to Slotwise can
 * stand for them. There the test compares what the UUIDs cannot decide: every assignment Flink made on
 * a positive score (they are its greedy's: a group left over has no positive score with a slot left
 * over) and the set of slots the leftover groups took; cases where two groups tie on one slot are
 * counted as a listed difference, not compared. From 2.2 the ids are pinned to resolver order
 * ({@link FlinkLocality#PINNED_GROUP_IDS}) and the whole mapping is compared. Flink's scores, for
 * both, come from its own {@code calculateScore}.
 *
 * <p>Shared test support (flink-test-support/src/lines/locality). Seeded by {@code slotwise.seed}
 * (default {@value #DEFAULT_SEED}).
 */
class StateLocalityMatrixTest {
    static final long DEFAULT_SEED = 20261206L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int CASES = 4_000;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.inOrder(SEED, DifferentialResults.oracle());

    @Test
    void stateLocalityAssignmentsEqualTheLinesOwn() throws ReflectiveOperationException {
        run(TALLY, new SplittableRandom(SEED), CASES, false);
    }

    /**
     * Runs {@code cases} random cases and compares each: the whole mapping where the line's group ids
     * are pinned, else what its random group ids cannot decide.
     *
     * @param explicitRanges whether the previous allocations carry random key-group ranges (uneven,
     *     overlapping, from a smaller maxParallelism) instead of the ones their indexes give
     */
    static void run(DifferentialTally tally, SplittableRandom random, int cases, boolean explicitRanges)
            throws ReflectiveOperationException {
        LocalityScore.Scoring scoring = LocalityScore.Scoring.forFlinkVersion(DifferentialResults.flinkVersion());
        tally.count("Slotwise scoring " + scoring);
        FlinkStateLocalitySlotAssigner slotwise = new FlinkStateLocalitySlotAssigner(scoring);
        for (int c = 0; c < cases; c++) {
            Case k = new Case(random, explicitRanges, tally);
            List<SlotAssignment> flink = FlinkLocality.assign(k.info, k.slots, k.parallelism, k.previous);
            Assignment actual = slotwise.assign(new AssignmentRequest(k.graph, k.plan, k.pool, k.placement));
            Map<String, String> expected = flinkMapping(flink);
            Map<String, String> mine = new TreeMap<>();
            for (Map.Entry<SubtaskId, Slot> e : actual.slotBySubtask().entrySet()) {
                mine.put(e.getKey().toString(), e.getValue().id());
            }
            String where = tally.seed(c) + k.summary + ": ";
            if (FlinkLocality.PINNED_GROUP_IDS) {
                if (!expected.equals(mine)) {
                    fail(where + "Flink " + expected + "\n  Slotwise " + mine + "\n  " + actual.explanation());
                }
                tally.agreed(k.placement.isEmpty() ? "nothing before" : "whole mapping");
                if (FlinkLocality.TASK_BALANCED) {
                    compareTaskBalanced(tally, where, k, scoring);
                }
                continue;
            }
            Scores scores = scores(k, flink);
            if (scores.tie) {
                tally.listed("tie between groups on one slot, decided by Flink's random group ids");
                continue;
            }
            // Flink's positive-score assignments, and the slots its leftovers took, on both sides.
            Map<String, String> scoredFlink = new TreeMap<>();
            Set<String> leftoverSlotsFlink = new TreeSet<>();
            Map<String, String> scoredSlotwise = new TreeMap<>();
            Set<String> leftoverSlotsSlotwise = new TreeSet<>();
            split(flinkGroups(flink), scores, scoredFlink, leftoverSlotsFlink);
            split(slotwiseGroups(actual), scores, scoredSlotwise, leftoverSlotsSlotwise);
            if (!scoredFlink.equals(scoredSlotwise) || !leftoverSlotsFlink.equals(leftoverSlotsSlotwise)) {
                fail(where + "scored: Flink " + scoredFlink + ", Slotwise " + scoredSlotwise
                        + "; leftover slots: Flink " + leftoverSlotsFlink + ", Slotwise " + leftoverSlotsSlotwise
                        + "\n  " + actual.explanation());
            }
            tally.agreed(k.placement.isEmpty() ? "nothing before" : "scored assignments and leftover slots");
        }
    }

    /**
     * {@code TASKS} mode (2.2 on): Flink's assigner over its task-balanced resolver against {@link
     * FlinkStateLocalitySlotAssigner.Grouping#TASK_BALANCED}, whole mappings. Slotwise visits the
     * vertices in the order of Flink's resolver ({@code HashMap<JobVertexID, …>}); Flink's groups, a
     * {@code HashMap} order, are handed over in Slotwise's resolver order after checking that both
     * resolvers made the same groups.
     */
    private static void compareTaskBalanced(
            DifferentialTally tally, String where, Case k, LocalityScore.Scoring scoring) {
        List<io.github.slotwise.model.JobVertex> vertices = new ArrayList<>();
        for (JobVertexID id : FlinkLocality.taskBalancedVertexOrder(k.info, k.parallelism)) {
            vertices.add(k.graph.vertex(id.toHexString()));
        }
        JobGraph graph = JobGraph.builder().from(k.graph).vertices(vertices).build();
        Assignment actual = new FlinkStateLocalitySlotAssigner(
                        scoring, FlinkStateLocalitySlotAssigner.Grouping.TASK_BALANCED)
                .assign(new AssignmentRequest(graph, k.plan, k.pool, k.placement));
        Map<String, Integer> rank = new HashMap<>();
        for (io.github.slotwise.assignment.SlotAssignment a : actual.assignments()) {
            Set<String> content = new TreeSet<>();
            a.group().subtasks().forEach(t -> content.add(t.toString()));
            rank.put(content.toString(), rank.size());
        }
        Map<String, String> expected =
                flinkMapping(FlinkLocality.assignTaskBalanced(k.info, k.slots, k.parallelism, k.previous, rank::get));
        Map<String, String> mine = new TreeMap<>();
        actual.slotBySubtask().forEach((t, slot) -> mine.put(t.toString(), slot.id()));
        if (!expected.equals(mine)) {
            fail(where + "TASKS: Flink " + expected + "\n  Slotwise " + mine + "\n  " + actual.explanation());
        }
        tally.agreed(k.placement.isEmpty() ? "TASKS, nothing before" : "TASKS, whole mapping");
    }

    /** Group content (sorted "vertex#subtask" list) → slot, and Flink's score for each pair. */
    private record Scores(Map<String, Long> byPair, boolean tie, int positive) {}

    private static void split(
            Map<String, String> slotOfGroup, Scores scores, Map<String, String> scored, Set<String> leftoverSlots) {
        slotOfGroup.forEach((group, slot) -> {
            if (scores.byPair().getOrDefault(group + "@" + slot, 0L) > 0) {
                scored.put(group, slot);
            } else {
                leftoverSlots.add(slot);
            }
        });
    }

    /** Flink's scores of every (group, previous slot) pair, by its own {@code calculateScore}. */
    private static Scores scores(Case k, List<SlotAssignment> flink) throws ReflectiveOperationException {
        StateLocalitySlotAssigner assigner = FlinkLocality.assigner();
        Method calculate = null;
        for (Method m : StateLocalitySlotAssigner.class.getDeclaredMethods()) {
            if (m.getName().equals("calculateScore") && m.getParameterCount() == 4) {
                calculate = m;
            }
        }
        if (calculate == null) {
            throw new IllegalStateException("no calculateScore in " + DifferentialResults.oracle());
        }
        calculate.setAccessible(true);
        Map<JobVertexID, Integer> parallelism = new HashMap<>();
        for (JobVertexID id : k.parallelism.getVertices()) {
            parallelism.put(id, k.parallelism.getParallelism(id));
        }
        Map<String, Long> byPair = new HashMap<>();
        List<Object[]> pairs = new ArrayList<>(); // {score, slot position, group content}
        Map<String, Integer> position = new HashMap<>();
        for (int s = 0; s < k.slots.size(); s++) {
            position.put(k.slots.get(s).getAllocationId().toHexString(), s);
        }
        int n = 0;
        for (SlotAssignment a : flink) {
            SlotSharingSlotAllocator.ExecutionSlotSharingGroup original =
                    a.getTargetAs(SlotSharingSlotAllocator.ExecutionSlotSharingGroup.class);
            SlotSharingSlotAllocator.ExecutionSlotSharingGroup group = FlinkLocality.group(
                    "g" + n++,
                    k.groupOf.get(original.getContainedExecutionVertices()
                            .iterator()
                            .next()
                            .getJobVertexId()),
                    new HashSet<>(original.getContainedExecutionVertices()));
            String content = content(group.getContainedExecutionVertices());
            for (Object score : (Collection<?>) calculate.invoke(assigner, group, parallelism, k.info, k.previous)) {
                Method getScore = score.getClass().getDeclaredMethod("getScore");
                Method getAllocation = score.getClass().getDeclaredMethod("getAllocationId");
                getScore.setAccessible(true);
                getAllocation.setAccessible(true);
                long value = (Long) getScore.invoke(score);
                String slot = ((AllocationID) getAllocation.invoke(score)).toHexString();
                byPair.put(content + "@" + slot, value);
                if (value > 0 && position.containsKey(slot)) {
                    pairs.add(new Object[] {value, position.get(slot), content, slot});
                }
            }
        }
        // Walk the pairs in Flink's order up to its group-id tie-break (score descending, then
        // allocation id, which ascends with pool position): a tie decides something only where two
        // groups, both still free, share the best score on a slot that is still free.
        pairs.sort((x, y) -> {
            int byScore = Long.compare((Long) y[0], (Long) x[0]);
            return byScore != 0 ? byScore : Integer.compare((Integer) x[1], (Integer) y[1]);
        });
        Set<String> takenGroups = new HashSet<>();
        Set<String> takenSlots = new HashSet<>();
        boolean tie = false;
        for (int i = 0; i < pairs.size() && !tie; ) {
            int j = i;
            List<String> free = new ArrayList<>();
            while (j < pairs.size()
                    && pairs.get(j)[0].equals(pairs.get(i)[0])
                    && pairs.get(j)[1].equals(pairs.get(i)[1])) {
                if (!takenGroups.contains((String) pairs.get(j)[2])) {
                    free.add((String) pairs.get(j)[2]);
                }
                j++;
            }
            String slot = (String) pairs.get(i)[3];
            if (!takenSlots.contains(slot) && !free.isEmpty()) {
                tie = free.size() > 1;
                takenGroups.add(free.get(0));
                takenSlots.add(slot);
            }
            i = j;
        }
        int positive = pairs.size();
        return new Scores(byPair, tie, positive);
    }

    private static String content(Collection<ExecutionVertexID> vertices) {
        Set<String> content = new TreeSet<>();
        vertices.forEach(e -> content.add(e.getJobVertexId().toHexString() + "#" + e.getSubtaskIndex()));
        return content.toString();
    }

    static Map<String, String> flinkMapping(List<SlotAssignment> assignments) {
        Map<String, String> mapping = new TreeMap<>();
        for (SlotAssignment a : assignments) {
            for (ExecutionVertexID e : a.getTargetAs(SlotSharingSlotAllocator.ExecutionSlotSharingGroup.class)
                    .getContainedExecutionVertices()) {
                mapping.put(
                        e.getJobVertexId().toHexString() + "#" + e.getSubtaskIndex(),
                        a.getSlotInfo().getAllocationId().toHexString());
            }
        }
        return mapping;
    }

    private static Map<String, String> flinkGroups(List<SlotAssignment> assignments) {
        Map<String, String> groups = new TreeMap<>();
        for (SlotAssignment a : assignments) {
            groups.put(
                    content(a.getTargetAs(SlotSharingSlotAllocator.ExecutionSlotSharingGroup.class)
                            .getContainedExecutionVertices()),
                    a.getSlotInfo().getAllocationId().toHexString());
        }
        return groups;
    }

    private static Map<String, String> slotwiseGroups(Assignment assignment) {
        Map<String, String> groups = new TreeMap<>();
        for (io.github.slotwise.assignment.SlotAssignment a : assignment.assignments()) {
            Set<String> content = new TreeSet<>();
            a.group().subtasks().forEach(s -> content.add(s.toString()));
            groups.put(content.toString(), a.slot().id());
        }
        return groups;
    }

    /**
     * Key-group ranges for {@code old} previous allocations of a vertex with {@code max} key groups, as
     * Flink's {@code JobAllocationsInformation} may carry them: ranges of a smaller maxParallelism,
     * an uneven split, one wide range beside one-key-group siblings, or independent random ranges
     * (overlapping, leaving gaps); a fifth of the vertices keep the ranges their indexes give.
     */
    static List<KeyGroupRange> randomRanges(SplittableRandom random, int max, int old, DifferentialTally tally) {
        List<KeyGroupRange> ranges = new ArrayList<>();
        int kind = random.nextInt(5);
        if (kind == 1 && max == old) {
            kind = 0; // no smaller maxParallelism holds old subtasks
        }
        switch (kind) {
            case 1 -> {
                int otherMax = old + random.nextInt(max - old);
                tally.count("ranges: from maxParallelism " + (otherMax < max / 2 ? "< M/2" : ">= M/2") + " (not M)");
                for (int i = 0; i < old; i++) {
                    ranges.add(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(otherMax, old, i));
                }
            }
            case 2 -> {
                tally.count("ranges: uneven split of [0, M)");
                TreeSet<Integer> cuts = new TreeSet<>();
                while (cuts.size() < old - 1) {
                    cuts.add(1 + random.nextInt(max - 1));
                }
                int start = 0;
                for (int cut : cuts) {
                    ranges.add(new KeyGroupRange(start, cut - 1));
                    start = cut;
                }
                ranges.add(new KeyGroupRange(start, max - 1));
                Collections.shuffle(ranges, new java.util.Random(random.nextLong()));
            }
            case 3 -> {
                tally.count("ranges: one wide, siblings one key group each");
                int wide = random.nextInt(old);
                for (int i = 0; i < old; i++) {
                    int kg = random.nextInt(max);
                    ranges.add(i == wide ? new KeyGroupRange(0, (max - 1) / 2) : new KeyGroupRange(kg, kg));
                }
            }
            case 4 -> {
                tally.count("ranges: random, overlapping");
                for (int i = 0; i < old; i++) {
                    int start = random.nextInt(max);
                    ranges.add(new KeyGroupRange(start, start + random.nextInt(max - start)));
                }
            }
            default -> {
                tally.count("ranges: the derived ones, given explicitly");
                for (int i = 0; i < old; i++) {
                    ranges.add(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(max, old, i));
                }
            }
        }
        return ranges;
    }

    /** One random job, pool and previous run, in Flink's and Slotwise's types. */
    static final class Case {
        final JobInformation info;
        final VertexParallelism parallelism;
        final List<PhysicalSlot> slots = new ArrayList<>();
        final JobAllocationsInformation previous;
        final Map<JobVertexID, SlotSharingGroup> groupOf = new HashMap<>();
        final JobGraph graph;
        final ParallelismPlan plan;
        final SlotPool pool;
        final PreviousPlacement placement;
        final String summary;

        Case(SplittableRandom random, boolean explicitRanges, DifferentialTally tally) {
            org.apache.flink.runtime.jobgraph.JobGraph flinkGraph =
                    new org.apache.flink.runtime.jobgraph.JobGraph("random");
            int groupCount = 1 + random.nextInt(4);
            int maxSlots = 16;
            List<SlotSharingGroup> groups = new ArrayList<>();
            List<Integer> groupSlots = new ArrayList<>();
            int used = 0;
            for (int g = 0; g < groupCount; g++) {
                groups.add(new SlotSharingGroup());
                int left = maxSlots - used - (groupCount - g - 1);
                int s = 1 + random.nextInt(Math.max(1, Math.min(left, maxSlots / 2)));
                groupSlots.add(s);
                used += s;
            }
            DefaultVertexParallelismStore store = new DefaultVertexParallelismStore();
            Map<JobVertexID, Integer> parallelismById = new HashMap<>();
            Map<String, Integer> byVertex = new LinkedHashMap<>();
            List<JobVertex> vertices = new ArrayList<>();
            List<io.github.slotwise.model.JobVertex> slotwiseVertices = new ArrayList<>();
            int vertexCount = groupCount + random.nextInt(6);
            for (int i = 0; i < vertexCount; i++) {
                int g = i < groupCount ? i : random.nextInt(groupCount);
                JobVertex v = new JobVertex("v" + i, new JobVertexID(random.nextLong(), random.nextLong()));
                v.setInvokableClass(AbstractInvokable.class);
                v.setSlotSharingGroup(groups.get(g));
                int p = i < groupCount ? groupSlots.get(g) : 1 + random.nextInt(groupSlots.get(g));
                int max = Math.max(p, random.nextInt(3) == 0 ? 1 + random.nextInt(8) : 1 + random.nextInt(256));
                v.setMaxParallelism(max);
                v.setParallelism(p);
                store.setParallelismInfo(v.getID(), FlinkAllocators.parallelismInfo(1, max, max));
                parallelismById.put(v.getID(), p);
                groupOf.put(v.getID(), groups.get(g));
                vertices.add(v);
                flinkGraph.addVertex(v);
                String id = v.getID().toHexString();
                byVertex.put(id, p);
                slotwiseVertices.add(io.github.slotwise.model.JobVertex.builder()
                        .id(id)
                        .name(id)
                        .parallelism(p)
                        .maxParallelism(max)
                        .upperBound(max)
                        .slotSharingGroup(groups.get(g).getSlotSharingGroupId().toHexString())
                        .build());
            }
            info = new JobGraphJobInformation(flinkGraph, store);
            parallelism = new VertexParallelism(parallelismById);
            // Slotwise's groups in the order Flink's resolver visits them: getSlotSharingGroups().
            List<String> resolverOrder = new ArrayList<>();
            for (SlotSharingGroup g : info.getSlotSharingGroups()) {
                resolverOrder.add(g.getSlotSharingGroupId().toHexString());
            }
            graph = JobGraph.builder()
                    .vertices(slotwiseVertices)
                    .slotSharingGroupOrder(resolverOrder)
                    .build();

            // Slots on TaskManagers of 1..4 slots in a random pool order; allocation ids and hash
            // codes ascend with pool position.
            int slotCount = Math.min(maxSlots, used + random.nextInt(5));
            List<String> tmOfSlot = new ArrayList<>();
            int taskManagers = 0;
            while (tmOfSlot.size() < slotCount) {
                int size = 1 + random.nextInt(4);
                for (int i = 0; i < size && tmOfSlot.size() < slotCount; i++) {
                    tmOfSlot.add("tm-" + taskManagers);
                }
                taskManagers++;
            }
            Collections.shuffle(tmOfSlot, new java.util.Random(random.nextLong()));
            Map<String, TaskManager.Builder> tms = new LinkedHashMap<>();
            Map<String, org.apache.flink.runtime.taskmanager.TaskManagerLocation> locations = new HashMap<>();
            List<String> slotOrder = new ArrayList<>();
            for (int s = 0; s < slotCount; s++) {
                String tm = tmOfSlot.get(s);
                AllocationID id = new AllocationID(s, 0);
                slots.add(new SlotwiseTestSlot(id, locations.computeIfAbsent(tm, SlotwiseTestSlot::location), s));
                tms.computeIfAbsent(tm, t -> TaskManager.builder().id(t)).addExplicitSlotIds(id.toHexString());
                slotOrder.add(id.toHexString());
            }
            SlotPool.Builder poolBuilder = SlotPool.builder().slotOrder(slotOrder);
            tms.forEach((tm, b) -> poolBuilder.addTaskManagers(
                    b.numberOfSlots(Collections.frequency(tmOfSlot, tm)).build()));
            pool = poolBuilder.build();
            Map<String, Integer> slotsPerGroup = new LinkedHashMap<>();
            for (io.github.slotwise.model.SlotSharingGroup g : graph.slotSharingGroups()) {
                slotsPerGroup.put(
                        g.id(),
                        g.vertexIds().stream().mapToInt(byVertex::get).max().orElse(0));
            }
            plan = new ParallelismPlan(byVertex, slotsPerGroup, slotCount, List.of());

            // Previous allocations: most vertices ran before, in pool slots or slots now gone.
            Map<JobVertexID, List<JobAllocationsInformation.VertexAllocationInformation>> before = new HashMap<>();
            PreviousPlacement.Builder placementBuilder = PreviousPlacement.builder();
            int wraps = 0;
            if (random.nextInt(8) != 0) {
                for (JobVertex v : vertices) {
                    if (random.nextInt(4) == 0) {
                        continue;
                    }
                    int max = v.getMaxParallelism();
                    List<AllocationID> candidates = new ArrayList<>();
                    for (int s = 0; s < slotCount; s++) {
                        candidates.add(new AllocationID(s, 0));
                    }
                    for (int gone = random.nextInt(4); gone > 0; gone--) {
                        candidates.add(new AllocationID(1000 + gone, 0));
                    }
                    Collections.shuffle(candidates, new java.util.Random(random.nextLong()));
                    int old = 1 + random.nextInt(Math.min(max, candidates.size()));
                    List<KeyGroupRange> ranges = explicitRanges ? randomRanges(random, max, old, tally) : null;
                    List<JobAllocationsInformation.VertexAllocationInformation> list = new ArrayList<>();
                    for (int i = 0; i < old; i++) {
                        KeyGroupRange range = ranges != null
                                ? ranges.get(i)
                                : KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(max, old, i);
                        long state =
                                switch (random.nextInt(4)) {
                                    case 0 -> 0;
                                    case 1 -> 1 + random.nextInt(4);
                                    default -> random.nextLong(1L << 40);
                                };
                        if (explicitRanges && range.getNumberOfKeyGroups() % 16 == 0 && wraps < 6) {
                            // 2^60 bytes over a multiple of 16 key groups: Flink's stateSize *
                            // |range| wraps to 0 and the pair scores as if there were no state
                            state = 1L << 60;
                            wraps++;
                            tally.count("state 2^60 (Flink's product wraps to 0)");
                        }
                        list.add(FlinkLocality.allocation(candidates.get(i), v.getID(), range, state));
                        String vertexId = v.getID().toHexString();
                        String slotId = candidates.get(i).toHexString();
                        placementBuilder.addPlacements(
                                ranges == null
                                        ? SubtaskPlacement.of(vertexId, i, slotId, state)
                                        : SubtaskPlacement.of(
                                                vertexId,
                                                i,
                                                slotId,
                                                state,
                                                new io.github.slotwise.keygroup.KeyGroupRange(
                                                        range.getStartKeyGroup(), range.getEndKeyGroup())));
                    }
                    Collections.shuffle(list, new java.util.Random(random.nextLong()));
                    before.put(v.getID(), list);
                }
            }
            previous = FlinkLocality.allocations(before);
            placement = placementBuilder.build();
            summary = "groups " + groupSlots + ", " + vertexCount + " vertices, " + slotCount + " slots on "
                    + taskManagers + " TaskManagers, previous of " + before.size() + " vertices";
        }
    }
}
