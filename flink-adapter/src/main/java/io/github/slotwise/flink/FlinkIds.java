package io.github.slotwise.flink;

import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmanager.scheduler.CoLocationGroup;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;

/**
 * How Flink's ids become Slotwise ids and back: every id is Flink's own text form, so a Slotwise
 * result names the same vertices, groups, slots and TaskManagers as Flink's logs and REST API.
 */
public final class FlinkIds {
    private FlinkIds() {}

    /** A vertex id: the {@code JobVertexID} in hex. */
    public static String vertexId(JobVertexID id) {
        return id.toHexString();
    }

    /**
     * The {@code JobVertexID} of a Slotwise vertex id.
     *
     * @throws IllegalArgumentException if the id is not 32 hex digits
     */
    public static JobVertexID jobVertexId(String vertexId) {
        return JobVertexID.fromHexString(vertexId);
    }

    /** A slot-sharing group id: the group's {@code SlotSharingGroupId} in hex. */
    public static String slotSharingGroupId(SlotSharingGroup group) {
        return group.getSlotSharingGroupId().toHexString();
    }

    /** A co-location group id: the group's id in hex. */
    public static String coLocationGroupId(CoLocationGroup group) {
        return group.getId().toHexString();
    }

    /** A slot id: the slot's {@code AllocationID} in hex. */
    public static String slotId(AllocationID id) {
        return id.toHexString();
    }

    /**
     * The {@code AllocationID} of a Slotwise slot id.
     *
     * @throws IllegalArgumentException if the id is not 32 hex digits
     */
    public static AllocationID allocationId(String slotId) {
        return AllocationID.fromHexString(slotId);
    }

    /** A TaskManager id: the {@code ResourceID} string (without metadata). */
    public static String taskManagerId(ResourceID id) {
        return id.getResourceIdString();
    }
}
