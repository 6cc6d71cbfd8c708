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
}
