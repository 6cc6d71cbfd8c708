package io.github.slotwise.assignment;

import io.github.slotwise.model.Slot;

/** The one format of the per-group explanation line every assigner writes. */
final class Explanations {
    private Explanations() {}

    /** {@code "group <id> -> slot <id>: <reason>"}. */
    static String placed(ExecutionSlotSharingGroup group, Slot slot, String reason) {
        return "group " + group.slotSharingGroupId() + "#" + group.index() + " -> slot " + slot.id() + ": " + reason;
    }

    /**
     * {@code "group <id> -> slot <id>: <reason><value><suffix>"}, built in one step: assigners write
     * one such line per group, so it matters at tens of thousands of groups.
     */
    static String placed(ExecutionSlotSharingGroup group, Slot slot, String reason, long value, String suffix) {
        return "group " + group.slotSharingGroupId() + "#" + group.index() + " -> slot " + slot.id() + ": " + reason
                + value + suffix;
    }
}
