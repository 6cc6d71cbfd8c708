package io.github.slotwise.simulation;

import java.time.Duration;
import java.time.Instant;

/** Instant arithmetic for the simulator's inner loop. */
final class Instants {
    private Instants() {}

    /**
     * {@code t.plus(d)}, the same instant, made at once from seconds and nanoseconds instead of through
     * {@link Duration#addTo} (an instant for the seconds, then one for the nanoseconds).
     *
     * @param t an instant
     * @param d a duration
     * @return an instant equal to {@code t.plus(d)}
     * @throws ArithmeticException or {@link java.time.DateTimeException} where {@code t.plus(d)} does
     */
    static Instant plus(Instant t, Duration d) {
        return Instant.ofEpochSecond(
                Math.addExact(t.getEpochSecond(), d.getSeconds()), (long) t.getNano() + d.getNano());
    }
}
