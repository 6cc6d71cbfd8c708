package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The answer to {@code GET /jobs/:jobid}, as flink-runtime 2.3.0's {@code JobDetailsInfo} writes it,
 * with the fields Slotwise uses; the others (timestamps, status counts, metrics, the stream graph)
 * are ignored.
 *
 * @param jid the job id, 32 hex digits
 * @param name the job's name
 * @param state the job status, e.g. {@code RUNNING}
 * @param jobType the job type, e.g. {@code STREAMING}; null if Flink wrote none
 * @param schedulerType the scheduler, e.g. {@code Adaptive} or {@code Default}; null if Flink wrote
 *     none
 * @param maxParallelism the job's maximum parallelism as Flink reports it: -1 unless set for the
 *     whole job
 * @param now the JobManager's clock when it answered, epoch milliseconds
 * @param vertices the job vertices with their current parallelism, in the job graph's order
 * @param plan the job graph with its edges (the same as {@code GET /jobs/:jobid/plan})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobDetails(
        @JsonProperty("jid") String jid,
        @JsonProperty("name") String name,
        @JsonProperty("state") String state,
        @JsonProperty("job-type") String jobType,
        @JsonProperty("schedulerType") String schedulerType,
        @JsonProperty("maxParallelism") long maxParallelism,
        @JsonProperty("now") long now,
        @JsonProperty("vertices") List<Vertex> vertices,
        @JsonProperty("plan") JobPlan.Plan plan) {
    /**
     * Copies the list; an absent list is empty.
     *
     * @param jid the job id
     * @param name the job's name
     * @param state the job status
     * @param jobType the job type
     * @param schedulerType the scheduler
     * @param maxParallelism the job's maximum parallelism, -1 if unset
     * @param now the JobManager's clock, epoch milliseconds
     * @param vertices the job vertices
     * @param plan the job graph
     */
    public JobDetails {
        Objects.requireNonNull(jid, "jid");
        vertices = vertices == null ? List.of() : ImmutableList.copyOf(vertices);
    }

    /**
     * The plan's edges between vertices of this job, in plan order: an input whose ship strategy is
     * {@code FORWARD} or {@code RESCALE} is pointwise, any other all-to-all. Inputs from or to a
     * vertex the job does not list are left out. Without a plan there are none.
     *
     * @return the edges
     */
    public List<JobEdge> edges() {
        Set<String> ids = vertexIds();
        List<JobEdge> edges = new ArrayList<>();
        if (plan != null) {
            for (JobPlan.Node node : plan.nodes()) {
                for (JobPlan.Input input : node.inputs()) {
                    if (ids.contains(input.id()) && ids.contains(node.id())) {
                        edges.add(new JobEdge(
                                input.id(),
                                node.id(),
                                POINTWISE.contains(shipStrategy(input))
                                        ? DistributionPattern.POINTWISE
                                        : DistributionPattern.ALL_TO_ALL));
                    }
                }
            }
        }
        return List.copyOf(edges);
    }

    /**
     * The vertices with a {@code HASH} input (those after a {@code keyBy}, which hold keyed state), in
     * plan order.
     *
     * @return their ids
     */
    public Set<String> hashPartitionedVertices() {
        Set<String> ids = vertexIds();
        Set<String> keyed = new LinkedHashSet<>();
        if (plan != null) {
            for (JobPlan.Node node : plan.nodes()) {
                for (JobPlan.Input input : node.inputs()) {
                    if (shipStrategy(input).equals("HASH") && ids.contains(node.id())) {
                        keyed.add(node.id());
                    }
                }
            }
        }
        return Collections.unmodifiableSet(keyed);
    }

    /**
     * The ship strategies of the plan's inputs, upper case, in order of first appearance; an input
     * without one is {@code ""}.
     *
     * @return the strategies
     */
    public Set<String> shipStrategies() {
        Set<String> strategies = new LinkedHashSet<>();
        if (plan != null) {
            plan.nodes().forEach(n -> n.inputs().forEach(i -> strategies.add(shipStrategy(i))));
        }
        return Collections.unmodifiableSet(strategies);
    }

    /** Ship strategies whose edges are pointwise; every other strategy connects all to all. */
    private static final Set<String> POINTWISE = Set.of("FORWARD", "RESCALE");

    private static String shipStrategy(JobPlan.Input input) {
        return input.shipStrategy() == null ? "" : input.shipStrategy().toUpperCase(Locale.ROOT);
    }

    private Set<String> vertexIds() {
        Set<String> ids = new LinkedHashSet<>();
        vertices.forEach(v -> ids.add(v.id()));
        return ids;
    }

    /**
     * One job vertex as {@code JobDetailsInfo.JobVertexDetailsInfo} writes it.
     *
     * @param id the job vertex id, 32 hex digits
     * @param slotSharingGroupId the id of the vertex's slot-sharing group, 32 hex digits; vertices
     *     with equal ids share slots
     * @param name the vertex name (its chained operators)
     * @param maxParallelism the vertex's maximum parallelism (the number of key groups of a keyed
     *     vertex)
     * @param parallelism the vertex's current parallelism
     * @param status the vertex's execution state, e.g. {@code RUNNING}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Vertex(
            @JsonProperty("id") String id,
            @JsonProperty("slotSharingGroupId") String slotSharingGroupId,
            @JsonProperty("name") String name,
            @JsonProperty("maxParallelism") int maxParallelism,
            @JsonProperty("parallelism") int parallelism,
            @JsonProperty("status") String status) {
        /**
         * Checks the id is present.
         *
         * @param id the job vertex id
         * @param slotSharingGroupId the slot-sharing group id
         * @param name the vertex name
         * @param maxParallelism the maximum parallelism
         * @param parallelism the current parallelism
         * @param status the execution state
         */
        public Vertex {
            Objects.requireNonNull(id, "id");
        }
    }
}
