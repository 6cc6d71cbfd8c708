package io.github.slotwise.parallelism;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SlotPool;

/**
 * Decides each vertex's parallelism for a number of available slots. Implementations are stateless
 * and deterministic: the same graph and slot count always give the same result.
 */
public interface ParallelismSolver {
    /** A short stable name, used in registries, reports and the CLI. */
    String name();

    /**
     * Chooses the parallelism of every vertex of {@code graph} for {@code availableSlots} slots.
     *
     * @throws IllegalArgumentException if {@code availableSlots} is negative
     */
    ParallelismResult solve(JobGraph graph, int availableSlots);

    /** Same as {@code solve(graph, pool.size())}. */
    default ParallelismResult solve(JobGraph graph, SlotPool pool) {
        return solve(graph, pool.size());
    }

    /** The fewest slots with which {@link #solve} returns a plan (Flink's "sufficient resources"). */
    int minimumSlots(JobGraph graph);

    /** The slots beyond which more slots change nothing (Flink's "desired resources"). */
    int desiredSlots(JobGraph graph);
}
