package io.github.slotwise.simulation;

import io.github.slotwise.model.Limits;
import io.github.slotwise.rescale.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * The largest simulations Slotwise accepts, checked when a trace, load scenario or configuration is
 * built, before the simulation starts. Measured on the built-in word count (2 cores): a simulated
 * day at the default 1 s step takes about half a second, 30 days 10 to 14 s and 0.5 GiB, 10,000
 * TaskManagers for an hour 11 s and 0.9 GiB; the limits allow that and about five times more, not
 * the year (40 s, 4.7 GiB) or the million TaskManagers that once ran out of memory or never ended.
 *
 * <ul>
 *   <li>{@link #MAX_STEPS}: integration steps, samples, autoscaler syncs and periodic checkpoints,
 *       each, over the simulated time;
 *   <li>{@link #MAX_TASK_MANAGERS}: TaskManagers of a load scenario (initial, and the autoscaler's
 *       maximum) and TaskManagers present at once in a trace;
 *   <li>slots: at most {@link Limits#MAX_SLOTS} present at once, as for a pool;
 *   <li>{@link #MAX_DURATION}: every configured duration (intervals, timeouts, delays, offsets);
 *   <li>{@link #EARLIEST} to {@link #LATEST}: start, end and every event time.
 * </ul>
 *
 * <p>Within these bounds every time the simulator computes is an {@link Instant} and every duration
 * it measures fits {@link Duration#toNanos()}.
 */
public final class SimulationLimits {
    /** The most integration steps, samples, autoscaler syncs or checkpoints of one simulation: 5,000,000. */
    public static final long MAX_STEPS = 5_000_000;

    /** The most TaskManagers of a load scenario, or present at once in a trace: 10,000. */
    public static final int MAX_TASK_MANAGERS = 10_000;

    /** The longest configured duration: 100 years (36,500 days). */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    /** The earliest start or event time: 0000-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

    /** The latest end or event time: 9999-12-31T23:59:59Z. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private SimulationLimits() {}

    /**
     * Checks a configured duration: not longer than {@link #MAX_DURATION}.
     *
     * @param field the field, for the message
     * @param d the duration
     * @throws IllegalArgumentException naming the field and the value otherwise
     */
    public static void checkDuration(String field, Duration d) {
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be at most " + Durations.format(MAX_DURATION)
                    + " (100 years), got " + Durations.format(d));
        }
    }

    /**
     * Checks a time: between {@link #EARLIEST} and {@link #LATEST}.
     *
     * @param field the field, for the message
     * @param t the time
     * @throws IllegalArgumentException naming the field and the value otherwise
     */
    public static void checkTime(String field, Instant t) {
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new IllegalArgumentException(
                    field + " must be between " + EARLIEST + " and " + LATEST + ", got " + t);
        }
    }

    /**
     * Checks how many times something periodic happens over a simulation.
     *
     * @param field the period's field, for the message
     * @param span the simulated time
     * @param period the period, positive
     * @throws IllegalArgumentException naming the field, the period and the count if above {@link
     *     #MAX_STEPS}
     */
    public static void checkSteps(String field, Duration span, Duration period) {
        // both at most 2^63 s; a quotient in seconds with the fractions is close enough for a limit
        double steps = Durations.seconds(span) / Durations.seconds(period);
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException(field + " " + Durations.format(period) + " makes "
                    + String.format(java.util.Locale.ROOT, "%.0f", Math.floor(steps)) + " steps over "
                    + Durations.format(span) + ", above the limit of " + MAX_STEPS + " (a longer "
                    + field + " or a shorter simulation fits)");
        }
    }

    /**
     * A negative duration is rejected with its value in Flink's syntax.
     *
     * @param field the field
     * @param d the duration
     * @throws IllegalArgumentException if it is negative or too long
     */
    public static void checkNotNegative(String field, Duration d) {
        Limits.checkNotNull(field, d);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + Durations.format(d));
        }
        checkDuration(field, d);
    }

    /**
     * A zero or negative duration is rejected with its value in Flink's syntax.
     *
     * @param field the field
     * @param d the duration
     * @throws IllegalArgumentException if it is not positive or too long
     */
    public static void checkPositive(String field, Duration d) {
        Limits.checkNotNull(field, d);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, got " + Durations.format(d));
        }
        checkDuration(field, d);
    }
}
