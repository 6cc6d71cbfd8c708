package org.apache.flink.runtime.scheduler.adaptive.allocator;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.FlinkSlotsBalancedSlotAssigner;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.FlinkTasksBalancedSlotAssigner;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.flink.FlinkIds;
import io.github.slotwise.flink.FlinkJobGraphs;
import io.github.slotwise.flink.FlinkPlans;
import io.github.slotwise.flink.FlinkPreviousPlacements;
import io.github.slotwise.flink.FlinkSlotAssignmentOptions;
import io.github.slotwise.flink.FlinkSlotPools;
import io.github.slotwise.flink.SlotwiseSlotAllocator;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.flink.configuration.TaskManagerOptions.TaskManagerLoadBalanceMode;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.JobGraphJobInformation;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan.SlotAssignment;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation.VertexAllocationInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator.ExecutionSlotSharingGroup;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of the Slotwise assigners against Flink 2.3.0's own {@code DefaultSlotAssigner}
 * (with the simple, slots-balanced and tasks-balanced matchers, with and without the
 * minimal-TaskManager pick) and {@code StateLocalitySlotAssigner}, the oracles. It lives in Flink's
 * package because their constructors and resolvers are package-private.
 *
 * <p>Every random case compares the whole mapping (execution vertex → {@code AllocationID}). Flink
 * breaks ties by hash orders and random ids; the test makes each of them an order it can hand to
 * Slotwise, without changing what Flink computes:
 *
 * <ul>
 *   <li>slot-sharing groups: the order of Flink's {@code getSlotSharingGroups()} {@code HashSet},
 *       read by iterating it ({@link FlinkJobGraphs#resolverGroupOrder});
 *   <li>free slots: passed as a list in pool order; {@link SlotwiseTestSlot}'s hash code pins the
 *       {@code HashSet<PhysicalSlot>} iteration to pool order (pools of at most 16 slots, one bucket
 *       each, where Flink rebuilds and merges such sets: SLOTS and TASKS);
 *   <li>TaskManagers for the minimal pick: the key order of Flink's {@code HashMap<ResourceID, …>},
 *       read with {@link FlinkSlotPools#flinkTaskManagerOrder};
 *   <li>TASKS: vertices in the key order of the resolver's {@code HashMap<JobVertexID, …>} (read by
 *       calling it); its output, a {@code HashMap<ExecutionVertexID, …>} order, is handed to the
 *       matcher in Slotwise's resolver order after checking that both resolvers made the same groups;
 *   <li>state locality: allocation ids ascend with pool position (so Flink's {@code AllocationID}
 *       tie-break and its {@code HashMap<AllocationID, …>} leftovers follow pool order), and the
 *       random UUIDs of execution slot-sharing groups are replaced by one-character ids that sort and
 *       hash in resolver order.
 * </ul>
 *
 * <p>End to end, {@link SlotwiseSlotAllocator} in {@code FLINK_HASH} order is also compared with
 * {@code SlotSharingSlotAllocator#determineParallelismAndCalculateAssignment} (modes NONE, NONE in
 * application mode, SLOTS), with Flink's own resolvers and random group UUIDs.
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed.
 */
class SlotAssignerDifferentialTest {
    static final long DEFAULT_SEED = 20260602L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int CASES = 6_000;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.inOrder(SEED, "flink-runtime 2.3.0");

    @Test
    void assignmentsEqualFlinks() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < CASES; c++) {
            boolean small = c % 2 == 0; // at most 16 slots: SLOTS and TASKS need one bucket per slot
            Case k = Case.create(random, small ? 16 : 64, c % 4 == 1);
            String where = TALLY.seed(c) + k + ": ";

            compare(
                    where + "NONE",
                    k,
                    new DefaultSlotAssigner(
                            null, false, DefaultSlotSharingResolver.INSTANCE, SimpleSlotMatchingResolver.INSTANCE),
                    new FlinkDefaultSlotAssigner(false),
                    k.graph,
                    k.pool);
            compare(
                    where + "MIN_RESOURCES, application mode, prefer minimal TaskManagers",
                    k,
                    new DefaultSlotAssigner(
                            "embedded", true, DefaultSlotSharingResolver.INSTANCE, SimpleSlotMatchingResolver.INSTANCE),
                    new FlinkDefaultSlotAssigner(true),
                    k.graph,
                    k.poolInFlinkTaskManagerOrder());
            compare(
                    where + "NONE, session mode, prefer minimal TaskManagers",
                    k,
                    new DefaultSlotAssigner(
                            "remote", true, DefaultSlotSharingResolver.INSTANCE, SimpleSlotMatchingResolver.INSTANCE),
                    new FlinkDefaultSlotAssigner(false),
                    k.graph,
                    k.pool);
            if (small) {
                compare(
                        where + "SLOTS",
                        k,
                        new DefaultSlotAssigner(
                                null,
                                false,
                                DefaultSlotSharingResolver.INSTANCE,
                                SlotsBalancedSlotMatchingResolver.INSTANCE),
                        new FlinkSlotsBalancedSlotAssigner(),
                        k.graph,
                        k.pool);
                compare(
                        where + "SLOTS, application mode, prefer minimal TaskManagers",
                        k,
                        new DefaultSlotAssigner(
                                "embedded",
                                true,
                                DefaultSlotSharingResolver.INSTANCE,
                                SlotsBalancedSlotMatchingResolver.INSTANCE),
                        new FlinkSlotsBalancedSlotAssigner(true),
                        k.graph,
                        k.poolInFlinkTaskManagerOrder());
                compareTasks(where + "TASKS", k, false);
                compareTasks(where + "TASKS, application mode, prefer minimal TaskManagers", k, true);
            }
            compareStateLocality(where + "state locality", k);
            compareEndToEnd(where, k, small);
        }
    }

    private static void compare(
            String where, Case k, DefaultSlotAssigner flink, SlotAssigner slotwise, JobGraph graph, SlotPool pool) {
        Collection<SlotAssignment> expected =
                flink.assignSlots(k.info, k.slots, k.parallelism, JobAllocationsInformation.empty());
        Assignment actual = slotwise.assign(AssignmentRequest.firstStart(graph, k.plan(graph), pool));
        check(where, flinkMapping(expected), slotwiseMapping(actual), actual);
        TALLY.count(where.substring(where.lastIndexOf(": ") + 2));
    }

    private static void compareTasks(String where, Case k, boolean minimal) {
        // Slotwise visits vertices in the order Flink's resolver does: its HashMap<JobVertexID, …>.
        Map<JobVertexID, List<ExecutionVertexID>> flinkVertices =
                TaskBalancedSlotSharingResolver.getAllVertices(k.info, k.parallelism);
        List<io.github.slotwise.model.JobVertex> vertices = new ArrayList<>();
        flinkVertices.keySet().forEach(id -> vertices.add(k.graph.vertex(FlinkIds.vertexId(id))));
        JobGraph graph = JobGraph.builder().from(k.graph).vertices(vertices).build();
        SlotPool pool = minimal ? k.poolInFlinkTaskManagerOrder() : k.pool;
        Assignment actual = new FlinkTasksBalancedSlotAssigner(minimal)
                .assign(AssignmentRequest.firstStart(graph, k.plan(graph), pool));

        Collection<SlotAssignment> expected = FlinkLocality.assignTasksBalanced(
                k.info,
                k.slotsByRankInTaskManager,
                k.parallelism,
                minimal ? "embedded" : null,
                minimal,
                TasksBalancedSupport.resolverRank(actual, graph)::get);
        String mode = minimal ? "TASKS minimal" : "TASKS";
        if (TasksBalancedSupport.tied(actual, pool, minimal)) {
            // Two TaskManagers share the least load: Flink takes whichever slot its HashSet
            // yields first, which no order given to Slotwise can stand for.
            TALLY.count(mode + ": tie between TaskManagers, not compared");
            return;
        }
        check(where, flinkMapping(expected), slotwiseMapping(actual), actual);
        TALLY.count(mode);
    }

    private static void compareStateLocality(String where, Case k) {
        // Flink's random group UUIDs become one-character ids that sort and hash in resolver order.
        SlotSharingResolver pinnedIds = (info, parallelism) -> {
            List<ExecutionSlotSharingGroup> groups = new ArrayList<>();
            for (ExecutionSlotSharingGroup g :
                    DefaultSlotSharingResolver.INSTANCE.getExecutionSlotSharingGroups(info, parallelism)) {
                groups.add(new ExecutionSlotSharingGroup(
                        String.valueOf((char) (0x8000 + groups.size())),
                        g.getSlotSharingGroup(),
                        new HashSet<>(g.getContainedExecutionVertices())));
            }
            return groups;
        };
        Collection<SlotAssignment> expected =
                new StateLocalitySlotAssigner(pinnedIds).assignSlots(k.info, k.slots, k.parallelism, k.previous);
        PreviousPlacement previous = FlinkPreviousPlacements.fromAllocations(k.previous, k.info);
        Assignment actual = new FlinkStateLocalitySlotAssigner()
                .assign(new AssignmentRequest(k.graph, k.plan(k.graph), k.pool, previous));
        check(where, flinkMapping(expected), slotwiseMapping(actual), actual);
        TALLY.count(k.previous.isEmpty() ? "state locality, nothing before" : "state locality");
    }

    /** SlotwiseSlotAllocator against SlotSharingSlotAllocator, parallelism and assignment together. */
    private static void compareEndToEnd(String where, Case k, boolean small) {
        List<FlinkSlotAssignmentOptions> modes = new ArrayList<>();
        modes.add(new FlinkSlotAssignmentOptions(TaskManagerLoadBalanceMode.NONE, false, null, true));
        modes.add(new FlinkSlotAssignmentOptions(TaskManagerLoadBalanceMode.MIN_RESOURCES, true, "embedded", true));
        if (small) {
            modes.add(new FlinkSlotAssignmentOptions(TaskManagerLoadBalanceMode.SLOTS, false, null, false));
        }
        for (FlinkSlotAssignmentOptions o : modes) {
            SlotSharingSlotAllocator flink = SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
                    (id, p) -> null,
                    (id, cause, ts) -> {},
                    id -> true,
                    o.localRecoveryEnabled(),
                    o.executionTarget(),
                    o.preferMinimalTaskManagers(),
                    o.loadBalanceMode());
            SlotwiseSlotAllocator slotwise = new SlotwiseSlotAllocator(
                    (id, p) -> null, (id, cause, ts) -> {}, id -> true, o, SlotwiseSlotAllocator.GroupOrder.FLINK_HASH);
            Optional<JobSchedulingPlan> expected = flink.determineParallelismAndCalculateAssignment(
                    k.info, k.slots, JobAllocationsInformation.empty());
            Optional<JobSchedulingPlan> actual = slotwise.determineParallelismAndCalculateAssignment(
                    k.info, k.slots, JobAllocationsInformation.empty());
            if (expected.isPresent() != actual.isPresent()) {
                fail(where + " end to end " + o + ": Flink " + expected + ", Slotwise " + actual);
            }
            if (expected.isPresent()) {
                Map<String, String> e = flinkMapping(expected.get().getSlotAssignments());
                Map<String, String> a = flinkMapping(actual.get().getSlotAssignments());
                if (!e.equals(a)) {
                    fail(where + " end to end " + o + ": Slotwise " + a + ", Flink " + e);
                }
            }
            TALLY.count("end to end " + o.loadBalanceMode() + (o.minimalTaskManagersApply() ? " minimal" : ""));
        }
    }

    private static void check(String where, Map<String, String> expected, Map<String, String> actual, Assignment a) {
        if (!expected.equals(actual)) {
            Map<String, String> differences = new java.util.TreeMap<>();
            Set<String> keys = new HashSet<>(expected.keySet());
            keys.addAll(actual.keySet());
            for (String key : keys) {
                if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
                    differences.put(key, "Slotwise " + actual.get(key) + ", Flink " + expected.get(key));
                }
            }
            fail(where + ": " + differences.size() + " of " + keys.size() + " execution vertices differ: " + differences
                    + "; Slotwise's reasons " + String.join(" | ", a.explanation()));
        }
    }

    private static Set<String> content(ExecutionSlotSharingGroup g) {
        Set<String> content = new HashSet<>();
        g.getContainedExecutionVertices()
                .forEach(e -> content.add(FlinkIds.vertexId(e.getJobVertexId()) + "#" + e.getSubtaskIndex()));
        return content;
    }

    /** Execution vertex ({@code vertex#subtask}) → allocation id, as Flink assigned. */
    static Map<String, String> flinkMapping(Collection<SlotAssignment> assignments) {
        Map<String, String> mapping = new HashMap<>();
        for (SlotAssignment a : assignments) {
            String slot = FlinkIds.slotId(a.getSlotInfo().getAllocationId());
            for (ExecutionVertexID e :
                    a.getTargetAs(ExecutionSlotSharingGroup.class).getContainedExecutionVertices()) {
                if (mapping.put(FlinkIds.vertexId(e.getJobVertexId()) + "#" + e.getSubtaskIndex(), slot) != null) {
                    fail("execution vertex " + e + " assigned twice");
                }
            }
        }
        return mapping;
    }

    static Map<String, String> slotwiseMapping(Assignment assignment) {
        Map<String, String> mapping = new HashMap<>();
        for (Map.Entry<SubtaskId, Slot> e : assignment.slotBySubtask().entrySet()) {
            mapping.put(e.getKey().toString(), e.getValue().id());
        }
        return mapping;
    }

    /** One random job, parallelism, pool and previous placement, in Flink's and Slotwise's types. */
    static final class Case {
        JobInformation info;
        JobGraph graph;
        VertexParallelism parallelism;
        List<PhysicalSlot> slots;
        /** The same slots hashed by their rank among their TaskManager's slots, for TASKS. */
        List<PhysicalSlot> slotsByRankInTaskManager;

        SlotPool pool;
        JobAllocationsInformation previous;
        private String summary;

        static Case create(SplittableRandom random, int maxSlots, boolean coLocation) {
            Case k = new Case();
            org.apache.flink.runtime.jobgraph.JobGraph flinkGraph =
                    new org.apache.flink.runtime.jobgraph.JobGraph("random");
            int groupCount = 1 + random.nextInt(4);
            int groupBudget = Math.max(groupCount, Math.min(maxSlots - random.nextInt(4), maxSlots));
            List<SlotSharingGroup> groups = new ArrayList<>();
            List<Integer> groupSlots = new ArrayList<>();
            int used = 0;
            for (int g = 0; g < groupCount; g++) {
                groups.add(new SlotSharingGroup());
                int left = groupBudget - used - (groupCount - g - 1);
                int s = 1 + random.nextInt(Math.max(1, Math.min(left, maxSlots / 2)));
                groupSlots.add(s);
                used += s;
            }
            DefaultVertexParallelismStore store = new DefaultVertexParallelismStore();
            Map<JobVertexID, Integer> parallelism = new HashMap<>();
            List<JobVertex> vertices = new ArrayList<>();
            int vertexCount = groupCount + random.nextInt(6);
            for (int i = 0; i < vertexCount; i++) {
                int g = i < groupCount ? i : random.nextInt(groupCount);
                JobVertex v = new JobVertex("v" + i, new JobVertexID(random.nextLong(), random.nextLong()));
                v.setInvokableClass(AbstractInvokable.class);
                v.setSlotSharingGroup(groups.get(g));
                int p = i < groupCount ? groupSlots.get(g) : 1 + random.nextInt(groupSlots.get(g));
                if (coLocation && i >= groupCount && random.nextInt(3) == 0) {
                    JobVertex other = vertices.get(random.nextInt(i));
                    if (other.getSlotSharingGroup() == v.getSlotSharingGroup()) {
                        v.setStrictlyCoLocatedWith(other);
                    }
                }
                int max = Math.max(p, random.nextInt(3) == 0 ? 1 + random.nextInt(8) : 1 + random.nextInt(256));
                v.setMaxParallelism(max);
                v.setParallelism(p);
                store.setParallelismInfo(
                        v.getID(), new DefaultVertexParallelismInfo(1, max, max, m -> Optional.empty()));
                parallelism.put(v.getID(), p);
                vertices.add(v);
                flinkGraph.addVertex(v);
            }
            k.info = new JobGraphJobInformation(flinkGraph, store);
            k.parallelism = new VertexParallelism(parallelism);
            k.graph = FlinkJobGraphs.fromJobInformation(k.info, FlinkJobGraphs.resolverGroupOrder(k.info));

            // Slots on TaskManagers of 1..4 slots, in a random pool order; allocation ids ascend
            // with pool position.
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
            k.slots = new ArrayList<>();
            k.slotsByRankInTaskManager = new ArrayList<>();
            Map<String, org.apache.flink.runtime.taskmanager.TaskManagerLocation> locations = new HashMap<>();
            Map<String, Integer> rankInTaskManager = new HashMap<>();
            for (int s = 0; s < slotCount; s++) {
                var location = locations.computeIfAbsent(tmOfSlot.get(s), SlotwiseTestSlot::location);
                // hash = position below 16 (one bucket per slot); beyond, ranks that never decrease
                int hash = slotCount <= 16 ? s : s * 16 / slotCount;
                k.slots.add(new SlotwiseTestSlot(new AllocationID(s, 0), location, hash));
                int rank = rankInTaskManager.merge(tmOfSlot.get(s), 1, Integer::sum) - 1;
                k.slotsByRankInTaskManager.add(new SlotwiseTestSlot(new AllocationID(s, 0), location, rank));
            }
            k.pool = FlinkSlotPools.fromSlots(k.slots);

            // Previous allocations: some vertices ran before, in pool slots or slots now gone.
            Map<JobVertexID, List<VertexAllocationInformation>> previous = new HashMap<>();
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
                    List<VertexAllocationInformation> list = new ArrayList<>();
                    for (int i = 0; i < old; i++) {
                        long state =
                                switch (random.nextInt(4)) {
                                    case 0 -> 0;
                                    case 1 -> 1 + random.nextInt(4);
                                    default -> random.nextLong(1L << 40);
                                };
                        list.add(new VertexAllocationInformation(
                                candidates.get(i),
                                v.getID(),
                                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(max, old, i),
                                state));
                    }
                    Collections.shuffle(list, new java.util.Random(random.nextLong()));
                    previous.put(v.getID(), list);
                }
            }
            k.previous = new JobAllocationsInformation(previous);
            k.summary = "groups " + groupSlots + ", " + vertexCount + " vertices " + parallelism.values() + ", "
                    + slotCount + " slots on " + taskManagers + " TaskManagers " + tmOfSlot + ", previous of "
                    + previous.size() + " vertices";
            return k;
        }

        ParallelismPlan plan(JobGraph g) {
            return FlinkPlans.fromVertexParallelism(parallelism, g, slots.size());
        }

        SlotPool poolInFlinkTaskManagerOrder() {
            List<AllocationID> order = new ArrayList<>();
            slots.forEach(s -> order.add(s.getAllocationId()));
            List<ResourceID> tms = FlinkSlotPools.flinkTaskManagerOrder(slots);
            return FlinkSlotPools.fromSlots(slots, order, tms);
        }

        @Override
        public String toString() {
            return summary;
        }
    }
}
