package io.github.slotwise.testkit;

import java.util.Objects;

/**
 * One broken invariant, reported as a value by {@link Invariants}.
 *
 * @param invariant the invariant's stable name, one of the {@code Invariants} constants (e.g.
 *     {@link Invariants#PLAN_WITHIN_BOUNDS})
 * @param message what is wrong, naming the vertex, group or slot and the values involved
 */
public record Violation(String invariant, String message) {
    /**
     * Rejects nulls.
     *
     * @param invariant the invariant's stable name
     * @param message what is wrong
     */
    public Violation {
        Objects.requireNonNull(invariant, "invariant must not be null");
        Objects.requireNonNull(message, "message must not be null");
    }

    @Override
    public String toString() {
        return invariant + ": " + message;
    }
}
