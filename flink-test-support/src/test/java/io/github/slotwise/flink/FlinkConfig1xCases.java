package io.github.slotwise.flink;

import io.github.slotwise.rescale.FlinkConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the configuration differential tests of the 1.x lines ({@code FlinkConfig120DifferentialTest}
 * for 1.19/1.20, {@code FlinkConfig117DifferentialTest} for 1.17/1.18) draw alike: duration strings
 * (no ISO-8601 beyond a few {@code PT} forms: 1.x's {@code TimeUtils} takes a number and a label),
 * and whole configurations of the adaptive scheduler's duration keys (with 2.x keys the 1.x lines do
 * not know), {@code min-parallelism-increase}, the mode and the restart strategy. How each line reads
 * them stays in its test. The draws are made in the order the tests made them before they shared
 * this class, so the seeds give the same cases.
 */
final class FlinkConfig1xCases {
    /** The key both readings of {@code min-parallelism-increase} are compared on. */
    static final String MIN_INCREASE = FlinkConfigCases.P + "min-parallelism-increase";

    private static final String[] DURATION_KEYS = {
        FlinkConfigCases.P + "resource-wait-timeout",
        FlinkConfigCases.P + "resource-stabilization-timeout",
        FlinkConfigCases.P + "scaling-interval.min",
        FlinkConfigCases.P + "scaling-interval.max",
        FlinkConfigCases.P + "submission.resource-wait-timeout",
        FlinkConfigCases.P + "executing.cooldown-after-rescaling",
        FlinkConfigCases.P + "rescale-trigger.max-delay",
        FlinkConfigCases.INTERVAL,
        "restart-strategy.fixed-delay.delay",
        "restart-strategy.failure-rate.delay",
        "restart-strategy.exponential-delay.initial-backoff",
        "restart-strategy.exponential-delay.max-backoff",
    };
    private static final String[] DURATION_VALUES = {
        "0",
        "10 s",
        "5 min",
        "100ms",
        "PT1M",
        "1500 us",
        "2 µs",
        "9 ms",
        "10 ms",
        "10500 µs",
        "1 d",
        "30 s",
        "2 min",
        "1 h",
        "500",
        "2 s",
        "90 s",
        "-1 ms",
        "abc",
        "",
        "1.5 s",
        "7 mins",
        "3 SECONDS",
        "106751991167300 d",
        "9223372036854775808 ms"
    };

    private FlinkConfig1xCases() {}

    /**
     * A duration string: number and label (75%), ISO-8601-like (5%), random characters (20%).
     *
     * @param random the source of randomness
     * @return the string
     */
    static String randomDuration(SplittableRandom random) {
        int kind = random.nextInt(20);
        if (kind < 15) {
            return FlinkConfigCases.withSpacesAndLabel(random, FlinkConfigCases.randomNumber(random));
        } else if (kind < 16) {
            return (random.nextBoolean() ? "PT" : "pt") + random.nextInt(1000) + (random.nextBoolean() ? "S" : "M");
        } else {
            return FlinkConfigCases.randomCharacters(random);
        }
    }

    /**
     * Whether a configuration sets {@code min-parallelism-increase} below 1, which Flink accepts and
     * Slotwise rejects (a known difference, counted, not compared).
     *
     * @param config the configuration
     * @return whether it does
     */
    static boolean minIncreaseBelowOne(Map<String, String> config) {
        try {
            return config.containsKey(MIN_INCREASE) && Integer.parseInt(config.get(MIN_INCREASE)) < 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A random configuration: each duration key with one probability, good values or hostile ones
     * alike, {@code min-parallelism-increase}, the mode and the restart strategy, the line under test
     * named (as its line or its version), and no jitter (Flink draws it at random).
     *
     * @param random the source of randomness
     * @return the configuration, keys to values as a user writes them
     */
    static Map<String, String> randomConfig(SplittableRandom random) {
        Map<String, String> m = new HashMap<>();
        double p = 0.1 + random.nextDouble() * 0.3;
        boolean goodValues = random.nextInt(3) != 0;
        for (String k : DURATION_KEYS) {
            if (random.nextDouble() < p) {
                m.put(k, goodValues ? goodDuration(random) : DURATION_VALUES[random.nextInt(DURATION_VALUES.length)]);
            }
        }
        if (random.nextDouble() < p) {
            m.put(MIN_INCREASE, FlinkConfigCases.randomIntValue(random, goodValues));
        }
        FlinkConfigCases.putModeAndRestartStrategy(random, m, p, goodValues);
        m.put(
                FlinkConfig.FLINK_VERSION_KEY,
                random.nextBoolean() ? DifferentialResults.flinkLine() : DifferentialResults.flinkVersion());
        m.put(FlinkConfigCases.JITTER, "0");
        return m;
    }

    private static String goodDuration(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(200) + " s";
            case 1 -> random.nextInt(100_000) + " ms";
            default -> random.nextInt(10) + " min";
        };
    }
}
