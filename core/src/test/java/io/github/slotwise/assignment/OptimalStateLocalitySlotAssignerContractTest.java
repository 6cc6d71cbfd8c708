package io.github.slotwise.assignment;

class OptimalStateLocalitySlotAssignerContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new OptimalStateLocalitySlotAssigner();
    }
}
