package io.github.slotwise.flink;

import io.github.slotwise.flink.FlinkConfigCases.FlinkReading;
import io.github.slotwise.flink.FlinkConfigCases.SlotwiseReading;
import io.github.slotwise.rescale.FlinkConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.jobgraph.tasks.JobCheckpointingSettings;
import org.apache.flink.runtime.scheduler.adaptive.AdaptiveScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of {@link FlinkConfig} against Flink 2.3.0's own configuration reading, the
 * oracle.
 *
 * <ul>
 *   <li>Durations: {@code TimeUtils.parseDuration} of flink-core 2.3.0 against {@link
 *       FlinkConfig#parseDuration} and against {@link FlinkConfig#read} of a 2.3 configuration, on
 *       random strings (numbers of any length with every unit label, upper case, unknown labels,
 *       whitespace, signs, fractions, ISO-8601 forms, and random characters): the same duration or
 *       both rejecting, and Slotwise's error naming the key and the value.
 *   <li>Whole configurations: random sets of the adaptive scheduler's keys (current and deprecated),
 *       {@code scheduler-mode}, the checkpoint interval and the restart strategy, with good and bad
 *       values. Flink reads them with {@code AdaptiveScheduler.Settings.of}, given the checkpointing
 *       settings a streaming job built with the same configuration gets ({@code
 *       StreamExecutionEnvironment} → {@code JobGraph#getCheckpointingSettings}), and {@code
 *       RestartBackoffTimeStrategyFactoryLoader} for the first restart's backoff. Slotwise reads them
 *       with {@link FlinkConfig#read}. Compared: Reactive Mode, the submission wait and stabilization
 *       timeouts, the cooldown, the executing stabilization timeout, the max trigger delay in force,
 *       the failed-checkpoint count and, where Flink restarts at all, the first backoff (exponential
 *       delay with its jitter set to 0); or that both reject the configuration.
 * </ul>
 *
 * <p>The random values both versions' tests draw from, the comparison of durations and the frame of
 * the configuration readings are {@link FlinkConfigCases}', shared with flink-adapter-1.20's test.
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed.
 */
class FlinkConfigDifferentialTest {
    static final long DEFAULT_SEED = 20260611L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int DURATIONS = 20_000;
    static final int CONFIGS = 10_000;

    private static final String P = FlinkConfigCases.P;
    private static final String[] DURATION_KEYS = {
        P + "submission.resource-wait-timeout",
        P + "resource-wait-timeout",
        P + "submission.resource-stabilization-timeout",
        P + "resource-stabilization-timeout",
        P + "executing.cooldown-after-rescaling",
        P + "scaling-interval.min",
        P + "executing.resource-stabilization-timeout",
        P + "rescale-trigger.max-delay",
        P + "scaling-interval.max",
        FlinkConfigCases.INTERVAL,
        "restart-strategy.fixed-delay.delay",
        "restart-strategy.failure-rate.delay",
        "restart-strategy.exponential-delay.initial-backoff",
        "restart-strategy.exponential-delay.max-backoff",
    };
    private static final String[] INT_KEYS = {
        P + "rescale-trigger.max-checkpoint-failures", P + "min-parallelism-increase"
    };
    private static final String[] DURATION_VALUES = {
        "0",
        "10 s",
        "5 min",
        "100ms",
        "PT1M",
        "pt2s",
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
        "PT0.0005S",
        "-1 ms",
        "abc",
        "",
        "1.5 s",
        "7 mins",
        "3 SECONDS",
        "106751991167300 d",
        "9999999999999999999999 d"
    };

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.sorted(SEED, DifferentialResults.oracle());

    // ---- durations ------------------------------------------------------------------------------

    @Test
    void durationsParseAsFlink23sTimeUtils() {
        String key = P + "executing.cooldown-after-rescaling";
        SlotwiseReading read = new SlotwiseReading("FlinkConfig.read", text -> FlinkConfig.read(
                        Map.of(FlinkConfig.FLINK_VERSION_KEY, DifferentialResults.flinkLine(), key, text))
                .policy()
                .cooldownAfterRescaling());
        // FlinkConfig.parseDuration is the newest lines' parser (ISO-8601 forms came with 2.1): on 2.0
        // only the reading that names the version is compared.
        SlotwiseReading[] readings = DifferentialResults.atLeast("2.1")
                ? new SlotwiseReading[] {
                    new SlotwiseReading("FlinkConfig.parseDuration", text -> FlinkConfig.parseDuration(key, text)), read
                }
                : new SlotwiseReading[] {read};
        new FlinkConfigCases(TALLY)
                .compareDurations(
                        new SplittableRandom(SEED),
                        DURATIONS,
                        FlinkConfigDifferentialTest::randomDuration,
                        key,
                        "Flink",
                        readings);
    }

    /** Number and label (70%), ISO-8601-like (10%), random characters (20%). */
    static String randomDuration(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 7) {
            String number = FlinkConfigCases.randomNumber(random);
            if (random.nextInt(20) == 0) {
                number = number + "0".repeat(random.nextInt(1, 12));
            }
            return FlinkConfigCases.withSpacesAndLabel(random, number);
        } else if (kind < 8) {
            StringBuilder b = new StringBuilder();
            if (random.nextInt(5) == 0) {
                b.append(random.nextBoolean() ? "-" : "+");
            }
            b.append(random.nextInt(4) == 0 ? "p" : "P");
            if (random.nextBoolean()) {
                b.append(random.nextInt(1000)).append(random.nextBoolean() ? "D" : "d");
            }
            if (random.nextInt(4) != 0) {
                b.append(random.nextInt(4) == 0 ? "t" : "T");
                for (String unit : new String[] {"H", "M", "S"}) {
                    if (random.nextBoolean()) {
                        if (random.nextInt(6) == 0) {
                            b.append('-');
                        }
                        b.append(random.nextInt(100_000));
                        if (unit.equals("S") && random.nextInt(3) == 0) {
                            b.append('.').append(random.nextInt(1_000_000));
                        }
                        b.append(random.nextInt(5) == 0 ? unit.toLowerCase() : unit);
                    }
                }
            }
            return b.toString();
        } else {
            return FlinkConfigCases.randomCharacters(random);
        }
    }

    // ---- whole configurations -----------------------------------------------------------------

    @Test
    void policiesMatchFlink23sSettingsAndRestartStrategy() {
        new FlinkConfigCases(TALLY)
                .comparePolicies(
                        new SplittableRandom(SEED),
                        CONFIGS,
                        FlinkConfigDifferentialTest::randomConfig,
                        FlinkConfigDifferentialTest::flinkReads,
                        p -> new Object[] {
                            p.reactive(),
                            p.submissionResourceWaitTimeout(),
                            p.submissionResourceStabilizationTimeout(),
                            p.cooldownAfterRescaling(),
                            p.executingResourceStabilizationTimeout(),
                            p.effectiveMaxTriggerDelay(),
                            p.maxCheckpointFailures()
                        });
    }

    private static Map<String, String> randomConfig(SplittableRandom random) {
        Map<String, String> m = new HashMap<>();
        double p = 0.1 + random.nextDouble() * 0.3;
        boolean goodValues = random.nextInt(3) != 0; // most configurations hold only good values
        for (String k : DURATION_KEYS) {
            if (random.nextDouble() < p) {
                String v = DURATION_VALUES[random.nextInt(DURATION_VALUES.length)];
                if (goodValues) {
                    v = goodDuration(random);
                }
                m.put(k, v);
            }
        }
        for (String k : INT_KEYS) {
            if (random.nextDouble() < p) {
                m.put(k, FlinkConfigCases.randomIntValue(random, goodValues));
            }
        }
        FlinkConfigCases.putModeAndRestartStrategy(random, m, p, goodValues);
        // Other lines than 2.3 (Slotwise's default) always name theirs.
        if (!DifferentialResults.flinkLine().equals("2.3") || random.nextInt(3) == 0) {
            m.put(
                    FlinkConfig.FLINK_VERSION_KEY,
                    random.nextBoolean() ? DifferentialResults.flinkLine() : DifferentialResults.flinkVersion());
        }
        m.put(FlinkConfigCases.JITTER, "0"); // Slotwise models the exponential delay without its random jitter
        return m;
    }

    private static String goodDuration(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(200) + " s";
            case 1 -> random.nextInt(100_000) + " ms";
            case 2 -> random.nextInt(10) + " min";
            default -> "PT" + random.nextInt(600) + "S";
        };
    }

    /**
     * Flink 2.3.0's reading: {@code AdaptiveScheduler.Settings.of} given the job's checkpointing
     * settings, and the restart strategy (for the first backoff).
     */
    private static FlinkReading flinkReads(Configuration conf, JobCheckpointingSettings checkpointing)
            throws Exception {
        AdaptiveScheduler.Settings s = AdaptiveScheduler.Settings.of(conf, checkpointing);
        boolean checkpointingEnabled =
                checkpointing.getCheckpointCoordinatorConfiguration().isCheckpointingEnabled();
        RestartBackoffTimeStrategy restarts =
                RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                                conf, new Configuration(), checkpointingEnabled)
                        .create();
        return new FlinkReading(
                restarts,
                s.getExecutionMode() == SchedulerExecutionMode.REACTIVE,
                s.getSubmissionResourceWaitTimeout(),
                s.getSubmissionResourceStabilizationTimeout(),
                s.getExecutingCooldownTimeout(),
                s.getExecutingResourceStabilizationTimeout(),
                s.getMaximumDelayForTriggeringRescale(),
                s.getRescaleOnFailedCheckpointCount());
    }
}
