package io.github.slotwise.parallelism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of {@link KeyGroupAwareParallelismSolver}. */
class KeyGroupAwareParallelismSolverTest {
    private final KeyGroupAwareParallelismSolver solver = new KeyGroupAwareParallelismSolver();
    private final FlinkParallelismSolver flink = new FlinkParallelismSolver();

    private static JobVertex keyed(String id, String group, int maxParallelism, int upper) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(group)
                .parallelism(upper)
                .maxParallelism(maxParallelism)
                .upperBound(upper)
                .keyed(true)
                .build();
    }

    private static JobVertex plain(String id, String group, int upper) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(group)
                .parallelism(upper)
                .maxParallelism(Math.max(128, upper))
                .build();
    }

    @Test
    void alignDownIsTheFewestSubtasksWithTheSameHottestSubtask() {
        assertThat(KeyGroupAwareParallelismSolver.alignDown(128, 96)).isEqualTo(64);
        assertThat(KeyGroupAwareParallelismSolver.alignDown(128, 100)).isEqualTo(64);
        assertThat(KeyGroupAwareParallelismSolver.alignDown(128, 127)).isEqualTo(64);
        assertThat(KeyGroupAwareParallelismSolver.alignDown(128, 128)).isEqualTo(128);
        assertThat(KeyGroupAwareParallelismSolver.alignDown(128, 43)).isEqualTo(43); // 3 key groups, not a divisor
        assertThat(KeyGroupAwareParallelismSolver.alignDown(128, 50)).isEqualTo(43);
        assertThat(KeyGroupAwareParallelismSolver.alignDown(128, 1)).isEqualTo(1);
        assertThat(KeyGroupAwareParallelismSolver.alignDown(100, 30)).isEqualTo(25);
        assertThatThrownBy(() -> KeyGroupAwareParallelismSolver.alignDown(128, 129))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("129");
    }

    @Test
    void aLoneKeyedVertexOn96SlotsRunsAt64AndLeaves32Unused() {
        JobGraph g = JobGraph.builder()
                .addVertices(keyed("count", "default", 128, 128))
                .build();
        assertThat(flink.solve(g, 96).plan().vertexParallelism()).containsExactly(Map.entry("count", 96));

        ParallelismPlan plan = solver.solve(g, 96).plan();
        assertThat(plan.vertexParallelism()).containsExactly(Map.entry("count", 64));
        assertThat(plan.slotsPerGroup()).containsExactly(Map.entry("default", 64));
        assertThat(plan.explanation())
                .contains("count: 96 -> 64, same hottest subtask (2 key groups)")
                .contains("group 'default': 96 -> 64 slots after lowering, 32 freed")
                .contains("32 slot(s) left unused: no group's next step fits in them");
    }

    @Test
    void aNonKeyedVertexAtTheGroupsSlotsKeepsTheGroupWhileTheKeyedOneIsLowered() {
        JobGraph g = JobGraph.builder()
                .addVertices(plain("source", "default", 128), keyed("count", "default", 128, 128))
                .build();
        ParallelismPlan plan = solver.solve(g, 96).plan();
        assertThat(plan.vertexParallelism()).containsExactly(Map.entry("source", 96), Map.entry("count", 64));
        assertThat(plan.slotsPerGroup()).containsExactly(Map.entry("default", 96));
    }

    @Test
    void severalKeyedVerticesInOneGroupAreLoweredEachOnItsOwn() {
        // 30 slots: 30 subtasks over 128 key groups put 5 on the hottest, as 26 do; over 100 they put 4,
        // as 25 do. The group takes the higher: 26.
        JobGraph g = JobGraph.builder()
                .addVertices(keyed("a", "G", 128, 128), keyed("b", "G", 100, 100))
                .build();
        ParallelismPlan plan = solver.solve(g, 30).plan();
        assertThat(plan.vertexParallelism()).containsExactly(Map.entry("a", 26), Map.entry("b", 25));
        assertThat(plan.slotsPerGroup()).containsExactly(Map.entry("G", 26));
    }

    @Test
    void freedSlotsGoToTheOtherGroups() {
        // Flink: A (range 127) and B (range 199) get 96 each; A is lowered to 64, and B takes the 32 freed.
        JobGraph g = JobGraph.builder()
                .addVertices(keyed("count", "A", 128, 128), plain("enrich", "B", 200))
                .build();
        assertThat(flink.solve(g, 192).plan().vertexParallelism())
                .containsExactly(Map.entry("count", 96), Map.entry("enrich", 96));

        ParallelismPlan plan = solver.solve(g, 192).plan();
        assertThat(plan.vertexParallelism()).containsExactly(Map.entry("count", 64), Map.entry("enrich", 128));
        assertThat(plan.slotsUsed()).isEqualTo(192);
        assertThat(plan.explanation())
                .contains("32 free slot(s) to group(s) 'B': Flink's distribution again, each keeping its slots")
                .contains("group 'B' (range 104 = 200 - 96): 96 + min(104, 32 free / 1 groups) = 128 slots");
    }

    @Test
    void leftoverSlotsBuyAWholeKeyGroupStepFirstGroupFirst() {
        // Flink gives A and B 55 each (3 key groups), C 40; both are lowered to 43, freeing 24, which
        // buy A its next step, 43 -> 64 (2 key groups); B's would need 21 more of the 3 left.
        JobGraph g = JobGraph.builder()
                .addVertices(keyed("count", "A", 128, 128), keyed("window", "B", 128, 128), plain("sink", "C", 40))
                .build();
        assertThat(flink.solve(g, 150).plan().vertexParallelism())
                .containsExactly(Map.entry("count", 55), Map.entry("window", 55), Map.entry("sink", 40));

        ParallelismPlan plan = solver.solve(g, 150).plan();
        assertThat(plan.vertexParallelism())
                .containsExactly(Map.entry("count", 64), Map.entry("window", 43), Map.entry("sink", 40));
        assertThat(plan.slotsUsed()).isEqualTo(147);
        assertThat(plan.explanation()).contains("group 'A': 43 -> 64 slots, its next step, with 24 free slot(s)");
    }

    @Test
    void theLowerBoundStopsTheLowering() {
        JobGraph g = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .from(keyed("count", "default", 128, 128))
                        .lowerBound(80)
                        .build())
                .build();
        assertThat(solver.solve(g, 96).plan().vertexParallelism()).containsExactly(Map.entry("count", 80));
    }

    @Test
    void aBalancedParallelismIsKept() {
        JobGraph g = JobGraph.builder()
                .addVertices(keyed("count", "default", 120, 120))
                .build();
        for (int p : new int[] {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 60, 120}) {
            assertThat(solver.solve(g, p).plan().parallelismOf("count")).isEqualTo(p);
        }
    }

    @Test
    void notEnoughSlotsIsFlinksAnswer() {
        JobGraph g = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .from(keyed("count", "default", 128, 128))
                        .lowerBound(10)
                        .build())
                .build();
        assertThat(solver.solve(g, 9)).isEqualTo(flink.solve(g, 9));
        assertThat(solver.minimumSlots(g)).isEqualTo(10);
        assertThat(solver.desiredSlots(g)).isEqualTo(128);
        assertThat(solver.name()).isEqualTo("keygroup-aware");
    }
}
