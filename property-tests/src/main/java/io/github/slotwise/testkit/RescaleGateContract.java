package io.github.slotwise.testkit;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The contract every {@link RescaleGate} keeps, as a JUnit 5 test to subclass with one line:
 *
 * <pre>{@code
 * class LagBudgetGateContractTest extends RescaleGateContract {
 *     protected RescaleGate createGate() { return new LagBudgetGate(); }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>{@link #DETERMINISTIC}</b>: on generated graphs and pairs of plans (Flink's rule at two
 *       slot counts) the same answer twice, from a used and a fresh instance; a hold has a non-blank
 *       explanation;
 *   <li><b>in a decider</b>: {@link FlinkRescaleDecider} on Flink 2.x's and 1.20's rules with the
 *       gate, driven through generated traces, keeps the decision invariants that hold for any gate
 *       ({@link DeciderInvariants#check(DecisionTimeline, RescalePolicy,
 *       io.github.slotwise.parallelism.ParallelismSolver, RescaleGate)}: time order, no rescale to
 *       the running parallelism, plans that fit, cooldown spacing, no held rescale, changes acted on
 *       by their bound).
 * </ul>
 */
public abstract class RescaleGateContract {
    /** The same plans give the same answer. */
    public static final String DETERMINISTIC = "contract.deterministic";

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Examples per test; override to run more or fewer. */
    protected int examples() {
        return 150;
    }

    /**
     * A new instance of the gate under test; called more than once.
     *
     * @return the gate
     */
    protected abstract RescaleGate createGate();

    /** The answers on their own. */
    @Test
    public void answersDeterministically() {
        ContractRunner.assertNone(checkAnswers(this::createGate, examples() * 2, 1));
    }

    /** The gate inside Flink's deciders. */
    @Test
    public void keepsTheDecisionInvariantsInADecider() {
        ContractRunner.assertNone(checkInDecider(createGate(), examples(), 2));
    }

    /**
     * Checks the gate's answers on generated graphs and plan pairs.
     *
     * @param gates makes a new instance
     * @param examples how many cases
     * @param seed the generators' seed
     * @return the violations of the first case that breaks the contract
     */
    public static List<Violation> checkAnswers(Supplier<RescaleGate> gates, int examples, long seed) {
        RescaleGate used = gates.get();
        List<Violation> name = ContractRunner.checkName("rescale gate", used.name());
        if (!name.isEmpty()) {
            return name;
        }
        FlinkParallelismSolver flink = new FlinkParallelismSolver();
        // two slot counts from the minimum to 4 beyond the desired slots: both give plans
        Gen<Optional<Pair>> pairs = SlotwiseGenerators.jobGraphs(GraphShape.SMALL)
                .flatMap(g -> {
                    int min = flink.minimumSlots(g);
                    int max = flink.desiredSlots(g) + 4;
                    return Generate.range(min, max).zip(Generate.range(min, max), (a, b) -> Pair.of(g, flink, a, b));
                });
        return ContractRunner.firstFailure(
                pairs, examples, seed, p -> p.map(x -> x.check(used, gates)).orElse(List.of()), p -> p.map(
                                Pair::toString)
                        .orElse("equal plans"));
    }

    /**
     * Checks the gate inside {@link FlinkRescaleDecider}s on generated traces.
     *
     * @param gate the gate
     * @param examples how many traces per policy
     * @param seed the generators' seed
     * @return the violations of the first trace that breaks an invariant
     */
    public static List<Violation> checkInDecider(RescaleGate gate, int examples, long seed) {
        FlinkParallelismSolver flink = new FlinkParallelismSolver();
        for (RescalePolicy policy : List.of(RescalePolicy.FLINK_2, RescalePolicy.FLINK_1_20)) {
            FlinkRescaleDecider decider = new FlinkRescaleDecider(policy, flink, gate);
            List<Violation> v = ContractRunner.firstFailure(
                    SlotwiseGenerators.jobGraphs(GraphShape.SMALL).zip(RescaleGenerators.traces(), Run::new),
                    examples,
                    seed,
                    r -> DeciderInvariants.check(
                            DeciderDriver.run(decider, r.graph(), r.trace(), T0, Duration.ofMinutes(10), true),
                            policy,
                            flink,
                            gate),
                    r -> decider.name() + " on " + r);
            if (!v.isEmpty()) {
                return v;
            }
        }
        return List.of();
    }

    private record Run(JobGraph graph, List<TimedIntent> trace) {}

    private record Pair(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
        static Optional<Pair> of(JobGraph graph, FlinkParallelismSolver flink, int a, int b) {
            if (flink.solve(graph, a) instanceof ParallelismPlan running
                    && flink.solve(graph, b) instanceof ParallelismPlan candidate
                    && !running.sameParallelismAs(candidate)) {
                return Optional.of(new Pair(graph, running, candidate));
            }
            return Optional.empty();
        }

        List<Violation> check(RescaleGate used, Supplier<RescaleGate> gates) {
            List<Violation> v = new ArrayList<>();
            Optional<RescaleGate.Hold> hold = used.hold(graph, running, candidate);
            if (hold == null) {
                return List.of(new Violation(DETERMINISTIC, "hold returned null, not an Optional"));
            }
            if (!used.hold(graph, running, candidate).equals(hold)
                    || !gates.get().hold(graph, running, candidate).equals(hold)) {
                v.add(new Violation(DETERMINISTIC, "the same plans gave another answer"));
            }
            if (hold.isPresent() && hold.get().explanation().isBlank()) {
                v.add(new Violation(DETERMINISTIC, "a hold with a blank explanation"));
            }
            return v;
        }

        @Override
        public String toString() {
            return running.vertexParallelism() + " -> " + candidate.vertexParallelism();
        }
    }
}
