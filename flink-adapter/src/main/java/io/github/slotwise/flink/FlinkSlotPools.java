package io.github.slotwise.flink;

import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.TaskManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;

/**
 * Converts Flink's free slots ({@link SlotInfo}, {@code PhysicalSlot}) to a Slotwise {@link
 * SlotPool}: slot ids are {@code AllocationID}s in hex, TaskManager ids {@code ResourceID} strings
 * (see {@link FlinkIds}), TaskManagers in the order their first slot appears.
 *
 * <p>The pool's slot order, which every Slotwise assigner uses to break ties, is the collection's
 * iteration order unless one is given. Flink's free slots come from a {@code HashSet} of random
 * allocation ids, so that order is itself Flink's hash order.
 */
public final class FlinkSlotPools {
    private FlinkSlotPools() {}

    /**
     * The pool of {@code slots}, considered in the collection's iteration order.
     *
     * @throws IllegalArgumentException if an allocation id appears twice
     */
    public static SlotPool fromSlots(Collection<? extends SlotInfo> slots) {
        List<AllocationID> order = new ArrayList<>(slots.size());
        slots.forEach(s -> order.add(s.getAllocationId()));
        return fromSlots(slots, order);
    }

    /**
     * The pool of {@code slots}, considered in the given order of allocation ids (each slot exactly
     * once), for example ascending {@code AllocationID} order, which Flink's state-locality assigner
     * uses to break ties.
     *
     * @throws IllegalArgumentException if an allocation id appears twice, or the order is not a
     *     permutation of the slots
     */
    public static SlotPool fromSlots(Collection<? extends SlotInfo> slots, List<AllocationID> slotOrder) {
        Map<String, TaskManager.Builder> taskManagers = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SlotInfo slot : slots) {
            TaskManagerLocation location = slot.getTaskManagerLocation();
            String tm = FlinkIds.taskManagerId(location.getResourceID());
            TaskManager.Builder builder = taskManagers.computeIfAbsent(tm, id -> {
                TaskManager.Builder b = TaskManager.builder().id(id);
                String node = location.getNodeId();
                if (node != null && !node.isBlank()) {
                    b.location(node);
                }
                return b;
            });
            builder.addExplicitSlotIds(FlinkIds.slotId(slot.getAllocationId()));
            counts.merge(tm, 1, Integer::sum);
        }
        SlotPool.Builder pool = SlotPool.builder();
        taskManagers.forEach(
                (id, b) -> pool.addTaskManagers(b.numberOfSlots(counts.get(id)).build()));
        slotOrder.forEach(a -> pool.addSlotOrder(FlinkIds.slotId(a)));
        return pool.build();
    }
}
