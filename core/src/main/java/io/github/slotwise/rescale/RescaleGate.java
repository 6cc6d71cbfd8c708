package io.github.slotwise.rescale;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges whether a running job should move from the plan it runs to the plan the slots now allow: a
 * pure, time-independent function of the graph and the two plans. A {@link FlinkRescaleDecider} given
 * a gate treats a rescale the gate holds as no change at all: Flink's machinery then sees the running
 * parallelism as the one the slots allow, exactly as if its parallelism rule had returned it, so
 * timers, phases and cooldowns stay those of a job that did not rescale (which it did not).
 *
 * <p>The decider asks the gate only while the job runs, only for a plan that differs from the
 * running one, and only while the running plan is still <em>admissible</em>: every vertex within its
 * current bounds, on no more slots than are available. A rescale the job must make (slots lost,
 * bounds changed under it) is never held.
 *
 * <p>A gate of one's own implements {@link #hold} and names its reason with {@link
 * ReasonCode#of(String)}; registered through {@link io.github.slotwise.registry.StrategyProvider} it
 * composes with every preset by name ({@code flink-2+my-gate}). Gates must be stateless and
 * deterministic; {@code property-tests}' {@code RescaleGateContract} checks it.
 */
public interface RescaleGate {
    /**
     * A short stable name, appended to the decider's name ({@code flink-2+keygroup-skip}).
     *
     * @return the name, matching {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
     */
    String name();

    /**
     * One line for people: what the gate holds, as it reads after a preset's description and "; ".
     *
     * @return the description; by default the name
     */
    default String description() {
        return name();
    }

    /**
     * Whether to stay on {@code running} rather than rescale to {@code candidate}.
     *
     * @param graph the job graph with the requirements in force
     * @param running the plan the job runs, admissible for {@code graph}
     * @param candidate the plan the slots allow, different from {@code running}
     * @return a hold with its reason and explanation, or empty to let the rescale happen
     */
    Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate);

    /**
     * This gate for a job whose restart cost and keyed state are known: the simulator calls it with
     * a load scenario's own figures before the run, so that a gate that prices rescales (as {@link
     * RescaleCostModel} does) prices them as the simulator will charge them. A gate that does not use
     * them keeps the default, itself.
     *
     * @param restartCost the fixed downtime of every deployment
     * @param state the job's keyed state
     * @param restore how state reaches the subtasks
     * @param slotsPerTaskManager slots per TaskManager, at least 1
     * @return the gate to use in that world
     */
    default RescaleGate inWorld(Duration restartCost, KeyedState state, RestoreModel restore, int slotsPerTaskManager) {
        return this;
    }

    /**
     * A held rescale: the job stays, and the decider reports this reason and explanation.
     *
     * @param reason why, as a stable code: a {@link Reason} or a code of one's own ({@link
     *     ReasonCode#of(String)})
     * @param explanation what the rescale would have bought, for people
     */
    record Hold(ReasonCode reason, String explanation) {
        /** Checks both are present. */
        public Hold {
            Limits.checkNotNull("reason", reason);
            Limits.checkNotNull("explanation", explanation);
        }
    }

    /**
     * Several gates as one, asked in order: the first that holds holds the rescale, with its reason.
     * Its name is theirs joined with {@code +} ({@code keygroup-skip+cost-aware}), so a decider
     * given it is named as if given each.
     *
     * @param gates at least one gate, no repeats by name
     * @return the gate itself for one gate, else the combination
     * @throws IllegalArgumentException for no gates or a name given twice
     */
    static RescaleGate allOf(List<RescaleGate> gates) {
        Limits.checkNotNull("gates", gates);
        if (gates.isEmpty()) {
            throw new IllegalArgumentException("RescaleGate.allOf needs at least one gate");
        }
        if (gates.size() == 1) {
            return Limits.checkNotNull("gates[0]", gates.get(0));
        }
        return new AllOf(ImmutableList.copyOf(gates));
    }

    /**
     * Gates asked in order; see {@link RescaleGate#allOf(List)}.
     *
     * @param gates two or more gates
     */
    record AllOf(List<RescaleGate> gates) implements RescaleGate {
        /**
         * Copies the gates and checks their names are distinct.
         *
         * @param gates two or more gates
         */
        public AllOf {
            gates = ImmutableList.copyOf(gates);
            if (gates.size() < 2) {
                throw new IllegalArgumentException("RescaleGate.AllOf needs at least two gates, got " + gates.size());
            }
            if (gates.stream().map(RescaleGate::name).distinct().count() != gates.size()) {
                throw new IllegalArgumentException("RescaleGate.AllOf: gate named twice in "
                        + gates.stream().map(RescaleGate::name).collect(Collectors.joining("+")));
            }
        }

        @Override
        public String name() {
            return gates.stream().map(RescaleGate::name).collect(Collectors.joining("+"));
        }

        @Override
        public String description() {
            return gates.stream().map(RescaleGate::description).collect(Collectors.joining("; "));
        }

        @Override
        public RescaleGate inWorld(
                Duration restartCost, KeyedState state, RestoreModel restore, int slotsPerTaskManager) {
            return new AllOf(gates.stream()
                    .map(g -> g.inWorld(restartCost, state, restore, slotsPerTaskManager))
                    .toList());
        }

        @Override
        public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
            for (RescaleGate g : gates) {
                Optional<Hold> hold = g.hold(graph, running, candidate);
                if (hold.isPresent()) {
                    return hold;
                }
            }
            return Optional.empty();
        }
    }
}
