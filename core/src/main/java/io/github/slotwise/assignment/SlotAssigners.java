package io.github.slotwise.assignment;

import io.github.slotwise.registry.Strategies;
import java.util.List;

/**
 * The registry of {@link SlotAssigner}s by {@link SlotAssigner#name()}: a view of {@link
 * Strategies#standard()}'s {@link Strategies#slotAssigners()}, so it holds the built-ins and the
 * plugins on the class path.
 */
public final class SlotAssigners {
    private SlotAssigners() {}

    /**
     * Returns the assigner with the given name.
     *
     * @param name a name from {@link #names()}
     * @return the assigner, shared (assigners are stateless)
     * @throws IllegalArgumentException naming the unknown name and listing the known ones
     */
    public static SlotAssigner byName(String name) {
        return Strategies.standard().slotAssigners().byName(name);
    }

    /**
     * The names of all assigners, in a fixed order: the built-ins {@value FlinkDefaultSlotAssigner#NAME},
     * {@value FlinkDefaultSlotAssigner#MINIMAL_TASK_MANAGERS_NAME}, {@value
     * FlinkSlotsBalancedSlotAssigner#NAME}, {@value FlinkTasksBalancedSlotAssigner#NAME}, {@value
     * FlinkStateLocalitySlotAssigner#NAME}, {@value OptimalStateLocalitySlotAssigner#NAME}, then the
     * plugins' sorted by name.
     *
     * @return the names, immutable
     */
    public static List<String> names() {
        return Strategies.standard().slotAssigners().names();
    }

    /**
     * Every assigner, in {@link #names()} order.
     *
     * @return the assigners, immutable
     */
    public static List<SlotAssigner> all() {
        return Strategies.standard().slotAssigners().values();
    }
}
