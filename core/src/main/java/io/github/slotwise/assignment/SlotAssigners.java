package io.github.slotwise.assignment;

import java.util.List;

/** The registry of the built-in {@link SlotAssigner}s, by {@link SlotAssigner#name()}. */
public final class SlotAssigners {
    private static final List<String> NAMES = List.of(
            FlinkDefaultSlotAssigner.NAME,
            FlinkDefaultSlotAssigner.MINIMAL_TASK_MANAGERS_NAME,
            FlinkSlotsBalancedSlotAssigner.NAME,
            FlinkTasksBalancedSlotAssigner.NAME,
            FlinkStateLocalitySlotAssigner.NAME,
            OptimalStateLocalitySlotAssigner.NAME);

    private SlotAssigners() {}

    /**
     * Returns the assigner with the given name.
     *
     * @throws IllegalArgumentException naming the unknown name and listing the known ones
     */
    public static SlotAssigner byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("unknown slot assigner null; known: " + String.join(", ", NAMES));
        }
        return switch (name) {
            case FlinkDefaultSlotAssigner.NAME -> new FlinkDefaultSlotAssigner(false);
            case FlinkDefaultSlotAssigner.MINIMAL_TASK_MANAGERS_NAME -> new FlinkDefaultSlotAssigner(true);
            case FlinkSlotsBalancedSlotAssigner.NAME -> new FlinkSlotsBalancedSlotAssigner();
            case FlinkTasksBalancedSlotAssigner.NAME -> new FlinkTasksBalancedSlotAssigner();
            case FlinkStateLocalitySlotAssigner.NAME -> new FlinkStateLocalitySlotAssigner();
            case OptimalStateLocalitySlotAssigner.NAME -> new OptimalStateLocalitySlotAssigner();
            default -> throw new IllegalArgumentException(
                    "unknown slot assigner '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * The names of all built-in assigners, in a fixed order: {@value FlinkDefaultSlotAssigner#NAME},
     * {@value FlinkDefaultSlotAssigner#MINIMAL_TASK_MANAGERS_NAME}, {@value
     * FlinkSlotsBalancedSlotAssigner#NAME}, {@value FlinkTasksBalancedSlotAssigner#NAME}, {@value
     * FlinkStateLocalitySlotAssigner#NAME}, {@value OptimalStateLocalitySlotAssigner#NAME}.
     */
    public static List<String> names() {
        return NAMES;
    }

    /** One instance of every built-in assigner, in {@link #names()} order. */
    public static List<SlotAssigner> all() {
        return NAMES.stream().map(SlotAssigners::byName).toList();
    }
}
