package io.github.slotwise.testkit;

import io.github.slotwise.keygroup.KeyGroups;

/**
 * Size limits for generated {@link io.github.slotwise.model.JobGraph job graphs}.
 *
 * @param maxVertices the most vertices a graph has, at least 1
 * @param maxGroups the most slot-sharing groups a graph has, at least 1 (never more than its vertices)
 * @param maxParallelism the largest explicit maxParallelism, configured parallelism and upper bound a
 *     vertex gets, in {@code [1, 32768]}; auto-derived maxParallelism is Flink's formula and so is at
 *     least 128 whatever this says
 */
public record GraphShape(int maxVertices, int maxGroups, int maxParallelism) {
    /** Up to 5 vertices in up to 3 groups, parallelism up to 12: fast, and enough to hit most ties. */
    public static final GraphShape SMALL = new GraphShape(5, 3, 12);

    /** Up to 12 vertices in up to 5 groups, parallelism up to 64. */
    public static final GraphShape MEDIUM = new GraphShape(12, 5, 64);

    /**
     * Validates the limits.
     *
     * @param maxVertices the most vertices a graph has, at least 1
     * @param maxGroups the most slot-sharing groups a graph has, at least 1
     * @param maxParallelism the largest explicit maxParallelism, parallelism and upper bound, in
     *     {@code [1, 32768]}
     * @throws IllegalArgumentException naming the field and value if a limit is out of range
     */
    public GraphShape {
        if (maxVertices < 1) {
            throw new IllegalArgumentException("graphShape.maxVertices must be >= 1, got " + maxVertices);
        }
        if (maxGroups < 1) {
            throw new IllegalArgumentException("graphShape.maxGroups must be >= 1, got " + maxGroups);
        }
        KeyGroups.checkParallelism("graphShape.maxParallelism", maxParallelism);
    }
}
