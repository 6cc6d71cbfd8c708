package io.github.slotwise.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.ExecutionSlotSharingGroup;
import io.github.slotwise.assignment.Explanations;
import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.PoolIndex;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.assignment.SlotSharingResolver;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.KeyGroupGainGate;
import io.github.slotwise.rescale.ReasonCode;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.Transition;
import io.github.slotwise.testkit.DeciderInvariants;
import io.github.slotwise.testkit.Invariants;
import io.github.slotwise.testkit.ParallelismSolverContract;
import io.github.slotwise.testkit.RescaleDeciderContract;
import io.github.slotwise.testkit.RescaleGateContract;
import io.github.slotwise.testkit.SlotAssignerContract;
import io.github.slotwise.testkit.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deliberately broken strategies fail the contract kit, with the invariant they break. */
class ContractsCatchBugsTest {
    private static List<String> invariants(List<Violation> violations) {
        return violations.stream().map(Violation::invariant).distinct().toList();
    }

    /** Zips groups with slots from an offset that moves on every call: a hidden mutable field. */
    static final class RotatingAssigner implements SlotAssigner {
        private int calls;

        @Override
        public String name() {
            return "rotating";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            List<ExecutionSlotSharingGroup> groups =
                    SlotSharingResolver.flinkDefault().resolve(request.graph(), request.plan());
            PoolIndex pool = PoolIndex.of(request.pool());
            int offset = calls++ % pool.size();
            List<SlotAssignment> chosen = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) {
                chosen.add(new SlotAssignment(groups.get(i), pool.slot((i + offset) % pool.size())));
            }
            return Assignment.of(name(), request, chosen, Explanations.perGroup(List.of(), chosen, a -> "rotated"));
        }
    }

    /** Forgets the last group: not every subtask is placed. */
    static final class DroppingAssigner implements SlotAssigner {
        @Override
        public String name() {
            return "dropping";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            Assignment full = new FlinkDefaultSlotAssigner().assign(request);
            List<SlotAssignment> kept =
                    full.assignments().subList(0, full.assignments().size() - 1);
            return Assignment.of(name(), request, kept, List.of());
        }
    }

    @Test
    void aStatefulAssignerIsCaught() {
        assertThat(invariants(SlotAssignerContract.check(RotatingAssigner::new, 50, 1)))
                .contains(SlotAssignerContract.DETERMINISTIC);
    }

    @Test
    void anAssignerThatLosesSubtasksIsCaught() {
        List<Violation> v = SlotAssignerContract.check(DroppingAssigner::new, 50, 1);
        assertThat(invariants(v)).contains(Invariants.ASSIGNMENT_PLAN_SUBTASKS);
        assertThat(v.get(0).message()).contains("; for plan ");
    }

    @Test
    void aCorrectAssignerOfOneIsOwnPasses() {
        // the rotating assigner, made stateless: always offset 1
        SlotAssigner shifted = new SlotAssigner() {
            @Override
            public String name() {
                return "shifted";
            }

            @Override
            public Assignment assign(AssignmentRequest request) {
                List<ExecutionSlotSharingGroup> groups =
                        SlotSharingResolver.taskBalanced().resolve(request.graph(), request.plan());
                PoolIndex pool = PoolIndex.of(request.pool());
                List<SlotAssignment> chosen = new ArrayList<>();
                for (int i = 0; i < groups.size(); i++) {
                    chosen.add(new SlotAssignment(groups.get(i), pool.slot((i + 1) % pool.size())));
                }
                return Assignment.of(name(), request, chosen, List.of());
            }
        };
        assertThat(SlotAssignerContract.check(() -> shifted, 100, 3)).isEmpty();
    }

    /** Claims one slot more than it needs. */
    static final class OverstatingSolver implements ParallelismSolver {
        private final FlinkParallelismSolver flink = new FlinkParallelismSolver();

        @Override
        public String name() {
            return "overstating";
        }

        @Override
        public ParallelismResult solve(JobGraph graph, int availableSlots) {
            return flink.solve(graph, availableSlots);
        }

        @Override
        public int minimumSlots(JobGraph graph) {
            return flink.minimumSlots(graph) + 1;
        }

        @Override
        public int desiredSlots(JobGraph graph) {
            return flink.desiredSlots(graph) + 1;
        }
    }

    /** Plans for one slot more than there is. */
    static final class GreedySolver implements ParallelismSolver {
        private final FlinkParallelismSolver flink = new FlinkParallelismSolver();

        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public ParallelismResult solve(JobGraph graph, int availableSlots) {
            return flink.solve(graph, availableSlots < 0 ? availableSlots : availableSlots + 1);
        }

        @Override
        public int minimumSlots(JobGraph graph) {
            return Math.max(0, flink.minimumSlots(graph) - 1);
        }

        @Override
        public int desiredSlots(JobGraph graph) {
            return Math.max(0, flink.desiredSlots(graph) - 1);
        }
    }

    @Test
    void brokenSolversAreCaught() {
        assertThat(invariants(ParallelismSolverContract.check(OverstatingSolver::new, 100, 1)))
                .contains(ParallelismSolverContract.MINIMUM_SLOTS);
        assertThat(invariants(ParallelismSolverContract.check(GreedySolver::new, 100, 1)))
                .containsAnyOf(Invariants.PLAN_FITS, Invariants.PLAN_ONLY_WHEN_ENOUGH_SLOTS);
    }

    /** Holds every other question: a gate with a memory. */
    static final class FlipFlopGate implements RescaleGate {
        private boolean hold;

        @Override
        public String name() {
            return "flip-flop";
        }

        @Override
        public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
            hold = !hold;
            return hold ? Optional.of(new Hold(ReasonCode.of("FLIP"), "flip")) : Optional.empty();
        }
    }

    @Test
    void aGateWithMemoryIsCaught() {
        assertThat(invariants(RescaleGateContract.checkAnswers(FlipFlopGate::new, 100, 1)))
                .contains(RescaleGateContract.DETERMINISTIC);
        assertThat(RescaleGateContract.checkAnswers(KeyGroupGainGate::new, 100, 1))
                .isEmpty();
    }

    /** Flink 2.x's decider that also counts its calls in a field and says so. */
    static final class CountingDecider implements RescaleDecider {
        private final FlinkRescaleDecider flink = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
        private int calls;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public DeciderState initialState(JobGraph graph) {
            return flink.initialState(graph);
        }

        @Override
        public Transition decide(DeciderState state, RescaleEvent event, Instant now) {
            Transition t = flink.decide(state, event, now);
            Decision d = t.decision();
            List<Decision> decisions = new ArrayList<>(t.decisions());
            decisions.set(
                    decisions.size() - 1,
                    new Decision(d.at(), d.action(), d.plan(), d.wakeUpAt(), d.reason(), "call " + calls++));
            return new Transition(t.state(), decisions);
        }
    }

    @Test
    void aDeciderWithHiddenStateIsCaught() {
        List<Violation> v = RescaleDeciderContract.check(CountingDecider::new, Duration.ZERO, true, 20, 1);
        assertThat(invariants(v)).containsAnyOf(RescaleDeciderContract.DETERMINISTIC, RescaleDeciderContract.ATOMIC);
    }

    @Test
    void aDeciderThatRescalesSoonerThanItPromisesIsCaught() {
        // Flink 2.x rescales 30 s after a start at the earliest, not 10 min
        assertThat(invariants(RescaleDeciderContract.check(
                        () -> new FlinkRescaleDecider(RescalePolicy.FLINK_2), Duration.ofMinutes(10), true, 100, 1)))
                .contains(DeciderInvariants.RESCALE_SPACING);
        assertThat(RescaleDeciderContract.check(
                        () -> new FlinkRescaleDecider(RescalePolicy.FLINK_2), Duration.ofSeconds(30), true, 100, 1))
                .isEmpty();
    }
}
