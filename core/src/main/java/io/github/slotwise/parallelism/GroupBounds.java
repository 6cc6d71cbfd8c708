package io.github.slotwise.parallelism;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotSharingGroup;
import java.util.List;

/**
 * The bounds of one slot-sharing group, folded over its vertices as Flink's {@code
 * SlotSharingGroupMetaInfo} does.
 *
 * @param groupId the slot-sharing group
 * @param minLowerBound the lowest lower bound among its vertices
 * @param maxLowerBound the highest lower bound: the slots the group needs at least
 * @param maxUpperBound the highest upper bound: the slots the group can use at most
 */
public record GroupBounds(String groupId, int minLowerBound, int maxLowerBound, int maxUpperBound) {

    /** Slots the group may take beyond its minimum: {@code maxUpperBound - maxLowerBound}. */
    public int range() {
        return maxUpperBound - maxLowerBound;
    }

    /** The bounds of every slot-sharing group of {@code graph}, in its group order. */
    public static List<GroupBounds> of(JobGraph graph) {
        ImmutableList.Builder<GroupBounds> result = ImmutableList.builder();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            int minLower = Integer.MAX_VALUE;
            int maxLower = 0;
            int maxUpper = 0;
            for (JobVertex v : graph.verticesOf(g)) {
                minLower = Math.min(minLower, v.lowerBound());
                maxLower = Math.max(maxLower, v.lowerBound());
                maxUpper = Math.max(maxUpper, v.upperBound());
            }
            result.add(new GroupBounds(g.id(), minLower, maxLower, maxUpper));
        }
        return result.build();
    }

    /** Slots needed to run every group at its minimum: the sum of {@link #maxLowerBound()}. */
    public static int minimumSlots(List<GroupBounds> groups) {
        return groups.stream().mapToInt(GroupBounds::maxLowerBound).sum();
    }

    /** Slots every group can use at most: the sum of {@link #maxUpperBound()} (Flink's desired resources). */
    public static int desiredSlots(List<GroupBounds> groups) {
        return groups.stream().mapToInt(GroupBounds::maxUpperBound).sum();
    }
}
