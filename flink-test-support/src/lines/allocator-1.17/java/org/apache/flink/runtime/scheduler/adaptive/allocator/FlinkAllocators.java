package org.apache.flink.runtime.scheduler.adaptive.allocator;

/**
 * Flink's {@code SlotSharingSlotAllocator} as the line under test builds it, for the differential
 * suites: the one thing about the allocator whose signature changed between the lines. Its reserve and
 * free functions are never called by the suites (they only plan).
 *
 * <p>Version-specific test support (flink-test-support/src/lines/allocator-1.17): the lines 1.17 and 1.18.
 * These lines know none of the options: no minimal-TaskManager pick, and state locality (1.18) whenever there was a previous run.
 */
public final class FlinkAllocators {
    private FlinkAllocators() {}

    /**
     * The allocator with the given options, where the line knows them.
     *
     * @param localRecovery {@code execution.state-recovery.from-local}
     * @param executionTarget {@code execution.target}, null if unset
     * @param preferMinimalTaskManagers {@code jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers}
     */
    public static SlotSharingSlotAllocator create(
            boolean localRecovery, String executionTarget, boolean preferMinimalTaskManagers) {
        return SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
                (id, profile) -> {
                    throw new UnsupportedOperationException();
                },
                (id, cause, ts) -> {},
                id -> false);
    }
}
