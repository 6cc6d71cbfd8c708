package io.github.slotwise.testkit;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The contract every {@link ParallelismSolver} keeps, as a JUnit 5 test to subclass with one line:
 *
 * <pre>{@code
 * class MySolverContractTest extends ParallelismSolverContract {
 *     protected ParallelismSolver createSolver() { return new MySolver(); }
 * }
 * }</pre>
 *
 * <p>On generated graphs and slot counts:
 *
 * <ul>
 *   <li><b>validity</b>: every {@link Invariants#checkPlan} invariant (a plan only with enough slots,
 *       covering every vertex within its bounds, fitting the slots);
 *   <li><b>{@link #MINIMUM_SLOTS}</b>: {@code minimumSlots} slots give a plan, one fewer none;
 *   <li><b>{@link #DESIRED_SLOTS}</b>: more than {@code desiredSlots} slots change nothing;
 *   <li><b>{@link #DETERMINISTIC}</b>: equal input, equal result, from a used and a fresh instance;
 *   <li><b>{@link #REJECTS_NEGATIVE}</b>: negative slots are an {@link IllegalArgumentException}.
 * </ul>
 */
public abstract class ParallelismSolverContract {
    /** {@code solve(minimumSlots)} is a plan and {@code solve(minimumSlots - 1)} is not. */
    public static final String MINIMUM_SLOTS = "contract.minimum-slots";

    /** Beyond {@code desiredSlots}, more slots give the same parallelism. */
    public static final String DESIRED_SLOTS = "contract.desired-slots";

    /** Equal input gives an equal result. */
    public static final String DETERMINISTIC = "contract.deterministic";

    /** Negative slot counts are rejected. */
    public static final String REJECTS_NEGATIVE = "contract.rejects-negative-slots";

    /** Examples per test; override to run more or fewer. */
    protected int examples() {
        return 300;
    }

    /**
     * A new instance of the solver under test; called more than once.
     *
     * @return the solver
     */
    protected abstract ParallelismSolver createSolver();

    /** The whole contract on generated graphs. */
    @Test
    public void keepsTheSolverContract() {
        ContractRunner.assertNone(check(this::createSolver, examples(), 1));
    }

    /**
     * Runs the contract on {@code examples} generated graphs and slot counts.
     *
     * @param solvers makes a new instance of the solver
     * @param examples how many cases
     * @param seed the generators' seed
     * @return the violations of the first case that breaks the contract
     */
    public static List<Violation> check(Supplier<ParallelismSolver> solvers, int examples, long seed) {
        ParallelismSolver used = solvers.get();
        List<Violation> name = ContractRunner.checkName("parallelism solver", used.name());
        if (!name.isEmpty()) {
            return name;
        }
        Gen<Case> cases = SlotwiseGenerators.jobGraphs(GraphShape.SMALL)
                .flatMap(g -> SlotwiseGenerators.slotCountsFor(g).map(s -> new Case(g, s)));
        return ContractRunner.firstFailure(cases, examples, seed, c -> c.check(used, solvers), Case::toString);
    }

    private record Case(JobGraph graph, int slots) {
        List<Violation> check(ParallelismSolver used, Supplier<ParallelismSolver> solvers) {
            List<Violation> v = new ArrayList<>();
            ParallelismResult result = used.solve(graph, slots);
            v.addAll(Invariants.checkPlan(graph, slots, result));
            if (!used.solve(graph, slots).equals(result)
                    || !solvers.get().solve(graph, slots).equals(result)) {
                v.add(new Violation(DETERMINISTIC, "solve(graph, " + slots + ") gave different results"));
            }
            int min = used.minimumSlots(graph);
            if (!(used.solve(graph, min) instanceof ParallelismPlan)) {
                v.add(new Violation(MINIMUM_SLOTS, "minimumSlots " + min + " gives no plan"));
            }
            if (min > 0 && used.solve(graph, min - 1) instanceof ParallelismPlan) {
                v.add(new Violation(MINIMUM_SLOTS, (min - 1) + " slots, below minimumSlots " + min + ", give a plan"));
            }
            int desired = used.desiredSlots(graph);
            if (desired < min) {
                v.add(new Violation(DESIRED_SLOTS, "desiredSlots " + desired + " < minimumSlots " + min));
            } else if (used.solve(graph, desired) instanceof ParallelismPlan atDesired) {
                int more = Math.max(slots, desired + 1);
                if (!(used.solve(graph, more) instanceof ParallelismPlan p) || !p.sameParallelismAs(atDesired)) {
                    v.add(new Violation(DESIRED_SLOTS, more + " slots change the plan of desiredSlots " + desired));
                }
            }
            try {
                used.solve(graph, -1);
                v.add(new Violation(REJECTS_NEGATIVE, "solve(graph, -1) returned"));
            } catch (IllegalArgumentException expected) {
                // the contract
            }
            return v;
        }

        @Override
        public String toString() {
            return graph.vertices().size() + " vertices on " + slots + " slots: " + graph;
        }
    }
}
