package io.github.slotwise.assignment;

import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.TaskManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Flink's {@code DefaultSlotAssigner#pickSlotsIfNeeded} in application mode with {@code
 * prefer-minimal-taskmanagers}: whole TaskManagers, most free slots first, until they hold a slot
 * per group. Flink applies it before every slot matcher (simple, slots- and tasks-balanced).
 *
 * <p>Flink's sort is stable over a {@code HashMap<ResourceID, …>}; Slotwise's over {@link
 * SlotPool#taskManagers()} order.
 */
final class MinimalTaskManagers {
    private MinimalTaskManagers() {}

    /** Whether the pick runs: asked for, and more free slots than groups (Flink skips it otherwise). */
    static boolean applies(boolean preferMinimalTaskManagers, PoolIndex pool, int groups) {
        return preferMinimalTaskManagers && pool.size() > groups;
    }

    /**
     * Picks whole TaskManagers, most free slots first (stable over pool TaskManager order), until
     * at least {@code groups} slots are picked.
     *
     * @return slot positions, TaskManager by TaskManager, each in pool order
     */
    static List<Integer> pick(PoolIndex pool, int groups, List<String> why) {
        List<Integer> order = IntStream.range(0, pool.taskManagerIds.size())
                .boxed()
                .sorted(Comparator.comparingInt((Integer t) -> pool.slotsOf.get(t).length)
                        .reversed())
                .toList();
        List<Integer> picked = new ArrayList<>();
        List<String> pickedTaskManagers = new ArrayList<>();
        for (int i = 0; picked.size() < groups; i++) {
            int t = order.get(i);
            for (int s : pool.slotsOf.get(t)) {
                picked.add(s);
            }
            pickedTaskManagers.add(pool.taskManagerIds.get(t) + " (" + pool.slotsOf.get(t).length + ")");
        }
        why.add(String.format(
                "prefer minimal TaskManagers: %d free slots > %d groups; by free slots, descending, ties in pool"
                        + " order: %s",
                pool.size(),
                groups,
                order.stream()
                        .map(t -> pool.taskManagerIds.get(t) + " (" + pool.slotsOf.get(t).length + ")")
                        .collect(Collectors.joining(", "))));
        why.add(String.format(
                "picked %d whole TaskManager(s) %s with %d slots for %d groups",
                pickedTaskManagers.size(), String.join(", ", pickedTaskManagers), picked.size(), groups));
        return picked;
    }

    /**
     * The pool restricted to the TaskManagers of the picked slots (whole TaskManagers, as {@link
     * #pick} takes them), keeping pool order among the remaining slots.
     */
    static SlotPool restrict(SlotPool pool, PoolIndex index, List<Integer> picked) {
        Set<String> taskManagers = new HashSet<>();
        picked.forEach(s -> taskManagers.add(index.taskManagerIdOf(s)));
        SlotPool.Builder restricted = SlotPool.builder();
        for (TaskManager tm : pool.taskManagers()) {
            if (taskManagers.contains(tm.id())) {
                restricted.addTaskManagers(tm);
            }
        }
        if (!pool.slotOrder().isEmpty()) {
            pool.slots().stream()
                    .filter(s -> taskManagers.contains(s.taskManagerId()))
                    .forEach(s -> restricted.addSlotOrder(s.id()));
        }
        return restricted.build();
    }

    /**
     * The slots a balancing matcher works over: the fewest whole TaskManagers when the pick applies
     * (in pool order), else the whole pool.
     */
    static PoolIndex candidatePool(boolean preferMinimalTaskManagers, SlotPool pool, int groups, List<String> why) {
        PoolIndex all = new PoolIndex(pool);
        return applies(preferMinimalTaskManagers, all, groups)
                ? new PoolIndex(restrict(pool, all, pick(all, groups, why)))
                : all;
    }
}
