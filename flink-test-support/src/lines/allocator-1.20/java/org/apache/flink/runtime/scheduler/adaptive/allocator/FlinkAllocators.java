package org.apache.flink.runtime.scheduler.adaptive.allocator;

/**
 * Flink's {@code SlotSharingSlotAllocator} as the line under test builds it, for the differential
 * suites: the one thing about the allocator whose signature changed between the lines. Its reserve and
 * free functions are never called by the suites (they only plan).
 *
 * <p>Version-specific test support (flink-test-support/src/lines/allocator-1.20): the lines 1.20, 2.0 and 2.1.
 * State locality only with local recovery; no load-balance mode.
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
                id -> false,
                localRecovery,
                executionTarget,
                preferMinimalTaskManagers);
    }
}
