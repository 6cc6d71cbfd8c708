package io.github.slotwise.testkit;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The contract every {@link SlotAssigner} keeps, as a JUnit 5 test to subclass with one line:
 *
 * <pre>{@code
 * class RackAwareAssignerContractTest extends SlotAssignerContract {
 *     protected SlotAssigner createAssigner() { return new RackAwareAssigner(); }
 * }
 * }</pre>
 *
 * <p>On generated graphs, plans (Flink's rule), pools and previous placements it checks:
 *
 * <ul>
 *   <li><b>validity</b>: every {@link Invariants#checkAssignment} invariant (each group once, each
 *       slot once and from the pool, the plan's subtasks exactly once in the groups a resolver makes,
 *       co-location, the metrics the library computes); the name is a registry name and the
 *       assignment carries it ({@link #ASSIGNER_NAME});
 *   <li><b>determinism</b> ({@link #DETERMINISTIC}): the same request, and an equal copy of it, give
 *       an equal assignment; a fresh instance gives the same one as a used one (stateless);
 *   <li><b>what groups hold does not depend on slot order</b> ({@link #GROUPS_FROM_PLAN}): slot
 *       order may decide where groups go, never what they hold.
 * </ul>
 *
 * <p>{@link #check(Supplier, int, long)} runs the same checks and returns the violations, for tools
 * and for testing the kit itself.
 */
public abstract class SlotAssignerContract {
    /** The assignment names the assigner that made it. */
    public static final String ASSIGNER_NAME = "contract.assigner-name";

    /** Equal requests give equal assignments, from a used instance and a fresh one. */
    public static final String DETERMINISTIC = "contract.deterministic";

    /** The groups come from the plan: slot order never changes what they hold. */
    public static final String GROUPS_FROM_PLAN = "contract.groups-from-plan";

    /** Examples per test; override to run more or fewer. */
    protected int examples() {
        return 200;
    }

    /**
     * A new instance of the assigner under test; called more than once.
     *
     * @return the assigner
     */
    protected abstract SlotAssigner createAssigner();

    /** Validity on generated requests. */
    @Test
    public void everyAssignmentIsValid() {
        ContractRunner.assertNone(check(this::createAssigner, examples(), 1));
    }

    /** The checks on another part of the input space (larger pools and graphs). */
    @Test
    public void everyAssignmentIsValidOnMediumInputs() {
        ContractRunner.assertNone(
                check(this::createAssigner, Math.max(1, examples() / 5), 2, GraphShape.MEDIUM, PoolShape.MEDIUM));
    }

    /**
     * Runs the contract on {@code examples} generated requests.
     *
     * @param assigners makes a new instance of the assigner
     * @param examples how many requests
     * @param seed the generators' seed
     * @return the violations of the first request that breaks the contract, none if none does
     */
    public static List<Violation> check(Supplier<SlotAssigner> assigners, int examples, long seed) {
        return check(assigners, examples, seed, GraphShape.SMALL, PoolShape.SMALL);
    }

    private static List<Violation> check(
            Supplier<SlotAssigner> assigners, int examples, long seed, GraphShape graphs, PoolShape pools) {
        SlotAssigner used = assigners.get();
        List<Violation> name = ContractRunner.checkName("slot assigner", used.name());
        if (!name.isEmpty()) {
            return name;
        }
        Gen<Case> cases = SlotwiseGenerators.assignmentRequests(graphs, pools, new FlinkParallelismSolver())
                .flatMap(r -> SlotwiseGenerators.reorderings(r.pool()).map(p -> new Case(r, p)));
        return ContractRunner.firstFailure(cases, examples, seed, c -> c.check(used, assigners), Case::toString);
    }

    /** A request and its pool in another order. */
    private record Case(AssignmentRequest request, SlotPool reordered) {
        List<Violation> check(SlotAssigner used, Supplier<SlotAssigner> assigners) {
            List<Violation> v = new ArrayList<>();
            Assignment a = used.assign(request);
            v.addAll(Invariants.checkAssignment(request, a));
            if (!a.assignerName().equals(used.name())) {
                v.add(new Violation(
                        ASSIGNER_NAME,
                        "assignment names '" + a.assignerName() + "', the assigner is '" + used.name() + "'"));
            }
            if (!used.assign(request).equals(a)) {
                v.add(new Violation(DETERMINISTIC, "the same request gave another assignment"));
            }
            AssignmentRequest copy =
                    new AssignmentRequest(request.graph(), request.plan(), request.pool(), request.previous());
            if (!used.assign(copy).equals(a)) {
                v.add(new Violation(DETERMINISTIC, "an equal copy of the request gave another assignment"));
            }
            if (!assigners.get().assign(request).equals(a)) {
                v.add(new Violation(DETERMINISTIC, "a fresh instance gave another assignment than a used one"));
            }
            AssignmentRequest other =
                    new AssignmentRequest(request.graph(), request.plan(), reordered, request.previous());
            Assignment b = used.assign(other);
            v.addAll(Invariants.checkAssignment(other, b));
            if (!groups(a).equals(groups(b))) {
                v.add(new Violation(GROUPS_FROM_PLAN, "reordering the pool changed what the groups hold"));
            }
            return v;
        }

        private static Set<?> groups(Assignment a) {
            return a.assignments().stream().map(SlotAssignment::group).collect(Collectors.toSet());
        }

        @Override
        public String toString() {
            return "plan " + request.plan().vertexParallelism() + " on "
                    + request.pool().size() + " slots";
        }
    }
}
