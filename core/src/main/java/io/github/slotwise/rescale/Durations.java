package io.github.slotwise.rescale;

import java.time.Duration;
import java.time.Instant;

/**
 * Time arithmetic that cannot overflow, and durations written for people.
 *
 * <p>Flink's configuration accepts durations up to {@code Long.MAX_VALUE} seconds (e.g. {@code
 * resource-wait-timeout: P1000000000000D}), far beyond {@link Instant#MAX}; a timer that long is
 * one that never fires. So a deadline past the end of time saturates at {@link Instant#MAX} and a
 * product of durations at the longest {@link Duration}, instead of throwing in the middle of a
 * trace.
 */
public final class Durations {
    /** The longest duration: {@code Long.MAX_VALUE} seconds and 999,999,999 ns. */
    public static final Duration MAX = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private Durations() {}

    /**
     * {@code instant + duration}, or {@link Instant#MAX} (resp. {@link Instant#MIN}) if that is past
     * the end (resp. before the start) of time.
     *
     * @param instant the instant
     * @param duration the duration to add, may be negative
     * @return the sum, saturated
     */
    public static Instant plus(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return duration.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /**
     * {@code duration × factor} for a non-negative duration and factor, or {@link #MAX} if that
     * overflows.
     *
     * @param duration non-negative
     * @param factor non-negative
     * @return the product, saturated
     */
    public static Duration times(Duration duration, long factor) {
        try {
            return duration.multipliedBy(factor);
        } catch (ArithmeticException e) {
            return MAX;
        }
    }

    /**
     * A duration in Flink's syntax, in its largest exact unit: {@code "0 ms"}, {@code "30 s"},
     * {@code "5 min"}, {@code "1500 ms"}, {@code "-1 ms"} (as Flink's {@code
     * TimeUtils.formatWithHighestUnit}).
     *
     * @param duration the duration
     * @return the text
     */
    public static String format(Duration duration) {
        return FlinkConfig.format(duration);
    }

    /**
     * Seconds as a double, for any duration (where {@link Duration#toNanos()} overflows beyond 292
     * years).
     *
     * @param duration the duration
     * @return its length in seconds
     */
    public static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
