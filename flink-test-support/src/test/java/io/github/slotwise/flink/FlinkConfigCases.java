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
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.tasks.JobCheckpointingSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

/**
 * What the configuration differential tests of Flink 2.x ({@code FlinkConfigDifferentialTest}),
 * 1.19/1.20 ({@code FlinkConfig120DifferentialTest}) and 1.17/1.18 ({@code
 * FlinkConfig117DifferentialTest}) share:
 * the random values they draw from, the comparison of duration strings read by Flink's {@code
 * TimeUtils} and by Slotwise, and the frame of reading a whole configuration on both sides (the
 * checkpointing settings of a streaming job built with it, the first restart's backoff, the line the
 * readings are compared as).
 *
 * <p>Shared test support (flink-test-support/src/test/java): every line compiles it against its own
 * Flink version. What each version reads from a configuration, and which keys and values each test
 * draws, stay in the tests.
 *
 * <p>One instance serves one test method: it caches the checkpointing settings by interval. The
 * random draws happen in the order the tests made them before they shared this class, so the seeds
 * give the same cases.
 */
final class FlinkConfigCases {
    static final String P = "jobmanager.adaptive-scheduler.";
    static final String INTERVAL = "execution.checkpointing.interval";
    static final String JITTER = "restart-strategy.exponential-delay.jitter-factor";

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

    private final DifferentialTally tally;
    private final Map<String, Object> checkpointingCache = new HashMap<>();

    FlinkConfigCases(DifferentialTally tally) {
        this.tally = tally;
    }

    // ---- random values ----------------------------------------------------------------------------

    /** A number for a duration: a listed edge case (a third of the time) or a random long. */
    static String randomNumber(SplittableRandom random) {
        return random.nextInt(3) == 0
                ? NUMBERS[random.nextInt(NUMBERS.length)]
                : Long.toString(random.nextLong(1L << random.nextInt(1, 63)));
    }

    /** {@code number} with a unit label (or a wrong one) and random white space around both. */
    static String withSpacesAndLabel(SplittableRandom random, String number) {
        return SPACES[random.nextInt(SPACES.length)]
                + number
                + SPACES[random.nextInt(SPACES.length)]
                + LABELS[random.nextInt(LABELS.length)]
                + SPACES[random.nextInt(SPACES.length)];
    }

    /** Up to 8 characters of digits, unit letters, signs and white space. */
    static String randomCharacters(SplittableRandom random) {
        String alphabet = "0123456789 smhdnµuPTD.-+:\t";
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(9);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** An integer setting: 1–5 if {@code goodValues}, else a listed good or bad value. */
    static String randomIntValue(SplittableRandom random, boolean goodValues) {
        return goodValues ? Integer.toString(1 + random.nextInt(5)) : INT_VALUES[random.nextInt(INT_VALUES.length)];
    }

    /** Sets {@code scheduler-mode} and the restart strategy (by its current or old key), each with probability p. */
    static void putModeAndRestartStrategy(
            SplittableRandom random, Map<String, String> config, double p, boolean goodValues) {
        if (random.nextDouble() < p) {
            config.put("scheduler-mode", goodValues ? "reactive" : MODES[random.nextInt(MODES.length)]);
        }
        if (random.nextDouble() < p) {
            config.put(
                    random.nextBoolean() ? "restart-strategy.type" : "restart-strategy",
                    RESTART_TYPES[random.nextInt(goodValues ? RESTART_TYPES.length - 5 : RESTART_TYPES.length)]);
        }
    }

    // ---- durations ------------------------------------------------------------------------------

    /** One of Slotwise's readings of a duration string, and how failures name it. */
    record SlotwiseReading(String name, Function<String, Duration> read) {}

    /**
     * Reads {@code count} random duration strings under {@code key} with Flink's {@code
     * TimeUtils.parseDuration} and with each of Slotwise's readings: the same duration or all
     * rejecting, and Slotwise's errors naming the key and the value.
     *
     * @param flink how failures name Flink
     * @param slotwise Slotwise's readings of a string under {@code key}
     */
    void compareDurations(
            SplittableRandom random,
            int count,
            Function<SplittableRandom, String> randomDuration,
            String key,
            String flink,
            SlotwiseReading... slotwise) {
        for (int c = 0; c < count; c++) {
            String text = randomDuration.apply(random);
            Object expected;
            try {
                expected = TimeUtils.parseDuration(text);
            } catch (RuntimeException e) {
                expected = "rejected";
            }
            boolean same = true;
            StringBuilder readings = new StringBuilder(flink + " " + expected);
            for (SlotwiseReading reading : slotwise) {
                Object actual;
                try {
                    actual = reading.read().apply(text);
                } catch (IllegalArgumentException e) {
                    actual = "rejected";
                    // the value as written, or as messages quote it (control characters escaped, cut after 60)
                    String quoted = io.github.slotwise.model.Limits.quote(text);
                    String shown = quoted.substring(1, quoted.lastIndexOf('\''));
                    if (!e.getMessage().contains(key)
                            || !(e.getMessage().contains(text) || e.getMessage().contains(shown))) {
                        fail(tally.seed(c) + "the error for '" + text + "' does not name the key and the value: "
                                + e.getMessage());
                    }
                }
                same &= expected.equals(actual);
                readings.append(", ").append(reading.name()).append(' ').append(actual);
            }
            if (!same) {
                fail(tally.seed(c) + "'" + text + "': " + readings);
            }
            tally.agreed(expected instanceof Duration ? "durations: accepted" : "durations: rejected");
        }
    }

    // ---- whole configurations -----------------------------------------------------------------

    /**
     * Flink's reading of a configuration: the policy's fields and the restart strategy it builds (a
     * {@code RestartBackoffTimeStrategy}, in {@code executiongraph.failover} from 1.19 and in {@code
     * executiongraph.failover.flip1} before, so it is used through reflection here).
     */
    record FlinkReading(Object restarts, Object... fields) {}

    /** How a Flink version reads a configuration, given the checkpointing settings of a job built with it. */
    @FunctionalInterface
    interface FlinkReader {
        /** Flink's reading; throws if Flink refuses the configuration. */
        FlinkReading read(Configuration conf, JobCheckpointingSettings checkpointing) throws Exception;
    }

    /** A configuration Slotwise rejects and Flink accepts on purpose: counted under {@code label}, not compared. */
    record KnownDifference(String label, Predicate<Map<String, String>> applies) {}

    /**
     * Reads {@code count} random configurations with Flink and with {@link FlinkConfig#read}, each as
     * one line of the policy's fields (in the same order on both sides) and the first restart's
     * backoff where Flink restarts at all: the same line, or both rejecting; else a known difference.
     *
     * @param flink the version's Flink reading
     * @param slotwise the fields of Slotwise's policy that {@code flink} reads
     */
    void comparePolicies(
            SplittableRandom random,
            int count,
            Function<SplittableRandom, Map<String, String>> randomConfig,
            FlinkReader flink,
            Function<RescalePolicy, Object[]> slotwise,
            KnownDifference... knownDifferences) {
        configurations:
        for (int c = 0; c < count; c++) {
            Map<String, String> config = randomConfig.apply(random);
            String expected = flinkReads(config, flink);
            String actual = slotwiseReads(config, expected, slotwise);
            boolean bothRejected = expected.startsWith("rejected") && actual.startsWith("rejected");
            if (actual.startsWith("rejected") && !expected.startsWith("rejected")) {
                for (KnownDifference known : knownDifferences) {
                    if (known.applies().test(config)) {
                        tally.listed(known.label());
                        continue configurations;
                    }
                }
            }
            if (!bothRejected && !expected.equals(actual)) {
                fail(tally.seed(c) + new TreeMap<>(config) + "\n  Flink:    " + expected + "\n  Slotwise: " + actual);
            }
            tally.agreed(
                    expected.startsWith("rejected") ? "configurations: both rejected" : "configurations: same policy");
        }
    }

    /** Flink's reading as one line; "rejected: ..." if Flink refuses the configuration. */
    private String flinkReads(Map<String, String> config, FlinkReader reader) {
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
            FlinkReading reading = reader.read(conf, (JobCheckpointingSettings) cached);
            Object restarts = reading.restarts();
            call(restarts, "notifyFailure", new RuntimeException("test"));
            String backoff = (Boolean) call(restarts, "canRestart")
                    ? firstBackoff(restarts).toString()
                    : "none";
            return line(reading.fields(), backoff);
        } catch (Exception e) {
            if (String.valueOf(e.getMessage())
                    .startsWith("Checkpoint interval must be larger than or equal to 10 ms")) {
                tally.count("configurations: Flink rejects the checkpoint interval (below 10 ms)");
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
    private Duration firstBackoff(Object restarts) throws ReflectiveOperationException {
        if (restarts.getClass().getSimpleName().equals("ExponentialDelayRestartBackoffTimeStrategy")) {
            tally.count("restart strategies: exponential delay");
            long initialMillis = initialBackoffMillis(restarts);
            long jittered = (Long) call(restarts, "getBackoffTime"); // from the wall clock: allow 100 ms
            if (jittered < initialMillis - 100 || jittered > initialMillis + initialMillis / 10 + 1) {
                throw new AssertionError("jitter beyond 10%: " + jittered + " for " + restarts);
            }
            return Duration.ofMillis(initialMillis);
        }
        tally.count("restart strategies: " + restarts.getClass().getSimpleName());
        return Duration.ofMillis((Long) call(restarts, "getBackoffTime"));
    }

    /** The exponential-delay strategy's initial backoff: its getter from 1.19, its field before. */
    private static long initialBackoffMillis(Object restarts) throws ReflectiveOperationException {
        try {
            return (Long) call(restarts, "getInitialBackoffMS");
        } catch (NoSuchMethodException e) {
            java.lang.reflect.Field f = restarts.getClass().getDeclaredField("initialBackoffMS");
            f.setAccessible(true);
            return f.getLong(restarts);
        }
    }

    /** Calls a method of the restart strategy by name (declared on its class or an interface). */
    private static Object call(Object target, String name, Object... args) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                    m.setAccessible(true);
                    return m.invoke(target, args);
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "#" + name);
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
                .getJobGraph(FlinkConfigCases.class.getClassLoader(), new JobID())
                .getCheckpointingSettings();
    }

    /** Slotwise's reading as the same line; the backoff only where Flink restarts at all. */
    private static String slotwiseReads(
            Map<String, String> config, String flink, Function<RescalePolicy, Object[]> fields) {
        try {
            RescalePolicy p = FlinkConfig.read(config).policy();
            boolean flinkRestarts = !flink.endsWith(" none");
            return line(fields.apply(p), flinkRestarts ? p.restartBackoff().toString() : "none");
        } catch (IllegalArgumentException e) {
            return "rejected: " + e;
        }
    }

    /** The fields and the backoff as one line, each as {@code String.valueOf}. */
    private static String line(Object[] fields, String backoff) {
        List<String> parts = new ArrayList<>();
        for (Object f : fields) {
            parts.add(String.valueOf(f));
        }
        parts.add(backoff);
        return String.join(" ", parts);
    }
}
