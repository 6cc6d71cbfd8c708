package io.github.slotwise.benchmarks;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A parallelism problem built from Slotwise's own model, with no Flink class involved: the input of
 * {@link ParallelismSolverBenchmark}, which any {@link io.github.slotwise.parallelism.ParallelismSolver}
 * on the class path can solve, a user's included.
 *
 * <p>Job: {@code vertices} vertices {@code v0, v1, ...} spread round-robin over {@code
 * min(slotSharingGroups, vertices)} slot-sharing groups {@code ssg-0, ssg-1, ...}, each with a seeded
 * lower bound in [1, 4], an upper bound up to 200 above it (also its parallelism) and maxParallelism
 * {@value #MAX_PARALLELISM}. Free slots: half of what the job desires under Flink's rule, at least its
 * minimum, so every solver has to share.
 *
 * @param vertices the number of vertices
 * @param slotSharingGroups the number of slot-sharing groups asked for (at most one per vertex)
 * @param graph the job
 * @param availableSlots the free slots
 */
public record SolverProblem(int vertices, int slotSharingGroups, JobGraph graph, int availableSlots) {
    /** Every vertex's maxParallelism. */
    public static final int MAX_PARALLELISM = 32768;

    /** The most vertices a problem has: the sum of upper bounds stays within Slotwise's limits. */
    public static final int MAX_VERTICES = 100_000;

    /**
     * The problem for a number of vertices and groups.
     *
     * @param vertices in [1, {@value #MAX_VERTICES}]
     * @param slotSharingGroups at least 1; more than {@code vertices} count as {@code vertices}
     * @return the problem, the same for the same arguments
     * @throws IllegalArgumentException naming a value out of range
     */
    public static SolverProblem of(int vertices, int slotSharingGroups) {
        if (vertices < 1 || vertices > MAX_VERTICES) {
            throw new IllegalArgumentException("vertices must be in [1, " + MAX_VERTICES + "], got " + vertices);
        }
        if (slotSharingGroups < 1) {
            throw new IllegalArgumentException("slotSharingGroups must be at least 1, got " + slotSharingGroups);
        }
        int groups = Math.min(slotSharingGroups, vertices);
        SplittableRandom random = new SplittableRandom(31L * vertices + groups);
        List<JobVertex> list = new ArrayList<>(vertices);
        for (int i = 0; i < vertices; i++) {
            int lower = 1 + random.nextInt(4);
            int upper = lower + random.nextInt(201);
            list.add(JobVertex.builder()
                    .id("v" + i)
                    .slotSharingGroup("ssg-" + (i % groups))
                    .parallelism(upper)
                    .lowerBound(lower)
                    .upperBound(upper)
                    .maxParallelism(MAX_PARALLELISM)
                    .build());
        }
        JobGraph graph = JobGraph.builder().addAllVertices(list).build();
        FlinkParallelismSolver flink = new FlinkParallelismSolver();
        int available = Math.max(flink.minimumSlots(graph), flink.desiredSlots(graph) / 2);
        return new SolverProblem(vertices, slotSharingGroups, graph, available);
    }
}
