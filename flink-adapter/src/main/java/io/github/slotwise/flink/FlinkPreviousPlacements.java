package io.github.slotwise.flink;

import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Converts Flink's previous allocations ({@link JobAllocationsInformation}: per vertex, the slot,
 * key-group range and state size of every old subtask) to a Slotwise {@link PreviousPlacement}.
 */
public final class FlinkPreviousPlacements {
    private FlinkPreviousPlacements() {}

    /**
     * The previous placement of every vertex of {@code jobInformation} that has allocations (Flink's
     * type cannot list its vertices). A vertex's old parallelism is its number of allocations; the
     * subtask index of each is recovered from its key-group range, which must be Flink's range for
     * that index under the vertex's current maxParallelism, since Slotwise derives old ranges from
     * (maxParallelism, old parallelism). Slot ids are the allocation ids in hex, state sizes carry
     * over.
     *
     * @throws IllegalArgumentException if an allocation has no allocation id, or a vertex's ranges are
     *     not the ranges of {@code 0 .. p-1} (for example because the maxParallelism changed since)
     */
    public static PreviousPlacement fromAllocations(
            JobAllocationsInformation allocations, JobInformation jobInformation) {
        PreviousPlacement.Builder placement = PreviousPlacement.builder();
        for (JobInformation.VertexInformation vertex : jobInformation.getVertices()) {
            JobVertexID id = vertex.getJobVertexID();
            List<JobAllocationsInformation.VertexAllocationInformation> old =
                    new ArrayList<>(allocations.getAllocations(id));
            if (old.isEmpty()) {
                continue;
            }
            old.sort(Comparator.comparingInt(a -> a.getKeyGroupRange().getStartKeyGroup()));
            int maxParallelism = vertex.getMaxParallelism();
            for (int i = 0; i < old.size(); i++) {
                JobAllocationsInformation.VertexAllocationInformation a = old.get(i);
                KeyGroupRange expected =
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, old.size(), i);
                if (!expected.equals(a.getKeyGroupRange())) {
                    throw new IllegalArgumentException(String.format(
                            "vertex %s: previous allocation %d of %d has key groups %s, but subtask %d of %d under"
                                    + " maxParallelism %d has %s",
                            FlinkIds.vertexId(id),
                            i + 1,
                            old.size(),
                            a.getKeyGroupRange().prettyPrintInterval(),
                            i,
                            old.size(),
                            maxParallelism,
                            expected.prettyPrintInterval()));
                }
                if (a.getAllocationID() == null) {
                    throw new IllegalArgumentException(
                            "vertex " + FlinkIds.vertexId(id) + ": subtask " + i + " has no previous allocation id");
                }
                placement.addPlacements(SubtaskPlacement.of(
                        FlinkIds.vertexId(id), i, FlinkIds.slotId(a.getAllocationID()), a.stateSizeInBytes));
            }
        }
        return placement.build();
    }
}
