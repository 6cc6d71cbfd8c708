package io.github.slotwise.parallelism;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a job graph into the graph a scheduler solves: Reactive Mode's requirements, or per-vertex
 * bounds set through Flink's resource-requirements API. Both return a new graph and leave every
 * vertex's maxParallelism unchanged.
 */
public final class Requirements {
    private Requirements() {}

    /**
     * Reactive Mode (Flink's {@code computeReactiveModeVertexParallelismStore}): every vertex gets
     * lower bound 1 and upper bound equal to its maxParallelism, explicit or derived from its
     * configured parallelism; the job takes every slot it is offered, up to that.
     */
    public static JobGraph reactive(JobGraph graph) {
        Limits.checkNotNull("graph", graph);
        JobGraph.Builder b = JobGraph.builder().from(graph).vertices(List.of());
        for (JobVertex v : graph.vertices()) {
            b.addVertices(JobVertex.builder()
                    .from(v)
                    .lowerBound(1)
                    .upperBound(v.effectiveMaxParallelism())
                    .build());
        }
        return b.build();
    }

    /**
     * Applies per-vertex bounds (Flink's {@code JobResourceRequirements}); vertices not named keep
     * theirs.
     *
     * @throws IllegalArgumentException if a vertex is unknown or an upper bound exceeds the vertex's
     *     maxParallelism, before anything is built
     */
    public static JobGraph withBounds(JobGraph graph, Map<String, VertexBounds> bounds) {
        Limits.checkNotNull("graph", graph);
        Limits.checkNotNull("bounds", bounds);
        bounds.forEach((id, b) -> {
            Limits.checkNotNull("bounds key (a vertex id)", id);
            Limits.checkNotNull("bounds of vertex " + Limits.quote(id), b);
        });
        for (String id : new TreeSet<>(bounds.keySet())) {
            if (!graph.vertexById().containsKey(id)) {
                throw new IllegalArgumentException("requirements name unknown vertex " + Limits.quote(id));
            }
            int max = graph.vertex(id).effectiveMaxParallelism();
            int upper = bounds.get(id).upperBound();
            if (upper > max) {
                throw new IllegalArgumentException(
                        "vertex '" + id + "': upperBound " + upper + " > maxParallelism " + max);
            }
        }
        JobGraph.Builder b = JobGraph.builder().from(graph).vertices(List.of());
        for (JobVertex v : graph.vertices()) {
            VertexBounds vb = bounds.get(v.id());
            b.addVertices(
                    vb == null
                            ? v
                            : JobVertex.builder()
                                    .from(v)
                                    .lowerBound(vb.lowerBound())
                                    .upperBound(vb.upperBound())
                                    .build());
        }
        return b.build();
    }
}
