package io.github.slotwise.flink;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.parallelism.VertexBounds;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.JobVertexResourceRequirements;

/**
 * Converts Flink's {@link JobResourceRequirements} (REST {@code /jobs/:id/resource-requirements}, or
 * the requirements stored with a job graph) to the per-vertex bounds of {@link
 * Requirements#withBounds}.
 */
public final class FlinkRequirements {
    private FlinkRequirements() {}

    /**
     * The bounds per vertex id, sorted by id.
     *
     * @throws IllegalArgumentException if a bound is below 1 or a lower bound above its upper bound
     */
    public static Map<String, VertexBounds> bounds(JobResourceRequirements requirements) {
        Map<String, VertexBounds> bounds = new TreeMap<>();
        for (JobVertexID id : requirements.getJobVertices()) {
            JobVertexResourceRequirements.Parallelism p = requirements.getParallelism(id);
            bounds.put(FlinkIds.vertexId(id), new VertexBounds(p.getLowerBound(), p.getUpperBound()));
        }
        return bounds;
    }

    /**
     * Applies the requirements to {@code graph}, as Flink's {@code
     * DefaultVertexParallelismStore#applyJobResourceRequirements} does: each named vertex takes the
     * requested bounds and keeps its maxParallelism.
     *
     * @throws IllegalArgumentException if a vertex is unknown or an upper bound exceeds its
     *     maxParallelism
     */
    public static JobGraph apply(JobGraph graph, JobResourceRequirements requirements) {
        return Requirements.withBounds(graph, bounds(requirements));
    }
}
