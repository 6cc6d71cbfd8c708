package io.github.slotwise.parallelism;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SlotPool;

/**
 * Decides each vertex's parallelism for a number of available slots. Implementations are stateless
 * and deterministic: the same graph and slot count always give the same result.
 *
 * <p>A solver of one's own implements {@link #solve}, {@link #minimumSlots} and {@link
 * #desiredSlots}; registered through {@link io.github.slotwise.registry.StrategyProvider} it
 * composes with every preset by name ({@code flink-2+my-solver}). {@code property-tests}' {@code
 * ParallelismSolverContract} checks the contract: plans within bounds and slots, {@code
 * minimumSlots} the fewest slots that give a plan, nothing changes beyond {@code desiredSlots}.
 */
public interface ParallelismSolver {
    /**
     * A short stable name, used in registries, reports and the CLI.
     *
     * @return the name, matching {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
     */
    String name();

    /**
     * One line for people: the rule, as it reads after a preset's description and "; ".
     *
     * @return the description; by default the name
     */
    default String description() {
        return name();
    }

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
