package io.github.slotwise.parallelism;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.keygroup.KeyGroups;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scales the whole job by one factor, so it keeps the shape its configured parallelism gives it
 * (the "proportional" scaling FLIP-159 lists as future work for Reactive Mode), where Flink's rule
 * gives every vertex of a slot-sharing group the group's slots.
 *
 * <p>Per vertex {@code v}: target {@code t = parallelism()} (the configured parallelism), bounds
 * {@code [l, u] = [lowerBound(), upperBound()]} ({@code u <= maxParallelism} always).
 *
 * <ol>
 *   <li>Without even the lower bounds there is no plan ({@link NotEnoughSlots}, as Flink's). With
 *       at least the desired slots (the sum over groups of the highest upper bound), every vertex
 *       runs at {@code u}.
 *   <li>Otherwise the <b>factor</b> {@code f} is the one at which the job's continuous slot demand
 *       {@code D(f) = sum over groups g of max over v in g of clamp(f * t_v, l_v, u_v)} equals the
 *       slots. {@code D} is continuous, non-decreasing and piecewise linear (its pieces end where a
 *       clamp starts or stops, or where the linear term of one vertex meets a bound of another in
 *       its group), so {@code f} is found exactly, in rational arithmetic, between two such points.
 *   <li>Each vertex's <b>quota</b> is {@code q_v = clamp(f * t_v, l_v, u_v)}; it first gets {@code
 *       floor(q_v)}. A group takes the highest parallelism of its vertices, so the floors leave
 *       fewer than one slot per group.
 *   <li><b>Largest remainder.</b> Vertices are visited by descending remainder {@code q_v -
 *       floor(q_v)} (ties in vertex order); each with a remainder gets one more subtask if the slots
 *       that costs (0 when its group already has a vertex that high, else 1) are still free.
 * </ol>
 *
 * <p>So every vertex ends at its quota rounded down or up, all quotas coming from the same factor:
 * the ratios between vertices hold to within one subtask, except where a bound clamps them. Exact
 * arithmetic makes the result deterministic and independent of floating point.
 */
public final class ProportionalParallelismSolver implements ParallelismSolver {
    /** The solver's registry name. */
    public static final String NAME = "proportional";

    /** Creates the solver; it holds no state. */
    public ProportionalParallelismSolver() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "every vertex scaled by one factor of its configured parallelism";
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
            return FlinkParallelismSolver.notEnoughSlots(bounds, availableSlots);
        }
        int desired = GroupBounds.desiredSlots(bounds);
        List<String> why = new ArrayList<>();
        Map<String, Integer> parallelism = new LinkedHashMap<>();
        if (availableSlots >= desired) {
            why.add(String.format(
                    "proportional: %d slots cover the %d desired: every vertex at its upper bound",
                    availableSlots, desired));
            graph.vertices().forEach(v -> parallelism.put(v.id(), v.upperBound()));
            return plan(graph, parallelism, availableSlots, why);
        }

        Ratio factor = factor(graph, availableSlots);
        why.add(String.format(
                "proportional: factor %s%s of the configured parallelism fills %d slots (%d minimum, %d desired)",
                factor,
                factor.isInteger() ? "" : " (" + factor.num() + "/" + factor.den() + ")",
                availableSlots,
                minimum,
                desired));
        List<JobVertex> vertices = graph.vertices();
        List<Ratio> quotas = new ArrayList<>();
        Map<String, Integer> groupMax = new LinkedHashMap<>();
        for (JobVertex v : vertices) {
            Ratio raw = factor.times(v.parallelism());
            Ratio quota = raw.clamp(v.lowerBound(), v.upperBound());
            quotas.add(quota);
            int floor = (int) quota.floor();
            parallelism.put(v.id(), floor);
            groupMax.merge(v.slotSharingGroup(), floor, Math::max);
            String clamped = quota.compareTo(raw) == 0
                    ? ""
                    : quota.compareTo(raw) < 0
                            ? " -> capped at its upper bound " + v.upperBound()
                            : " -> raised to its lower bound " + v.lowerBound();
            why.add(String.format("%s: %d x %s = %s%s", v.id(), v.parallelism(), factor, raw, clamped));
        }
        int free = availableSlots
                - groupMax.values().stream().mapToInt(Integer::intValue).sum();

        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < vertices.size(); i++) {
            if (!quotas.get(i).isInteger()) {
                byRemainder.add(i);
            }
        }
        // descending remainder; List.sort is stable, so ties keep vertex order
        byRemainder.sort(
                Comparator.comparing((Integer i) -> quotas.get(i).fraction()).reversed());
        for (int i : byRemainder) {
            JobVertex v = vertices.get(i);
            int up = parallelism.get(v.id()) + 1;
            int cost = Math.max(0, up - groupMax.get(v.slotSharingGroup()));
            if (cost <= free) {
                free -= cost;
                parallelism.put(v.id(), up);
                groupMax.merge(v.slotSharingGroup(), up, Math::max);
                why.add(String.format(
                        "%s: %s rounded up to %d (largest remainder, %d slot(s))", v.id(), quotas.get(i), up, cost));
            } else {
                why.add(String.format("%s: %s rounded down to %d (no free slot left)", v.id(), quotas.get(i), up - 1));
            }
        }
        return plan(graph, parallelism, availableSlots, why);
    }

    private static ParallelismPlan plan(
            JobGraph graph, Map<String, Integer> parallelism, int availableSlots, List<String> why) {
        Map<String, Integer> slotsPerGroup = new LinkedHashMap<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            int max = 0;
            for (String id : g.vertexIds()) {
                max = Math.max(max, parallelism.get(id));
            }
            slotsPerGroup.put(g.id(), max);
        }
        Map<String, Integer> vertexParallelism = new LinkedHashMap<>();
        graph.vertices().forEach(v -> vertexParallelism.put(v.id(), parallelism.get(v.id())));
        return new ParallelismPlan(vertexParallelism, slotsPerGroup, availableSlots, ImmutableList.copyOf(why));
    }

    /** Fixed-point scale of the search for the factor: {@code x = F / 2^32}. */
    private static final int SCALE_BITS = 32;

    /**
     * The factor {@code f} with {@code D(f) == slots}, for {@code minimum <= slots < desired}. {@code
     * D} is linear between consecutive breakpoints {@code c / t_v}, where {@code c} is a lower or upper
     * bound of a vertex in {@code v}'s group: there a clamp starts or stops, or the linear term of
     * {@code v} meets a constant of the group's maximum. With {@code a} the last breakpoint (or 0)
     * where {@code D <= slots} and {@code b} the next one, {@code f} is interpolated exactly between
     * them.
     *
     * <p>Finding {@code a} and {@code b} without listing every breakpoint (a group of {@code n}
     * vertices has up to {@code 2n * n}): all {@code c} and {@code t} are in {@code [1, 2^15]}, so two
     * different breakpoints lie at least {@code 2^-30} apart. A binary search over {@code x = F /
     * 2^32} in integer arithmetic finds the {@code x} with {@code D(x) <= slots < D(x + 2^-32)}; at
     * most one breakpoint lies in that interval, and the breakpoints next to it are found per group
     * and target by a binary search over the group's sorted bounds. {@code O(V log)} in all, where
     * listing and sorting the breakpoints was quadratic in a group's size.
     */
    static Ratio factor(JobGraph graph, int slots) {
        Breakpoints points = new Breakpoints(graph);
        long lo = 0; // D(0) = minimum <= slots
        long hi = (long) KeyGroups.UPPER_BOUND_MAX_PARALLELISM << SCALE_BITS; // D(2^15) = desired > slots
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (points.demandAtMost(mid, slots)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // D(lo / 2^32) <= slots < D(hi / 2^32), hi = lo + 1.
        Ratio a = points.atMost(lo, 1L << SCALE_BITS);
        Ratio b = points.above(lo, 1L << SCALE_BITS);
        Ratio target = Ratio.of(slots);
        if (b.compareTo(Ratio.of(hi, 1L << SCALE_BITS)) < 0 && demand(graph, b).compareTo(target) <= 0) {
            // the one breakpoint inside the interval is still at most slots: the piece starts there
            a = b;
            b = points.above(a.num().longValueExact(), a.den().longValueExact());
        }
        Ratio da = demand(graph, a);
        Ratio db = demand(graph, b);
        // linear between a and b, da <= slots < db
        return a.plus(target.minus(da).times(b.minus(a)).dividedBy(db.minus(da)));
    }

    /** Each group's sorted distinct bounds and targets, and every vertex's, for the factor search. */
    private static final class Breakpoints {
        private final int[][] constants; // per group, ascending, distinct
        private final int[][] targets; // per group, ascending, distinct
        private final int[][] target; // per group, per vertex
        private final int[][] lower;
        private final int[][] upper;

        Breakpoints(JobGraph graph) {
            List<SlotSharingGroup> groups = graph.slotSharingGroups();
            constants = new int[groups.size()][];
            targets = new int[groups.size()][];
            target = new int[groups.size()][];
            lower = new int[groups.size()][];
            upper = new int[groups.size()][];
            for (int g = 0; g < groups.size(); g++) {
                List<JobVertex> vertices = graph.verticesOf(groups.get(g));
                target[g] = vertices.stream().mapToInt(JobVertex::parallelism).toArray();
                lower[g] = vertices.stream().mapToInt(JobVertex::lowerBound).toArray();
                upper[g] = vertices.stream().mapToInt(JobVertex::upperBound).toArray();
                constants[g] = IntStream.concat(Arrays.stream(lower[g]), Arrays.stream(upper[g]))
                        .sorted()
                        .distinct()
                        .toArray();
                targets[g] = Arrays.stream(target[g]).sorted().distinct().toArray();
            }
        }

        /** {@code D(x) <= slots} at {@code x = scaled / 2^32}, in exact integer arithmetic. */
        boolean demandAtMost(long scaled, int slots) {
            long limit = (long) slots << SCALE_BITS;
            long sum = 0;
            for (int g = 0; g < target.length; g++) {
                long max = 0;
                for (int v = 0; v < target[g].length; v++) {
                    long quota = Math.min(
                            Math.max(scaled * target[g][v], (long) lower[g][v] << SCALE_BITS),
                            (long) upper[g][v] << SCALE_BITS);
                    max = Math.max(max, quota);
                }
                if (max > limit - sum) {
                    return false;
                }
                sum += max;
            }
            return true;
        }

        /** The largest breakpoint {@code c / t <= num / den}, or 0 if there is none. */
        Ratio atMost(long num, long den) {
            long bestC = 0;
            long bestT = 1;
            for (int g = 0; g < constants.length; g++) {
                for (int t : targets[g]) {
                    int k = lastAtMost(constants[g], num * t / den); // num * t < 2^62: num <= 2^47, t <= 2^15
                    if (k >= 0 && constants[g][k] * bestT > bestC * t) {
                        bestC = constants[g][k];
                        bestT = t;
                    }
                }
            }
            return Ratio.of(bestC, bestT);
        }

        /** The smallest breakpoint {@code c / t > num / den}; there is one below the largest bound. */
        Ratio above(long num, long den) {
            long bestC = -1;
            long bestT = 1;
            for (int g = 0; g < constants.length; g++) {
                for (int t : targets[g]) {
                    long floor = num * t / den; // num * t < 2^62: num <= 2^47, t <= 2^15
                    int k = lastAtMost(constants[g], floor) + 1;
                    if (k < constants[g].length && (bestC < 0 || constants[g][k] * bestT < bestC * t)) {
                        bestC = constants[g][k];
                        bestT = t;
                    }
                }
            }
            if (bestC < 0) {
                throw new IllegalStateException("no breakpoint above " + num + "/" + den);
            }
            return Ratio.of(bestC, bestT);
        }

        /** The index of the last value {@code <= bound} in an ascending array, or -1. */
        private static int lastAtMost(int[] ascending, long bound) {
            int lo = 0;
            int hi = ascending.length; // answer + 1 in [lo, hi]
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ascending[mid] <= bound) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - 1;
        }
    }

    /** {@code D(f)}: the slots the job would take if every vertex ran at its exact quota. */
    private static Ratio demand(JobGraph graph, Ratio f) {
        Ratio total = Ratio.ZERO;
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            Ratio max = Ratio.ZERO;
            for (JobVertex v : graph.verticesOf(g)) {
                Ratio q = f.times(v.parallelism()).clamp(v.lowerBound(), v.upperBound());
                if (q.compareTo(max) > 0) {
                    max = q;
                }
            }
            total = total.plus(max);
        }
        return total;
    }
}
