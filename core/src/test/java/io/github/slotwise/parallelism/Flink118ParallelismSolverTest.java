package io.github.slotwise.parallelism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flink 1.18's rule against 1.19's on jobs where a group's vertices have different lower bounds. */
class Flink118ParallelismSolverTest {
    private static JobVertex v(String id, String group, int lower, int upper) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(group)
                .parallelism(upper)
                .lowerBound(lower)
                .upperBound(upper)
                .build();
    }

    /** One group: a [3, 4] and b [1, 4]. */
    private static final JobGraph MIXED_LOWER_BOUNDS =
            JobGraph.builder().addVertices(v("a", "G", 3, 4), v("b", "G", 1, 4)).build();

    @Test
    void aGroupNeedsItsLowestLowerBoundAndAVertexCanRunBelowItsOwn() {
        Flink118ParallelismSolver solver = new Flink118ParallelismSolver();
        assertThat(solver.minimumSlots(MIXED_LOWER_BOUNDS)).isEqualTo(1);
        assertThat(solver.desiredSlots(MIXED_LOWER_BOUNDS)).isEqualTo(4);
        ParallelismResult two = solver.solve(MIXED_LOWER_BOUNDS, 2);
        assertThat(two.isPlan()).isTrue();
        // 1 + min(4 - 1, (2 - 1) / 1) = 2 slots: a runs at 2, below its lower bound 3, as in 1.18.
        assertThat(two.plan().vertexParallelism()).isEqualTo(Map.of("a", 2, "b", 2));
        // 1.19 on: the group needs 3 slots.
        assertThat(new FlinkParallelismSolver().solve(MIXED_LOWER_BOUNDS, 2).isPlan())
                .isFalse();
        assertThat(solver.solve(MIXED_LOWER_BOUNDS, 0).isPlan()).isFalse();
    }

    @Test
    void groupsAreVisitedByTheirLargestVertexRange() {
        // G: a [3, 4] (range 1) and b [1, 4] (range 3): 1.18 sorts G by 3, 1.19 by 4 - 3 = 1.
        // H: c [1, 3]: range 2 in both. With 5 slots 1.18 serves H first, 1.19 serves G first.
        JobGraph g = JobGraph.builder()
                .from(MIXED_LOWER_BOUNDS)
                .addVertices(v("c", "H", 1, 3))
                .build();
        // 1.18: H first: 1 + min(2, (5 - 2) / 2) = 2; then G: 1 + min(3, (3 - 1) / 1) = 3.
        assertThat(new Flink118ParallelismSolver().solve(g, 5).plan().vertexParallelism())
                .isEqualTo(Map.of("a", 3, "b", 3, "c", 2));
        // 1.19: G first: 3 + min(1, (5 - 4) / 2) = 3; then H: 1 + min(2, (2 - 1) / 1) = 2.
        assertThat(new FlinkParallelismSolver().solve(g, 5).plan().vertexParallelism())
                .isEqualTo(Map.of("a", 3, "b", 3, "c", 2));
        // With 6 slots: 1.18 gives H 1 + min(2, 4 / 2) = 3 and G 1 + min(3, 2) = 3;
        // 1.19 gives G 3 + min(1, 2 / 2) = 4 and H 1 + min(2, 1) = 2.
        assertThat(new Flink118ParallelismSolver().solve(g, 6).plan().vertexParallelism())
                .isEqualTo(Map.of("a", 3, "b", 3, "c", 3));
        assertThat(new FlinkParallelismSolver().solve(g, 6).plan().vertexParallelism())
                .isEqualTo(Map.of("a", 4, "b", 4, "c", 2));
    }

    @Test
    void forFlinkVersionPicksTheLinesRule() {
        assertThat(FlinkParallelismSolver.forFlinkVersion("1.17")).isInstanceOf(Flink118ParallelismSolver.class);
        assertThat(FlinkParallelismSolver.forFlinkVersion("1.18.1")).isInstanceOf(Flink118ParallelismSolver.class);
        assertThat(FlinkParallelismSolver.forFlinkVersion("1.19.3")).isInstanceOf(FlinkParallelismSolver.class);
        assertThat(FlinkParallelismSolver.forFlinkVersion("2.3")).isInstanceOf(FlinkParallelismSolver.class);
        for (String bad : new String[] {"1.16", "1.21", "3.0", "two", ""}) {
            assertThatThrownBy(() -> FlinkParallelismSolver.forFlinkVersion(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("flinkVersion")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> FlinkParallelismSolver.forFlinkVersion(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flinkVersion");
        assertThatThrownBy(() -> new Flink118ParallelismSolver().solve(MIXED_LOWER_BOUNDS, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
