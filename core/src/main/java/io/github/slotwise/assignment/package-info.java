/**
 * Which slot each execution slot-sharing group goes to: the {@link
 * io.github.slotwise.assignment.SlotAssigner} strategy interface, its input and output values, and
 * the Flink-compatible implementations.
 *
 * <p>The implementations reproduce Flink 2.3's adaptive-scheduler allocator:
 *
 * <ul>
 *   <li>{@link io.github.slotwise.assignment.FlinkDefaultSlotAssigner}: {@code
 *       taskmanager.load-balance.mode} NONE / MIN_RESOURCES, optionally with {@code
 *       prefer-minimal-taskmanagers} in application mode;
 *   <li>{@link io.github.slotwise.assignment.FlinkSlotsBalancedSlotAssigner}: SLOTS;
 *   <li>{@link io.github.slotwise.assignment.FlinkTasksBalancedSlotAssigner}: TASKS;
 *   <li>{@link io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner}: local recovery after a
 *       previous run;
 *   <li>{@link io.github.slotwise.assignment.SlotAssigners}: all of them by name, with one that is
 *       not Flink's: {@link io.github.slotwise.assignment.OptimalStateLocalitySlotAssigner} maximises
 *       the locality score that Flink's state-locality assigner maximises greedily, to show how much
 *       state a rescale need not move.
 * </ul>
 *
 * <p>Flink breaks many ties by hash order (slot-sharing groups, free slots, TaskManagers) or random
 * ids (allocation ids, group UUIDs). Slotwise replaces each with a caller-given order: the graph's
 * vertex and slot-sharing group order, the pool's TaskManager and slot order, and the resolver's
 * group order. Results equal Flink's whenever Flink's run had no ties, or its order is supplied.
 */
package io.github.slotwise.assignment;
