package io.github.slotwise.parallelism;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.keygroup.KeyGroups;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Flink's rule, then no keyed subtask that buys nothing: a keyed vertex never runs at a parallelism
 * {@code p} when a smaller {@code p'} gives its hottest subtask as many key groups, and the slots
 * this frees go to the slot-sharing groups that can use them.
 *
 * <p>With {@code M} key groups, {@code p} subtasks give the hottest one {@code h = ceil(M / p)} key
 * groups, and {@code ceil(M / h)} is the fewest subtasks that do as well ({@link #alignDown}). M =
 * 128 on 96 slots: Flink runs 96 subtasks, 32 of them with 2 key groups and 64 with 1; 64 subtasks
 * give every one 2 key groups, the same hottest subtask, so the job keeps its throughput limit
 * (key groups equally loaded) on a third fewer slots and moves less state on rescale.
 *
 * <p>The rule, step by step (every step is deterministic; "group order" is {@link
 * JobGraph#slotSharingGroups()}):
 *
 * <ol>
 *   <li><b>Flink.</b> {@link FlinkParallelismSolver} gives every group its slots {@code s_g}; no plan
 *       there means no plan here ({@link NotEnoughSlots}, same figures).
 *   <li><b>Lower.</b> In a group with {@code s} slots every vertex first gets {@code min(upperBound,
 *       s)}, as in Flink; a keyed vertex is then lowered to {@code max(lowerBound, alignDown(M, p))}.
 *       The group then takes the highest parallelism among its vertices, so several keyed vertices in
 *       one group are each lowered on their own, and a group shrinks only when every vertex that ran
 *       at its slot count was lowered (a non-keyed vertex at {@code s} keeps the group at {@code s}).
 *       A group that shrank is <em>settled</em>.
 *   <li><b>Redistribute.</b> While slots are free and some unsettled group is below its highest upper
 *       bound, Flink's distribution runs again over the unsettled groups, each keeping at least the
 *       slots it uses, with their slots plus the free ones; the groups are lowered again and the ones
 *       that shrink are settled. Each round settles a group or leaves no slot free.
 *   <li><b>Top up.</b> While the first group (in group order) whose <em>next step</em>, the fewest
 *       extra slots that raise its usage, fits in the free slots exists, it takes that step. For a
 *       keyed vertex a step is a whole key-group level ({@code 64 -> 128} for M = 128), so a group
 *       that was lowered may still reach the next level with what others left.
 * </ol>
 *
 * <p>What it guarantees (tested as properties): every vertex is within its bounds; the plan uses no
 * more slots than Flink's plan (a group never gets more than Flink gave unless slots were free,
 * which Flink leaves only when every group is at its upper bound); no keyed vertex's hottest
 * subtask holds more key groups than in Flink's plan (usage never drops below what a group had
 * after step 2, where it kept Flink's hottest subtask); and no keyed vertex can be lowered further:
 * {@code p = max(lowerBound, alignDown(M, p))}.
 *
 * <p>{@link #minimumSlots} and {@link #desiredSlots} are Flink's: with the desired slots every group
 * reaches its upper bound and the plan never changes beyond (it may stop changing earlier).
 */
public final class KeyGroupAwareParallelismSolver implements ParallelismSolver {
    /** The solver's registry name. */
    public static final String NAME = "keygroup-aware";

    private final FlinkParallelismSolver flink = new FlinkParallelismSolver();

    /** Creates the solver; it holds no state. */
    public KeyGroupAwareParallelismSolver() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "no keyed subtask that does not lower the hottest subtask's key groups";
    }

    @Override
    public int minimumSlots(JobGraph graph) {
        return flink.minimumSlots(graph);
    }

    @Override
    public int desiredSlots(JobGraph graph) {
        return flink.desiredSlots(graph);
    }

    /**
     * The fewest subtasks that give the hottest one as few key groups as {@code parallelism} does:
     * {@code ceil(M / ceil(M / p))}. For M = 128: 96 gives 64, 100 gives 64, 43 gives 43, 127 gives
     * 64, 128 gives 128.
     *
     * @param maxParallelism the number of key groups (M), in {@code [1, 32768]}
     * @param parallelism the parallelism (p), in {@code [1, M]}
     * @return the smallest {@code p' <= p} with {@code ceil(M / p') == ceil(M / p)}
     * @throws IllegalArgumentException if {@code M} is not in {@code [1, 32768]} or {@code p} not in
     *     {@code [1, M]}
     */
    public static int alignDown(int maxParallelism, int parallelism) {
        KeyGroups.checkParallelism("maxParallelism", maxParallelism);
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException(
                    "parallelism must be in [1, maxParallelism " + maxParallelism + "], got " + parallelism);
        }
        int hottest = ceilDiv(maxParallelism, parallelism);
        return ceilDiv(maxParallelism, hottest);
    }

    @Override
    public ParallelismResult solve(JobGraph graph, int availableSlots) {
        ParallelismResult flinkResult = flink.solve(graph, availableSlots);
        if (!(flinkResult instanceof ParallelismPlan flinkPlan)) {
            return flinkResult;
        }
        List<String> why = new ArrayList<>(flinkPlan.explanation());
        why.add("key-group-aware: each keyed vertex takes the fewest subtasks with the same hottest subtask");
        Map<String, GroupBounds> boundsById = new LinkedHashMap<>();
        GroupBounds.of(graph).forEach(b -> boundsById.put(b.groupId(), b));
        Map<String, SlotSharingGroup> groups = new LinkedHashMap<>();
        graph.slotSharingGroups().forEach(g -> groups.put(g.id(), g));

        Map<String, Integer> parallelism = new LinkedHashMap<>();
        Map<String, Integer> used = new LinkedHashMap<>();
        Set<String> settled = new HashSet<>();

        // 2. lower
        for (SlotSharingGroup g : groups.values()) {
            int given = flinkPlan.slotsPerGroup().get(g.id());
            int usage = place(graph, g, given, parallelism, why);
            used.put(g.id(), usage);
            if (usage < given) {
                settled.add(g.id());
                why.add(String.format(
                        "group '%s': %d -> %d slots after lowering, %d freed", g.id(), given, usage, given - usage));
            }
        }

        // 3. redistribute the freed slots over the groups that were not lowered
        while (true) {
            int free = availableSlots - sum(used);
            List<GroupBounds> growable = new ArrayList<>();
            for (GroupBounds b : boundsById.values()) {
                int u = used.get(b.groupId());
                if (!settled.contains(b.groupId()) && u < b.maxUpperBound()) {
                    growable.add(new GroupBounds(b.groupId(), b.minLowerBound(), u, b.maxUpperBound()));
                }
            }
            if (free == 0 || growable.isEmpty()) {
                break;
            }
            int capacity = free
                    + growable.stream().mapToInt(GroupBounds::maxLowerBound).sum();
            why.add(String.format(
                    "%d free slot(s) to group(s) %s: Flink's distribution again, each keeping its slots",
                    free, growable.stream().map(b -> "'" + b.groupId() + "'").collect(Collectors.joining(", "))));
            Map<String, Integer> next = FlinkParallelismSolver.distribute(growable, capacity, why);
            boolean progress = false;
            for (GroupBounds b : growable) {
                int given = next.get(b.groupId());
                int before = used.get(b.groupId());
                if (given == before) {
                    continue;
                }
                int usage = place(graph, groups.get(b.groupId()), given, parallelism, why);
                used.put(b.groupId(), usage);
                progress = true;
                if (usage < given) {
                    settled.add(b.groupId());
                    why.add(String.format(
                            "group '%s': %d -> %d slots after lowering, %d freed",
                            b.groupId(), given, usage, given - usage));
                }
            }
            if (!progress) {
                break;
            }
        }

        // 4. top up: whole steps that fit in what is left, first group first
        boolean stepped = true;
        while (stepped) {
            stepped = false;
            int free = availableSlots - sum(used);
            for (SlotSharingGroup g : groups.values()) {
                int u = used.get(g.id());
                OptionalInt next = nextStep(graph, g, u);
                if (next.isPresent() && next.getAsInt() - u <= free) {
                    why.add(String.format(
                            "group '%s': %d -> %d slots, its next step, with %d free slot(s)",
                            g.id(), u, next.getAsInt(), free));
                    used.put(g.id(), place(graph, g, next.getAsInt(), parallelism, why));
                    stepped = true;
                    break;
                }
            }
        }
        int unused = availableSlots - sum(used);
        if (unused > 0) {
            why.add(unused + " slot(s) left unused: no group's next step fits in them");
        }

        Map<String, Integer> vertexParallelism = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            vertexParallelism.put(v.id(), parallelism.get(v.id()));
        }
        return new ParallelismPlan(vertexParallelism, used, availableSlots, ImmutableList.copyOf(why));
    }

    /**
     * Places one group on {@code slots} slots: every vertex {@code min(upperBound, slots)}, keyed ones
     * lowered; records each vertex's parallelism and returns the group's usage (its highest).
     */
    private static int place(
            JobGraph graph, SlotSharingGroup g, int slots, Map<String, Integer> parallelism, List<String> why) {
        int usage = 0;
        for (JobVertex v : graph.verticesOf(g)) {
            int p = Math.min(v.upperBound(), slots);
            if (v.keyed()) {
                int lowered = Math.max(v.lowerBound(), alignDown(v.effectiveMaxParallelism(), p));
                if (lowered < p) {
                    why.add(String.format(
                            "%s: %d -> %d, same hottest subtask (%d key groups)",
                            v.id(), p, lowered, ceilDiv(v.effectiveMaxParallelism(), p)));
                    p = lowered;
                }
            }
            parallelism.put(v.id(), p);
            usage = Math.max(usage, p);
        }
        return usage;
    }

    /**
     * The fewest slots above {@code used} with which the group uses more than {@code used}: {@code
     * used + 1} if a non-keyed vertex can grow, else the next key-group level of a keyed vertex
     * within its upper bound; empty if no vertex can grow. With that many slots the group uses all
     * of them.
     */
    private static OptionalInt nextStep(JobGraph graph, SlotSharingGroup g, int used) {
        int best = Integer.MAX_VALUE;
        for (JobVertex v : graph.verticesOf(g)) {
            int y = used + 1;
            if (y > v.upperBound()) {
                continue;
            }
            int step;
            if (!v.keyed()) {
                step = y;
            } else {
                int m = v.effectiveMaxParallelism();
                int level = alignDown(m, y);
                step = level == y ? y : ceilDiv(m, ceilDiv(m, y) - 1); // the next level above y
                if (step > v.upperBound()) {
                    continue;
                }
            }
            best = Math.min(best, step);
        }
        return best == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(best);
    }

    private static int sum(Map<String, Integer> slots) {
        return slots.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** {@code ceil(a / b)} for {@code a >= 0, b >= 1}, without the overflow of {@code (a + b - 1) / b}. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
