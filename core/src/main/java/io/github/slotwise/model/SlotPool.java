package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The free slots a job may use, grouped by TaskManager.
 *
 * <p>{@link #slots()} is the order in which assigners consider slots. By default it is TaskManager
 * order, then slot order within each TaskManager; {@link #slotOrder()} overrides it. Flink iterates
 * its free slots in the hash order of random allocation ids, so to reproduce one of Flink's runs
 * exactly, pass Flink's iteration order here.
 */
@Value.Immutable
public abstract class SlotPool {
    SlotPool() {}

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link SlotPool}. */
    public static final class Builder extends ImmutableSlotPool.Builder {}

    /**
     * A pool of {@code taskManagers} TaskManagers {@code tm-0 .. tm-(n-1)}, each with {@code
     * slotsPerTaskManager} slots.
     *
     * @throws IllegalArgumentException if either is negative, or the pool would exceed {@link
     *     Limits#MAX_TASK_MANAGERS} or {@link Limits#MAX_SLOTS}, before anything is built
     */
    public static SlotPool uniform(int taskManagers, int slotsPerTaskManager) {
        if (taskManagers < 0) {
            throw new IllegalArgumentException("taskManagers must be >= 0, got " + taskManagers);
        }
        if (slotsPerTaskManager < 0) {
            throw new IllegalArgumentException("slotsPerTaskManager must be >= 0, got " + slotsPerTaskManager);
        }
        Limits.checkAtMost("taskManagers", taskManagers, Limits.MAX_TASK_MANAGERS);
        Limits.checkAtMost(
                "slots (" + taskManagers + " taskManagers x " + slotsPerTaskManager + " slotsPerTaskManager)",
                (long) taskManagers * slotsPerTaskManager,
                Limits.MAX_SLOTS);
        Builder b = builder();
        for (int i = 0; i < taskManagers; i++) {
            b.addTaskManagers(TaskManager.of("tm-" + i, slotsPerTaskManager));
        }
        return b.build();
    }

    /**
     * The TaskManagers, in the caller's order: at most {@link Limits#MAX_TASK_MANAGERS}, with at
     * most {@link Limits#MAX_SLOTS} slots in all.
     */
    public abstract List<TaskManager> taskManagers();

    /** Optional explicit slot order: a permutation of every slot id in the pool. */
    public abstract List<String> slotOrder();

    /** All slots in consideration order (see the class comment). */
    @Value.Lazy
    public List<Slot> slots() {
        ImmutableList.Builder<Slot> inTmOrder = ImmutableList.builder();
        for (TaskManager tm : taskManagers()) {
            inTmOrder.addAll(tm.slots());
        }
        List<Slot> slots = inTmOrder.build();
        if (slotOrder().isEmpty()) {
            return slots;
        }
        Map<String, Slot> byId = slots.stream().collect(ImmutableMap.toImmutableMap(Slot::id, s -> s));
        return slotOrder().stream().map(byId::get).collect(ImmutableList.toImmutableList());
    }

    /** Slots by id, in {@link #slots()} order. */
    @Value.Lazy
    public Map<String, Slot> slotById() {
        return slots().stream().collect(ImmutableMap.toImmutableMap(Slot::id, s -> s));
    }

    /** TaskManagers by id, in TaskManager order. */
    @Value.Lazy
    public Map<String, TaskManager> taskManagerById() {
        return taskManagers().stream().collect(ImmutableMap.toImmutableMap(TaskManager::id, t -> t));
    }

    /** The number of slots. */
    public int size() {
        return slots().size();
    }

    /** True if the pool holds a slot with this id. */
    public boolean contains(String slotId) {
        return slotById().containsKey(slotId);
    }

    /** Returns a pool with the same TaskManagers and slots, considered in the given slot order. */
    public SlotPool withSlotOrder(List<String> order) {
        return builder().from(this).slotOrder(order).build();
    }

    @Value.Check
    void check() {
        Limits.checkAtMost("slotPool.taskManagers", taskManagers().size(), Limits.MAX_TASK_MANAGERS);
        long total = 0;
        for (TaskManager tm : taskManagers()) {
            total += tm.numberOfSlots();
        }
        Limits.checkAtMost("slotPool slots (the sum of numberOfSlots)", total, Limits.MAX_SLOTS);
        boolean explicitSlotIds = false;
        for (TaskManager tm : taskManagers()) {
            explicitSlotIds |= !tm.explicitSlotIds().isEmpty();
        }
        Set<String> tms = new HashSet<>();
        if (!explicitSlotIds && slotOrder().isEmpty()) {
            // Derived slot ids ("id/index") are unique when the TaskManager ids are: the text after the
            // last '/' is the index, the text before it the TaskManager's id.
            for (TaskManager tm : taskManagers()) {
                if (!tms.add(tm.id())) {
                    throw new IllegalArgumentException("duplicate taskManager id '" + tm.id() + "'");
                }
            }
            return;
        }
        Set<String> slotIds = new HashSet<>();
        for (TaskManager tm : taskManagers()) {
            if (!tms.add(tm.id())) {
                throw new IllegalArgumentException("duplicate taskManager id '" + tm.id() + "'");
            }
            for (String s : tm.slotIds()) {
                if (!slotIds.add(s)) {
                    throw new IllegalArgumentException("duplicate slot id '" + s + "'");
                }
            }
        }
        if (slotOrder().isEmpty()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String s : slotOrder()) {
            checkId("slotOrder entry", s);
            if (!slotIds.contains(s)) {
                throw new IllegalArgumentException("slotOrder names unknown slot '" + s + "'");
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("duplicate slot '" + s + "' in slotOrder");
            }
        }
        if (seen.size() != slotIds.size()) {
            throw new IllegalArgumentException(
                    "slotOrder lists " + seen.size() + " of the pool's " + slotIds.size() + " slots");
        }
    }
}
