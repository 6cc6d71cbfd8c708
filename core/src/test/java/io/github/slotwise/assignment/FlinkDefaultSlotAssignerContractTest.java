package io.github.slotwise.assignment;

class FlinkDefaultSlotAssignerContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new FlinkDefaultSlotAssigner();
    }
}
