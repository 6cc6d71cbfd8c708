package io.github.slotwise.contract;

import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.FlinkSlotsBalancedSlotAssigner;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.FlinkTasksBalancedSlotAssigner;
import io.github.slotwise.assignment.OptimalStateLocalitySlotAssigner;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.KeyGroupGainGate;
import io.github.slotwise.rescale.RescaleCostModel;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.testkit.DeciderInvariants;
import io.github.slotwise.testkit.ParallelismSolverContract;
import io.github.slotwise.testkit.RescaleDeciderContract;
import io.github.slotwise.testkit.RescaleGateContract;
import io.github.slotwise.testkit.SlotAssignerContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** Every built-in strategy passes the contract kit, each through a one-line subclass as a user's would. */
class BuiltInContractsTest {
    @Nested
    class FlinkDefault extends SlotAssignerContract {
        @Override
        protected SlotAssigner createAssigner() {
            return new FlinkDefaultSlotAssigner(false);
        }
    }

    @Nested
    class FlinkMinimalTaskManagers extends SlotAssignerContract {
        @Override
        protected SlotAssigner createAssigner() {
            return new FlinkDefaultSlotAssigner(true);
        }
    }

    @Nested
    class FlinkSlots extends SlotAssignerContract {
        @Override
        protected SlotAssigner createAssigner() {
            return new FlinkSlotsBalancedSlotAssigner();
        }
    }

    @Nested
    class FlinkTasks extends SlotAssignerContract {
        @Override
        protected SlotAssigner createAssigner() {
            return new FlinkTasksBalancedSlotAssigner();
        }
    }

    @Nested
    class FlinkStateLocality extends SlotAssignerContract {
        @Override
        protected SlotAssigner createAssigner() {
            return new FlinkStateLocalitySlotAssigner();
        }
    }

    @Nested
    class OptimalStateLocality extends SlotAssignerContract {
        @Override
        protected SlotAssigner createAssigner() {
            return new OptimalStateLocalitySlotAssigner();
        }
    }

    @Nested
    class FlinkSolver extends ParallelismSolverContract {
        @Override
        protected ParallelismSolver createSolver() {
            return new FlinkParallelismSolver();
        }
    }

    @Nested
    class KeyGroupAwareSolver extends ParallelismSolverContract {
        @Override
        protected ParallelismSolver createSolver() {
            return new KeyGroupAwareParallelismSolver();
        }
    }

    @Nested
    class ProportionalSolver extends ParallelismSolverContract {
        @Override
        protected ParallelismSolver createSolver() {
            return new ProportionalParallelismSolver();
        }
    }

    @Nested
    class KeyGroupSkip extends RescaleGateContract {
        @Override
        protected RescaleGate createGate() {
            return new KeyGroupGainGate();
        }
    }

    @Nested
    class CostAware extends RescaleGateContract {
        @Override
        protected RescaleGate createGate() {
            return RescaleCostModel.DEFAULT;
        }
    }

    /** Flink's decider on a preset: the spacing it promises is its cooldown. */
    abstract static class FlinkPreset extends RescaleDeciderContract {
        abstract RescalePolicy policy();

        @Override
        protected RescaleDecider createDecider() {
            return new FlinkRescaleDecider(policy());
        }

        @Override
        protected Duration minimumSpacing() {
            return DeciderInvariants.cooldown(policy());
        }

        @Override
        protected boolean acceptsRequirementChanges() {
            return !policy().reactive() && policy().generation() != RescalePolicy.Generation.FLINK_1_17;
        }
    }

    @Nested
    class Flink117 extends FlinkPreset {
        @Override
        RescalePolicy policy() {
            return RescalePolicy.FLINK_1_17;
        }
    }

    @Nested
    class Flink118 extends FlinkPreset {
        @Override
        RescalePolicy policy() {
            return RescalePolicy.FLINK_1_18;
        }
    }

    @Nested
    class Flink120 extends FlinkPreset {
        @Override
        RescalePolicy policy() {
            return RescalePolicy.FLINK_1_20;
        }
    }

    @Nested
    class Flink2 extends FlinkPreset {
        @Override
        RescalePolicy policy() {
            return RescalePolicy.FLINK_2;
        }
    }

    @Nested
    class Reactive extends FlinkPreset {
        @Override
        RescalePolicy policy() {
            return RescalePolicy.REACTIVE;
        }
    }
}
