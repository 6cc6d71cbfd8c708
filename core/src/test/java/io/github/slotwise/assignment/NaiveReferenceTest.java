package io.github.slotwise.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.keygroup.KeyGroups;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares the assigners on random small requests (a third of the previously run vertices with
 * explicit key-group ranges: uneven, overlapping, with gaps) with slow, literal restatements of Flink's
 * algorithms (all-pairs scoring and a priority queue, linear scans for the least utilized or loaded
 * TaskManager, an O(n) least-filled scan per co-located subtask), using the same deterministic
 * tie-breaks.
 */
class NaiveReferenceTest {
    private static final int CASES = 400;

    @Test
    void stateLocalityMatchesAllPairsScoring() {
        Random random = new Random(7);
        for (int c = 0; c < CASES; c++) {
            AssignmentRequest request = randomRequest(random);
            assertThat(new FlinkStateLocalitySlotAssigner().assign(request).assignments())
                    .as("case %d: %s", c, request)
                    .isEqualTo(naiveStateLocality(request));
        }
    }

    @Test
    void slotsBalancedMatchesLinearScans() {
        Random random = new Random(11);
        for (int c = 0; c < CASES; c++) {
            AssignmentRequest request = randomRequest(random);
            List<ExecutionSlotSharingGroup> groups =
                    DefaultSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan());
            assertThat(new FlinkSlotsBalancedSlotAssigner().assign(request).assignments())
                    .as("case %d: %s", c, request)
                    .isEqualTo(naiveBalanced(request.pool(), groups, true));
        }
    }

    @Test
    void tasksBalancedMatchesLinearScans() {
        Random random = new Random(13);
        for (int c = 0; c < CASES; c++) {
            AssignmentRequest request = randomRequest(random);
            List<ExecutionSlotSharingGroup> groups =
                    new ArrayList<>(naiveTaskBalanced(request.graph(), request.plan()));
            assertThat(TaskBalancedSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan()))
                    .as("case %d: %s", c, request)
                    .isEqualTo(groups);
            groups.sort(Comparator.comparingInt(ExecutionSlotSharingGroup::load).reversed());
            assertThat(new FlinkTasksBalancedSlotAssigner().assign(request).assignments())
                    .as("case %d: %s", c, request)
                    .isEqualTo(naiveBalanced(request.pool(), groups, false));
        }
    }

    // ---- random requests ----

    private static AssignmentRequest randomRequest(Random random) {
        JobGraph.Builder graph = JobGraph.builder();
        Map<String, Integer> parallelism = new LinkedHashMap<>();
        int sharingGroups = 1 + random.nextInt(3);
        int vertices = 1 + random.nextInt(6);
        for (int v = 0; v < vertices; v++) {
            int maxParallelism = 1 + random.nextInt(12);
            int p = 1 + random.nextInt(Math.min(maxParallelism, 6));
            String sharing = "g" + random.nextInt(sharingGroups);
            JobVertex.Builder vertex = JobVertex.builder()
                    .id("v" + v)
                    .slotSharingGroup(sharing)
                    .parallelism(p)
                    .maxParallelism(maxParallelism)
                    .keyed(random.nextBoolean());
            if (random.nextInt(3) == 0) {
                vertex.coLocationGroup("co-" + sharing + "-" + random.nextInt(2));
            }
            graph.addVertices(vertex.build());
            parallelism.put("v" + v, 1 + random.nextInt(p));
        }
        JobGraph g = graph.build();
        ParallelismPlan plan = Fixtures.plan(g, parallelism);
        int needed = SlotSharingResolver.groupCount(g, plan);

        SlotPool.Builder pool = SlotPool.builder();
        int slots = 0;
        for (int t = 0; slots < needed || t < 2; t++) {
            int n = random.nextInt(5);
            pool.addTaskManagers(TaskManager.of("tm-" + t, n));
            slots += n;
        }
        SlotPool built = pool.build();
        List<String> order =
                new ArrayList<>(built.slots().stream().map(Slot::id).toList());
        Collections.shuffle(order, random);
        built = built.withSlotOrder(order);

        PreviousPlacement.Builder previous = PreviousPlacement.builder();
        List<String> candidates = new ArrayList<>(order);
        for (int i = 0; i < 3; i++) {
            candidates.add("gone/" + i);
        }
        for (JobVertex v : g.vertices()) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            int max = v.effectiveMaxParallelism();
            int oldP = 1 + random.nextInt(Math.min(max, candidates.size()));
            Collections.shuffle(candidates, random);
            boolean explicit = random.nextInt(3) == 0; // any ranges inside [0, max): uneven, overlapping, gaps
            for (int i = 0; i < oldP; i++) {
                long size = random.nextInt(3) == 0 ? 0 : random.nextInt(1000);
                if (explicit) {
                    int start = random.nextInt(max);
                    KeyGroupRange range = new KeyGroupRange(start, start + random.nextInt(max - start));
                    previous.addPlacements(SubtaskPlacement.of(v.id(), i, candidates.get(i), size, range));
                } else {
                    previous.addPlacements(SubtaskPlacement.of(v.id(), i, candidates.get(i), size));
                }
            }
        }
        return new AssignmentRequest(g, plan, built, previous.build());
    }

    // ---- StateLocalitySlotAssigner, literally ----

    private static List<SlotAssignment> naiveStateLocality(AssignmentRequest request) {
        List<ExecutionSlotSharingGroup> groups =
                DefaultSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan());
        List<Slot> slots = request.pool().slots();
        Map<String, Integer> position = new HashMap<>();
        for (int s = 0; s < slots.size(); s++) {
            position.put(slots.get(s).id(), s);
        }
        // Previous slots outside the pool rank after all pool slots, in first-seen order.
        for (SubtaskPlacement p : request.previous().placements()) {
            position.putIfAbsent(p.slotId(), position.size());
        }
        record Score(long score, int slot, int group) {}
        PriorityQueue<Score> queue = new PriorityQueue<>(Comparator.comparingLong((Score s) -> -s.score())
                .thenComparingInt(Score::slot)
                .thenComparingInt(Score::group));
        for (int g = 0; g < groups.size(); g++) {
            Map<String, Long> score = new HashMap<>();
            for (SubtaskId subtask : groups.get(g).subtasks()) {
                JobVertex v = request.graph().vertex(subtask.vertexId());
                int max = v.effectiveMaxParallelism();
                KeyGroupRange range =
                        KeyGroups.rangeForSubtask(max, request.plan().parallelismOf(v.id()), subtask.subtaskIndex());
                List<SubtaskPlacement> old = request.previous().byVertex().getOrDefault(v.id(), List.of());
                for (SubtaskPlacement p : old) {
                    KeyGroupRange oldRange = p.keyGroupRange()
                            .orElse(KeyGroups.rangeForSubtask(
                                    max, old.size(), p.subtask().subtaskIndex()));
                    long value = LocalityScore.of(
                            oldRange.intersectionSize(range), p.stateSizeBytes(), oldRange.numberOfKeyGroups());
                    if (value > 0) {
                        score.merge(p.slotId(), value, Long::sum);
                    }
                }
            }
            for (Map.Entry<String, Long> e : score.entrySet()) {
                queue.add(new Score(e.getValue(), position.get(e.getKey()), g));
            }
        }
        boolean[] slotTaken = new boolean[position.size()];
        SlotAssignment[] result = new SlotAssignment[groups.size()]; // listed in resolver order
        for (Score s; (s = queue.poll()) != null; ) {
            if (s.slot() < slots.size() && !slotTaken[s.slot()] && result[s.group()] == null) {
                slotTaken[s.slot()] = true;
                result[s.group()] = new SlotAssignment(groups.get(s.group()), slots.get(s.slot()));
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            if (result[g] == null) {
                int s = 0;
                while (slotTaken[s]) {
                    s++;
                }
                slotTaken[s] = true;
                result[g] = new SlotAssignment(groups.get(g), slots.get(s));
            }
        }
        return List.of(result);
    }

    // ---- SlotsBalanced / TasksBalanced matching, by linear scans ----

    private static List<SlotAssignment> naiveBalanced(
            SlotPool pool, List<ExecutionSlotSharingGroup> groups, boolean byUtilization) {
        List<Slot> slots = pool.slots();
        Map<String, Integer> total = new HashMap<>();
        slots.forEach(s -> total.merge(s.taskManagerId(), 1, Integer::sum));
        Map<String, Integer> used = new HashMap<>(); // reserved slots or task load
        boolean[] taken = new boolean[slots.size()];
        List<SlotAssignment> result = new ArrayList<>();
        for (ExecutionSlotSharingGroup group : groups) {
            int best = -1;
            for (int s = 0; s < slots.size(); s++) {
                if (taken[s]) {
                    continue;
                }
                if (best < 0 || lighter(slots.get(s), slots.get(best), total, used, byUtilization)) {
                    best = s;
                }
            }
            taken[best] = true;
            used.merge(slots.get(best).taskManagerId(), byUtilization ? 1 : group.load(), Integer::sum);
            result.add(new SlotAssignment(group, slots.get(best)));
        }
        return result;
    }

    private static boolean lighter(
            Slot a, Slot b, Map<String, Integer> total, Map<String, Integer> used, boolean byUtilization) {
        long ua = used.getOrDefault(a.taskManagerId(), 0);
        long ub = used.getOrDefault(b.taskManagerId(), 0);
        if (byUtilization) {
            return ua * total.get(b.taskManagerId()) < ub * total.get(a.taskManagerId());
        }
        return ua < ub;
    }

    // ---- TaskBalancedExecutionSlotSharingGroupBuilder, with Flink's O(n) scans ----

    private static List<ExecutionSlotSharingGroup> naiveTaskBalanced(JobGraph graph, ParallelismPlan plan) {
        Map<String, List<List<SubtaskId>>> buckets = new HashMap<>();
        Map<String, Integer> roundRobin = new HashMap<>();
        Map<String, Integer> constraint = new HashMap<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            List<List<SubtaskId>> list = new ArrayList<>();
            for (int i = 0; i < SlotSharingResolver.slotsOf(g, plan); i++) {
                list.add(new ArrayList<>());
            }
            buckets.put(g.id(), list);
        }
        for (JobVertex v : graph.vertices()) {
            List<List<SubtaskId>> list = buckets.get(v.slotSharingGroup());
            int n = list.size();
            int p = plan.parallelismOf(v.id());
            if (v.coLocationGroup().isEmpty()) {
                int index = p == n ? 0 : roundRobin.getOrDefault(v.slotSharingGroup(), 0);
                for (int k = 0; k < p; k++) {
                    list.get(index).add(new SubtaskId(v.id(), k));
                    index = (index + 1) % n;
                }
                if (p != n) {
                    roundRobin.put(v.slotSharingGroup(), index);
                }
            } else {
                for (int k = 0; k < p; k++) {
                    String key = v.coLocationGroup().get() + "/" + k;
                    Integer bucket = constraint.get(key);
                    if (bucket == null) {
                        bucket = leastFilled(list, v.id());
                        constraint.put(key, bucket);
                    }
                    list.get(bucket).add(new SubtaskId(v.id(), k));
                }
                if (p != n) {
                    roundRobin.put(v.slotSharingGroup(), leastFilled(list, null));
                }
            }
        }
        List<ExecutionSlotSharingGroup> result = new ArrayList<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            List<List<SubtaskId>> list = buckets.get(g.id());
            for (int i = 0; i < list.size(); i++) {
                result.add(new ExecutionSlotSharingGroup(g.id(), i, list.get(i)));
            }
        }
        return result;
    }

    private static int leastFilled(List<List<SubtaskId>> buckets, String withoutVertex) {
        int best = 0;
        int least = Integer.MAX_VALUE;
        for (int i = 0; i < buckets.size(); i++) {
            int size = buckets.get(i).size();
            boolean allowed = withoutVertex == null
                    || buckets.get(i).stream().noneMatch(s -> s.vertexId().equals(withoutVertex));
            if (least > size && allowed) {
                best = i;
                least = size;
            }
        }
        return best;
    }
}
