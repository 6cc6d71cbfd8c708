package io.github.slotwise.parallelism;

/**
 * What a {@link ParallelismSolver} answers: a {@link ParallelismPlan}, or {@link NotEnoughSlots} when
 * even the lower bounds do not fit.
 */
public sealed interface ParallelismResult permits ParallelismPlan, NotEnoughSlots {
    /** True for a plan. */
    default boolean isPlan() {
        return this instanceof ParallelismPlan;
    }

    /**
     * Returns the plan.
     *
     * @throws IllegalStateException with the not-enough-slots explanation otherwise
     */
    default ParallelismPlan plan() {
        if (this instanceof ParallelismPlan p) {
            return p;
        }
        throw new IllegalStateException(String.join("; ", explanation()));
    }

    /** Human-readable lines saying why this is the answer. */
    java.util.List<String> explanation();
}
