package io.github.slotwise.assignment;

class FlinkSlotsBalancedSlotAssignerContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new FlinkSlotsBalancedSlotAssigner();
    }
}
