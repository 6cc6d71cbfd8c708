package io.github.slotwise.assignment;

import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.TaskManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pool's slots and TaskManagers as dense positions, the single place where "pool order" is turned
 * into numbers. Slot position {@code s} is the slot's index in {@link SlotPool#slots()}; TaskManager
 * position {@code t} is the index among the pool's TaskManagers that offer at least one slot, in
 * {@link SlotPool#taskManagers()} order (Flink only knows TaskManagers through their free slots).
 */
final class PoolIndex {
    final List<Slot> slots;
    final List<String> taskManagerIds;
    /** Slot position to TaskManager position. */
    final int[] taskManagerOf;
    /** TaskManager position to its slot positions, ascending (pool order). */
    final List<int[]> slotsOf;

    private final Map<String, Integer> positionById; // lookups only, never iterated

    PoolIndex(SlotPool pool) {
        slots = pool.slots();
        positionById = new HashMap<>();
        Map<String, List<Integer>> byTaskManager = new HashMap<>(); // lookups only
        for (int s = 0; s < slots.size(); s++) {
            positionById.put(slots.get(s).id(), s);
            byTaskManager
                    .computeIfAbsent(slots.get(s).taskManagerId(), k -> new ArrayList<>())
                    .add(s);
        }
        taskManagerIds = new ArrayList<>();
        slotsOf = new ArrayList<>();
        taskManagerOf = new int[slots.size()];
        for (TaskManager tm : pool.taskManagers()) {
            List<Integer> positions = byTaskManager.get(tm.id());
            if (positions == null) {
                continue;
            }
            int t = taskManagerIds.size();
            taskManagerIds.add(tm.id());
            slotsOf.add(positions.stream().mapToInt(Integer::intValue).toArray());
            positions.forEach(s -> taskManagerOf[s] = t);
        }
    }

    /** The number of slots. */
    int size() {
        return slots.size();
    }

    /** The position of a slot id in pool order, or -1 if the pool has no such slot. */
    int positionOf(String slotId) {
        Integer s = positionById.get(slotId);
        return s == null ? -1 : s;
    }

    /** The id of the TaskManager of the slot at position {@code s}. */
    String taskManagerIdOf(int s) {
        return taskManagerIds.get(taskManagerOf[s]);
    }
}
