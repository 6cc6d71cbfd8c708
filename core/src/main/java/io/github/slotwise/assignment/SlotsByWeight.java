package io.github.slotwise.assignment;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The free slots of a pool filed under their TaskManager's weight, lightest first: the {@code
 * TreeMap<weight, HashSet<slot>>} of Flink's {@code SlotsBalancedSlotMatchingResolver} (weight =
 * utilization) and {@code TasksBalancedSlotMatchingResolver} (weight = task load).
 *
 * <p>TaskManagers of equal weight share one key, as in Flink. Flink takes the first slot of the
 * lightest key's {@code HashSet} in hash order; here each set is ordered by pool position, so {@link
 * #lightestSlot()} is the slot first in {@link io.github.slotwise.model.SlotPool#slots()} order among
 * all free slots of all lightest TaskManagers.
 *
 * @param <W> the weight; equal under {@link Comparable#compareTo} means tied
 */
final class SlotsByWeight<W extends Comparable<? super W>> {
    private final PoolIndex pool;
    private final TreeMap<W, TreeSet<Integer>> byWeight = new TreeMap<>();
    private final List<TreeSet<Integer>> free;
    private final List<W> weight;

    /**
     * Files every slot of the pool.
     *
     * @param initialWeight the starting weight of each TaskManager position
     */
    SlotsByWeight(PoolIndex pool, IntFunction<W> initialWeight) {
        this.pool = pool;
        int taskManagers = pool.taskManagerIds.size();
        free = new ArrayList<>(taskManagers);
        weight = new ArrayList<>(taskManagers);
        for (int t = 0; t < taskManagers; t++) {
            TreeSet<Integer> own = new TreeSet<>();
            for (int s : pool.slotsOf.get(t)) {
                own.add(s);
            }
            free.add(own);
            weight.add(initialWeight.apply(t));
            byWeight.computeIfAbsent(weight.get(t), k -> new TreeSet<>()).addAll(own);
        }
    }

    /**
     * The free slot first in pool order among those of the lightest TaskManagers.
     *
     * @throws IllegalStateException if no slot is free (callers check the slot count first)
     */
    int lightestSlot() {
        if (byWeight.isEmpty()) {
            throw new IllegalStateException("no free slot left");
        }
        return byWeight.firstEntry().getValue().first();
    }

    /** The current weight of TaskManager position {@code t}. */
    W weightOf(int t) {
        return weight.get(t);
    }

    /**
     * Takes slot {@code s} and moves its TaskManager's other free slots from the old weight to {@code
     * newWeight}.
     */
    void take(int s, W newWeight) {
        int t = pool.taskManagerOf[s];
        TreeSet<Integer> own = free.get(t);
        own.remove(s);
        TreeSet<Integer> old = byWeight.get(weight.get(t));
        old.remove(s);
        old.removeAll(own);
        if (old.isEmpty()) {
            byWeight.remove(weight.get(t));
        }
        weight.set(t, newWeight);
        if (!own.isEmpty()) {
            byWeight.computeIfAbsent(newWeight, k -> new TreeSet<>()).addAll(own);
        }
    }
}
