package io.github.slotwise.testkit.fuzz;

/** How one input ended. */
public enum Outcome {
    /** Accepted, and the result is valid under the kit's invariants. */
    ACCEPTED,
    /** Rejected as documented: an {@link IllegalArgumentException} (or a reader's input error) naming a field. */
    REJECTED,
    /** Anything else: another throwable, a violated invariant, a message for no person, or a hang. */
    FAILURE
}
