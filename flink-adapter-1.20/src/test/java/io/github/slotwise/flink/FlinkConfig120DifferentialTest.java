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
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.runtime.executiongraph.failover.ExponentialDelayRestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.scheduler.adaptive.AdaptiveScheduler;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link FlinkConfig}'s Flink 1.20 reading against flink-core and
 * flink-runtime 1.20.3, the oracle.
 *
 * <ul>
 *   <li>Durations: {@code TimeUtils.parseDuration} of flink-core 1.20.3 (a 64-bit number, no
 *       ISO-8601) against {@link FlinkConfig#read} of a 1.20 configuration, on random strings:
 *       the same duration or both rejecting, and Slotwise's error naming the key and the value.
 *   <li>Whole configurations: random sets of 1.20's adaptive-scheduler keys (and 2.x keys, which
 *       1.20 does not know), {@code scheduler-mode}, the checkpoint interval and the restart
 *       strategy. Flink reads them with 1.20's {@code AdaptiveScheduler.Settings.of}, {@code
 *       min-parallelism-increase} as {@code EnforceMinimalIncreaseRescalingController} does, the
 *       checkpointing a streaming job built with the same configuration gets, and {@code
 *       RestartBackoffTimeStrategyFactoryLoader} for the first restart's backoff (with 1.20's fallback
 *       job restart configuration, as {@code ExecutionConfig#configure} leaves it). Compared: Reactive
 *       Mode, the resource wait and stabilization timeouts, scaling-interval.min and .max,
 *       min-parallelism-increase and, where Flink restarts, the first backoff; or that both reject.
 *       One known difference is counted, not compared: Slotwise rejects a min-parallelism-increase
 *       below 1, which Flink 1.20 accepts.
 * </ul>
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed.
 */
class FlinkConfig120DifferentialTest {
    static final long DEFAULT_SEED = 20260613L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int DURATIONS = 20_000;
    static final int CONFIGS = 10_000;

    private static final String P = "jobmanager.adaptive-scheduler.";
    private static final String INTERVAL = "execution.checkpointing.interval";
    private static final String MIN_INCREASE = P + "min-parallelism-increase";
    private static final String[] DURATION_KEYS = {
        P + "resource-wait-timeout",
        P + "resource-stabilization-timeout",
        P + "scaling-interval.min",
        P + "scaling-interval.max",
        P + "submission.resource-wait-timeout",
        P + "executing.cooldown-after-rescaling",
        P + "rescale-trigger.max-delay",
        INTERVAL,
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
                "FlinkConfig120DifferentialTest: seed=%d, compared with flink-core/flink-runtime 1.20.3 in %.1f s: %s%n",
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
    void durationsParseAsFlink120sTimeUtils() {
        SplittableRandom random = new SplittableRandom(SEED);
        String key = P + "resource-stabilization-timeout";
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
                slotwise = FlinkConfig.read(Map.of(FlinkConfig.FLINK_VERSION_KEY, "1.20", key, text))
                        .policy()
                        .submissionResourceStabilizationTimeout();
            } catch (IllegalArgumentException e) {
                slotwise = "rejected";
                if (!e.getMessage().contains(key) || !e.getMessage().contains(text)) {
                    fail(seed(c) + "the error for '" + text + "' does not name the key and the value: "
                            + e.getMessage());
                }
            }
            if (!flink.equals(slotwise)) {
                fail(seed(c) + "'" + text + "': Flink 1.20 " + flink + ", FlinkConfig.read " + slotwise);
            }
            count(flink instanceof Duration ? "durations: accepted" : "durations: rejected");
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

    /** Number and label (75%), ISO-8601-like (5%), random characters (20%). */
    static String randomDuration(SplittableRandom random) {
        int kind = random.nextInt(20);
        if (kind < 15) {
            String number = random.nextInt(3) == 0
                    ? NUMBERS[random.nextInt(NUMBERS.length)]
                    : Long.toString(random.nextLong(1L << random.nextInt(1, 63)));
            return SPACES[random.nextInt(SPACES.length)]
                    + number
                    + SPACES[random.nextInt(SPACES.length)]
                    + LABELS[random.nextInt(LABELS.length)]
                    + SPACES[random.nextInt(SPACES.length)];
        } else if (kind < 16) {
            return (random.nextBoolean() ? "PT" : "pt") + random.nextInt(1000) + (random.nextBoolean() ? "S" : "M");
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
    void policiesMatchFlink120sSettingsAndRestartStrategy() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Object> checkpointing = new HashMap<>();
        for (int c = 0; c < CONFIGS; c++) {
            Map<String, String> config = randomConfig(random);
            String flink = flinkReads(config, checkpointing);
            String slotwise = slotwiseReads(config, flink);
            if (slotwise.startsWith("rejected") && !flink.startsWith("rejected") && minIncreaseBelowOne(config)) {
                count("configurations: min-parallelism-increase below 1 (Flink accepts, Slotwise rejects)");
                continue;
            }
            boolean bothRejected = flink.startsWith("rejected") && slotwise.startsWith("rejected");
            if (!bothRejected && !flink.equals(slotwise)) {
                fail(seed(c) + new TreeMap<>(config) + "\n  Flink:    " + flink + "\n  Slotwise: " + slotwise);
            }
            count(flink.startsWith("rejected") ? "configurations: both rejected" : "configurations: same policy");
        }
    }

    private static boolean minIncreaseBelowOne(Map<String, String> config) {
        try {
            return config.containsKey(MIN_INCREASE) && Integer.parseInt(config.get(MIN_INCREASE)) < 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, String> randomConfig(SplittableRandom random) {
        Map<String, String> m = new HashMap<>();
        double p = 0.1 + random.nextDouble() * 0.3;
        boolean goodValues = random.nextInt(3) != 0;
        for (String k : DURATION_KEYS) {
            if (random.nextDouble() < p) {
                m.put(k, goodValues ? goodDuration(random) : DURATION_VALUES[random.nextInt(DURATION_VALUES.length)]);
            }
        }
        if (random.nextDouble() < p) {
            m.put(
                    MIN_INCREASE,
                    goodValues
                            ? Integer.toString(1 + random.nextInt(5))
                            : INT_VALUES[random.nextInt(INT_VALUES.length)]);
        }
        if (random.nextDouble() < p) {
            m.put("scheduler-mode", goodValues ? "reactive" : MODES[random.nextInt(MODES.length)]);
        }
        if (random.nextDouble() < p) {
            m.put(
                    random.nextBoolean() ? "restart-strategy.type" : "restart-strategy",
                    RESTART_TYPES[random.nextInt(goodValues ? RESTART_TYPES.length - 5 : RESTART_TYPES.length)]);
        }
        m.put(FlinkConfig.FLINK_VERSION_KEY, random.nextBoolean() ? "1.20" : "1.20.3");
        m.put("restart-strategy.exponential-delay.jitter-factor", "0");
        return m;
    }

    private static String goodDuration(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(200) + " s";
            case 1 -> random.nextInt(100_000) + " ms";
            default -> random.nextInt(10) + " min";
        };
    }

    /** Flink 1.20.3's reading as one line; "rejected: ..." if Flink refuses the configuration. */
    private static String flinkReads(Map<String, String> config, Map<String, Object> checkpointingCache) {
        try {
            Configuration conf = Configuration.fromMap(config);
            Object cached = checkpointingCache.computeIfAbsent(String.valueOf(config.get(INTERVAL)), ignored -> {
                try {
                    return checkpointingEnabled(config.get(INTERVAL));
                } catch (RuntimeException e) {
                    return e;
                }
            });
            if (cached instanceof RuntimeException e) {
                throw e;
            }
            AdaptiveScheduler.Settings s = AdaptiveScheduler.Settings.of(conf);
            int minIncrease = conf.get(JobManagerOptions.MIN_PARALLELISM_INCREASE);
            RestartBackoffTimeStrategy restarts =
                    RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                                    new RestartStrategies.FallbackRestartStrategyConfiguration(),
                                    conf,
                                    new Configuration(),
                                    (Boolean) cached)
                            .create();
            restarts.notifyFailure(new RuntimeException("test"));
            String backoff = restarts.canRestart() ? firstBackoff(restarts).toString() : "none";
            return line(
                    s.getExecutionMode() == SchedulerExecutionMode.REACTIVE,
                    s.getInitialResourceAllocationTimeout(),
                    s.getResourceStabilizationTimeout(),
                    s.getScalingIntervalMin(),
                    s.getScalingIntervalMax(),
                    minIncrease,
                    backoff);
        } catch (Exception e) {
            if (String.valueOf(e.getMessage())
                    .startsWith("Checkpoint interval must be larger than or equal to 10 ms")) {
                count("configurations: Flink rejects the checkpoint interval (below 10 ms)");
            }
            return "rejected: " + e;
        }
    }

    /** The first restart's backoff, before the jitter of a default exponential-delay strategy. */
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

    /** Whether a streaming job built with this interval has periodic checkpoints (or an error). */
    private static Boolean checkpointingEnabled(String interval) {
        Configuration conf = new Configuration();
        if (interval != null) {
            conf.setString(INTERVAL, interval);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.fromSequence(1, 2).print();
        return env.getStreamGraph()
                .getJobGraph(FlinkConfig120DifferentialTest.class.getClassLoader(), new JobID())
                .getCheckpointingSettings()
                .getCheckpointCoordinatorConfiguration()
                .isCheckpointingEnabled();
    }

    private static String slotwiseReads(Map<String, String> config, String flink) {
        try {
            RescalePolicy p = FlinkConfig.read(config).policy();
            boolean flinkRestarts = !flink.endsWith(" none");
            return line(
                    p.reactive(),
                    p.submissionResourceWaitTimeout(),
                    p.submissionResourceStabilizationTimeout(),
                    p.cooldownAfterRescaling(),
                    p.scalingIntervalMax().orElse(null),
                    p.minParallelismIncrease(),
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
