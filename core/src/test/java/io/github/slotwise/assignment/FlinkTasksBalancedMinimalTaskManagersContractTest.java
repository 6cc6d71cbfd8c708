package io.github.slotwise.assignment;

class FlinkTasksBalancedMinimalTaskManagersContractTest extends SlotAssignerContractTest {
    @Override
    SlotAssigner assigner() {
        return new FlinkTasksBalancedSlotAssigner(true);
    }

    /**
     * Not a test here: the application-mode variant is built by the Flink adapter from Flink's
     * options, not picked by name, so it stays out of the registry.
     */
    @Override
    void isRegisteredUnderItsName() {}
}
