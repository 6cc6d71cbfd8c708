package io.github.slotwise.assignment;

import io.github.slotwise.model.Limits;
import io.github.slotwise.model.Slot;

/**
 * One execution slot-sharing group placed in one slot.
 *
 * @param group the subtasks
 * @param slot where they run
 */
public record SlotAssignment(ExecutionSlotSharingGroup group, Slot slot) {
    /** Rejects nulls. */
    public SlotAssignment {
        Limits.checkNotNull("group", group);
        Limits.checkNotNull("slot", slot);
    }
}
