package io.github.slotwise.testkit;

import java.util.Objects;

/**
 * An {@link EventIntent} at a time, in whole seconds after the job is submitted.
 *
 * @param atSecond seconds after submission, at least 0
 * @param intent what happens
 */
public record TimedIntent(long atSecond, EventIntent intent) {
    /** Validates the time and the intent. */
    public TimedIntent {
        if (atSecond < 0) {
            throw new IllegalArgumentException("atSecond must be >= 0, got " + atSecond);
        }
        Objects.requireNonNull(intent, "intent");
    }
}
