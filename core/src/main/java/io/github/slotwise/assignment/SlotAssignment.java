package io.github.slotwise.assignment;

import io.github.slotwise.model.Slot;
import java.util.Objects;

/**
 * One execution slot-sharing group placed in one slot.
 *
 * @param group the subtasks
 * @param slot where they run
 */
public record SlotAssignment(ExecutionSlotSharingGroup group, Slot slot) {
    /** Rejects nulls. */
    public SlotAssignment {
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(slot, "slot must not be null");
    }
}
