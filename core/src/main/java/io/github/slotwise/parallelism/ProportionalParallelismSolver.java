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
import java.util.TreeSet;

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

    /**
     * The factor {@code f} with {@code D(f) == slots}, for {@code minimum <= slots < desired}. {@code
     * D} is linear between consecutive breakpoints {@code c / t_v}, where {@code c} is a lower or upper
     * bound of a vertex in {@code v}'s group: there a clamp starts or stops, or the linear term of
     * {@code v} meets a constant of the group's maximum.
     */
    private static Ratio factor(JobGraph graph, int slots) {
        TreeSet<Ratio> points = new TreeSet<>();
        points.add(Ratio.ZERO);
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            TreeSet<Integer> constants = new TreeSet<>();
            TreeSet<Integer> targets = new TreeSet<>();
            for (JobVertex v : graph.verticesOf(g)) {
                constants.add(v.lowerBound());
                constants.add(v.upperBound());
                targets.add(v.parallelism());
            }
            for (int t : targets) {
                for (int c : constants) {
                    points.add(Ratio.of(c, t));
                }
            }
        }
        List<Ratio> sorted = new ArrayList<>(points);
        Ratio target = Ratio.of(slots);
        // D(sorted[0]) = minimum <= slots < desired = D(last): find the last point with D <= slots
        int lo = 0;
        int hi = sorted.size() - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (demand(graph, sorted.get(mid)).compareTo(target) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Ratio a = sorted.get(lo);
        Ratio b = sorted.get(hi);
        Ratio da = demand(graph, a);
        Ratio db = demand(graph, b);
        // linear between a and b, da <= slots < db
        return a.plus(target.minus(da).times(b.minus(a)).dividedBy(db.minus(da)));
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
