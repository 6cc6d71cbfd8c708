package com.example.slotwise;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.ReasonCode;
import io.github.slotwise.rescale.RescaleGate;
import java.util.Optional;

/**
 * Holds a scale-up that adds fewer than {@value #MIN_SLOTS} slots: a restart costs the same whether
 * it adds one slot or ten, so small steps wait until enough slots have come together. Scale-downs
 * and same-size changes pass. Its reason is a code of its own, {@link #STEP_TOO_SMALL}, which
 * timelines and JSON print by name next to the built-in ones.
 */
public final class MinimumStepGate implements RescaleGate {
    /** The registry name. */
    public static final String NAME = "example-min-step";

    /** The fewest slots a scale-up must add. */
    public static final int MIN_SLOTS = 4;

    /** Why a rescale was held. */
    public static final ReasonCode STEP_TOO_SMALL = ReasonCode.of("EXAMPLE_STEP_TOO_SMALL");

    /** Creates the gate. */
    public MinimumStepGate() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "holds scale-ups that add fewer than " + MIN_SLOTS + " slots";
    }

    @Override
    public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
        int added = candidate.slotsUsed() - running.slotsUsed();
        if (added > 0 && added < MIN_SLOTS) {
            return Optional.of(new Hold(
                    STEP_TOO_SMALL,
                    "the rescale adds " + added + " slot(s) to " + running.slotsUsed() + ", fewer than " + MIN_SLOTS));
        }
        return Optional.empty();
    }
}
