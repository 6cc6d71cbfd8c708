package io.github.slotwise.assignment;

/**
 * Places every execution slot-sharing group of a plan in its own slot. Implementations are
 * stateless and deterministic: every tie is broken by the caller's slot order or by stable ids, never
 * by hash order.
 */
public interface SlotAssigner {
    /**
     * A short stable name, used in registries, reports and the CLI.
     *
     * @return the name, matching {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
     */
    String name();

    /**
     * One line for people.
     *
     * @return the description; by default the name
     */
    default String description() {
        return name();
    }

    /**
     * Assigns the request's execution slot-sharing groups to distinct slots of its pool.
     *
     * @return every group in exactly one slot, no slot used twice, with metrics
     */
    Assignment assign(AssignmentRequest request);
}
