package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code GET /jobs/:jobid/plan}: {@code {"plan": {...}}}, as flink-runtime 2.3.0's
 * {@code JobPlanInfo} writes it. The same {@link Plan} is the {@code plan} field of {@link
 * JobDetails}. Fields Slotwise does not use are ignored.
 *
 * @param plan the job's plan
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobPlan(@JsonProperty("plan") Plan plan) {
    /**
     * Checks the plan is present.
     *
     * @param plan the job's plan
     */
    public JobPlan {
        Objects.requireNonNull(plan, "plan");
    }

    /**
     * The job graph: one node per job vertex, with the edges as each node's inputs.
     *
     * @param jid the job id, 32 hex digits
     * @param name the job's name
     * @param type the job type, e.g. {@code STREAMING}
     * @param nodes the job vertices, in the job graph's order
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plan(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("type") String type,
            @JsonProperty("nodes") List<Node> nodes) {
        /**
         * Copies the list; an absent list is empty.
         *
         * @param jid the job id
         * @param name the job's name
         * @param type the job type
         * @param nodes the job vertices
         */
        public Plan {
            nodes = nodes == null ? List.of() : ImmutableList.copyOf(nodes);
        }
    }

    /**
     * One job vertex of the plan.
     *
     * @param id the job vertex id, 32 hex digits
     * @param parallelism the vertex's current parallelism
     * @param operator the operator names, e.g. {@code "Source: ..."}
     * @param operatorStrategy the operator strategy (often empty)
     * @param description the description Flink shows (operator chain names)
     * @param inputs the edges into this vertex; Flink omits the field for sources, which reads as empty
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(
            @JsonProperty("id") String id,
            @JsonProperty("parallelism") long parallelism,
            @JsonProperty("operator") String operator,
            @JsonProperty("operator_strategy") String operatorStrategy,
            @JsonProperty("description") String description,
            @JsonProperty("inputs") List<Input> inputs) {
        /**
         * Copies the list; an absent list is empty.
         *
         * @param id the job vertex id
         * @param parallelism the current parallelism
         * @param operator the operator names
         * @param operatorStrategy the operator strategy
         * @param description the description
         * @param inputs the edges into this vertex
         */
        public Node {
            Objects.requireNonNull(id, "id");
            inputs = inputs == null ? List.of() : ImmutableList.copyOf(inputs);
        }
    }

    /**
     * An edge into a vertex.
     *
     * @param num the input's index
     * @param id the upstream job vertex id
     * @param shipStrategy how records are distributed: {@code HASH} for a keyed exchange, {@code
     *     FORWARD}, {@code REBALANCE}, {@code RESCALE}, {@code BROADCAST}, ...
     * @param localStrategy the local strategy, absent in streaming jobs
     * @param caching the caching, absent in streaming jobs
     * @param exchange the exchange mode, e.g. {@code pipelined_bounded}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(
            @JsonProperty("num") long num,
            @JsonProperty("id") String id,
            @JsonProperty("ship_strategy") String shipStrategy,
            @JsonProperty("local_strategy") String localStrategy,
            @JsonProperty("caching") String caching,
            @JsonProperty("exchange") String exchange) {
        /**
         * Checks the upstream id is present.
         *
         * @param num the input's index
         * @param id the upstream vertex id
         * @param shipStrategy the ship strategy
         * @param localStrategy the local strategy
         * @param caching the caching
         * @param exchange the exchange mode
         */
        public Input {
            Objects.requireNonNull(id, "id");
        }
    }
}
