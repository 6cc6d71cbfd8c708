package io.github.slotwise.assignment;

class FlinkStateLocalitySlotAssignerContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new FlinkStateLocalitySlotAssigner();
    }
}
