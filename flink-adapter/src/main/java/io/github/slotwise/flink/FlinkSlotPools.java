package io.github.slotwise.flink;

import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.TaskManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
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
        return fromSlots(slots, slotOrder, List.of());
    }

    /**
     * The pool of {@code slots}, considered in the given slot order, with its TaskManagers in the
     * given order (which breaks ties in the minimal-TaskManager pick); TaskManagers not named follow
     * in first-appearance order.
     *
     * @throws IllegalArgumentException if an allocation id appears twice, the slot order is not a
     *     permutation of the slots, or a named TaskManager has no slot
     */
    public static SlotPool fromSlots(
            Collection<? extends SlotInfo> slots, List<AllocationID> slotOrder, List<ResourceID> taskManagerOrder) {
        Map<String, TaskManager.Builder> taskManagers = new LinkedHashMap<>();
        for (ResourceID id : taskManagerOrder) {
            taskManagers.put(FlinkIds.taskManagerId(id), null);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SlotInfo slot : slots) {
            TaskManagerLocation location = slot.getTaskManagerLocation();
            String tm = FlinkIds.taskManagerId(location.getResourceID());
            TaskManager.Builder builder = taskManagers.compute(tm, (id, existing) -> {
                if (existing != null) {
                    return existing;
                }
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

    /**
     * The TaskManagers of {@code slots} in the order Flink's allocator sees them: the key order of
     * the {@code HashMap<ResourceID, Set<PhysicalSlot>>} that {@code AllocatorUtil} builds with
     * {@code Collectors.groupingBy} over the slots, built here the same way. Flink's minimal
     * TaskManager pick sorts this order stably by free slots.
     */
    public static List<ResourceID> flinkTaskManagerOrder(Collection<? extends SlotInfo> slots) {
        Map<ResourceID, Long> byTaskManager = slots.stream()
                .collect(Collectors.groupingBy(s -> s.getTaskManagerLocation().getResourceID(), Collectors.counting()));
        return new ArrayList<>(byTaskManager.keySet());
    }
}
