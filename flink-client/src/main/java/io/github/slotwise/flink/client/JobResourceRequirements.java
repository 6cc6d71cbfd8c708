package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code GET} and {@code PUT /jobs/:jobid/resource-requirements} (FLIP-291), as
 * flink-runtime 2.3.0's {@code JobResourceRequirementsBody} writes it: an object keyed by job vertex
 * id, {@code {"<vertexId>": {"parallelism": {"lowerBound": L, "upperBound": U}}, ...}}.
 *
 * @param vertices the requirements per job vertex id, in the order read
 */
public record JobResourceRequirements(Map<String, VertexRequirements> vertices) {
    /**
     * Copies the map.
     *
     * @param vertices the requirements per job vertex id
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public JobResourceRequirements {
        vertices = ImmutableMap.copyOf(vertices);
    }

    /**
     * The map, which is the JSON object itself.
     *
     * @return the requirements per job vertex id
     */
    @Override
    @JsonValue
    public Map<String, VertexRequirements> vertices() {
        return vertices;
    }

    /**
     * One vertex's requirements: {@code {"parallelism": {...}}}.
     *
     * @param parallelism the parallelism bounds
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VertexRequirements(@JsonProperty("parallelism") Parallelism parallelism) {
        /**
         * Checks the bounds are present.
         *
         * @param parallelism the parallelism bounds
         */
        public VertexRequirements {
            Objects.requireNonNull(parallelism, "parallelism");
        }
    }

    /**
     * Parallelism bounds. Flink accepts -1 in a PUT for "the default" (1 for the lower bound, the
     * maximum parallelism for the upper bound).
     *
     * @param lowerBound the least parallelism the job may run with
     * @param upperBound the most parallelism the job may run with
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parallelism(@JsonProperty("lowerBound") int lowerBound, @JsonProperty("upperBound") int upperBound) {}
}
