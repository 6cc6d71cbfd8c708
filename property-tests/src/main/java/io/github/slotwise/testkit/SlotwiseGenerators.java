package io.github.slotwise.testkit;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.keygroup.KeyGroups;
import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of Slotwise inputs: job graphs, slot pools, slot counts, previous
 * placements, whole assignment requests, and reorderings of them for order-independence tests.
 *
 * <p>Every generator is built only by composing QuickTheories' integer, boolean and long generators
 * with {@code map}, {@code zip} and {@code flatMap}; nothing is filtered and no generated value can
 * fail validation. QuickTheories shrinks the random draws underneath, so a shrunk counterexample is
 * always a valid value, and it shrinks towards small, plain inputs (one vertex, one group, bound 1,
 * identity permutations, no previous placement).
 *
 * <p>Ids are predictable: vertices {@code v0, v1, ...}, slot-sharing groups {@code ssg-0, ...},
 * co-location groups {@code co-<slot-sharing group>}, TaskManagers {@code tm-0, ...} with slots
 * {@code tm-0/0, ...}, and slots that held a previous subtask but are no longer in the pool {@code
 * gone-0, ...}.
 */
public final class SlotwiseGenerators {
    /** The locations a generated TaskManager may have (or none). */
    public static final List<String> LOCATIONS = List.of("zone-a", "zone-b", "zone-c");

    /** The largest state size, in bytes, a generated previous subtask holds. */
    public static final long MAX_STATE_BYTES = 1L << 20;

    private SlotwiseGenerators() {}

    // ------------------------------------------------------------------------------------------
    // Generic building blocks

    /**
     * Generates a list with one element from each generator, in order. The size of the list is
     * fixed; combine with {@code flatMap} over a size generator for variable sizes.
     *
     * @param gens the element generators
     * @param <T> the element type
     * @return a generator of immutable lists of {@code gens.size()} elements
     */
    public static <T> Gen<List<T>> sequence(List<Gen<T>> gens) {
        Gen<List<T>> result = Generate.constant(List.of());
        for (Gen<T> g : gens) {
            result = result.zip(g, SlotwiseGenerators::append);
        }
        return result;
    }

    /**
     * Generates permutations of {@code items}, uniformly, by Lehmer code; shrinks towards {@code
     * items} in their given order.
     *
     * @param items the items to permute (copied; no nulls)
     * @param <T> the item type
     * @return a generator of immutable lists holding each item once
     */
    public static <T> Gen<List<T>> permutations(List<T> items) {
        return distinctPicks(items, items.size());
    }

    /**
     * Generates {@code count} distinct positions of {@code items}, in random order; shrinks towards
     * the first {@code count} items in their given order.
     *
     * @param items the items to pick from (copied; no nulls)
     * @param count how many to pick, in {@code [0, items.size()]}
     * @param <T> the item type
     * @return a generator of immutable lists of {@code count} items taken from distinct positions
     * @throws IllegalArgumentException if {@code count} is out of range
     */
    public static <T> Gen<List<T>> distinctPicks(List<T> items, int count) {
        List<T> copy = List.copyOf(items);
        if (count < 0 || count > copy.size()) {
            throw new IllegalArgumentException("count must be in [0, " + copy.size() + "], got " + count);
        }
        List<Gen<Integer>> code = IntStream.range(0, count)
                .mapToObj(i -> integers().between(0, copy.size() - 1 - i))
                .toList();
        return sequence(code).map(indexes -> {
            List<T> remaining = new ArrayList<>(copy);
            List<T> picked = new ArrayList<>(count);
            for (int index : indexes) {
                picked.add(remaining.remove(index));
            }
            return List.copyOf(picked);
        });
    }

    /**
     * Generates {@code true} with probability {@code 1/n}; shrinks to {@code false}.
     *
     * @param n at least 1
     * @return the generator
     */
    public static Gen<Boolean> oneIn(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        return integers().between(0, n - 1).map(x -> x == n - 1);
    }

    // ------------------------------------------------------------------------------------------
    // Job graphs

    /**
     * Job graphs of {@link GraphShape#SMALL} size; see {@link #jobGraphs(GraphShape)}.
     *
     * @return the generator
     */
    public static Gen<JobGraph> jobGraphs() {
        return jobGraphs(GraphShape.SMALL);
    }

    /**
     * Generates valid job graphs within {@code shape}.
     *
     * <ul>
     *   <li>1 to {@code maxVertices} vertices {@code v0, v1, ...}, in 1 to {@code maxGroups}
     *       slot-sharing groups;
     *   <li>per vertex: an explicit maxParallelism (half of the time) or Flink's auto-derived one; a
     *       configured parallelism; either the default bounds {@code [1, parallelism]} or random
     *       bounds {@code 1 <= lower <= upper <= min(maxParallelism, shape.maxParallelism)}; keyed or
     *       not; one in four joins its slot-sharing group's co-location group;
     *   <li>each vertex after the first gets, half of the time, an edge from a random earlier vertex
     *       (so the graph is a DAG in vertex order);
     *   <li>half of the time an explicit, shuffled {@link JobGraph#slotSharingGroupOrder()}.
     * </ul>
     *
     * @param shape size limits
     * @return the generator
     */
    public static Gen<JobGraph> jobGraphs(GraphShape shape) {
        return integers().between(1, shape.maxVertices()).flatMap(n -> integers()
                .between(1, Math.min(shape.maxGroups(), n))
                .flatMap(groups -> jobGraphs(shape, n, groups)));
    }

    private static Gen<JobGraph> jobGraphs(GraphShape shape, int vertexCount, int groupCount) {
        Gen<List<JobVertex>> vertices = sequence(IntStream.range(0, vertexCount)
                .mapToObj(i -> vertex(shape, i, groupCount))
                .toList());
        Gen<List<Optional<JobEdge>>> edges = sequence(IntStream.range(1, vertexCount)
                .mapToObj(SlotwiseGenerators::edgeInto)
                .toList());
        return vertices.zip(edges, (vs, es) -> JobGraph.builder()
                        .vertices(vs)
                        .edges(es.stream().flatMap(Optional::stream).toList())
                        .build())
                .flatMap(SlotwiseGenerators::maybeExplicitGroupOrder);
    }

    private static Gen<JobGraph> maybeExplicitGroupOrder(JobGraph graph) {
        List<String> groups = groupIds(graph);
        return booleans()
                .all()
                .flatMap(explicit -> explicit
                        ? permutations(groups).map(order -> JobGraph.builder()
                                .from(graph)
                                .slotSharingGroupOrder(order)
                                .build())
                        : Generate.constant(graph));
    }

    private static List<String> groupIds(JobGraph graph) {
        return graph.slotSharingGroups().stream().map(g -> g.id()).toList();
    }

    private static Gen<Optional<JobEdge>> edgeInto(int target) {
        Gen<Optional<JobEdge>> edge = integers()
                .between(0, target - 1)
                .zip(
                        Generate.enumValues(DistributionPattern.class),
                        (source, pattern) -> Optional.of(new JobEdge("v" + source, "v" + target, pattern)));
        return booleans().all().flatMap(present -> present ? edge : Generate.constant(Optional.empty()));
    }

    /** A vertex's numbers before they go into a builder. */
    private record Bounds(OptionalInt maxParallelism, int parallelism, Optional<int[]> lowerUpper) {}

    private static Gen<JobVertex> vertex(GraphShape shape, int index, int groupCount) {
        int cap = shape.maxParallelism();
        Gen<Bounds> bounds = booleans().all().flatMap(explicit -> explicit ? explicitBounds(cap) : derivedBounds(cap));
        return integers()
                .between(0, groupCount - 1)
                .zip(booleans().all(), oneIn(4), bounds, (group, keyed, coLocated, b) -> {
                    String ssg = "ssg-" + group;
                    JobVertex.Builder v = JobVertex.builder()
                            .id("v" + index)
                            .slotSharingGroup(ssg)
                            .parallelism(b.parallelism())
                            .maxParallelism(b.maxParallelism())
                            .keyed(keyed);
                    b.lowerUpper().ifPresent(lu -> v.lowerBound(lu[0]).upperBound(lu[1]));
                    if (coLocated) {
                        v.coLocationGroup("co-" + ssg);
                    }
                    return v.build();
                });
    }

    private static Gen<Bounds> explicitBounds(int cap) {
        return integers().between(1, cap).flatMap(max -> integers()
                .between(1, max)
                .zip(lowerUpper(max), (p, lu) -> new Bounds(OptionalInt.of(max), p, lu)));
    }

    private static Gen<Bounds> derivedBounds(int cap) {
        return integers().between(1, cap).flatMap(p -> lowerUpper(Math.min(cap, KeyGroups.defaultMaxParallelism(p)))
                .map(lu -> new Bounds(OptionalInt.empty(), p, lu)));
    }

    /**
     * Empty (the default bounds) one time in three, else {@code 1 <= lower <= upper <= maxUpper}
     * with {@code lower = 1} half of the time.
     */
    private static Gen<Optional<int[]>> lowerUpper(int maxUpper) {
        Gen<Optional<int[]>> random = integers().between(1, maxUpper).flatMap(upper -> booleans()
                .all()
                .flatMap(one -> one ? Generate.constant(1) : integers().between(1, upper))
                .map(lower -> Optional.of(new int[] {lower, upper})));
        return oneIn(3).flatMap(defaults -> defaults ? Generate.constant(Optional.empty()) : random);
    }

    /**
     * Generates the same graph with its vertices in another order, keeping the slot-sharing groups'
     * order pinned (as an explicit {@link JobGraph#slotSharingGroupOrder()}) to {@code graph}'s.
     * Edges and every vertex are unchanged; a group's vertices may be listed in another order.
     *
     * @param graph the graph to reorder
     * @return the generator
     */
    public static Gen<JobGraph> vertexReorderings(JobGraph graph) {
        List<String> groupOrder = groupIds(graph);
        return permutations(graph.vertices()).map(vs -> JobGraph.builder()
                .from(graph)
                .vertices(vs)
                .slotSharingGroupOrder(groupOrder)
                .build());
    }

    // ------------------------------------------------------------------------------------------
    // Slot counts

    /**
     * Slot counts in {@code [0, max]}; shrinks towards 0.
     *
     * @param max at least 0
     * @return the generator
     */
    public static Gen<Integer> slotCounts(int max) {
        return integers().between(0, max);
    }

    /**
     * Slot counts that matter for {@code graph}, one third each: below its minimum (the sum over
     * slot-sharing groups of the highest lower bound), between its minimum and its desired slots
     * (the sum of the highest upper bounds), and up to 4 above the desired slots.
     *
     * @param graph the graph
     * @return the generator
     */
    public static Gen<Integer> slotCountsFor(JobGraph graph) {
        int minimum = 0;
        int desired = 0;
        for (var g : graph.slotSharingGroups()) {
            minimum += graph.verticesOf(g).stream()
                    .mapToInt(JobVertex::lowerBound)
                    .max()
                    .orElse(0);
            desired += graph.verticesOf(g).stream()
                    .mapToInt(JobVertex::upperBound)
                    .max()
                    .orElse(0);
        }
        int min = minimum;
        int des = desired;
        return integers().between(0, 2).flatMap(band -> switch (band) {
            case 0 -> integers().between(0, min - 1);
            case 1 -> integers().between(min, des);
            default -> integers().between(des, des + 4);
        });
    }

    // ------------------------------------------------------------------------------------------
    // Slot pools

    /**
     * Slot pools of {@link PoolShape#SMALL} size; see {@link #slotPools(PoolShape)}.
     *
     * @return the generator
     */
    public static Gen<SlotPool> slotPools() {
        return slotPools(PoolShape.SMALL);
    }

    /**
     * Generates slot pools within {@code shape}: 0 to {@code maxTaskManagers} TaskManagers {@code
     * tm-0, ...}, each with 0 to {@code maxSlotsPerTaskManager} slots and, three times in four, a
     * location from {@link #LOCATIONS}; half of the time with a shuffled explicit {@link
     * SlotPool#slotOrder()}.
     *
     * @param shape size limits
     * @return the generator
     */
    public static Gen<SlotPool> slotPools(PoolShape shape) {
        return integers()
                .between(0, shape.maxTaskManagers())
                .flatMap(n -> sequence(IntStream.range(0, n)
                        .mapToObj(i -> taskManager(i, shape.maxSlotsPerTaskManager()))
                        .toList()))
                .map(tms -> SlotPool.builder().taskManagers(tms).build())
                .flatMap(pool -> booleans()
                        .all()
                        .flatMap(shuffle -> shuffle ? shuffledSlotOrders(pool) : Generate.constant(pool)));
    }

    /**
     * Generates pools like {@link #slotPools(PoolShape)} holding at least {@code minimumSlots}
     * slots: a pool that falls short gets one more TaskManager, {@code tm-extra}, with the missing
     * slots.
     *
     * @param minimumSlots at least 0
     * @param shape size limits (the extra TaskManager may exceed {@code maxSlotsPerTaskManager})
     * @return the generator
     */
    public static Gen<SlotPool> slotPoolsWithAtLeast(int minimumSlots, PoolShape shape) {
        if (minimumSlots < 0) {
            throw new IllegalArgumentException("minimumSlots must be >= 0, got " + minimumSlots);
        }
        return slotPools(shape).map(pool -> topUp(pool, minimumSlots));
    }

    private static SlotPool topUp(SlotPool pool, int minimumSlots) {
        if (pool.size() >= minimumSlots) {
            return pool;
        }
        TaskManager extra = TaskManager.of("tm-extra", minimumSlots - pool.size());
        SlotPool.Builder b = SlotPool.builder().from(pool).addTaskManagers(extra);
        if (!pool.slotOrder().isEmpty()) {
            b.addAllSlotOrder(extra.slotIds());
        }
        return b.build();
    }

    private static Gen<TaskManager> taskManager(int index, int maxSlots) {
        Gen<Optional<String>> location = integers()
                .between(0, LOCATIONS.size())
                .map(k -> k == 0 ? Optional.<String>empty() : Optional.of(LOCATIONS.get(k - 1)));
        return integers().between(0, maxSlots).zip(location, (slots, loc) -> TaskManager.builder()
                .id("tm-" + index)
                .numberOfSlots(slots)
                .location(loc)
                .build());
    }

    /**
     * Generates {@code pool} with a shuffled explicit {@link SlotPool#slotOrder()}.
     *
     * @param pool the pool
     * @return the generator
     */
    public static Gen<SlotPool> shuffledSlotOrders(SlotPool pool) {
        return permutations(slotIds(pool)).map(pool::withSlotOrder);
    }

    /**
     * Generates the same pool in another consideration order: the same TaskManagers (ids, locations)
     * and slot ids, with the TaskManagers permuted, each TaskManager's slots permuted, and half of
     * the time a shuffled explicit slot order on top. Use it to test that a result does not depend
     * on slot order.
     *
     * @param pool the pool to reorder
     * @return the generator
     */
    public static Gen<SlotPool> reorderings(SlotPool pool) {
        return permutations(pool.taskManagers())
                .flatMap(tms -> sequence(tms.stream()
                        .map(tm -> permutations(tm.slotIds()).map(ids -> (TaskManager) TaskManager.builder()
                                .from(tm)
                                .explicitSlotIds(ids)
                                .build()))
                        .toList()))
                .map(tms -> SlotPool.builder()
                        .from(pool)
                        .taskManagers(tms)
                        .slotOrder(List.of())
                        .build())
                .flatMap(p ->
                        booleans().all().flatMap(shuffle -> shuffle ? shuffledSlotOrders(p) : Generate.constant(p)));
    }

    private static List<String> slotIds(SlotPool pool) {
        return pool.slots().stream().map(Slot::id).toList();
    }

    // ------------------------------------------------------------------------------------------
    // Previous placements and whole requests

    /**
     * Generates where the subtasks of {@code graph} ran before a rescale to {@code plan} on {@code
     * pool}.
     *
     * <ul>
     *   <li>One time in five nothing ran (a first start).
     *   <li>Otherwise each vertex, independently: did not run (1 in 6), ran with the plan's
     *       parallelism (2 in 6), or ran with a random parallelism in {@code [1, min(maxParallelism,
     *       max(plan's, pool size) + 2)]} (3 in 6).
     *   <li>Every vertex's subtasks sit in distinct slots, taken from the pool's slots and from slots
     *       that are gone ({@code gone-0, ...}; as many as needed plus two). Half of the time placement follows slot sharing:
     *       subtask {@code i} of every vertex of a slot-sharing group shares the group's {@code i}-th
     *       slot, as Flink places them; else each vertex's slots are drawn independently.
     *   <li>Each subtask holds 0 to {@link #MAX_STATE_BYTES} bytes of state.
     *   <li>One time in three every old subtask carries an explicit key-group range inside {@code [0,
     *       maxParallelism)}: uneven, overlapping or with gaps, as Flink's previous allocations may;
     *       otherwise ranges follow from the indexes (they shrink to that).
     * </ul>
     *
     * @param graph the job graph
     * @param plan the new plan (it biases the previous parallelism)
     * @param pool the new pool (previous subtasks are mostly in its slots)
     * @return the generator
     */
    public static Gen<PreviousPlacement> previousPlacements(JobGraph graph, ParallelismPlan plan, SlotPool pool) {
        List<Gen<Integer>> parallelisms = graph.vertices().stream()
                .map(v -> previousParallelism(v, plan.vertexParallelism().getOrDefault(v.id(), 1), pool.size()))
                .toList();
        Gen<PreviousPlacement> some = sequence(parallelisms)
                .flatMap(ps -> booleans().all().flatMap(bySharing -> placements(graph, ps, pool, bySharing)));
        return oneIn(5).flatMap(none -> none ? Generate.constant(PreviousPlacement.empty()) : some);
    }

    private static Gen<Integer> previousParallelism(JobVertex v, int planned, int poolSize) {
        int cap = Math.min(v.effectiveMaxParallelism(), Math.max(planned, poolSize) + 2);
        int same = Math.min(planned, v.effectiveMaxParallelism());
        return integers().between(0, 5).flatMap(kind -> switch (kind) {
            case 0 -> Generate.constant(0);
            case 1, 2 -> Generate.constant(same);
            default -> integers().between(1, cap);
        });
    }

    private static Gen<PreviousPlacement> placements(
            JobGraph graph, List<Integer> parallelisms, SlotPool pool, boolean bySharing) {
        Map<String, Integer> oldP = new LinkedHashMap<>();
        for (int i = 0; i < parallelisms.size(); i++) {
            oldP.put(graph.vertices().get(i).id(), parallelisms.get(i));
        }
        int most = parallelisms.stream().mapToInt(Integer::intValue).max().orElse(0);
        List<String> candidates = candidateSlots(pool, most);

        // One slot list per "owner": a slot-sharing group (bySharing) or a vertex.
        List<String> owners = bySharing ? groupIds(graph) : List.copyOf(oldP.keySet());
        List<Gen<List<String>>> slotLists = new ArrayList<>();
        for (String owner : owners) {
            int needed = bySharing
                    ? graph.vertices().stream()
                            .filter(v -> v.slotSharingGroup().equals(owner))
                            .mapToInt(v -> oldP.get(v.id()))
                            .max()
                            .orElse(0)
                    : oldP.get(owner);
            slotLists.add(distinctPicks(candidates, needed));
        }
        int subtasks = parallelisms.stream().mapToInt(Integer::intValue).sum();
        Gen<List<Long>> sizes = sequence(Collections.nCopies(subtasks, longs().between(0, MAX_STATE_BYTES)));
        // One time in three every old subtask carries an explicit range: a start and a length drawn
        // inside [0, maxParallelism), so ranges may be uneven, overlap or leave gaps.
        Gen<Optional<List<Integer>>> explicitRanges = integers()
                .between(0, 2)
                .flatMap(kind -> kind < 2
                        ? Generate.constant(Optional.<List<Integer>>empty())
                        : sequence(Collections.nCopies(
                                        2 * subtasks, integers().between(0, KeyGroups.UPPER_BOUND_MAX_PARALLELISM)))
                                .map(Optional::of));
        return sequence(slotLists).zip(sizes, explicitRanges, (lists, bytes, ranges) -> {
            Map<String, List<String>> slotsByOwner = new LinkedHashMap<>();
            for (int i = 0; i < owners.size(); i++) {
                slotsByOwner.put(owners.get(i), lists.get(i));
            }
            PreviousPlacement.Builder b = PreviousPlacement.builder();
            int next = 0;
            for (JobVertex v : graph.vertices()) {
                List<String> slots = slotsByOwner.get(bySharing ? v.slotSharingGroup() : v.id());
                int max = v.effectiveMaxParallelism();
                for (int i = 0; i < oldP.get(v.id()); i++) {
                    if (ranges.isPresent()) {
                        int start = ranges.get().get(2 * next) % max;
                        int end = start + ranges.get().get(2 * next + 1) % (max - start);
                        b.addPlacements(SubtaskPlacement.of(
                                v.id(), i, slots.get(i), bytes.get(next++), new KeyGroupRange(start, end)));
                    } else {
                        b.addPlacements(SubtaskPlacement.of(v.id(), i, slots.get(i), bytes.get(next++)));
                    }
                }
            }
            return b.build();
        });
    }

    /**
     * The pool's slots, then enough slots that are not in the pool to place {@code most} subtasks,
     * and up to two more.
     */
    private static List<String> candidateSlots(SlotPool pool, int most) {
        Set<String> candidates = new LinkedHashSet<>(slotIds(pool));
        int count = Math.max(0, most - pool.size()) + Math.min(2, most);
        for (int i = 0, added = 0; added < count; i++) {
            if (candidates.add("gone-" + i)) {
                added++;
            }
        }
        return List.copyOf(candidates);
    }

    /**
     * Generates whole assignment requests: a graph within {@code graphShape}, a pool within {@code
     * poolShape} topped up to at least the solver's minimum slots, the solver's plan for that pool,
     * and a previous placement from {@link #previousPlacements}.
     *
     * @param graphShape graph size limits
     * @param poolShape pool size limits
     * @param solver the parallelism solver that makes the plan; it must return a plan whenever it
     *     gets at least {@link ParallelismSolver#minimumSlots} slots, else generation fails with its
     *     {@link IllegalStateException}
     * @return the generator
     */
    public static Gen<AssignmentRequest> assignmentRequests(
            GraphShape graphShape, PoolShape poolShape, ParallelismSolver solver) {
        return jobGraphs(graphShape).flatMap(graph -> slotPoolsWithAtLeast(solver.minimumSlots(graph), poolShape)
                .flatMap(pool -> {
                    ParallelismPlan plan = solver.solve(graph, pool).plan();
                    return previousPlacements(graph, plan, pool)
                            .map(previous -> new AssignmentRequest(graph, plan, pool, previous));
                }));
    }

    private static <T> List<T> append(List<T> list, T element) {
        List<T> result = new ArrayList<>(list.size() + 1);
        result.addAll(list);
        result.add(element);
        return Collections.unmodifiableList(result);
    }
}
