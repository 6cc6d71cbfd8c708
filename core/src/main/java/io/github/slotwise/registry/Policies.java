package io.github.slotwise.registry;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.KeyGroupGainGate;
import io.github.slotwise.rescale.RescaleCostModel;
import io.github.slotwise.rescale.RescaleDecider;
import java.util.List;
import java.util.Optional;

/**
 * The rescale policies the simulator and the CLI compare, by name: a view of {@link
 * Strategies#standard()} (Slotwise's own strategies and the plugins on the class path).
 *
 * <p>Five Flink presets, each Flink's parallelism rule with a {@link
 * io.github.slotwise.rescale.RescalePolicy} preset: {@code flink-1.17}, {@code flink-1.18}, {@code
 * flink-1.20}, {@code flink-2} and {@code reactive} (Flink 2.x Reactive Mode). Then each preset with
 * each strategy that goes beyond Flink, named {@code <preset>+<strategy>}:
 *
 * <ul>
 *   <li>{@code +keygroup-aware}: {@link KeyGroupAwareParallelismSolver}, no keyed subtask that buys
 *       nothing;
 *   <li>{@code +proportional}: {@link ProportionalParallelismSolver}, the job keeps its shape;
 *   <li>{@code +keygroup-skip}: Flink's rule, rescales that lower no hottest subtask held ({@link
 *       KeyGroupGainGate});
 *   <li>{@code +cost-aware}: Flink's rule, rescales whose cost exceeds their benefit held ({@link
 *       RescaleCostModel#DEFAULT}).
 * </ul>
 *
 * <p>{@link #byName} also takes any composition {@code <preset>[+<solver>][+<gate>]...[+<assigner>]}
 * of registered names, e.g. {@code flink-2+proportional+keygroup-skip+cost-aware} or {@code
 * flink-2+keygroup-aware+flink-state-locality} (see {@link Strategies}).
 *
 * <p>Every policy is immutable and stateless (its decider keeps its state in the values it returns),
 * so one instance serves every run.
 */
public final class Policies {

    /**
     * One named policy: the decider a run uses, with its name and description, and the slot assigner
     * it places tasks with, if it names one.
     *
     * <p>A composed name may end with a registered slot assigner ({@code flink-2+keygroup-aware+
     * flink-state-locality}, see {@link Strategies#policy(String)}): the simulator and the CLI then
     * place the job's tasks with it unless the caller names an assigner of its own ({@code
     * SimulationConfig.forPolicy} in the simulator module, {@code --assigner} in the CLI).
     *
     * @param name the registry name, e.g. {@code flink-2+keygroup-aware}
     * @param description one line for people
     * @param decider the decider: for Flink's presets a {@link FlinkRescaleDecider} with the preset's
     *     policy, the named solver and gates
     * @param assigner the slot assigner the policy names, if any; empty leaves the choice to the caller
     */
    public record Policy(String name, String description, RescaleDecider decider, Optional<SlotAssigner> assigner) {
        /**
         * Checks every component is present.
         *
         * @param name the name
         * @param description the description
         * @param decider the decider
         * @param assigner the slot assigner, or empty
         */
        public Policy {
            Limits.checkNotNull("name", name);
            Limits.checkNotNull("description", description);
            Limits.checkNotNull("decider", decider);
            Limits.checkNotNull("assigner", assigner);
        }

        /**
         * A policy that names no slot assigner.
         *
         * @param name the name
         * @param description the description
         * @param decider the decider
         */
        public Policy(String name, String description, RescaleDecider decider) {
            this(name, description, decider, Optional.empty());
        }

        /**
         * The parallelism rule the policy's decider plans with, where it is one Slotwise can use on its
         * own (steering a running job plans with it): a {@link FlinkRescaleDecider}'s solver; empty
         * for a decider of another kind.
         *
         * @return the solver, if known
         */
        public Optional<ParallelismSolver> solver() {
            return decider instanceof FlinkRescaleDecider flink ? Optional.of(flink.solver()) : Optional.empty();
        }

        /**
         * Whether the policy's decider plans in Reactive Mode (every vertex up to its maxParallelism): a
         * {@link FlinkRescaleDecider} whose policy is reactive.
         *
         * @return true for Reactive Mode
         */
        public boolean reactive() {
            return decider instanceof FlinkRescaleDecider flink
                    && flink.policy().reactive();
        }
    }

    private Policies() {}

    /**
     * The names of the enumerated policies, in a fixed order: the presets {@code flink-1.17}, {@code
     * flink-1.18}, {@code flink-1.20}, {@code flink-2}, {@code reactive}, then for each preset in that
     * order {@code +keygroup-aware}, {@code +proportional}, {@code +keygroup-skip}, {@code
     * +cost-aware}; then the plugins' presets and named policies, sorted by name.
     *
     * @return the names, immutable
     */
    public static List<String> names() {
        return Strategies.standard().policyNames();
    }

    /**
     * Returns the policy with the given name: one of {@link #names()}, a plugin's named policy, or a
     * composition {@code <preset>[+<solver>][+<gate>]...[+<assigner>]}.
     *
     * @param name the name
     * @return the policy
     * @throws IllegalArgumentException naming the unknown name and the closest known ones
     */
    public static Policy byName(String name) {
        return Strategies.standard().policy(name);
    }

    /**
     * Every enumerated policy, in {@link #names()} order.
     *
     * @return the policies, immutable
     */
    public static List<Policy> all() {
        return Strategies.standard().policies();
    }
}
