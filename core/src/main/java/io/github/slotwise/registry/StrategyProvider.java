package io.github.slotwise.registry;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.rescale.DeciderPreset;
import io.github.slotwise.rescale.RescaleGate;
import java.util.List;

/**
 * The service interface through which strategies reach the registries ({@link Strategies}): a jar
 * lists its implementation's class name in {@code
 * META-INF/services/io.github.slotwise.registry.StrategyProvider}, and {@link java.util.ServiceLoader}
 * finds it. Slotwise's own strategies come the same way ({@link BuiltInStrategies}).
 *
 * <pre>{@code
 * public final class AcmeStrategies implements StrategyProvider {
 *     public List<SlotAssigner> slotAssigners() { return List.of(new RackAwareAssigner()); }
 *     public List<RescaleGate> rescaleGates() { return List.of(new LagBudgetGate()); }
 * }
 * }</pre>
 *
 * <p>An implementation needs a public no-argument constructor. Each method returns strategies of one
 * kind (none by default); each strategy's {@code name()} is its registry name, unique within its
 * kind; solvers and gates share one name space, as do presets and policies, so that a composed
 * policy name ({@code flink-2+my-solver+my-gate}) is never ambiguous. Strategies are shared by every
 * run: they must be stateless.
 */
public interface StrategyProvider {
    /**
     * Slot assigners.
     *
     * @return the assigners, none by default
     */
    default List<SlotAssigner> slotAssigners() {
        return List.of();
    }

    /**
     * Parallelism solvers, the {@code <solver>} of a composed policy name.
     *
     * @return the solvers, none by default
     */
    default List<ParallelismSolver> parallelismSolvers() {
        return List.of();
    }

    /**
     * Rescale gates, the {@code <gate>}s of a composed policy name.
     *
     * @return the gates, none by default
     */
    default List<RescaleGate> rescaleGates() {
        return List.of();
    }

    /**
     * Decider presets, the first part of a composed policy name.
     *
     * @return the presets, none by default
     */
    default List<DeciderPreset> deciderPresets() {
        return List.of();
    }

    /**
     * Whole named policies (a decider of one's own, say), looked up by their name as is.
     *
     * @return the policies, none by default
     */
    default List<Policy> policies() {
        return List.of();
    }
}
