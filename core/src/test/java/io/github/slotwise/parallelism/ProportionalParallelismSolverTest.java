package io.github.slotwise.parallelism;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of {@link ProportionalParallelismSolver}. */
class ProportionalParallelismSolverTest {
    private final ProportionalParallelismSolver solver = new ProportionalParallelismSolver();

    private static JobVertex v(String id, String group, int parallelism) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(group)
                .parallelism(parallelism)
                .maxParallelism(128)
                .build();
    }

    /** source 2 and map 4 share a group, count 6 (keyed) and sink 1 share another; Reactive Mode's bounds. */
    private static final JobGraph SHAPED = Requirements.reactive(JobGraph.builder()
            .addVertices(
                    v("source", "default", 2),
                    v("map", "default", 4),
                    JobVertex.builder().from(v("count", "agg", 6)).keyed(true).build(),
                    v("sink", "agg", 1))
            .build());

    @Test
    void onTheConfiguredSlotsTheJobRunsAsConfigured() {
        ParallelismPlan plan = solver.solve(SHAPED, 10).plan();
        assertThat(plan.vertexParallelism())
                .containsExactly(
                        Map.entry("source", 2), Map.entry("map", 4), Map.entry("count", 6), Map.entry("sink", 1));
        assertThat(plan.explanation().get(0))
                .isEqualTo(
                        "proportional: factor 1 of the configured parallelism fills 10 slots (2 minimum, 256 desired)");
    }

    @Test
    void halfTheSlotsHalveEveryVertexWithinItsLowerBound() {
        ParallelismPlan plan = solver.solve(SHAPED, 5).plan();
        assertThat(plan.vertexParallelism())
                .containsExactly(
                        Map.entry("source", 1), Map.entry("map", 2), Map.entry("count", 3), Map.entry("sink", 1));
        assertThat(plan.explanation()).contains("sink: 1 x 0.50 = 0.50 -> raised to its lower bound 1");
        // where Flink gives every vertex of a group the group's slots
        assertThat(new FlinkParallelismSolver().solve(SHAPED, 5).plan().vertexParallelism())
                .containsExactly(
                        Map.entry("source", 2), Map.entry("map", 2), Map.entry("count", 3), Map.entry("sink", 3));
    }

    @Test
    void largestRemaindersRoundUpWhileSlotsAreFree() {
        // factor 7/10: source 1.4, map 2.8, count 4.2, sink 0.7 -> 1 (lower bound). Floors use 2 + 4 = 6
        // slots; map's .8 takes the 7th, source's .4 is free (map is higher in its group), count's .2
        // would need an 8th.
        ParallelismPlan plan = solver.solve(SHAPED, 7).plan();
        assertThat(plan.vertexParallelism())
                .containsExactly(
                        Map.entry("source", 2), Map.entry("map", 3), Map.entry("count", 4), Map.entry("sink", 1));
        assertThat(plan.slotsUsed()).isEqualTo(7);
        assertThat(plan.explanation())
                .contains("proportional: factor 0.70 (7/10) of the configured parallelism fills 7 slots (2 minimum,"
                        + " 256 desired)")
                .contains("map: 2.80 rounded up to 3 (largest remainder, 1 slot(s))")
                .contains("source: 1.40 rounded up to 2 (largest remainder, 0 slot(s))")
                .contains("count: 4.20 rounded down to 4 (no free slot left)");
    }

    @Test
    void tiedRemaindersGoInVertexOrder() {
        // two groups with one vertex of parallelism 2 each, 3 slots: factor 3/4, quotas 1.5 and 1.5, one slot
        // left after the floors: the first vertex takes it
        JobGraph g =
                JobGraph.builder().addVertices(v("a", "A", 2), v("b", "B", 2)).build();
        assertThat(solver.solve(g, 3).plan().vertexParallelism()).containsExactly(Map.entry("a", 2), Map.entry("b", 1));
        JobGraph flipped =
                JobGraph.builder().addVertices(v("b", "B", 2), v("a", "A", 2)).build();
        assertThat(solver.solve(flipped, 3).plan().vertexParallelism())
                .containsExactly(Map.entry("b", 2), Map.entry("a", 1));
    }

    @Test
    void moreSlotsGrowTheJobInShapeUpToItsMaxParallelism() {
        ParallelismPlan plan = solver.solve(SHAPED, 150).plan();
        // factor 16: 32, 64, 96, 16 -> groups 64 + 96 = 160 > 150; factor 15: 30, 60, 90, 15 = 150
        assertThat(plan.vertexParallelism())
                .containsExactly(
                        Map.entry("source", 30), Map.entry("map", 60), Map.entry("count", 90), Map.entry("sink", 15));
        // from 1 x 128 + 128 = 256 slots every vertex is at its maxParallelism
        assertThat(solver.solve(SHAPED, 256).plan().vertexParallelism())
                .containsExactly(
                        Map.entry("source", 128),
                        Map.entry("map", 128),
                        Map.entry("count", 128),
                        Map.entry("sink", 128));
    }

    @Test
    void anUpperBoundCapsOneVertexAndTheOthersTakeTheSlots() {
        // factor f: a = min(2f, 3) in group A, b = 4f in group B; 9 slots: a capped at 3 once f >= 1.5,
        // b = 6 at f = 1.5 -> 3 + 6 = 9
        JobGraph g = JobGraph.builder()
                .addVertices(
                        JobVertex.builder().from(v("a", "A", 2)).upperBound(3).build(),
                        JobVertex.builder().from(v("b", "B", 4)).upperBound(20).build())
                .build();
        assertThat(solver.solve(g, 9).plan().vertexParallelism()).containsExactly(Map.entry("a", 3), Map.entry("b", 6));
        assertThat(solver.solve(g, 12).plan().vertexParallelism())
                .containsExactly(Map.entry("a", 3), Map.entry("b", 9));
    }

    @Test
    void withoutTheLowerBoundsThereIsNoPlan() {
        JobGraph g = JobGraph.builder()
                .addVertices(
                        JobVertex.builder().from(v("a", "A", 4)).lowerBound(3).build())
                .build();
        assertThat(solver.solve(g, 2)).isEqualTo(new FlinkParallelismSolver().solve(g, 2));
        assertThat(solver.name()).isEqualTo("proportional");
    }

    /**
     * The factor search against the definition: every breakpoint {@code c / t} of every group listed
     * and sorted, the last one where {@code D <= slots} found by scanning, and {@code D} interpolated
     * to {@code slots} between it and the next one. Random graphs with bounds and targets across the
     * whole range {@code [1, 32768]}, many ties, and every number of slots between the minimum and the
     * desired.
     */
    @Test
    void factorMatchesTheInterpolationBetweenAllSortedBreakpoints() {
        java.util.Random random = new java.util.Random(17);
        int cases = 0;
        for (int c = 0; c < 300; c++) {
            int max = c % 3 == 0 ? 32768 : c % 3 == 1 ? 64 : 4096;
            JobGraph.Builder builder = JobGraph.builder();
            int vertices = 1 + random.nextInt(12);
            int groups = 1 + random.nextInt(4);
            for (int k = 0; k < vertices; k++) {
                int upper = 1 + random.nextInt(max);
                int lower = 1 + random.nextInt(upper);
                builder.addVertices(JobVertex.builder()
                        .id("v" + k)
                        .slotSharingGroup("g" + random.nextInt(groups))
                        .parallelism(1 + random.nextInt(max))
                        .lowerBound(lower)
                        .upperBound(upper)
                        .maxParallelism(max)
                        .build());
            }
            JobGraph graph = builder.build();
            int minimum = solver.minimumSlots(graph);
            int desired = solver.desiredSlots(graph);
            for (int t = 0; t < 8 && minimum < desired; t++) {
                int slots = t == 0 ? minimum : t == 1 ? desired - 1 : minimum + random.nextInt(desired - minimum);
                assertThat(ProportionalParallelismSolver.factor(graph, slots))
                        .as("case %d, %d slots: %s", c, slots, graph)
                        .isEqualTo(factorFromAllBreakpoints(graph, slots));
                cases++;
            }
        }
        assertThat(cases).isGreaterThan(1500);
    }

    private static Ratio factorFromAllBreakpoints(JobGraph graph, int slots) {
        java.util.TreeSet<Ratio> points = new java.util.TreeSet<>();
        points.add(Ratio.ZERO);
        for (io.github.slotwise.model.SlotSharingGroup g : graph.slotSharingGroups()) {
            for (JobVertex v : graph.verticesOf(g)) {
                for (JobVertex w : graph.verticesOf(g)) {
                    points.add(Ratio.of(w.lowerBound(), v.parallelism()));
                    points.add(Ratio.of(w.upperBound(), v.parallelism()));
                }
            }
        }
        java.util.List<Ratio> sorted = new java.util.ArrayList<>(points);
        Ratio target = Ratio.of(slots);
        int last = 0;
        for (int k = 0; k < sorted.size(); k++) {
            if (demandOf(graph, sorted.get(k)).compareTo(target) <= 0) {
                last = k;
            }
        }
        Ratio a = sorted.get(last);
        Ratio b = sorted.get(last + 1);
        Ratio da = demandOf(graph, a);
        Ratio db = demandOf(graph, b);
        return a.plus(target.minus(da).times(b.minus(a)).dividedBy(db.minus(da)));
    }

    private static Ratio demandOf(JobGraph graph, Ratio f) {
        Ratio total = Ratio.ZERO;
        for (io.github.slotwise.model.SlotSharingGroup g : graph.slotSharingGroups()) {
            Ratio max = Ratio.ZERO;
            for (JobVertex v : graph.verticesOf(g)) {
                Ratio q = f.times(v.parallelism()).clamp(v.lowerBound(), v.upperBound());
                max = q.compareTo(max) > 0 ? q : max;
            }
            total = total.plus(max);
        }
        return total;
    }
}
