package io.github.slotwise.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The resolver's kept groups are, plan after plan and again, the groups it resolves. */
class DefaultSlotSharingResolverKeptTest {

    private static JobGraph graph(SplittableRandom random) {
        JobGraph.Builder b = JobGraph.builder();
        int vertices = random.nextInt(1, 5);
        for (int v = 0; v < vertices; v++) {
            b.addVertices(JobVertex.builder()
                    .id("v" + v)
                    .parallelism(random.nextInt(1, 12))
                    .slotSharingGroup(random.nextBoolean() ? "default" : "other")
                    .build());
        }
        return b.build();
    }

    @Test
    void keptGroupsAreTheResolvedGroups() {
        SplittableRandom random = new SplittableRandom(16);
        FlinkParallelismSolver solver = new FlinkParallelismSolver();
        List<JobGraph> graphs = new ArrayList<>();
        List<ParallelismPlan> plans = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            JobGraph graph = graph(random);
            for (int slots = 1; slots < 30; slots++) {
                if (solver.solve(graph, slots) instanceof ParallelismPlan plan) {
                    graphs.add(graph);
                    plans.add(plan);
                }
            }
        }
        DefaultSlotSharingResolver resolver = DefaultSlotSharingResolver.INSTANCE;
        for (int q = 0; q < 3000; q++) {
            int k = random.nextInt(random.nextBoolean() ? Math.min(5, plans.size()) : plans.size());
            List<ExecutionSlotSharingGroup> kept = resolver.resolveKept(graphs.get(k), plans.get(k));
            assertThat(kept).isEqualTo(resolver.resolve(graphs.get(k), plans.get(k)));
        }
    }
}
