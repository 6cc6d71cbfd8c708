package io.github.slotwise.assignment;

import io.github.slotwise.model.Slot;

/** The one format of the per-group explanation line every assigner writes. */
final class Explanations {
    private Explanations() {}

    /** {@code "group <id> -> slot <id>: <reason>"}. */
    static String placed(ExecutionSlotSharingGroup group, Slot slot, String reason) {
        return "group " + group.id() + " -> slot " + slot.id() + ": " + reason;
    }
}
