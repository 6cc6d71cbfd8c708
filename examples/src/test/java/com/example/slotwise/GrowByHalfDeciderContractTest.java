package com.example.slotwise;

import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.testkit.RescaleDeciderContract;

/** Slotwise's contract for deciders: valid plans, a consistent state view, determinism, atomicity. */
class GrowByHalfDeciderContractTest extends RescaleDeciderContract {
    @Override
    protected RescaleDecider createDecider() {
        return new GrowByHalfDecider();
    }
}
