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
 * {@code prefer-minimal-taskmanagers} ({@link #FlinkTasksBalancedSlotAssigner(boolean)}): it then balances only over the
 * fewest whole TaskManagers that hold a slot per group, picked as {@link FlinkDefaultSlotAssigner}
 * picks them; the picked slots keep their pool order.
 */
public final class FlinkTasksBalancedSlotAssigner implements SlotAssigner {
    /** The registry name. */
    public static final String NAME = "flink-tasks";

    /** The name of the variant that first picks the fewest TaskManagers (not in the registry). */
    public static final String MINIMAL_TASK_MANAGERS_NAME = NAME + "-minimal-taskmanagers";

    private final boolean preferMinimalTaskManagers;

    /** Creates the assigner, {@value #NAME}, which balances over all free slots. */
    public FlinkTasksBalancedSlotAssigner() {
        this(false);
    }

    /**
     * Creates the assigner.
     *
     * @param preferMinimalTaskManagers whether Flink's {@code pickSlotsIfNeeded} runs first
     *     (application mode and {@code prefer-minimal-taskmanagers}): then only the fewest
     *     TaskManagers that hold a slot per group are balanced over; named {@value
     *     #MINIMAL_TASK_MANAGERS_NAME} if so, {@value #NAME} if not
     */
    public FlinkTasksBalancedSlotAssigner(boolean preferMinimalTaskManagers) {
        this.preferMinimalTaskManagers = preferMinimalTaskManagers;
    }

    /** Whether this assigner first picks the fewest TaskManagers. */
    public boolean preferMinimalTaskManagers() {
        return preferMinimalTaskManagers;
    }

    @Override
    public String name() {
        return preferMinimalTaskManagers ? MINIMAL_TASK_MANAGERS_NAME : NAME;
    }

    /** One line for people, as {@code slotwise simulate --list} shows it. */
    @Override
    public String description() {
        return "Flink's load-balance TASKS: largest group first, to the TaskManager with the fewest subtasks"
                + (preferMinimalTaskManagers ? ", over the fewest whole TaskManagers" : "");
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(name(), request);
        List<ExecutionSlotSharingGroup> groups =
                new ArrayList<>(TaskBalancedSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan()));
        groups.sort(Comparator.comparingInt(ExecutionSlotSharingGroup::load).reversed()); // stable
        List<String> why = new ArrayList<>();
        PoolIndex pool =
                MinimalTaskManagers.candidatePool(preferMinimalTaskManagers, request.pool(), groups.size(), why);
        why.add(String.format(
                "%s: %d execution slot-sharing group(s) from the task-balanced resolver, by load descending,"
                        + " over %d free slot(s) on %d TaskManager(s); each takes a slot of the least loaded"
                        + " TaskManager, ties by pool order",
                name(), groups.size(), pool.size(), pool.taskManagerIds.size()));

        SlotsByWeight<Integer> slots = new SlotsByWeight<>(pool, t -> 0);
        List<SlotAssignment> assignments = new ArrayList<>(groups.size());
        int[] slotOf = new int[groups.size()];
        int[] before = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            int s = slots.lightestSlot();
            slotOf[g] = s;
            before[g] = slots.weightOf(pool.taskManagerOf[s]);
            assignments.add(new SlotAssignment(groups.get(g), pool.slots.get(s)));
            slots.take(s, before[g] + groups.get(g).load());
        }
        List<Slot> poolSlots = pool.slots; // the lines keep the slots, not the pool index
        List<String> explanation = Explanations.perGroup(
                why,
                groups,
                poolSlots,
                slotOf,
                g -> String.format(
                        "load %d on least loaded TaskManager %s (%d -> %d tasks)",
                        groups.get(g).load(),
                        poolSlots.get(slotOf[g]).taskManagerId(),
                        before[g],
                        before[g] + groups.get(g).load()));
        return Assignment.of(name(), request, assignments, explanation);
    }

    @Override
    public String toString() {
        return name();
    }
}
