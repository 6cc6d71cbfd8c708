package com.example.slotwise;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.testkit.SlotAssignerContract;

/** Slotwise's contract for slot assigners: valid, deterministic, stateless, slot-order independent groups. */
class RoundRobinAssignerContractTest extends SlotAssignerContract {
    @Override
    protected SlotAssigner createAssigner() {
        return new RoundRobinAssigner();
    }
}
