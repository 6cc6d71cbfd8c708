package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

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
