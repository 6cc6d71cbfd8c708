package io.github.slotwise.flink.client;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.VertexBounds;
import java.util.Map;
import java.util.Set;

/**
 * A running job, read from {@code GET /jobs/:jobid}, as the Slotwise {@link JobGraph} a policy plans
 * over: one vertex per job vertex (id and name as Flink shows them), its slot-sharing group, its
 * maxParallelism (explicit: the number of key groups Flink uses), keyed when an input is a {@code
 * HASH} exchange, and the given bounds; the plan's inputs as edges.
 */
public final class SteeredJobs {
    private SteeredJobs() {}

    /**
     * The job graph with the given bounds.
     *
     * @param details the job as {@code GET /jobs/:jobid} shows it
     * @param bounds the bounds of every vertex, e.g. from {@code GET /jobs/:jobid/resource-requirements}
     * @return the graph, vertices in Flink's order
     * @throws SteeringException ({@link SteeringException.Kind#NOT_STEERABLE}) if the job has no
     *     vertices, a vertex has no bounds or no slot-sharing group, or the bounds name another vertex
     */
    public static JobGraph toJobGraph(JobDetails details, Map<String, VertexBounds> bounds) {
        String job = details.jid();
        if (details.vertices().isEmpty()) {
            throw notSteerable(job, "Flink shows no vertices");
        }
        Set<String> keyed = details.hashPartitionedVertices();
        JobGraph.Builder b = JobGraph.builder().addAllEdges(details.edges());
        for (JobDetails.Vertex v : details.vertices()) {
            VertexBounds vb = bounds.get(v.id());
            if (vb == null) {
                throw notSteerable(job, "no resource requirements for vertex " + v.id() + " (" + v.name() + ")");
            }
            if (v.slotSharingGroupId() == null || v.slotSharingGroupId().isBlank()) {
                throw notSteerable(job, "vertex " + v.id() + " (" + v.name() + ") has no slotSharingGroupId");
            }
            int max = v.maxParallelism();
            if (vb.upperBound() > max) {
                throw notSteerable(
                        job, "vertex " + v.id() + " upper bound " + vb.upperBound() + " > its maxParallelism " + max);
            }
            b.addVertices(JobVertex.builder()
                    .id(v.id())
                    .name(v.name() == null || v.name().isBlank() ? v.id() : v.name())
                    .slotSharingGroup(v.slotSharingGroupId())
                    .parallelism(vb.upperBound())
                    .maxParallelism(max)
                    .lowerBound(vb.lowerBound())
                    .upperBound(vb.upperBound())
                    .keyed(keyed.contains(v.id()))
                    .build());
        }
        for (String id : bounds.keySet()) {
            if (details.vertices().stream().noneMatch(v -> v.id().equals(id))) {
                throw notSteerable(job, "resource requirements name vertex " + id + ", which the job does not have");
            }
        }
        return b.build();
    }

    private static SteeringException notSteerable(String job, String why) {
        return new SteeringException(SteeringException.Kind.NOT_STEERABLE, "job " + job + ": " + why, null);
    }
}
