package org.apache.flink.runtime.scheduler.adaptive.allocator;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.instance.SlotSharingGroupId;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;

/**
 * The order in which the Flink line under test's {@code SlotSharingSlotAllocator#determineParallelism}
 * visits slot-sharing groups before its stable sort: the key order of the map it builds, read from
 * the very method that builds it, as slot-sharing group ids in hex (Slotwise's group ids).
 *
 * <p>Rebuilding the map is not enough: Flink fills it with {@code HashMap#compute}, which puts a new
 * key at the head of its bucket where {@code put} appends it. The method and its key type differ
 * between the lines, so it is found by reflection: {@code SlotSharingGroupMetaInfo#from} (1.18 on;
 * keyed by {@code SlotSharingGroupId} up to 2.2, by {@code SlotSharingGroup} in 2.3), or 1.17's
 * {@code getMaxParallelismForSlotSharingGroups}.
 *
 * <p>Shared test support (flink-test-support): compiled against every line.
 */
public final class FlinkGroupOrder {
    private FlinkGroupOrder() {}

    /** Flink's group order for {@code info}, as hex group ids. */
    public static List<String> parallelismGroupOrder(JobInformation info) {
        Map<?, ?> map;
        try {
            map = (Map<?, ?>) method().invoke(null, info.getVertices());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Flink's slot-sharing group order", e);
        }
        List<String> order = new ArrayList<>();
        for (Object key : map.keySet()) {
            SlotSharingGroupId id =
                    key instanceof SlotSharingGroup g ? g.getSlotSharingGroupId() : (SlotSharingGroupId) key;
            order.add(id.toHexString());
        }
        return order;
    }

    private static Method method() throws NoSuchMethodException {
        for (Class<?> nested : SlotSharingSlotAllocator.class.getDeclaredClasses()) {
            if (nested.getSimpleName().equals("SlotSharingGroupMetaInfo")) {
                Method from = nested.getDeclaredMethod("from", Iterable.class);
                from.setAccessible(true);
                return from;
            }
        }
        Method old = SlotSharingSlotAllocator.class.getDeclaredMethod(
                "getMaxParallelismForSlotSharingGroups", Iterable.class);
        old.setAccessible(true);
        return old;
    }
}
