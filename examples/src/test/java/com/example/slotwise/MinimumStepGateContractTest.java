package com.example.slotwise;

import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.testkit.RescaleGateContract;

/** Slotwise's contract for gates: deterministic answers, and Flink's deciders keep their invariants with it. */
class MinimumStepGateContractTest extends RescaleGateContract {
    @Override
    protected RescaleGate createGate() {
        return new MinimumStepGate();
    }
}
