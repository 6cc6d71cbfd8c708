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
     * type cannot list its vertices). A vertex's old parallelism is its number of allocations, taken
     * in the order of their key-group ranges (by first, then last key group, then allocation id), which
     * gives each its subtask index. If every range is Flink's range for that index under the vertex's
     * current maxParallelism (what Flink's own {@code JobAllocationsInformation} holds after a restore),
     * the placements derive their ranges; otherwise every placement of the vertex carries its range
     * explicitly, so that uneven, overlapping or foreign ranges are scored as Flink scores them. Slot
     * ids are the allocation ids in hex, state sizes carry over.
     *
     * @throws IllegalArgumentException if an allocation has no allocation id or an empty key-group
     *     range, or a range reaches beyond the vertex's maxParallelism (naming the vertex, the
     *     allocation and the range)
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
            String vertexId = FlinkIds.vertexId(id);
            int maxParallelism = vertex.getMaxParallelism();
            for (JobAllocationsInformation.VertexAllocationInformation a : old) {
                if (a.getAllocationID() == null) {
                    throw new IllegalArgumentException("vertex " + vertexId + ": an allocation with key groups "
                            + a.getKeyGroupRange().prettyPrintInterval() + " has no allocation id");
                }
                KeyGroupRange r = a.getKeyGroupRange();
                if (r.getNumberOfKeyGroups() == 0 || r.getEndKeyGroup() >= maxParallelism) {
                    throw new IllegalArgumentException(String.format(
                            "vertex %s: previous allocation %s has key groups %s, not a non-empty range inside"
                                    + " [0, %d) (maxParallelism %d)",
                            vertexId,
                            FlinkIds.slotId(a.getAllocationID()),
                            r.prettyPrintInterval(),
                            maxParallelism,
                            maxParallelism));
                }
            }
            old.sort(Comparator.<JobAllocationsInformation.VertexAllocationInformation>comparingInt(
                            a -> a.getKeyGroupRange().getStartKeyGroup())
                    .thenComparingInt(a -> a.getKeyGroupRange().getEndKeyGroup())
                    .thenComparing(a -> FlinkIds.slotId(a.getAllocationID())));
            boolean derived = old.size() <= maxParallelism;
            for (int i = 0; i < old.size() && derived; i++) {
                derived = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, old.size(), i)
                        .equals(old.get(i).getKeyGroupRange());
            }
            for (int i = 0; i < old.size(); i++) {
                JobAllocationsInformation.VertexAllocationInformation a = old.get(i);
                String slot = FlinkIds.slotId(a.getAllocationID());
                KeyGroupRange r = a.getKeyGroupRange();
                placement.addPlacements(
                        derived
                                ? SubtaskPlacement.of(vertexId, i, slot, a.stateSizeInBytes)
                                : SubtaskPlacement.of(
                                        vertexId,
                                        i,
                                        slot,
                                        a.stateSizeInBytes,
                                        new io.github.slotwise.keygroup.KeyGroupRange(
                                                r.getStartKeyGroup(), r.getEndKeyGroup())));
            }
        }
        return placement.build();
    }
}
