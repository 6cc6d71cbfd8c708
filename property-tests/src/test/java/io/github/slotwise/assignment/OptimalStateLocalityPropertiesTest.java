package io.github.slotwise.assignment;

import static io.github.slotwise.testkit.SlotwiseGenerators.assignmentRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.testkit.GraphShape;
import io.github.slotwise.testkit.Invariants;
import io.github.slotwise.testkit.LocalityReference;
import io.github.slotwise.testkit.PoolShape;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The optimal state-locality assigner against references that are slow but obviously right: an
 * all-pairs restatement of Flink's scores, solved by exhaustive search on tiny requests and by the
 * Hungarian method on larger ones; and against Flink's greedy, which it must never score below.
 */
class OptimalStateLocalityPropertiesTest {
    private static final FlinkParallelismSolver SOLVER = new FlinkParallelismSolver();
    private static final SlotAssigner OPTIMAL = new OptimalStateLocalitySlotAssigner();
    private static final SlotAssigner GREEDY = new FlinkStateLocalitySlotAssigner();

    /** At most 6 slots, so exhaustive search stays small. */
    private static Gen<AssignmentRequest> tiny() {
        return assignmentRequests(new GraphShape(3, 2, 4), new PoolShape(3, 2), SOLVER);
    }

    private static Gen<AssignmentRequest> small() {
        return assignmentRequests(GraphShape.SMALL, PoolShape.SMALL, SOLVER);
    }

    private static Gen<AssignmentRequest> medium() {
        return assignmentRequests(GraphShape.MEDIUM, PoolShape.MEDIUM, SOLVER);
    }

    @Test
    void reachesTheExhaustiveMaximumOnTinyRequests() {
        qt().withExamples(2000).forAll(tiny()).checkAssert(r -> {
            long[][] scores = LocalityReference.pairScores(r);
            long best = LocalityReference.exhaustive(scores, r.pool().size());
            assertThat(LocalityReference.hungarian(scores, r.pool().size()))
                    .as("the two references agree")
                    .isEqualTo(best);
            assertThat(OPTIMAL.assign(r).metrics().localityScore()).isEqualTo(best);
        });
    }

    @Test
    void reachesTheHungarianMaximum() {
        qt().withExamples(1000).forAll(small()).checkAssert(r -> assertThat(
                        OPTIMAL.assign(r).metrics().localityScore())
                .isEqualTo(LocalityReference.maxTotalScore(r)));
        qt().withExamples(150).forAll(medium()).checkAssert(r -> assertThat(
                        OPTIMAL.assign(r).metrics().localityScore())
                .isEqualTo(LocalityReference.maxTotalScore(r)));
    }

    @Test
    void neverScoresBelowFlinksGreedyAndPassesTheInvariants() {
        for (Gen<AssignmentRequest> gen : List.of(small(), medium())) {
            qt().withExamples(500).forAll(gen).checkAssert(r -> {
                Assignment optimal = OPTIMAL.assign(r);
                Invariants.requireNone(Invariants.checkAssignment(r, optimal));
                assertThat(optimal.metrics().localityScore())
                        .isGreaterThanOrEqualTo(GREEDY.assign(r).metrics().localityScore());
            });
        }
    }

    /**
     * Not vacuous: the generated requests reach both solvers (dynamic program and augmenting paths),
     * and often enough the optimum beats Flink's greedy.
     */
    @Test
    void theGeneratorsExerciseBothSolversAndBeatGreedySometimes() {
        AtomicInteger cyclic = new AtomicInteger();
        AtomicInteger trees = new AtomicInteger();
        AtomicInteger better = new AtomicInteger();
        qt().withExamples(1000).forAll(small()).checkAssert(r -> {
            Assignment optimal = OPTIMAL.assign(r);
            String summary = optimal.explanation().stream()
                    .filter(line -> line.contains(" component(s) ("))
                    .findFirst()
                    .orElseThrow();
            if (!summary.contains(" 0 by augmenting paths")) {
                cyclic.incrementAndGet();
            }
            if (!summary.contains("(0 solved by dynamic programming")) {
                trees.incrementAndGet();
            }
            if (optimal.metrics().localityScore() > GREEDY.assign(r).metrics().localityScore()) {
                better.incrementAndGet();
            }
        });
        assertThat(cyclic.get()).as("requests with a cyclic component").isGreaterThan(50);
        assertThat(trees.get()).as("requests with a tree component").isGreaterThan(200);
        assertThat(better.get()).as("requests where the optimum beats greedy").isGreaterThan(20);
    }

    @Test
    void aFirstStartIsTheZip() {
        SlotAssigner zip = new FlinkDefaultSlotAssigner(false);
        qt().withExamples(200).forAll(small()).checkAssert(r -> {
            AssignmentRequest first = AssignmentRequest.firstStart(r.graph(), r.plan(), r.pool());
            assertThat(OPTIMAL.assign(first).assignments())
                    .isEqualTo(zip.assign(first).assignments());
        });
    }
}
