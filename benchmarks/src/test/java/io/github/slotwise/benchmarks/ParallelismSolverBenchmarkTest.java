package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.flink.FlinkJobGraphs;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.registry.Strategies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The solver suite by name: Flink's rule and Slotwise's {@code flink} choose the same parallelism on
 * the Flink-free problem, and every registered solver runs on it.
 */
class ParallelismSolverBenchmarkTest {

    /**
     * For every benchmarked job: Flink's answer is Slotwise's on the same problem, given the order in
     * which Flink visits slot-sharing groups (a hash order of random ids that breaks ties).
     */
    @ParameterizedTest
    @CsvSource({"10, 1", "10, 20", "100, 1", "100, 20", "1000, 1", "1000, 20"})
    void flinkAndSlotwiseChooseTheSameParallelism(int vertices, int groups) {
        ParallelismSolverBenchmark flink = benchmark(ParallelismSolverBenchmark.FLINK_RUNTIME, vertices, groups);
        @SuppressWarnings("unchecked")
        Optional<VertexParallelism> flinkAnswer = (Optional<VertexParallelism>) flink.solve();
        Map<JobVertexID, Integer> expected = new HashMap<>();
        VertexParallelism byFlink = flinkAnswer.orElseThrow();
        byFlink.getVertices().forEach(v -> expected.put(v, byFlink.getParallelism(v)));

        // the same job in Flink's group order; the benchmark's own run uses the problem's order
        SolverProblem problem = flink.problem;
        JobInformation job = ParallelismSolverBenchmark.FlinkBaseline.jobInformation(problem);
        JobGraph ordered = JobGraph.builder()
                .from(problem.graph())
                .slotSharingGroupOrder(groupNames(problem, job, FlinkJobGraphs.parallelismGroupOrder(job)))
                .build();
        ParallelismResult slotwise = new FlinkParallelismSolver().solve(ordered, problem.availableSlots());
        Map<JobVertexID, Integer> actual = new HashMap<>();
        slotwise.plan().vertexParallelism().forEach((id, p) -> actual.put(flinkId(id), p));
        assertThat(actual).hasSize(vertices).isEqualTo(expected);
        // The job really has to share slots: not every vertex gets its upper bound.
        assertThat(problem.graph().vertices())
                .anySatisfy(v -> assertThat(actual.get(flinkId(v.id()))).isLessThan(v.upperBound()));
        // and the benchmark's Slotwise run plans every vertex within its bounds on those slots
        ParallelismResult byName =
                (ParallelismResult) benchmark("flink", vertices, groups).solve();
        assertThat(byName.plan().slotsUsed()).isEqualTo(slotwise.plan().slotsUsed());
    }

    /** Every registered solver (a plugin's on the class path too) runs by name on a tiny problem. */
    @Test
    void everyRegisteredSolverRunsByName() {
        for (String name : Strategies.standard().parallelismSolvers().names()) {
            ParallelismSolverBenchmark b = benchmark(name, 10, 2);
            ParallelismResult r = (ParallelismResult) b.solve();
            assertThat(r.isPlan()).as(name).isTrue();
            assertThat(r.plan().slotsUsed()).as(name).isLessThanOrEqualTo(b.problem.availableSlots());
            for (JobVertex v : b.problem.graph().vertices()) {
                assertThat(r.plan().parallelismOf(v.id())).as(name).isBetween(v.lowerBound(), v.upperBound());
            }
        }
    }

    @Test
    void theProblemIsFlinkFreeSeededAndChecked() {
        SolverProblem p = SolverProblem.of(100, 20);
        assertThat(p).isEqualTo(SolverProblem.of(100, 20));
        assertThat(p.graph().slotSharingGroups()).hasSize(20);
        assertThat(p.availableSlots()).isEqualTo(new FlinkParallelismSolver().desiredSlots(p.graph()) / 2);
        assertThatThrownBy(() -> SolverProblem.of(0, 1)).hasMessage("vertices must be in [1, 100000], got 0");
        assertThatThrownBy(() -> SolverProblem.of(1, 0)).hasMessage("slotSharingGroups must be at least 1, got 0");
        assertThatThrownBy(() -> benchmark("no-such-solver", 10, 1)).hasMessageContaining("'no-such-solver'");
    }

    /** {@code v<i>} is {@code FlinkInputs.vertexId(i)}. */
    private static JobVertexID flinkId(String id) {
        return FlinkInputs.vertexId(Integer.parseInt(id.substring(1)));
    }

    /** The problem's group names in the order of Flink's group objects (vertex names are the problem's ids). */
    private static List<String> groupNames(SolverProblem problem, JobInformation job, List<SlotSharingGroup> order) {
        Map<String, String> groupOfVertex = new HashMap<>();
        problem.graph().vertices().forEach(v -> groupOfVertex.put(v.id(), v.slotSharingGroup()));
        Map<SlotSharingGroup, String> names = new IdentityHashMap<>();
        for (JobInformation.VertexInformation v : job.getVertices()) {
            names.put(v.getSlotSharingGroup(), groupOfVertex.get(v.getVertexName()));
        }
        List<String> result = new ArrayList<>();
        order.forEach(g -> result.add(names.get(g)));
        return result;
    }

    private static ParallelismSolverBenchmark benchmark(String solver, int vertices, int groups) {
        ParallelismSolverBenchmark b = new ParallelismSolverBenchmark();
        b.solver = solver;
        b.vertices = vertices;
        b.slotSharingGroups = groups;
        b.setUp();
        return b;
    }
}
