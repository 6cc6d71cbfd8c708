package org.apache.flink.runtime.scheduler.adaptive.allocator;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;

/**
 * Flink's {@code SlotSharingSlotAllocator} as the line under test builds it, for the differential
 * suites, and what else about it changed between the lines (the result of {@code determineParallelism},
 * the bounds of its store). Its reserve and
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

    /** Whether the line knows per-vertex lower bounds (min parallelism, FLIP-291, 1.18 on). */
    public static boolean hasLowerBounds() {
        return true;
    }

    /** Flink's parallelism bounds of a vertex, for a store. */
    public static DefaultVertexParallelismInfo parallelismInfo(int min, int parallelism, int max) {
        return new DefaultVertexParallelismInfo(min, parallelism, max, m -> Optional.empty());
    }

    /** {@code determineParallelism} as vertex id to parallelism, empty without enough slots. */
    public static Optional<Map<JobVertexID, Integer>> determineParallelism(
            SlotSharingSlotAllocator allocator, JobInformation info, Collection<? extends SlotInfo> slots) {
        return allocator.determineParallelism(info, slots).map(p -> {
            Map<JobVertexID, Integer> map = new HashMap<>();
            for (JobVertexID id : p.getVertices()) {
                map.put(id, p.getParallelism(id));
            }
            return map;
        });
    }
}
