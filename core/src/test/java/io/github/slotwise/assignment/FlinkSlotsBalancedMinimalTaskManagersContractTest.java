package io.github.slotwise.assignment;

class FlinkSlotsBalancedMinimalTaskManagersContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new FlinkSlotsBalancedSlotAssigner(true);
    }

    /**
     * Not a test here: the application-mode variant is built by the Flink adapter from Flink's
     * options, not picked by name, so it stays out of the registry.
     */
    @Override
    void isRegisteredUnderItsName() {}
}
