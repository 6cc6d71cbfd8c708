package io.github.slotwise.rescale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decider's solver with its kept answers gives, for every question in any order, what the solver
 * itself gives: for several graphs, slot counts that share a table entry, and repeats.
 */
class RememberingSolverTest {

    private static JobGraph graph(int parallelism, int sinkParallelism) {
        return JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("source")
                        .parallelism(parallelism)
                        .slotSharingGroup("default")
                        .build())
                .addVertices(JobVertex.builder()
                        .id("sink")
                        .parallelism(sinkParallelism)
                        .slotSharingGroup("other")
                        .build())
                .build();
    }

    @Test
    void everyAnswerIsTheSolversOwn() {
        ParallelismSolver solver = new FlinkParallelismSolver();
        RememberingSolver remembering = new RememberingSolver(solver);
        List<JobGraph> graphs = List.of(graph(4, 2), graph(8, 3), graph(30, 1));
        SplittableRandom random = new SplittableRandom(16);
        int kept = 0;
        for (int q = 0; q < 5000; q++) {
            JobGraph g = graphs.get(random.nextInt(graphs.size()));
            // few slot counts, some 64 apart (one entry of the table)
            int slots = random.nextInt(0, 12) + 64 * random.nextInt(0, 3);
            ParallelismResult before = remembering.solve(g, slots);
            ParallelismResult expected = solver.solve(g, slots);
            assertThat(before).as("%d slots", slots).isEqualTo(expected);
            if (remembering.solve(g, slots) == before) {
                kept++;
            }
            assertThat(remembering.minimumSlots(g)).isEqualTo(solver.minimumSlots(g));
            assertThat(remembering.desiredSlots(g)).isEqualTo(solver.desiredSlots(g));
        }
        assertThat(kept).as("answers given again").isEqualTo(5000);
    }
}
