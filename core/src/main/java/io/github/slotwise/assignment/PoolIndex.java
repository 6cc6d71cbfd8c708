package io.github.slotwise.assignment;

import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pool's slots and TaskManagers as dense positions, the single place where "pool order" is turned
 * into numbers. Slot position {@code s} is the slot's index in {@link SlotPool#slots()}; TaskManager
 * position {@code t} is the index among the pool's TaskManagers that offer at least one slot, in
 * {@link SlotPool#taskManagers()} order (Flink only knows TaskManagers through their free slots).
 *
 * <p>Public for assigners of one's own ({@link #of}): slot and TaskManager positions, which slots
 * each TaskManager offers and the lookups by id, all in pool order. Its public methods only read.
 */
public final class PoolIndex {
    final List<Slot> slots;
    final List<String> taskManagerIds;
    /** Slot position to TaskManager position. */
    final int[] taskManagerOf;
    /** TaskManager position to its slot positions, ascending (pool order). */
    final List<int[]> slotsOf;

    private final IdPositions positionById; // lookups only, never iterated
    private final IdPositions taskManagerPosition;
    /**
     * {@link #previous(List)}'s answers, by the list's identity: the first few in these arrays (no
     * identity hash, which a fresh list must have made for it), the rest in the map, made when needed.
     */
    private final Object[] previousLists = new Object[PREVIOUS_SCANNED];

    private final Previous[] previousAnswers = new Previous[PREVIOUS_SCANNED];
    private int previousCount;
    private Map<List<SubtaskPlacement>, Previous> previousBeyond;

    private static final int PREVIOUS_SCANNED = 8;

    /**
     * Indexes a pool.
     *
     * @param pool the pool
     * @return its index
     */
    public static PoolIndex of(SlotPool pool) {
        return new PoolIndex(Objects.requireNonNull(pool, "pool"));
    }

    PoolIndex(SlotPool pool) {
        slots = pool.slots();
        positionById = new IdPositions(slots.size());
        for (int s = 0; s < slots.size(); s++) {
            positionById.putIfAbsent(slots.get(s).id(), s);
        }
        // TaskManagers that offer a slot, in TaskManager order.
        taskManagerPosition = new IdPositions(pool.taskManagers().size());
        taskManagerIds = new ArrayList<>();
        for (TaskManager tm : pool.taskManagers()) {
            if (tm.numberOfSlots() > 0) {
                taskManagerPosition.putIfAbsent(tm.id(), taskManagerIds.size());
                taskManagerIds.add(tm.id());
            }
        }
        taskManagerOf = new int[slots.size()];
        int[] count = new int[taskManagerIds.size()];
        String previousId = null;
        for (int s = 0; s < slots.size(); s++) {
            String id = slots.get(s).taskManagerId();
            // A TaskManager's slots usually sit together and share its id instance: one lookup each.
            taskManagerOf[s] = id == previousId ? taskManagerOf[s - 1] : taskManagerPosition.get(id);
            previousId = id;
            count[taskManagerOf[s]]++;
        }
        slotsOf = new ArrayList<>(taskManagerIds.size());
        for (int t = 0; t < count.length; t++) {
            slotsOf.add(new int[count[t]]);
        }
        int[] filled = new int[count.length];
        for (int s = 0; s < slots.size(); s++) {
            int t = taskManagerOf[s];
            slotsOf.get(t)[filled[t]++] = s;
        }
    }

    /**
     * The number of slots.
     *
     * @return the pool's size
     */
    public int size() {
        return slots.size();
    }

    /**
     * The slot at a position.
     *
     * @param position in {@code [0, size())}
     * @return the slot
     */
    public Slot slot(int position) {
        return slots.get(position);
    }

    /**
     * The position of a slot id in pool order.
     *
     * @param slotId the id
     * @return its position, or -1 if the pool has no such slot
     */
    public int positionOf(String slotId) {
        return positionById.get(slotId);
    }

    /**
     * The number of TaskManagers that offer at least one slot.
     *
     * @return the count
     */
    public int taskManagerCount() {
        return taskManagerIds.size();
    }

    /**
     * The id of the TaskManager at a position.
     *
     * @param taskManager in {@code [0, taskManagerCount())}
     * @return its id
     */
    public String taskManagerId(int taskManager) {
        return taskManagerIds.get(taskManager);
    }

    /**
     * The position of the TaskManager of the slot at a position.
     *
     * @param slot in {@code [0, size())}
     * @return the TaskManager's position
     */
    public int taskManagerOfSlot(int slot) {
        return taskManagerOf[slot];
    }

    /**
     * The slot positions of a TaskManager, ascending (pool order).
     *
     * @param taskManager in {@code [0, taskManagerCount())}
     * @return a copy of its positions
     */
    public int[] slotsOfTaskManager(int taskManager) {
        return slotsOf.get(taskManager).clone();
    }

    /**
     * The position of a TaskManager id.
     *
     * @param taskManagerId the id
     * @return its position, or -1 if it offers no slot in the pool
     */
    public int taskManagerPositionOf(String taskManagerId) {
        return taskManagerPosition.get(taskManagerId);
    }

    /**
     * The pool position of each assignment's slot: {@code known[k]} when the assigner passed it and
     * it names that very slot, else by id; -1 for a slot outside the pool.
     *
     * @param known positions the assigner recorded, or {@code null}
     */
    int[] positionsOf(List<SlotAssignment> assignments, int[] known) {
        int[] positions = new int[assignments.size()];
        for (int k = 0; k < positions.length; k++) {
            Slot slot = assignments.get(k).slot();
            boolean trusted = known != null
                    && k < known.length
                    && known[k] >= 0
                    && known[k] < slots.size()
                    && slots.get(known[k]) == slot;
            positions[k] = trusted ? known[k] : positionOf(slot.id());
        }
        return positions;
    }

    /**
     * One vertex's previous placements as arrays, by subtask index: the pool position of each
     * subtask's slot (-1 for a slot outside the pool) and its state size.
     *
     * @param slot pool positions
     * @param stateBytes state sizes in bytes
     */
    record Previous(int[] slot, long[] stateBytes) {}

    /**
     * One vertex's previous placements as arrays, read in one pass over the placements and only
     * once per placement list, however many callers ask.
     *
     * @param placements one vertex's list from {@link io.github.slotwise.model.PreviousPlacement#byVertex()},
     *     which is sorted by subtask index and covers {@code 0 .. p-1}
     */
    Previous previous(List<SubtaskPlacement> placements) {
        for (int i = 0; i < previousCount; i++) {
            if (previousLists[i] == placements) {
                return previousAnswers[i];
            }
        }
        if (previousBeyond != null) {
            Previous known = previousBeyond.get(placements);
            if (known != null) {
                return known;
            }
        }
        int[] positions = new int[placements.size()];
        long[] states = new long[placements.size()];
        for (int o = 0; o < positions.length; o++) {
            SubtaskPlacement placement = placements.get(o);
            positions[o] = positionOf(placement.slotId());
            states[o] = placement.stateSizeBytes();
        }
        Previous answer = new Previous(positions, states);
        if (previousCount < PREVIOUS_SCANNED) {
            previousLists[previousCount] = placements;
            previousAnswers[previousCount++] = answer;
        } else {
            if (previousBeyond == null) {
                previousBeyond = new IdentityHashMap<>();
            }
            previousBeyond.put(placements, answer);
        }
        return answer;
    }

    /**
     * The indexes {@code 0 .. n-1} of {@code positions} ordered by position (a stable counting sort),
     * those at -1 last: visiting assignments in this order reads the pool, and usually the groups,
     * front to back instead of in whatever order an assigner produced them, which matters once they
     * no longer fit in the CPU caches.
     */
    int[] byPosition(int[] positions) {
        int[] start = new int[slots.size() + 2];
        for (int p : positions) {
            start[(p < 0 ? slots.size() : p) + 1]++;
        }
        for (int x = 0; x <= slots.size(); x++) {
            start[x + 1] += start[x];
        }
        int[] order = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            order[start[positions[k] < 0 ? slots.size() : positions[k]]++] = k;
        }
        return order;
    }

    /** The id of the TaskManager of the slot at position {@code s}. */
    String taskManagerIdOf(int s) {
        return taskManagerIds.get(taskManagerOf[s]);
    }
}
