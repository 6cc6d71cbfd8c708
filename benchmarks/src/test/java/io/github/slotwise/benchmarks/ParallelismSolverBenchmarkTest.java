package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.flink.FlinkIds;
import io.github.slotwise.parallelism.ParallelismResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** For every benchmarked job, Flink and Slotwise choose the same parallelism for every vertex. */
class ParallelismSolverBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"10, 1", "10, 20", "100, 1", "100, 20", "1000, 1", "1000, 20"})
    void flinkAndSlotwiseChooseTheSameParallelism(int vertices, int groups) {
        ParallelismSolverBenchmark flink = benchmark(ParallelismSolverBenchmark.Implementation.FLINK, vertices, groups);
        ParallelismSolverBenchmark slotwise =
                benchmark(ParallelismSolverBenchmark.Implementation.SLOTWISE, vertices, groups);

        @SuppressWarnings("unchecked")
        Optional<VertexParallelism> flinkAnswer = (Optional<VertexParallelism>) flink.solve();
        ParallelismResult slotwiseAnswer = (ParallelismResult) slotwise.solve();

        Map<JobVertexID, Integer> expected = new HashMap<>();
        VertexParallelism byFlink = flinkAnswer.orElseThrow();
        byFlink.getVertices().forEach(v -> expected.put(v, byFlink.getParallelism(v)));
        Map<JobVertexID, Integer> actual = new HashMap<>();
        slotwiseAnswer.plan().vertexParallelism().forEach((id, p) -> actual.put(FlinkIds.jobVertexId(id), p));
        assertThat(actual).hasSize(vertices).isEqualTo(expected);
        // The job really has to share slots: not every vertex gets its upper bound.
        assertThat(slotwise.graph.vertices()).anySatisfy(v -> assertThat(actual.get(FlinkIds.jobVertexId(v.id())))
                .isLessThan(v.upperBound()));
    }

    private static ParallelismSolverBenchmark benchmark(
            ParallelismSolverBenchmark.Implementation implementation, int vertices, int groups) {
        ParallelismSolverBenchmark b = new ParallelismSolverBenchmark();
        b.implementation = implementation;
        b.vertices = vertices;
        b.slotSharingGroups = groups;
        b.setUp();
        return b;
    }
}
