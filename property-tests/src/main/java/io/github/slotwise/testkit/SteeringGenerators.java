package io.github.slotwise.testkit;

import static io.github.slotwise.testkit.SlotwiseGenerators.jobGraphs;
import static io.github.slotwise.testkit.SlotwiseGenerators.permutations;
import static io.github.slotwise.testkit.SlotwiseGenerators.sequence;
import static io.github.slotwise.testkit.SlotwiseGenerators.slotCountsFor;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.registry.Strategies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators for steering a running Flink job through its resource requirements: the bounds a job
 * may currently run with, and whole cases (a graph, a slot count, a policy's solver, current bounds,
 * and an order of the slot-sharing groups that stands in for Flink's hash order).
 */
public final class SteeringGenerators {
    private SteeringGenerators() {}

    /**
     * One steering case.
     *
     * @param graph the job, its own bounds the ones the policy plans with
     * @param slots the available slots
     * @param solver the policy's parallelism rule
     * @param current the bounds the job runs with now, one per vertex
     * @param groupOrder a permutation of the graph's slot-sharing group ids
     */
    public record SteeringCase(
            JobGraph graph,
            int slots,
            ParallelismSolver solver,
            Map<String, VertexBounds> current,
            List<String> groupOrder) {
        /** Copies the map and list. */
        public SteeringCase {
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(solver, "solver");
            current = ImmutableMap.copyOf(current);
            groupOrder = List.copyOf(groupOrder);
        }

        @Override
        public String toString() {
            return solver.name() + " on " + slots + " slots, current " + current + ", group order " + groupOrder
                    + ", graph " + graph;
        }
    }

    /**
     * The registered parallelism rules ({@code Strategies.standard().parallelismSolvers()}: Flink's,
     * key-group-aware, proportional, and any a plugin on the class path adds), in registry order.
     *
     * @return the generator
     */
    public static Gen<ParallelismSolver> policySolvers() {
        List<ParallelismSolver> solvers =
                Strategies.standard().parallelismSolvers().values();
        return integers().between(0, solvers.size() - 1).map(solvers::get);
    }

    /**
     * Bounds a job may run with: one time in three the graph's own bounds (a job not steered yet),
     * otherwise per vertex an upper bound in {@code [1, maxParallelism]} and a lower bound in {@code
     * [1, upper]}, independent of the graph's own bounds.
     *
     * @param graph the job
     * @return the generator of maps with one entry per vertex, in vertex order
     */
    public static Gen<Map<String, VertexBounds>> currentBoundsFor(JobGraph graph) {
        List<Gen<VertexBounds>> perVertex = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            perVertex.add(integers()
                    .between(1, v.effectiveMaxParallelism())
                    .flatMap(u -> integers().between(1, u).map(l -> new VertexBounds(l, u))));
        }
        Map<String, VertexBounds> own = new LinkedHashMap<>();
        graph.vertices().forEach(v -> own.put(v.id(), new VertexBounds(v.lowerBound(), v.upperBound())));
        Gen<Map<String, VertexBounds>> random = sequence(perVertex).map(bounds -> {
            Map<String, VertexBounds> m = new LinkedHashMap<>();
            for (int i = 0; i < bounds.size(); i++) {
                m.put(graph.vertices().get(i).id(), bounds.get(i));
            }
            return m;
        });
        return SlotwiseGenerators.oneIn(3).flatMap(mine -> mine ? Generate.constant(own) : random);
    }

    /**
     * Graphs of 2 to 4 slot-sharing groups of one vertex each, all with the same bounds {@code [1, u]}
     * ({@code u} in [2, 12]), some keyed with 16 key groups: every group has the same range, so the
     * order in which Flink visits them decides who gets the division remainder.
     *
     * @return the generator
     */
    public static Gen<JobGraph> tiedGroupGraphs() {
        return integers().between(2, 4).flatMap(k -> integers().between(2, 12).flatMap(u -> sequence(
                        Collections.nCopies(k, SlotwiseGenerators.oneIn(2)))
                .map(keyed -> {
                    JobGraph.Builder b = JobGraph.builder();
                    for (int i = 0; i < k; i++) {
                        b.addVertices(JobVertex.builder()
                                .id("v" + i)
                                .slotSharingGroup("g" + i)
                                .parallelism(u)
                                .maxParallelism(16)
                                .keyed(keyed.get(i))
                                .build());
                    }
                    return b.build();
                })));
    }

    /**
     * Steering cases: one time in four on {@link #tiedGroupGraphs()}, otherwise on graphs of the
     * given shape.
     *
     * @param shape the graph shape
     * @return the generator
     */
    public static Gen<SteeringCase> steeringCases(GraphShape shape) {
        Gen<JobGraph> graphs = SlotwiseGenerators.oneIn(4).flatMap(tied -> tied ? tiedGroupGraphs() : jobGraphs(shape));
        return graphs.flatMap(g -> slotCountsFor(g).flatMap(n -> policySolvers()
                .flatMap(s -> currentBoundsFor(g).flatMap(current -> permutations(g.slotSharingGroups().stream()
                                .map(SlotSharingGroup::id)
                                .toList())
                        .map(order -> new SteeringCase(g, n, s, current, order))))));
    }
}
