package io.github.slotwise.parallelism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of {@link SteeringBounds}. */
class SteeringBoundsTest {
    private static final FlinkParallelismSolver FLINK = new FlinkParallelismSolver();
    private static final KeyGroupAwareParallelismSolver KEYGROUP_AWARE = new KeyGroupAwareParallelismSolver();

    /** The job: a source (parallelism 1) feeding a keyed vertex with 128 key groups, one group. */
    private static final JobGraph JOB = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("source")
                    .slotSharingGroup("default")
                    .parallelism(1)
                    .build())
            .addVertices(JobVertex.builder()
                    .id("count")
                    .name("keyed count")
                    .slotSharingGroup("default")
                    .parallelism(128)
                    .maxParallelism(128)
                    .keyed(true)
                    .build())
            .build();

    private static final Map<String, VertexBounds> FOUND =
            Map.of("source", new VertexBounds(1, 1), "count", new VertexBounds(1, 128));

    private static ParallelismPlan plan(Map<String, Integer> parallelism) {
        return new ParallelismPlan(parallelism, Map.of(), 0, List.of());
    }

    @Test
    void keyGroupAwareOn96SlotsPinsTheKeyedVertexAt64() {
        assertThat(FLINK.solve(JOB, 96).plan().parallelismOf("count")).isEqualTo(96);
        ParallelismPlan target = KEYGROUP_AWARE.solve(JOB, 96).plan();
        assertThat(target.parallelismOf("count")).isEqualTo(64);

        SteeringBounds.Proposal p = SteeringBounds.propose(JOB, 96, target, FOUND);

        assertThat(p.bounds())
                .containsExactly(
                        Map.entry("source", new VertexBounds(1, 1)), Map.entry("count", new VertexBounds(1, 64)));
        assertThat(p.unchanged()).isFalse();
        assertThat(p.flinkPlan().vertexParallelism()).isEqualTo(target.vertexParallelism());
        assertThat(p.explanation())
                .containsExactly(
                        "source: [1, 1] kept; Flink's rule on 96 slots: 1 -> 1; upper bound already the target",
                        "count (keyed count): [1, 128] -> [1, 64]; Flink's rule on 96 slots: 96 -> 64"
                                + " (hottest subtask 2 -> 2 of 128 key groups); upper bound set to the target");
    }

    @Test
    void whenSlotsFor128AppearTheSteeredJobIsRaisedAgain() {
        Map<String, VertexBounds> steered = Map.of("source", new VertexBounds(1, 1), "count", new VertexBounds(1, 64));
        // the policy plans over the bounds found before steering, not the steered ones
        ParallelismPlan target = KEYGROUP_AWARE.solve(JOB, 128).plan();
        assertThat(target.parallelismOf("count")).isEqualTo(128);

        SteeringBounds.Proposal p = SteeringBounds.propose(JOB, 128, target, steered);

        assertThat(p.bounds().get("count")).isEqualTo(new VertexBounds(1, 128));
        assertThat(p.flinkPlan().parallelismOf("count")).isEqualTo(128);
        assertThat(p.explanation().get(1)).contains("[1, 64] -> [1, 128]", "64 -> 128", "2 -> 1 of 128 key groups");
    }

    @Test
    void flinksOwnPlanNeedsNoChange() {
        ParallelismPlan target = FLINK.solve(JOB, 96).plan();

        SteeringBounds.Proposal p = SteeringBounds.propose(JOB, 96, target, FOUND);

        assertThat(p.unchanged()).isTrue();
        assertThat(p.bounds()).isEqualTo(FOUND);
        assertThat(p.explanation()).allSatisfy(l -> assertThat(l).contains("kept", "already give the target"));
    }

    @Test
    void lowerBoundsAreNeverRaisedAndLoweredToTheTargetWhenAbove() {
        Map<String, Integer> target = Map.of("source", 1, "count", 64);
        SteeringBounds.Proposal high = SteeringBounds.propose(
                JOB, 96, plan(target), Map.of("source", new VertexBounds(1, 1), "count", new VertexBounds(80, 128)));
        assertThat(high.bounds().get("count")).isEqualTo(new VertexBounds(64, 64));
        assertThat(high.explanation().get(1)).contains("lower bound lowered to the target");

        SteeringBounds.Proposal low = SteeringBounds.propose(
                JOB, 96, plan(target), Map.of("source", new VertexBounds(1, 1), "count", new VertexBounds(10, 128)));
        assertThat(low.bounds().get("count")).isEqualTo(new VertexBounds(10, 64));
    }

    @Test
    void aPlanThatHoldsInOnlyOneTieOrderIsPinned() {
        // two groups of equal range on 5 slots: Flink gives 2 + 3 in one order and 3 + 2 in the other
        JobGraph g = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("a")
                        .slotSharingGroup("A")
                        .parallelism(10)
                        .build())
                .addVertices(JobVertex.builder()
                        .id("b")
                        .slotSharingGroup("B")
                        .parallelism(10)
                        .build())
                .build();
        Map<String, VertexBounds> current = Map.of("a", new VertexBounds(1, 10), "b", new VertexBounds(1, 10));
        ParallelismPlan slotwiseOrder = FLINK.solve(g, 5).plan();
        assertThat(slotwiseOrder.vertexParallelism()).containsExactly(Map.entry("a", 2), Map.entry("b", 3));

        SteeringBounds.Proposal p = SteeringBounds.propose(g, 5, slotwiseOrder, current);

        assertThat(p.unchanged()).isFalse();
        assertThat(p.bounds())
                .containsExactly(Map.entry("a", new VertexBounds(1, 2)), Map.entry("b", new VertexBounds(1, 3)));
        JobGraph reversed = JobGraph.builder()
                .from(Requirements.withBounds(g, p.bounds()))
                .slotSharingGroupOrder(List.of("B", "A"))
                .build();
        assertThat(FLINK.solve(reversed, 5).plan().vertexParallelism()).isEqualTo(slotwiseOrder.vertexParallelism());
    }

    @Test
    void freedSlotsGoToAnotherGroupOnlyAsFarAsTheTargetSays() {
        // a keyed group lowered from 48 to 32 and a plain group: Flink would hand freed slots around
        JobGraph g = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("count")
                        .slotSharingGroup("keyed")
                        .parallelism(128)
                        .maxParallelism(128)
                        .keyed(true)
                        .build())
                .addVertices(JobVertex.builder()
                        .id("enrich")
                        .slotSharingGroup("plain")
                        .parallelism(100)
                        .build())
                .build();
        Map<String, VertexBounds> current =
                Map.of("count", new VertexBounds(1, 128), "enrich", new VertexBounds(1, 100));
        ParallelismPlan target = KEYGROUP_AWARE.solve(g, 96).plan();

        SteeringBounds.Proposal p = SteeringBounds.propose(g, 96, target, current);

        Map<String, Integer> expected = new LinkedHashMap<>(target.vertexParallelism());
        assertThat(p.flinkPlan().vertexParallelism()).isEqualTo(expected);
        assertThat(p.bounds().get("count").upperBound()).isEqualTo(target.parallelismOf("count"));
        assertThat(p.bounds().get("enrich").upperBound()).isEqualTo(target.parallelismOf("enrich"));
    }

    @Test
    void targetsNoBoundsCanReachAreRefusedByName() {
        assertThatThrownBy(() -> SteeringBounds.propose(JOB, 96, plan(Map.of("source", 1, "count", 200)), FOUND))
                .isInstanceOf(UnreachableTargetException.class)
                .hasMessage("target plan: vertex 'count' parallelism 200 > maxParallelism 128,"
                        + " above any upper bound Flink accepts");
        assertThatThrownBy(() -> SteeringBounds.propose(JOB, 96, plan(Map.of("source", 1, "count", 100)), FOUND))
                .isInstanceOf(UnreachableTargetException.class)
                .hasMessage("target plan needs 100 slots (each slot-sharing group's highest target parallelism,"
                        + " summed), 96 available: Flink's rule cannot land on it");
    }

    @Test
    void badInputIsRefusedBeforeAnyWork() {
        ParallelismPlan target = plan(Map.of("source", 1, "count", 64));
        assertThatThrownBy(() -> SteeringBounds.propose(JOB, -1, target, FOUND))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("availableSlots must be >= 0, got -1");
        assertThatThrownBy(() -> SteeringBounds.propose(JOB, 96, target, Map.of("source", new VertexBounds(1, 1))))
                .hasMessage("current bounds: no entry for vertex 'count'");
        assertThatThrownBy(() -> SteeringBounds.propose(
                        JOB,
                        96,
                        target,
                        Map.of(
                                "source",
                                new VertexBounds(1, 1),
                                "count",
                                new VertexBounds(1, 64),
                                "ghost",
                                new VertexBounds(1, 1))))
                .hasMessage("current bounds: unknown vertex 'ghost'");
        assertThatThrownBy(() -> SteeringBounds.propose(JOB, 96, plan(Map.of("count", 64)), FOUND))
                .hasMessage("target plan: no entry for vertex 'source'");
        assertThatThrownBy(() -> SteeringBounds.propose(JOB, 96, plan(Map.of("source", 1, "count", 0)), FOUND))
                .isNotInstanceOf(UnreachableTargetException.class)
                .hasMessage("target plan: vertex 'count' parallelism must be >= 1, got 0");
        assertThatThrownBy(() -> SteeringBounds.propose(
                        JOB, 96, target, Map.of("source", new VertexBounds(1, 1), "count", new VertexBounds(1, 256))))
                .hasMessage("current bounds of vertex 'count': upperBound 256 > maxParallelism 128");
    }
}
