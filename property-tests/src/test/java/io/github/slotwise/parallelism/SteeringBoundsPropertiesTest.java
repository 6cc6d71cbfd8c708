package io.github.slotwise.parallelism;

import static io.github.slotwise.testkit.SteeringGenerators.steeringCases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.testkit.GraphShape;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link SteeringBounds} on generated jobs, slot counts, policies (Flink's rule,
 * key-group-aware, proportional) and current bounds: Flink's rule over the proposed bounds gives the
 * policy's plan in any slot-sharing group order, and lower bounds are never raised.
 */
class SteeringBoundsPropertiesTest {
    private static final FlinkParallelismSolver FLINK = new FlinkParallelismSolver();

    @Test
    void flinksRuleOverTheProposedBoundsGivesThePolicysPlanInAnyGroupOrder() {
        qt().withExamples(1500).forAll(steeringCases(GraphShape.SMALL)).checkAssert(c -> {
            if (!(c.solver().solve(c.graph(), c.slots()) instanceof ParallelismPlan target)) {
                return;
            }
            SteeringBounds.Proposal p = SteeringBounds.propose(c.graph(), c.slots(), target, c.current());
            JobGraph steered = JobGraph.builder()
                    .from(Requirements.withBounds(c.graph(), p.bounds()))
                    .slotSharingGroupOrder(c.groupOrder())
                    .build();
            assertThat(FLINK.solve(steered, c.slots()).plan().vertexParallelism())
                    .as("Flink over %s in group order %s", p.bounds(), c.groupOrder())
                    .isEqualTo(target.vertexParallelism());
            assertThat(p.flinkPlan().vertexParallelism()).isEqualTo(target.vertexParallelism());
            assertThat(p.explanation()).hasSize(c.graph().vertices().size());
        });
        qt().withExamples(200).forAll(steeringCases(GraphShape.MEDIUM)).checkAssert(c -> {
            if (c.solver().solve(c.graph(), c.slots()) instanceof ParallelismPlan target) {
                SteeringBounds.Proposal p = SteeringBounds.propose(c.graph(), c.slots(), target, c.current());
                JobGraph steered = JobGraph.builder()
                        .from(Requirements.withBounds(c.graph(), p.bounds()))
                        .slotSharingGroupOrder(c.groupOrder())
                        .build();
                assertThat(FLINK.solve(steered, c.slots()).plan().vertexParallelism())
                        .isEqualTo(target.vertexParallelism());
            }
        });
    }

    @Test
    void lowerBoundsNeverExceedTheTargetNorThePreviousLowerBound() {
        qt().withExamples(1500).forAll(steeringCases(GraphShape.SMALL)).checkAssert(c -> {
            if (!(c.solver().solve(c.graph(), c.slots()) instanceof ParallelismPlan target)) {
                return;
            }
            SteeringBounds.Proposal p = SteeringBounds.propose(c.graph(), c.slots(), target, c.current());
            for (JobVertex v : c.graph().vertices()) {
                VertexBounds b = p.bounds().get(v.id());
                int t = target.parallelismOf(v.id());
                assertThat(b.lowerBound())
                        .as(
                                "lower bound of %s (target %d, previous %s)",
                                v.id(), t, c.current().get(v.id()))
                        .isLessThanOrEqualTo(Math.min(t, c.current().get(v.id()).lowerBound()));
                assertThat(b.upperBound()).isBetween(t, v.effectiveMaxParallelism());
            }
            assertThat(p.unchanged()).isEqualTo(p.bounds().equals(c.current()));
        });
    }

    @Test
    void steeringTwiceChangesNothingTheSecondTime() {
        qt().withExamples(1000).forAll(steeringCases(GraphShape.SMALL)).checkAssert(c -> {
            if (c.solver().solve(c.graph(), c.slots()) instanceof ParallelismPlan target) {
                SteeringBounds.Proposal first = SteeringBounds.propose(c.graph(), c.slots(), target, c.current());
                SteeringBounds.Proposal second = SteeringBounds.propose(c.graph(), c.slots(), target, first.bounds());
                assertThat(second.unchanged()).isTrue();
                assertThat(second.bounds()).isEqualTo(first.bounds());
            }
        });
    }

    @Test
    void withFewerSlotsThanThePlanNeedsThereIsNoBoundsButANamedFailure() {
        qt().withExamples(1000).forAll(steeringCases(GraphShape.SMALL)).checkAssert(c -> {
            if (c.solver().solve(c.graph(), c.slots()) instanceof ParallelismPlan target) {
                int needed = SteeringBounds.requiredSlots(c.graph(), target);
                assertThat(needed).isLessThanOrEqualTo(c.slots());
                assertThatThrownBy(() -> SteeringBounds.propose(c.graph(), needed - 1, target, c.current()))
                        .isInstanceOf(UnreachableTargetException.class)
                        .hasMessageContaining("needs " + needed + " slots");
            }
        });
    }
}
