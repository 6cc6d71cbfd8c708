package io.github.slotwise.assignment;

class FlinkTasksBalancedSlotAssignerContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new FlinkTasksBalancedSlotAssigner();
    }
}
