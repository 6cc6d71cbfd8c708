package org.apache.flink.runtime.scheduler.adaptive.allocator;

import java.util.List;
import org.apache.flink.runtime.instance.SlotSharingGroupId;

/**
 * The order in which Flink 1.20.3's {@code SlotSharingSlotAllocator#determineParallelism} visits
 * slot-sharing groups before its stable sort by range: the key order of the {@code
 * HashMap<SlotSharingGroupId, …>} that its (package-private) {@code SlotSharingGroupMetaInfo#from}
 * builds, read from that very method.
 *
 * <p>Rebuilding the map is not enough: {@code from} fills it with {@code HashMap#compute}, which puts
 * a new key at the head of its bucket, where {@code put} appends it; so two groups whose ids share a
 * bucket iterate in reverse insertion order.
 */
public final class Flink120GroupOrder {
    private Flink120GroupOrder() {}

    public static List<SlotSharingGroupId> parallelismGroupOrder(JobInformation jobInformation) {
        return List.copyOf(SlotSharingSlotAllocator.SlotSharingGroupMetaInfo.from(jobInformation.getVertices())
                .keySet());
    }
}
