package org.apache.flink.runtime.scheduler.adaptive.allocator;

/**
 * Flink's {@code SlotSharingSlotAllocator} as the line under test builds it, for the differential
 * suites: the one thing about the allocator whose signature changed between the lines. Its reserve and
 * free functions are never called by the suites (they only plan).
 *
 * <p>Version-specific test support (flink-test-support/src/lines/allocator-2.2): the lines 2.2 and 2.3.
 * With the load-balance mode NONE (the other modes are the assigner suite's).
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
                preferMinimalTaskManagers,
                org.apache.flink.configuration.TaskManagerOptions.TaskManagerLoadBalanceMode.NONE);
    }
}
