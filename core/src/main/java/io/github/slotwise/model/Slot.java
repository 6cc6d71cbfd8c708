package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

/**
 * One task slot (Flink's {@code AllocationID} plus its TaskManager).
 *
 * @param id stable id, unique in the pool
 * @param taskManagerId the TaskManager that offers the slot
 */
public record Slot(String id, String taskManagerId) {
    /** Validates both ids. */
    public Slot {
        checkId("slot.id", id);
        checkId("slot.taskManagerId", taskManagerId);
    }
}
