package io.github.slotwise.parallelism;

import static io.github.slotwise.testkit.SlotwiseGenerators.jobGraphs;
import static io.github.slotwise.testkit.SlotwiseGenerators.slotCountsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.testkit.GraphShape;
import io.github.slotwise.testkit.Invariants;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of {@link ProportionalParallelismSolver} on generated graphs, plain and under Reactive Mode. */
class ProportionalParallelismSolverPropertiesTest {
    private static final ProportionalParallelismSolver SOLVER = new ProportionalParallelismSolver();

    record Case(JobGraph graph, int slots) {}

    private static Gen<Case> cases(GraphShape shape) {
        return jobGraphs(shape)
                .flatMap(g -> integers().between(0, 1).map(r -> r == 1 ? Requirements.reactive(g) : g))
                .flatMap(g -> slotCountsFor(g).map(n -> new Case(g, n)));
    }

    @Test
    void everyAnswerPassesThePlanInvariants() {
        qt().withExamples(1500)
                .forAll(cases(GraphShape.SMALL))
                .checkAssert(c -> Invariants.requireNone(
                        Invariants.checkPlan(c.graph(), c.slots(), SOLVER.solve(c.graph(), c.slots()))));
        qt().withExamples(300)
                .forAll(cases(GraphShape.MEDIUM))
                .checkAssert(c -> Invariants.requireNone(
                        Invariants.checkPlan(c.graph(), c.slots(), SOLVER.solve(c.graph(), c.slots()))));
    }

    /**
     * The shape holds within rounding: one factor {@code f} exists such that every vertex's parallelism
     * is its quota {@code clamp(f * parallelism, lower, upper)} rounded down or up, i.e. less than one
     * away from it. For each vertex the factors that do so form an open interval (the clamp is
     * monotone); the check is that the intervals meet, in exact integer arithmetic.
     */
    @Test
    void oneFactorExplainsEveryVertexWithinRounding() {
        qt().withExamples(1500).forAll(cases(GraphShape.SMALL)).checkAssert(c -> {
            if (!(SOLVER.solve(c.graph(), c.slots()) instanceof ParallelismPlan plan)) {
                return;
            }
            // the interval (lowNum/lowDen, highNum/highDen); a null end is unbounded
            long[] low = null;
            long[] high = null;
            for (JobVertex v : c.graph().vertices()) {
                int p = plan.parallelismOf(v.id());
                int t = v.parallelism();
                // |clamp(f t) - p| < 1: f t > p - 1 unless p is the lower bound; f t < p + 1 unless the upper
                if (p > v.lowerBound() && (low == null || (long) (p - 1) * low[1] > low[0] * (long) t)) {
                    low = new long[] {p - 1, t};
                }
                if (p < v.upperBound() && (high == null || (long) (p + 1) * high[1] < high[0] * (long) t)) {
                    high = new long[] {p + 1, t};
                }
            }
            if (low != null && high != null) {
                assertThat(low[0] * high[1])
                        .as("no factor in (%d/%d, %d/%d) for %s", low[0], low[1], high[0], high[1], plan)
                        .isLessThan(high[0] * low[1]);
            }
        });
    }

    @Test
    void theFloorsLoseLessThanOneSlotPerGroup() {
        qt().withExamples(1500).forAll(cases(GraphShape.SMALL)).checkAssert(c -> {
            if (!(SOLVER.solve(c.graph(), c.slots()) instanceof ParallelismPlan plan)) {
                return;
            }
            int desired = SOLVER.desiredSlots(c.graph());
            if (c.slots() >= desired) {
                for (JobVertex v : c.graph().vertices()) {
                    assertThat(plan.parallelismOf(v.id())).isEqualTo(v.upperBound());
                }
            } else {
                assertThat(plan.slotsUsed())
                        .isGreaterThan(c.slots() - c.graph().slotSharingGroups().size());
            }
        });
    }
}
