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

/**
 * Properties of {@link KeyGroupAwareParallelismSolver} against Flink's rule, on generated graphs (half
 * of their vertices keyed, with explicit maxParallelism up to the shape's or Flink's derived one) and
 * on the same graphs under Reactive Mode, where every upper bound is the maxParallelism.
 */
class KeyGroupAwareParallelismSolverPropertiesTest {
    private static final KeyGroupAwareParallelismSolver SOLVER = new KeyGroupAwareParallelismSolver();
    private static final FlinkParallelismSolver FLINK = new FlinkParallelismSolver();

    record Case(JobGraph graph, int slots) {}

    private static Gen<Case> cases(GraphShape shape) {
        return jobGraphs(shape)
                .flatMap(g -> integers().between(0, 1).map(r -> r == 1 ? Requirements.reactive(g) : g))
                .flatMap(g -> slotCountsFor(g).map(n -> new Case(g, n)));
    }

    private static int hot(int m, int p) {
        return (m + p - 1) / p;
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

    @Test
    void neverAHotterKeyedSubtaskNorMoreSlotsThanFlink() {
        qt().withExamples(1500).forAll(cases(GraphShape.SMALL)).checkAssert(c -> {
            ParallelismResult ours = SOLVER.solve(c.graph(), c.slots());
            ParallelismResult flink = FLINK.solve(c.graph(), c.slots());
            assertThat(ours.isPlan()).isEqualTo(flink.isPlan());
            if (!(ours instanceof ParallelismPlan plan)) {
                assertThat(ours).isEqualTo(flink);
                return;
            }
            ParallelismPlan reference = flink.plan();
            assertThat(plan.slotsUsed()).isLessThanOrEqualTo(reference.slotsUsed());
            for (JobVertex v : c.graph().vertices()) {
                if (v.keyed()) {
                    int m = v.effectiveMaxParallelism();
                    assertThat(hot(m, plan.parallelismOf(v.id())))
                            .as("hottest subtask of %s", v.id())
                            .isLessThanOrEqualTo(hot(m, reference.parallelismOf(v.id())));
                }
            }
        });
    }

    @Test
    void noKeyedVertexCouldRunOnFewerSubtasksWithTheSameHottestSubtask() {
        qt().withExamples(1500).forAll(cases(GraphShape.SMALL)).checkAssert(c -> {
            if (!(SOLVER.solve(c.graph(), c.slots()) instanceof ParallelismPlan plan)) {
                return;
            }
            for (JobVertex v : c.graph().vertices()) {
                int p = plan.parallelismOf(v.id());
                int groupSlots = plan.slotsPerGroup().get(v.slotSharingGroup());
                if (v.keyed()) {
                    int m = v.effectiveMaxParallelism();
                    if (p > v.lowerBound()) {
                        assertThat(hot(m, p - 1))
                                .as("%s at %d of %d key groups", v.id(), p, m)
                                .isGreaterThan(hot(m, p));
                    }
                    assertThat(p).isLessThanOrEqualTo(Math.min(v.upperBound(), groupSlots));
                } else {
                    // a non-keyed vertex takes its group's slots, as in Flink
                    assertThat(p).isEqualTo(Math.min(v.upperBound(), groupSlots));
                }
            }
        });
    }

    @Test
    void onBalancedGraphsItIsFlink() {
        // every keyed vertex's upper bound and slot share divides M: nothing to lower
        qt().withExamples(300)
                .forAll(integers().between(1, 7), integers().between(0, 7))
                .checkAssert((exp, slotExp) -> {
                    int m = 1 << exp;
                    JobGraph g = JobGraph.builder()
                            .addVertices(JobVertex.builder()
                                    .id("count")
                                    .slotSharingGroup("default")
                                    .parallelism(m)
                                    .maxParallelism(m)
                                    .keyed(true)
                                    .build())
                            .build();
                    int slots = 1 << Math.min(exp, slotExp);
                    assertThat(SOLVER.solve(g, slots).plan().vertexParallelism())
                            .isEqualTo(FLINK.solve(g, slots).plan().vertexParallelism());
                });
    }
}
