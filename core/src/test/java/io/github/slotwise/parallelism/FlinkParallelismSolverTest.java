package io.github.slotwise.parallelism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples from Flink's determineParallelism (semantics notes, section 3.3). */
class FlinkParallelismSolverTest {
    private final FlinkParallelismSolver solver = new FlinkParallelismSolver();

    private static JobVertex v(String id, String group, int lower, int upper) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(group)
                .parallelism(upper)
                .lowerBound(lower)
                .upperBound(upper)
                .build();
    }

    @Test
    void groupWithTheSmallerRangeIsServedFirstAndTheRemainderFlowsOn() {
        // 10 slots, A(1..10), B(1..4): B first (range 3): 1 + min(3, 8/2) = 4; then A: 1 + min(9, 5/1) = 6.
        JobGraph g = JobGraph.builder()
                .addVertices(v("a", "A", 1, 10), v("b", "B", 1, 4))
                .build();
        ParallelismPlan plan = solver.solve(g, 10).plan();
        assertThat(plan.slotsPerGroup()).containsExactly(Map.entry("A", 6), Map.entry("B", 4));
        assertThat(plan.vertexParallelism()).containsExactly(Map.entry("a", 6), Map.entry("b", 4));
        assertThat(plan.slotsUsed()).isEqualTo(10);
        assertThat(plan.explanation())
                .contains("group 'B' (range 3 = 4 - 1): 1 + min(3, 8 free / 2 groups) = 4 slots")
                .contains("group 'A' (range 9 = 10 - 1): 1 + min(9, 5 free / 1 groups) = 6 slots");
    }

    @Test
    void tiedRangesAreBrokenByGroupOrderSoTheLaterGroupGetsTheRemainder() {
        // 5 slots, two groups with range 10 and min 1: 1 + 3/2 = 2, then 1 + 2/1 = 3.
        JobGraph g = JobGraph.builder()
                .addVertices(v("a", "A", 1, 11), v("b", "B", 1, 11))
                .build();
        assertThat(solver.solve(g, 5).plan().slotsPerGroup()).containsExactly(Map.entry("A", 2), Map.entry("B", 3));
        JobGraph flipped =
                JobGraph.builder().from(g).addSlotSharingGroupOrder("B", "A").build();
        assertThat(solver.solve(flipped, 5).plan().slotsPerGroup())
                .containsExactly(Map.entry("B", 2), Map.entry("A", 3));
    }

    @Test
    void vertexParallelismIsCappedByItsUpperBoundWithinTheGroup() {
        JobGraph g = JobGraph.builder()
                .addVertices(v("src", "G", 1, 2), v("map", "G", 1, 8), v("sink", "G", 1, 1))
                .build();
        ParallelismPlan plan = solver.solve(g, 5).plan();
        assertThat(plan.slotsPerGroup()).containsExactly(Map.entry("G", 5));
        assertThat(plan.vertexParallelism())
                .containsExactly(Map.entry("src", 2), Map.entry("map", 5), Map.entry("sink", 1));
    }

    @Test
    void leftoverSlotsStayUnusedWhenEveryGroupIsAtItsUpperBound() {
        JobGraph g = JobGraph.builder()
                .addVertices(v("a", "A", 1, 3), v("b", "B", 2, 4))
                .build();
        ParallelismPlan plan = solver.solve(g, 20).plan();
        assertThat(plan.vertexParallelism()).containsExactly(Map.entry("a", 3), Map.entry("b", 4));
        assertThat(plan.slotsUsed()).isEqualTo(7);
        assertThat(plan.explanation()).contains("13 slot(s) left unused: every group is at its upper bound");
        assertThat(solver.desiredSlots(g)).isEqualTo(7);
        assertThat(solver.minimumSlots(g)).isEqualTo(3);
    }

    @Test
    void theGroupFloorIsTheHighestLowerBoundOfItsVertices() {
        // FLINK-33960 (fixed in 1.19): min/max 2/2 and 8/8 in one group with 5 slots must not run at 5.
        JobGraph g = JobGraph.builder()
                .addVertices(v("a", "G", 2, 2), v("b", "G", 8, 8))
                .build();
        ParallelismResult r = solver.solve(g, 5);
        assertThat(r).isInstanceOf(NotEnoughSlots.class);
        NotEnoughSlots missing = (NotEnoughSlots) r;
        assertThat(missing.requiredSlots()).isEqualTo(8);
        assertThat(missing.missingSlots()).isEqualTo(3);
        assertThat(missing.explanation().get(0))
                .contains("need at least 8 slots")
                .contains("3 missing");
        assertThatThrownBy(r::plan).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 missing");
        assertThat(solver.solve(g, 8).plan().vertexParallelism()).containsExactly(Map.entry("a", 2), Map.entry("b", 8));
    }

    @Test
    void fewerSlotsThanGroupsIsNotEnoughAndEqualityIsEnough() {
        JobGraph g = JobGraph.builder()
                .addVertices(v("a", "A", 1, 4), v("b", "B", 1, 4), v("c", "C", 1, 4))
                .build();
        assertThat(solver.solve(g, 2))
                .isEqualTo(new NotEnoughSlots(3, 2, solver.solve(g, 2).explanation()));
        assertThat(solver.solve(g, 3).plan().vertexParallelism().values()).containsExactly(1, 1, 1);
        assertThat(solver.solve(g, 0)).isInstanceOf(NotEnoughSlots.class);
    }

    @Test
    void negativeSlotCountIsRejected() {
        JobGraph g = JobGraph.builder().addVertices(v("a", "A", 1, 4)).build();
        assertThatThrownBy(() -> solver.solve(g, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("availableSlots must be >= 0, got -1");
    }

    @Test
    void reactiveModeAsksForMaxParallelismSlotsPerVertex() {
        JobGraph g = JobGraph.builder()
                .addVertices(
                        JobVertex.builder().id("src").slotSharingGroup("G").build(),
                        JobVertex.builder()
                                .id("count")
                                .slotSharingGroup("G")
                                .parallelism(4)
                                .maxParallelism(12)
                                .keyed(true)
                                .build())
                .build();
        JobGraph reactive = Requirements.reactive(g);
        assertThat(reactive.vertex("src").upperBound()).isEqualTo(128);
        assertThat(reactive.vertex("count").upperBound()).isEqualTo(12);
        assertThat(reactive.vertex("count").lowerBound()).isEqualTo(1);
        assertThat(reactive.vertex("src").effectiveMaxParallelism()).isEqualTo(128);
        assertThat(solver.desiredSlots(reactive)).isEqualTo(128);
        assertThat(solver.solve(reactive, 10).plan().vertexParallelism())
                .containsExactly(Map.entry("src", 10), Map.entry("count", 10));
        assertThat(solver.solve(reactive, 50).plan().vertexParallelism())
                .containsExactly(Map.entry("src", 50), Map.entry("count", 12));
    }

    @Test
    void reactiveModeKeepsAnAutoDerivedMaxStableAboveTheConfiguredParallelism() {
        // p=100 derives max 256; the upper bound becomes 256, and the max must stay 256 (not 512).
        JobGraph g = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("a")
                        .slotSharingGroup("G")
                        .parallelism(100)
                        .build())
                .build();
        JobGraph reactive = Requirements.reactive(g);
        assertThat(reactive.vertex("a").upperBound()).isEqualTo(256);
        assertThat(reactive.vertex("a").effectiveMaxParallelism()).isEqualTo(256);
        assertThat(Requirements.reactive(reactive)).isEqualTo(reactive);
    }

    @Test
    void resourceRequirementsReplaceBoundsAndAreValidatedFirst() {
        JobGraph g = JobGraph.builder()
                .addVertices(v("a", "A", 1, 4), v("b", "A", 1, 4))
                .build();
        JobGraph bounded = Requirements.withBounds(g, Map.of("a", new VertexBounds(2, 3)));
        assertThat(bounded.vertex("a").lowerBound()).isEqualTo(2);
        assertThat(bounded.vertex("a").upperBound()).isEqualTo(3);
        assertThat(bounded.vertex("b")).isEqualTo(g.vertex("b"));
        assertThatThrownBy(() -> Requirements.withBounds(g, Map.of("zz", new VertexBounds(1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requirements name unknown vertex 'zz'");
        assertThatThrownBy(() -> Requirements.withBounds(g, Map.of("a", new VertexBounds(1, 200))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vertex 'a': upperBound 200 > maxParallelism 128");
        assertThatThrownBy(() -> new VertexBounds(3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lowerBound 3 > upperBound 2");
    }
}
