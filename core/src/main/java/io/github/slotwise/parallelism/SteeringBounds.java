package io.github.slotwise.parallelism;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-vertex bounds for Flink's resource-requirements API ({@code PUT /jobs/:jobid/resource-requirements},
 * FLIP-291) that make Flink's own rule, {@link FlinkParallelismSolver}, land on a target plan chosen by
 * any {@link ParallelismSolver}. Flink cannot load a Slotwise rule, but it follows bounds: this is how
 * a running job is steered.
 *
 * <p>The rule, for {@code n} available slots, a target parallelism {@code p_v} per vertex and the
 * vertex's current bounds {@code [L_v, U_v]}:
 *
 * <ol>
 *   <li><b>Keep</b> the current bounds if Flink's rule over them already gives the target, in every
 *       order Flink may visit slot-sharing groups of equal range (Flink's order is a hash order that
 *       changes from run to run; see {@link FlinkParallelismSolver}).
 *   <li>Otherwise <b>pin</b> every vertex: {@code U'_v = p_v} and {@code L'_v = min(p_v, L_v)}. The
 *       upper bound stops Flink at the target; the lower bound is never raised, because a lower bound
 *       the slots cannot meet fails the job (the Kubernetes operator's rule, FLINK-34311). Each group
 *       then asks for {@code s_g = max p_v} slots, and since {@code sum s_g <= n} Flink's distribution
 *       gives every group its {@code s_g}, whatever the visit order: a group visited with the smallest
 *       remaining range always gets at least its range. So each vertex runs at {@code min(p_v, s_g) =
 *       p_v}.
 * </ol>
 *
 * <p>Either way the answer is checked by running {@link FlinkParallelismSolver} over the proposed
 * bounds, in the graph's group order and in a rotated tie order, before it is returned.
 *
 * <p>Pinned upper bounds also mean Flink no longer grows the job by itself when slots are added:
 * steering again with the new slot count (e.g. {@code slotwise steer --watch}) raises them.
 */
public final class SteeringBounds {
    private static final FlinkParallelismSolver FLINK = new FlinkParallelismSolver();

    private SteeringBounds() {}

    /**
     * The bounds to send, why, and what Flink's rule makes of them.
     *
     * @param bounds the proposed bounds per vertex id, in job-graph vertex order; every vertex
     * @param explanation one line per vertex, in job-graph vertex order
     * @param flinkPlan Flink's rule over the proposed bounds and the available slots; its vertex
     *     parallelism equals the target's
     * @param unchanged true if the proposed bounds equal the current ones (nothing to send)
     */
    public record Proposal(
            Map<String, VertexBounds> bounds, List<String> explanation, ParallelismPlan flinkPlan, boolean unchanged) {
        /** Copies the map (keeping its order) and the list. */
        public Proposal {
            bounds = ImmutableMap.copyOf(bounds);
            explanation = ImmutableList.copyOf(explanation);
            Objects.requireNonNull(flinkPlan, "flinkPlan");
        }
    }

    /**
     * Proposes bounds with which Flink's rule, over {@code availableSlots} slots, runs every vertex at
     * its target parallelism. The graph supplies the vertices, their slot-sharing groups, keyed-ness
     * and maxParallelism; its own lower and upper bounds are ignored in favour of {@code current}.
     *
     * @param graph the job
     * @param availableSlots the slots Flink has for the job, at least 0
     * @param target the parallelism wanted, one entry per vertex (its slots-per-group and explanation
     *     are not used)
     * @param current the bounds the job runs with now (from {@code GET
     *     /jobs/:jobid/resource-requirements}), one entry per vertex
     * @return the proposal, verified with {@link FlinkParallelismSolver}
     * @throws IllegalArgumentException if {@code availableSlots} is negative, if {@code target} or
     *     {@code current} names an unknown vertex or misses one, if a target is below 1, or if a current
     *     upper bound exceeds the vertex's maxParallelism; the message names the vertex and value
     * @throws UnreachableTargetException if a target exceeds the vertex's maxParallelism, or the target
     *     needs more slots (the sum over slot-sharing groups of their highest target) than available
     * @throws IllegalStateException if the verification fails, which the rule above rules out
     */
    public static Proposal propose(
            JobGraph graph, int availableSlots, ParallelismPlan target, Map<String, VertexBounds> current) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(current, "current");
        if (availableSlots < 0) {
            throw new IllegalArgumentException("availableSlots must be >= 0, got " + availableSlots);
        }
        checkCovers(graph, current.keySet(), "current bounds");
        checkCovers(graph, target.vertexParallelism().keySet(), "target plan");
        for (JobVertex v : graph.vertices()) {
            int max = v.effectiveMaxParallelism();
            VertexBounds now = current.get(v.id());
            if (now.upperBound() > max) {
                throw new IllegalArgumentException("current bounds of vertex '" + v.id() + "': upperBound "
                        + now.upperBound() + " > maxParallelism " + max);
            }
            int p = target.parallelismOf(v.id());
            if (p < 1) {
                throw new IllegalArgumentException(
                        "target plan: vertex '" + v.id() + "' parallelism must be >= 1, got " + p);
            }
            if (p > max) {
                throw new UnreachableTargetException("target plan: vertex '" + v.id() + "' parallelism " + p
                        + " > maxParallelism " + max + ", above any upper bound Flink accepts");
            }
        }
        int required = requiredSlots(graph, target);
        if (required > availableSlots) {
            throw new UnreachableTargetException("target plan needs " + required
                    + " slots (each slot-sharing group's highest target parallelism, summed), "
                    + availableSlots + " available: Flink's rule cannot land on it");
        }

        ParallelismResult before = FLINK.solve(Requirements.withBounds(graph, current), availableSlots);
        boolean keep = landsInEveryOrder(Requirements.withBounds(graph, current), availableSlots, target);
        Map<String, VertexBounds> proposed = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            VertexBounds now = current.get(v.id());
            int p = target.parallelismOf(v.id());
            proposed.put(v.id(), keep ? now : new VertexBounds(Math.min(p, now.lowerBound()), p));
        }

        JobGraph steered = Requirements.withBounds(graph, proposed);
        ParallelismResult after = FLINK.solve(steered, availableSlots);
        if (!landsInEveryOrder(steered, availableSlots, target)) {
            throw new IllegalStateException("internal: Flink's rule over the proposed bounds " + proposed + " on "
                    + availableSlots + " slots gives " + describe(after) + ", not the target "
                    + target.vertexParallelism());
        }

        List<String> why = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            why.add(line(v, current.get(v.id()), proposed.get(v.id()), before, target, availableSlots, keep));
        }
        return new Proposal(proposed, why, after.plan(), proposed.equals(current));
    }

    /**
     * The slots a plan needs under Flink's rule: for every slot-sharing group the highest parallelism
     * among its vertices, summed.
     *
     * @param graph the job
     * @param plan parallelism for every vertex of {@code graph}
     * @return the slots needed
     * @throws IllegalArgumentException if the plan misses a vertex
     */
    public static int requiredSlots(JobGraph graph, ParallelismPlan plan) {
        int sum = 0;
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            int max = 0;
            for (String id : g.vertexIds()) {
                max = Math.max(max, plan.parallelismOf(id));
            }
            sum += max;
        }
        return sum;
    }

    private static void checkCovers(JobGraph graph, Set<String> ids, String what) {
        for (String id : new TreeSet<>(ids)) {
            if (!graph.vertexById().containsKey(id)) {
                throw new IllegalArgumentException(what + ": unknown vertex '" + id + "'");
            }
        }
        for (JobVertex v : graph.vertices()) {
            if (!ids.contains(v.id())) {
                throw new IllegalArgumentException(what + ": no entry for vertex '" + v.id() + "'");
            }
        }
    }

    /**
     * True if Flink's rule over {@code graph} gives the target's parallelism both in the graph's group
     * order and with every class of equal-range groups rotated by one. Within such a class the slots
     * handed out at each visit position do not depend on which group stands there, so the result is
     * the same in every order exactly when it is the same under one rotation.
     */
    static boolean landsInEveryOrder(JobGraph graph, int availableSlots, ParallelismPlan target) {
        ParallelismResult inOrder = FLINK.solve(graph, availableSlots);
        if (!(inOrder instanceof ParallelismPlan plan)
                || !plan.vertexParallelism().equals(target.vertexParallelism())) {
            return false;
        }
        Map<Integer, List<String>> byRange = new TreeMap<>();
        for (GroupBounds b : GroupBounds.of(graph)) {
            byRange.computeIfAbsent(b.range(), r -> new ArrayList<>()).add(b.groupId());
        }
        if (byRange.values().stream().allMatch(ids -> ids.size() == 1)) {
            return true;
        }
        List<String> rotated = new ArrayList<>();
        for (List<String> ids : byRange.values()) {
            Collections.rotate(ids, -1);
            rotated.addAll(ids);
        }
        JobGraph other =
                JobGraph.builder().from(graph).slotSharingGroupOrder(rotated).build();
        ParallelismResult otherResult = FLINK.solve(other, availableSlots);
        return otherResult instanceof ParallelismPlan p && p.vertexParallelism().equals(target.vertexParallelism());
    }

    private static String line(
            JobVertex v,
            VertexBounds now,
            VertexBounds next,
            ParallelismResult before,
            ParallelismPlan target,
            int slots,
            boolean keep) {
        int p = target.parallelismOf(v.id());
        StringBuilder b = new StringBuilder(v.id());
        if (!v.name().equals(v.id())) {
            b.append(" (").append(v.name()).append(')');
        }
        b.append(": ")
                .append(bounds(now))
                .append(now.equals(next) ? " kept" : " -> " + bounds(next))
                .append("; Flink's rule on ")
                .append(slots)
                .append(" slots: ");
        if (before instanceof ParallelismPlan plan) {
            int was = plan.parallelismOf(v.id());
            b.append(was).append(" -> ").append(p);
            if (v.keyed()) {
                int m = v.effectiveMaxParallelism();
                b.append(" (hottest subtask ")
                        .append(ceilDiv(m, was))
                        .append(" -> ")
                        .append(ceilDiv(m, p))
                        .append(" of ")
                        .append(m)
                        .append(" key groups)");
            }
        } else {
            b.append("no plan with the current bounds -> ").append(p);
        }
        b.append("; ");
        if (keep) {
            b.append("the current bounds already give the target");
        } else {
            b.append(
                    next.upperBound() == now.upperBound()
                            ? "upper bound already the target"
                            : "upper bound set to the target");
            if (next.lowerBound() < now.lowerBound()) {
                b.append(", lower bound lowered to the target (never raised: FLINK-34311)");
            }
        }
        return b.toString();
    }

    private static String bounds(VertexBounds b) {
        return "[" + b.lowerBound() + ", " + b.upperBound() + "]";
    }

    private static String describe(ParallelismResult r) {
        return r instanceof ParallelismPlan p
                ? p.vertexParallelism().toString()
                : "no plan (" + String.join("; ", r.explanation()) + ")";
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
