package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named way to make a {@link RescaleDecider}, the first part of a composed policy name {@code
 * <preset>[+<solver>][+<gate>]...}: given the solver and the gates the name adds, it returns the
 * decider. Flink's presets ({@code flink-2}, {@code reactive}, ...) are {@link #flink} presets; a
 * decider of one's own that takes neither is {@link #of}.
 *
 * <p>Presets are registered through {@link io.github.slotwise.registry.StrategyProvider#deciderPresets()}.
 */
public interface DeciderPreset {
    /**
     * The preset's name.
     *
     * @return the name, matching {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
     */
    String name();

    /**
     * One line for people.
     *
     * @return the description
     */
    String description();

    /**
     * The decider with a solver and gates.
     *
     * @param solver the parallelism rule the policy name adds, if any
     * @param gates the gates the policy name adds, in order, maybe none
     * @return the decider
     * @throws IllegalArgumentException if this preset cannot take that solver or those gates
     */
    RescaleDecider decider(Optional<ParallelismSolver> solver, List<RescaleGate> gates);

    /**
     * A Flink preset: a {@link FlinkRescaleDecider} with {@code policy}, the solver given (Flink's by
     * default) and the gates given, asked in order ({@link RescaleGate#allOf}).
     *
     * @param name the preset's name
     * @param description one line
     * @param policy Flink's rules and timeouts
     * @return the preset
     */
    static DeciderPreset flink(String name, String description, RescalePolicy policy) {
        return new Flink(name, description, policy);
    }

    /**
     * A fixed decider as a preset: it takes no solver and no gates.
     *
     * @param name the preset's name
     * @param description one line
     * @param decider the decider
     * @return the preset
     */
    static DeciderPreset of(String name, String description, RescaleDecider decider) {
        return new Fixed(name, description, decider);
    }

    /**
     * See {@link DeciderPreset#flink}.
     *
     * @param name the preset's name
     * @param description one line
     * @param policy Flink's rules and timeouts
     */
    record Flink(String name, String description, RescalePolicy policy) implements DeciderPreset {
        /**
         * Checks the fields are present.
         *
         * @param name the name
         * @param description the description
         * @param policy the policy
         */
        public Flink {
            Objects.requireNonNull(name, "Flink.name");
            Objects.requireNonNull(description, "Flink.description");
            Objects.requireNonNull(policy, "Flink.policy");
        }

        @Override
        public RescaleDecider decider(Optional<ParallelismSolver> solver, List<RescaleGate> gates) {
            ParallelismSolver s = solver.orElseGet(FlinkParallelismSolver::new);
            return gates.isEmpty()
                    ? new FlinkRescaleDecider(policy, s)
                    : new FlinkRescaleDecider(policy, s, RescaleGate.allOf(gates));
        }
    }

    /**
     * See {@link DeciderPreset#of}.
     *
     * @param name the preset's name
     * @param description one line
     * @param decider the decider
     */
    record Fixed(String name, String description, RescaleDecider decider) implements DeciderPreset {
        /**
         * Checks the fields are present.
         *
         * @param name the name
         * @param description the description
         * @param decider the decider
         */
        public Fixed {
            Objects.requireNonNull(name, "Fixed.name");
            Objects.requireNonNull(description, "Fixed.description");
            Objects.requireNonNull(decider, "Fixed.decider");
        }

        @Override
        public RescaleDecider decider(Optional<ParallelismSolver> solver, List<RescaleGate> gates) {
            if (solver.isPresent() || !gates.isEmpty()) {
                throw new IllegalArgumentException("preset '" + name + "' is a fixed decider: it takes no solver and no"
                        + " gates, got "
                        + solver.map(ParallelismSolver::name).map(List::of).orElse(List.of())
                        + " and " + gates.stream().map(RescaleGate::name).toList());
            }
            return decider;
        }
    }
}
