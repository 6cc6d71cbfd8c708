package io.github.slotwise.assignment;

class FlinkMinimalTaskManagersContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new FlinkDefaultSlotAssigner(true);
    }
}
