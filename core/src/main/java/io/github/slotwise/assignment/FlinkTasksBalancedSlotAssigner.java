package io.github.slotwise.assignment;

import io.github.slotwise.model.Slot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flink's {@code DefaultSlotAssigner} with the task-balanced resolver and {@code
 * TasksBalancedSlotMatchingResolver} ({@code taskmanager.load-balance.mode: TASKS}): balance the
 * number of subtasks per TaskManager, greedily, largest group first (LPT).
 *
 * <p>Groups come from {@link TaskBalancedSlotSharingResolver} and are sorted stably by load (number
 * of subtasks), descending; ties keep resolver order (Flink's resolver order is a hash order). Each
 * group then takes a slot of a least-loaded TaskManager, where a TaskManager's load is the sum of the
 * loads of the groups this assignment gave it (load already on it from other jobs is ignored, as in
 * Flink).
 *
 * <p>Ties: Flink files slots under their TaskManager's load in a {@code TreeMap<TaskExecutionLoad,
 * HashSet<slot>>} (TaskManagers of equal load share one set) and takes the set's first element in
 * hash order. Slotwise orders each set by {@link io.github.slotwise.model.SlotPool#slots()} position
 * and takes the first (see {@link SlotsByWeight}): among all free slots of all least-loaded
 * TaskManagers, the one first in pool order. Loads are exact integers where Flink uses floats (identical below 2^24 subtasks).
 *
 * <p>Flink applies its {@code pickSlotsIfNeeded} before this matching in application mode with
 * {@code prefer-minimal-taskmanagers}; this assigner models the case where it does not apply.
 */
public final class FlinkTasksBalancedSlotAssigner implements SlotAssigner {
    /** The registry name. */
    public static final String NAME = "flink-tasks";

    /** Creates the assigner; it holds no state. */
    public FlinkTasksBalancedSlotAssigner() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(NAME, request);
        List<ExecutionSlotSharingGroup> groups =
                new ArrayList<>(TaskBalancedSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan()));
        groups.sort(Comparator.comparingInt(ExecutionSlotSharingGroup::load).reversed()); // stable
        PoolIndex pool = new PoolIndex(request.pool());
        List<String> why = new ArrayList<>(groups.size() + 4);
        why.add(String.format(
                "%s: %d execution slot-sharing group(s) from the task-balanced resolver, by load descending,"
                        + " over %d free slot(s) on %d TaskManager(s); each takes a slot of the least loaded"
                        + " TaskManager, ties by pool order",
                NAME, groups.size(), pool.size(), pool.taskManagerIds.size()));

        SlotsByWeight<Integer> slots = new SlotsByWeight<>(pool, t -> 0);
        List<SlotAssignment> assignments = new ArrayList<>(groups.size());
        int[] positions = new int[groups.size()];
        for (ExecutionSlotSharingGroup group : groups) {
            int s = slots.lightestSlot();
            positions[assignments.size()] = s;
            int t = pool.taskManagerOf[s];
            int before = slots.weightOf(t);
            Slot slot = pool.slots.get(s);
            assignments.add(new SlotAssignment(group, slot));
            why.add(Explanations.placed(
                    group,
                    slot,
                    String.format(
                            "load %d on least loaded TaskManager %s (%d -> %d tasks)",
                            group.load(), pool.taskManagerIds.get(t), before, before + group.load())));
            slots.take(s, before + group.load());
        }
        return Assignment.of(NAME, request, pool, assignments, positions, why);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
