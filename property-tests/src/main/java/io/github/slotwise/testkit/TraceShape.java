package io.github.slotwise.testkit;

/**
 * How big generated decider traces get.
 *
 * @param maxEvents the most intents in one trace
 * @param maxGapSeconds the longest gap between two consecutive intents, in seconds (0 gives ties)
 * @param maxSlotsPerEvent the most slots one intent adds or removes
 */
public record TraceShape(int maxEvents, int maxGapSeconds, int maxSlotsPerEvent) {
    /** Short traces around typical timeouts (10 s to 60 s). */
    public static final TraceShape SMALL = new TraceShape(12, 45, 4);

    /** Longer traces with bigger jumps. */
    public static final TraceShape MEDIUM = new TraceShape(40, 120, 8);

    /** Validates the sizes. */
    public TraceShape {
        if (maxEvents < 0 || maxGapSeconds < 0 || maxSlotsPerEvent < 1) {
            throw new IllegalArgumentException("TraceShape needs maxEvents >= 0, maxGapSeconds >= 0 and"
                    + " maxSlotsPerEvent >= 1, got " + maxEvents + ", " + maxGapSeconds + ", " + maxSlotsPerEvent);
        }
    }
}
