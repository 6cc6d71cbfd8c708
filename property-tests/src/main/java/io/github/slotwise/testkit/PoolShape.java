package io.github.slotwise.testkit;

/**
 * Size limits for generated {@link io.github.slotwise.model.SlotPool slot pools}.
 *
 * @param maxTaskManagers the most TaskManagers a pool has, at least 0
 * @param maxSlotsPerTaskManager the most slots one TaskManager offers, at least 0
 */
public record PoolShape(int maxTaskManagers, int maxSlotsPerTaskManager) {
    /** Up to 6 TaskManagers with up to 4 slots each. */
    public static final PoolShape SMALL = new PoolShape(6, 4);

    /** Up to 16 TaskManagers with up to 8 slots each. */
    public static final PoolShape MEDIUM = new PoolShape(16, 8);

    /**
     * Validates the limits.
     *
     * @param maxTaskManagers the most TaskManagers a pool has, at least 0
     * @param maxSlotsPerTaskManager the most slots one TaskManager offers, at least 0
     * @throws IllegalArgumentException naming the field and value if a limit is negative
     */
    public PoolShape {
        if (maxTaskManagers < 0) {
            throw new IllegalArgumentException("poolShape.maxTaskManagers must be >= 0, got " + maxTaskManagers);
        }
        if (maxSlotsPerTaskManager < 0) {
            throw new IllegalArgumentException(
                    "poolShape.maxSlotsPerTaskManager must be >= 0, got " + maxSlotsPerTaskManager);
        }
    }
}
