package io.github.slotwise.flink;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.rescale.RescalePolicy;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.runtime.executiongraph.failover.ExponentialDelayRestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.jobgraph.tasks.JobCheckpointingSettings;
import org.apache.flink.runtime.scheduler.adaptive.AdaptiveScheduler;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed.
 */
class FlinkConfigDifferentialTest {
    static final long DEFAULT_SEED = 20260611L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int DURATIONS = 20_000;
    static final int CONFIGS = 10_000;

    private static final String P = "jobmanager.adaptive-scheduler.";
    private static final String INTERVAL = "execution.checkpointing.interval";
    private static final String JITTER = "restart-strategy.exponential-delay.jitter-factor";
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
        INTERVAL,
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
    private static final String[] INT_VALUES = {"0", "1", "2", "5", "-3", "abc", " 2", "+4", "2147483648", "3"};
    private static final String[] MODES = {"reactive", "REACTIVE", "Reactive", "adaptive", "", " reactive"};
    private static final String[] RESTART_TYPES = {
        "fixed-delay",
        "FixedDelay",
        "exponential-delay",
        "none",
        "failure-rate",
        "bogus",
        "exponentialdelay",
        "off",
        "DISABLE",
        "failurerate"
    };

    private static final Map<String, Long> COUNTS = new TreeMap<>();
    private static long startNanos;

    @BeforeAll
    static void start() {
        startNanos = System.nanoTime();
    }

    @AfterAll
    static void report() {
        System.out.printf(
                "FlinkConfigDifferentialTest: seed=%d, compared with flink-core/flink-runtime 2.3.0 in %.1f s: %s%n",
                SEED, (System.nanoTime() - startNanos) / 1e9, COUNTS);
    }

    private static void count(String what) {
        COUNTS.merge(what, 1L, Long::sum);
    }

    private static String seed(int c) {
        return "seed=" + SEED + " case " + c + " (rerun with -Dslotwise.seed=" + SEED + "): ";
    }

    // ---- durations ------------------------------------------------------------------------------

    @Test
    void durationsParseAsFlink23sTimeUtils() {
        SplittableRandom random = new SplittableRandom(SEED);
        String key = P + "executing.cooldown-after-rescaling";
        for (int c = 0; c < DURATIONS; c++) {
            String text = randomDuration(random);
            Object flink;
            try {
                flink = TimeUtils.parseDuration(text);
            } catch (RuntimeException e) {
                flink = "rejected";
            }
            Object slotwise;
            try {
                slotwise = FlinkConfig.parseDuration(key, text);
            } catch (IllegalArgumentException e) {
                slotwise = "rejected";
                checkNamesKeyAndValue(c, e, key, text);
            }
            Object viaRead;
            try {
                viaRead = FlinkConfig.read(Map.of(FlinkConfig.FLINK_VERSION_KEY, "2.3", key, text))
                        .policy()
                        .cooldownAfterRescaling();
            } catch (IllegalArgumentException e) {
                viaRead = "rejected";
                checkNamesKeyAndValue(c, e, key, text);
            }
            if (!flink.equals(slotwise) || !flink.equals(viaRead)) {
                fail(seed(c) + "'" + text + "': Flink " + flink + ", FlinkConfig.parseDuration " + slotwise
                        + ", FlinkConfig.read " + viaRead);
            }
            count(flink instanceof Duration ? "durations: accepted" : "durations: rejected");
        }
    }

    private static void checkNamesKeyAndValue(int c, IllegalArgumentException e, String key, String text) {
        if (!e.getMessage().contains(key) || !e.getMessage().contains(text)) {
            fail(seed(c) + "the error for '" + text + "' does not name the key and the value: " + e.getMessage());
        }
    }

    private static final String[] LABELS = {
        "d",
        "day",
        "days",
        "h",
        "hour",
        "hours",
        "min",
        "m",
        "minute",
        "minutes",
        "mins",
        "s",
        "sec",
        "secs",
        "second",
        "seconds",
        "ms",
        "milli",
        "millis",
        "millisecond",
        "milliseconds",
        "µs",
        "us",
        "micro",
        "micros",
        "microsecond",
        "microseconds",
        "ns",
        "nano",
        "nanos",
        "nanosecond",
        "nanoseconds",
        "D",
        "MIN",
        "Ms",
        "µS",
        "SECONDS",
        "x",
        "",
        "s s",
        "mS",
        "sek"
    };
    private static final String[] NUMBERS = {
        "0",
        "1",
        "30",
        "500",
        "00010",
        "9223372036854775807",
        "9223372036854775808",
        "153722867280912930",
        "153722867280912931",
        "106751991167300",
        "106751991167301",
        "2562047788015215",
        "2562047788015216",
        "99999999999999999999999",
        "-1",
        "+1",
        "1.5",
        "",
        "1_000",
        "\u0661"
    };
    private static final String[] SPACES = {"", " ", "  ", "\t", "\n", "\u00a0"};

    /** Number and label (70%), ISO-8601-like (10%), random characters (20%). */
    static String randomDuration(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 7) {
            String number = random.nextInt(3) == 0
                    ? NUMBERS[random.nextInt(NUMBERS.length)]
                    : Long.toString(random.nextLong(1L << random.nextInt(1, 63)));
            if (random.nextInt(20) == 0) {
                number = number + "0".repeat(random.nextInt(1, 12));
            }
            return SPACES[random.nextInt(SPACES.length)]
                    + number
                    + SPACES[random.nextInt(SPACES.length)]
                    + LABELS[random.nextInt(LABELS.length)]
                    + SPACES[random.nextInt(SPACES.length)];
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
            String alphabet = "0123456789 smhdnµuPTD.-+:\t";
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(9);
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return b.toString();
        }
    }

    // ---- whole configurations -----------------------------------------------------------------

    @Test
    void policiesMatchFlink23sSettingsAndRestartStrategy() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Object> checkpointing = new HashMap<>();
        for (int c = 0; c < CONFIGS; c++) {
            Map<String, String> config = randomConfig(random);
            String flink = flinkReads(config, checkpointing);
            String slotwise = slotwiseReads(config, flink);
            boolean bothRejected = flink.startsWith("rejected") && slotwise.startsWith("rejected");
            if (!bothRejected && !flink.equals(slotwise)) {
                fail(seed(c) + new TreeMap<>(config) + "\n  Flink:    " + flink + "\n  Slotwise: " + slotwise);
            }
            count(flink.startsWith("rejected") ? "configurations: both rejected" : "configurations: same policy");
        }
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
                m.put(
                        k,
                        goodValues
                                ? Integer.toString(1 + random.nextInt(5))
                                : INT_VALUES[random.nextInt(INT_VALUES.length)]);
            }
        }
        if (random.nextDouble() < p) {
            m.put("scheduler-mode", goodValues ? "reactive" : MODES[random.nextInt(MODES.length)]);
        }
        if (random.nextDouble() < p) {
            m.put(
                    random.nextBoolean() ? "restart-strategy.type" : "restart-strategy",
                    RESTART_TYPES[random.nextInt(goodValues ? RESTART_TYPES.length - 5 : RESTART_TYPES.length)]);
        }
        if (random.nextInt(3) == 0) {
            m.put(FlinkConfig.FLINK_VERSION_KEY, random.nextBoolean() ? "2.3" : "2.3.0");
        }
        m.put(JITTER, "0"); // Slotwise models the exponential delay without its random jitter
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

    /** Flink 2.3.0's reading, as one line; "rejected: ..." if Flink refuses the configuration. */
    private static String flinkReads(Map<String, String> config, Map<String, Object> checkpointingCache) {
        try {
            Configuration conf = Configuration.fromMap(config);
            Object cached = checkpointingCache.computeIfAbsent(String.valueOf(config.get(INTERVAL)), ignored -> {
                try {
                    return checkpointingSettings(config.get(INTERVAL));
                } catch (RuntimeException e) {
                    return e;
                }
            });
            if (cached instanceof RuntimeException e) {
                throw e;
            }
            JobCheckpointingSettings checkpointing = (JobCheckpointingSettings) cached;
            AdaptiveScheduler.Settings s = AdaptiveScheduler.Settings.of(conf, checkpointing);
            boolean checkpointingEnabled =
                    checkpointing.getCheckpointCoordinatorConfiguration().isCheckpointingEnabled();
            RestartBackoffTimeStrategy restarts =
                    RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                                    conf, new Configuration(), checkpointingEnabled)
                            .create();
            restarts.notifyFailure(new RuntimeException("test"));
            String backoff = restarts.canRestart() ? firstBackoff(restarts).toString() : "none";
            return line(
                    s.getExecutionMode() == SchedulerExecutionMode.REACTIVE,
                    s.getSubmissionResourceWaitTimeout(),
                    s.getSubmissionResourceStabilizationTimeout(),
                    s.getExecutingCooldownTimeout(),
                    s.getExecutingResourceStabilizationTimeout(),
                    s.getMaximumDelayForTriggeringRescale(),
                    s.getRescaleOnFailedCheckpointCount(),
                    backoff);
        } catch (Exception e) {
            if (String.valueOf(e.getMessage())
                    .startsWith("Checkpoint interval must be larger than or equal to 10 ms")) {
                count("configurations: Flink rejects the checkpoint interval (below 10 ms)");
            }
            return "rejected: " + e;
        }
    }

    /**
     * The first restart's backoff. An exponential-delay strategy adds a random jitter, which
     * Slotwise leaves out; the configured jitter factor is 0 here, but the strategy Flink picks by
     * default (checkpointing on, no restart strategy set) has its default jitter 0.1, so for that
     * strategy this is the backoff before jitter ({@code initialBackoffMS}, as the first attempt's
     * {@code max(initial, min(initial + jitter, max))} starts from it).
     */
    private static Duration firstBackoff(RestartBackoffTimeStrategy restarts) throws ReflectiveOperationException {
        if (restarts instanceof ExponentialDelayRestartBackoffTimeStrategy) {
            count("restart strategies: exponential delay");
            Method initial = ExponentialDelayRestartBackoffTimeStrategy.class.getDeclaredMethod("getInitialBackoffMS");
            initial.setAccessible(true);
            long initialMillis = (Long) initial.invoke(restarts);
            long jittered = restarts.getBackoffTime(); // measured from the wall clock: allow 100 ms
            if (jittered < initialMillis - 100 || jittered > initialMillis + initialMillis / 10 + 1) {
                throw new AssertionError("jitter beyond 10%: " + jittered + " for " + restarts);
            }
            return Duration.ofMillis(initialMillis);
        }
        count("restart strategies: " + restarts.getClass().getSimpleName());
        return Duration.ofMillis(restarts.getBackoffTime());
    }

    /** The checkpointing settings Flink gives a streaming job built with this interval. */
    private static JobCheckpointingSettings checkpointingSettings(String interval) {
        Configuration conf = new Configuration();
        if (interval != null) {
            conf.setString(INTERVAL, interval);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.fromSequence(1, 2).print();
        return env.getStreamGraph()
                .getJobGraph(FlinkConfigDifferentialTest.class.getClassLoader(), new JobID())
                .getCheckpointingSettings();
    }

    /** Slotwise's reading as the same line; the backoff only where Flink restarts at all. */
    private static String slotwiseReads(Map<String, String> config, String flink) {
        try {
            RescalePolicy p = FlinkConfig.read(config).policy();
            boolean flinkRestarts = !flink.endsWith(" none");
            return line(
                    p.reactive(),
                    p.submissionResourceWaitTimeout(),
                    p.submissionResourceStabilizationTimeout(),
                    p.cooldownAfterRescaling(),
                    p.executingResourceStabilizationTimeout(),
                    p.effectiveMaxTriggerDelay(),
                    p.maxCheckpointFailures(),
                    flinkRestarts ? p.restartBackoff().toString() : "none");
        } catch (IllegalArgumentException e) {
            return "rejected: " + e;
        }
    }

    private static String line(Object... fields) {
        List<String> parts = new ArrayList<>();
        for (Object f : fields) {
            parts.add(String.valueOf(f));
        }
        return String.join(" ", parts);
    }
}
