package org.apache.flink.runtime.scheduler.adaptive.allocator;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.clusterframework.types.ResourceProfile;
import org.apache.flink.runtime.jobmanager.slots.TaskManagerGateway;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;

/**
 * A free slot for the differential tests: a {@link PhysicalSlot} with a given allocation id, on a
 * given TaskManager, and a <em>given hash code</em>.
 *
 * <p>Flink keeps free slots in {@code HashSet}s and takes "any" element of a set with {@code
 * iterator().next()}. Real slots hash by identity, so that choice is random. Here the caller pins
 * it: a {@code HashSet} iterates its buckets in ascending order, and hash codes below 16 (the
 * smallest table) fall into bucket {@code hash} whatever the table size, so a slot's hash code is
 * its rank in the order the test wants Flink to see. Slots may share a rank (and a bucket); they then
 * iterate in insertion order, which the test keeps in pool order by inserting in that order.
 *
 * <p>The rescale harnesses of both Flink versions use it too, as the one slot their pool repeats
 * (they only count slots). Shared test support (flink-test-support): flink-adapter and
 * flink-adapter-1.20 each compile it against their own Flink version.
 */
public final class SlotwiseTestSlot implements PhysicalSlot {
    private final AllocationID allocationId;
    private final TaskManagerLocation location;
    private final int hash;
    private final AtomicReference<Payload> payload = new AtomicReference<>();

    /**
     * Creates a slot.
     *
     * @param hash the hash code, in {@code [0, 16)} to pin the slot's bucket
     */
    public SlotwiseTestSlot(AllocationID allocationId, TaskManagerLocation location, int hash) {
        this.allocationId = allocationId;
        this.location = location;
        this.hash = hash;
    }

    /** A TaskManager location on the loopback address; nothing is resolved. */
    public static TaskManagerLocation location(String resourceId) {
        return new TaskManagerLocation(new ResourceID(resourceId), InetAddress.getLoopbackAddress(), 1);
    }

    @Override
    public AllocationID getAllocationId() {
        return allocationId;
    }

    @Override
    public TaskManagerLocation getTaskManagerLocation() {
        return location;
    }

    @Override
    public int getPhysicalSlotNumber() {
        return 0;
    }

    @Override
    public ResourceProfile getResourceProfile() {
        return ResourceProfile.ANY;
    }

    @Override
    public boolean willBeOccupiedIndefinitely() {
        return true;
    }

    @Override
    public TaskManagerGateway getTaskManagerGateway() {
        throw new UnsupportedOperationException("no TaskManager behind a test slot");
    }

    @Override
    public boolean tryAssignPayload(Payload newPayload) {
        return payload.compareAndSet(null, newPayload);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public String toString() {
        return "slot " + allocationId + " on " + location.getResourceID() + " (hash " + hash + ")";
    }
}
