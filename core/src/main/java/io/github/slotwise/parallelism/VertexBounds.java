package io.github.slotwise.parallelism;

/**
 * A vertex's parallelism bounds as set through Flink's resource-requirements API ({@code PUT
 * /jobs/:id/resource-requirements}).
 *
 * @param lowerBound the lowest parallelism, at least 1
 * @param upperBound the highest parallelism, at least {@code lowerBound}
 */
public record VertexBounds(int lowerBound, int upperBound) {
    /** Validates {@code 1 <= lowerBound <= upperBound}. */
    public VertexBounds {
        if (lowerBound < 1) {
            throw new IllegalArgumentException("lowerBound must be >= 1, got " + lowerBound);
        }
        if (lowerBound > upperBound) {
            throw new IllegalArgumentException("lowerBound " + lowerBound + " > upperBound " + upperBound);
        }
    }
}
