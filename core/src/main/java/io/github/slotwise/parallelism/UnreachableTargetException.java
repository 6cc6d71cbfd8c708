package io.github.slotwise.parallelism;

/**
 * No per-vertex bounds can make Flink's rule ({@link FlinkParallelismSolver}) land on a target plan:
 * a vertex's target parallelism is above its maxParallelism, or the target needs more slots than are
 * available. Thrown by {@link SteeringBounds#propose} before anything is computed; the message names
 * the vertex or the slot counts.
 */
public final class UnreachableTargetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A target no bounds can reach.
     *
     * @param message one line naming the vertex and value, or the slots needed and available
     */
    public UnreachableTargetException(String message) {
        super(message);
    }
}
