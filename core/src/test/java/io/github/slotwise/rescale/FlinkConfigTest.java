package io.github.slotwise.rescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.rescale.FlinkConfig.Read;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FlinkConfig} against the Flink sources it restates. Defaults are named by the Flink field
 * they come from: JobManagerOptions, CheckpointingOptions and RestartStrategyOptions (flink-core),
 * AdaptiveScheduler.Settings.of and RestartBackoffTimeStrategyFactoryLoader (flink-runtime).
 */
class FlinkConfigTest {
    private static final String P = "jobmanager.adaptive-scheduler.";
    private static final String SUBMISSION_WAIT = P + "submission.resource-wait-timeout";
    private static final String WAIT = P + "resource-wait-timeout";
    private static final String SUBMISSION_STABILIZATION = P + "submission.resource-stabilization-timeout";
    private static final String STABILIZATION = P + "resource-stabilization-timeout";
    private static final String COOLDOWN = P + "executing.cooldown-after-rescaling";
    private static final String INTERVAL_MIN = P + "scaling-interval.min";
    private static final String INTERVAL_MAX = P + "scaling-interval.max";
    private static final String EXECUTING_STABILIZATION = P + "executing.resource-stabilization-timeout";
    private static final String FAILURES = P + "rescale-trigger.max-checkpoint-failures";
    private static final String MAX_DELAY = P + "rescale-trigger.max-delay";
    private static final String MIN_INCREASE = P + "min-parallelism-increase";
    private static final String CHECKPOINTING = "execution.checkpointing.interval";
    private static final String VERSION = "slotwise.flink-version";

    private static Read read(String... keysAndValues) {
        return FlinkConfig.read(config(keysAndValues));
    }

    private static RescalePolicy policy(String... keysAndValues) {
        return read(keysAndValues).policy();
    }

    private static Map<String, String> config(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    /** The exception's message must name the key and quote the value. */
    private static void rejects(Map<String, String> config, String key, String value, String... fragments) {
        assertThatThrownBy(() -> FlinkConfig.read(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContainingAll(fragments);
    }

    // ---- durations: TimeUtils.parseDuration ------------------------------------------------------

    @Nested
    class Durations {
        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "30 s       | PT30S",
                    "5 min      | PT5M",
                    "100ms      | PT0.1S",
                    "1 h        | PT1H",
                    "2d         | PT48H",
                    "500        | PT0.5S", // no label: milliseconds
                    "0          | PT0S",
                    "00010ms    | PT0.01S", // leading zeros
                    "10 MIN     | PT10M", // labels are lower-cased (Locale.US)
                    "3 Seconds  | PT3S",
                })
        void parsesFlinksSyntax(String text, String expected) {
            assertThat(FlinkConfig.parseDuration("k", text)).isEqualTo(Duration.parse(expected));
        }

        @Test
        void trimsTheValueAndTheLabelButNothingInside() {
            assertThat(FlinkConfig.parseDuration("k", " \t30 s\n")).isEqualTo(Duration.ofSeconds(30));
            assertThat(FlinkConfig.parseDuration("k", "1\t s")).isEqualTo(Duration.ofSeconds(1));
            assertThat(FlinkConfig.parseDuration("k", "7     ms")).isEqualTo(Duration.ofMillis(7));
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "30 s s"))
                    .hasMessageContaining("unknown time unit 's s'");
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "5 m in"))
                    .hasMessageContaining("unknown time unit 'm in'");
        }

        static Stream<Arguments> everyLabel() {
            // TimeUtils.TimeUnit: singular(..) adds the label, plural(..) also label + "s".
            return Stream.of(
                            Map.entry(ChronoUnit.DAYS, List.of("d", "day", "days")),
                            Map.entry(ChronoUnit.HOURS, List.of("h", "hour", "hours")),
                            Map.entry(ChronoUnit.MINUTES, List.of("min", "m", "minute", "minutes")),
                            Map.entry(ChronoUnit.SECONDS, List.of("s", "sec", "secs", "second", "seconds")),
                            Map.entry(
                                    ChronoUnit.MILLIS, List.of("ms", "milli", "millis", "millisecond", "milliseconds")),
                            Map.entry(
                                    ChronoUnit.MICROS,
                                    List.of("\u00b5s", "micro", "micros", "microsecond", "microseconds")),
                            Map.entry(ChronoUnit.NANOS, List.of("ns", "nano", "nanos", "nanosecond", "nanoseconds")))
                    .flatMap(e -> e.getValue().stream().map(label -> Arguments.of(label, e.getKey())));
        }

        @ParameterizedTest
        @MethodSource("everyLabel")
        void acceptsEveryLabelFlinkKnowsInAnyCaseWithOrWithoutASpace(String label, ChronoUnit unit) {
            Duration seven = Duration.of(7, unit);
            assertThat(FlinkConfig.parseDuration("k", "7" + label)).isEqualTo(seven);
            assertThat(FlinkConfig.parseDuration("k", "7 " + label)).isEqualTo(seven);
            assertThat(FlinkConfig.parseDuration(
                            "k",
                            "7 "
                                    + label.toUpperCase(java.util.Locale.ROOT)
                                            .replace("\u039c", "\u00b5"))) // upper-case micro sign is Greek Mu
                    .isEqualTo(seven);
        }

        @Test
        void microIsTheMicroSignNotUsNorGreekMu() {
            assertThat(FlinkConfig.parseDuration("k", "10 \u00b5S")).isEqualTo(Duration.ofNanos(10_000));
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "10 us"))
                    .hasMessageContaining("unknown time unit 'us'")
                    .hasMessageContaining("closest: s, ms, \u00b5s");
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "10 \u03bcs"))
                    .hasMessageContaining("unknown time unit");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1 mins", "1 hr", "1 x", "1 sek", "1_000 ms", "1.5 s", "1,5 s", "1e3 ms"})
        void rejectsUnknownUnitsAndFractions(String text) {
            assertThatThrownBy(() -> FlinkConfig.parseDuration("some.key", text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("some.key")
                    .hasMessageContaining("'" + text + "'")
                    .hasMessageContaining("unknown time unit");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1 ms", "-1", "-5 s", "+1 s"})
        void rejectsSignsSoNoDurationIsNegative(String text) {
            // TimeUtils only takes leading ASCII digits; "-1 ms" is no ISO-8601 duration either.
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", text))
                    .hasMessageContaining("'" + text + "'")
                    .hasMessageContaining("no sign: durations are never negative");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t\n"})
        void rejectsEmptyValues(String text) {
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", text)).hasMessageContaining("it is empty");
        }

        @Test
        void rejectsNonAsciiDigitsAndWords() {
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "\u0661 s"))
                    .hasMessageContaining("does not start with a number");
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "forever"))
                    .hasMessageContaining("does not start with a number");
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", null)).hasMessageContaining("k has no value");
        }

        @Test
        void fallsBackToIso8601SinceFlink21() {
            assertThat(FlinkConfig.parseDuration("k", "PT30S")).isEqualTo(Duration.ofSeconds(30));
            assertThat(FlinkConfig.parseDuration("k", "pt1.5s")).isEqualTo(Duration.ofMillis(1500));
            assertThat(FlinkConfig.parseDuration("k", "P1DT2H")).isEqualTo(Duration.ofHours(26));
            assertThat(FlinkConfig.parseDuration("k", "P1DT-1H")).isEqualTo(Duration.ofHours(23));
            assertThat(FlinkConfig.parseDuration("k", "-PT0S")).isEqualTo(Duration.ZERO); // not negative
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "-PT1S"))
                    .hasMessageContaining("negative durations are not supported");
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "PT"))
                    .hasMessageContaining("no ISO-8601 duration either");
        }

        @Test
        void isoDurationsAreErrorsBeforeFlink21() {
            for (String version : List.of("1.17", "1.18", "1.19", "1.20", "2.0")) {
                rejects(
                        config(VERSION, version, CHECKPOINTING, "PT30S"),
                        CHECKPOINTING,
                        "PT30S",
                        "does not start with a number");
            }
            for (String version : List.of("2.1", "2.2", "2.3")) {
                assertThat(policy(VERSION, version, CHECKPOINTING, "PT30S").checkpointInterval())
                        .contains(Duration.ofSeconds(30));
            }
        }

        @Test
        void overflowFollowsEachVersionsArithmetic() {
            // 2.x: BigInteger digits, the duration must fit (seconds in a long).
            assertThat(FlinkConfig.parseDuration("k", "9223372036854775807 ns"))
                    .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
            assertThat(FlinkConfig.parseDuration("k", "9223372036854775808 ns"))
                    .isEqualTo(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1));
            assertThat(FlinkConfig.parseDuration("k", "106751991167300 d"))
                    .isEqualTo(Duration.ofDays(106751991167300L));
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "106751991167301 d"))
                    .hasMessageContaining("too long for a duration");
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "99999999999999999999999999999 s"))
                    .hasMessageContaining("too long for a duration");
            // 2.0 also takes more digits than a long; 1.x parses them as a long.
            assertThat(policy(VERSION, "2.0", SUBMISSION_WAIT, "9223372036854775808 ns")
                            .submissionResourceWaitTimeout())
                    .isEqualTo(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1));
            rejects(
                    config(VERSION, "1.20", WAIT, "9223372036854775808 ns"),
                    WAIT,
                    "9223372036854775808 ns",
                    "does not fit a 64-bit long");
            assertThat(policy(VERSION, "1.20", WAIT, "9223372036854775807 ns").submissionResourceWaitTimeout())
                    .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        }
    }

    // ---- defaults and presets ------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Generation.class)
    void anEmptyConfigurationIsTheGenerationsPreset(Generation generation) {
        RescalePolicy preset =
                switch (generation) {
                    case FLINK_1_17 -> RescalePolicy.FLINK_1_17;
                    case FLINK_1_18 -> RescalePolicy.FLINK_1_18;
                    case FLINK_1_20 -> RescalePolicy.FLINK_1_20;
                    case FLINK_2 -> RescalePolicy.FLINK_2;
                };
        assertThat(FlinkConfig.toPolicy(Map.of(), generation)).isEqualTo(preset);
        assertThat(FlinkConfig.toPolicy(Map.of("scheduler-mode", "reactive"), generation))
                .isEqualTo(preset.asReactive());
    }

    @Test
    void withoutAVersionKeyTheDefaultIsFlink23() {
        Read read = FlinkConfig.read(Map.of());
        assertThat(read.flinkVersion()).isEqualTo("2.3");
        assertThat(read.policy()).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(read.keysRead()).isEmpty();
        assertThat(RescalePolicy.fromFlinkConfig(Map.of())).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(RescalePolicy.fromFlinkConfig(Map.of("scheduler-mode", "reactive")))
                .isEqualTo(RescalePolicy.REACTIVE);
    }

    @Test
    void notesSayWhereEveryDefaultComesFrom() {
        // JobManagerOptions: SCHEDULER_SUBMISSION_RESOURCE_WAIT_TIMEOUT 5 min, ..._STABILIZATION_TIMEOUT
        // 10 s, SCHEDULER_EXECUTING_COOLDOWN_AFTER_RESCALING 30 s,
        // SCHEDULER_EXECUTING_RESOURCE_STABILIZATION_TIMEOUT 60 s,
        // SCHEDULER_RESCALE_TRIGGER_MAX_CHECKPOINT_FAILURES 2; SCHEDULER_RESCALE_TRIGGER_MAX_DELAY none.
        assertThat(read().notes())
                .containsExactly(
                        "Flink 2.3 (FLINK_2), the default version",
                        SUBMISSION_WAIT + " = 5 min (Flink's default)",
                        SUBMISSION_STABILIZATION + " = 10 s (Flink's default)",
                        CHECKPOINTING + " unset: checkpointing off",
                        COOLDOWN + " = 30 s (Flink's default)",
                        EXECUTING_STABILIZATION + " = 1 min (Flink's default)",
                        FAILURES + " = 2 (Flink's default)",
                        MAX_DELAY + " unset: 0 ms, as checkpointing is off (Flink's default)",
                        "restart-strategy.type unset: without checkpointing Flink does not restart a failed job;"
                                + " Slotwise restarts it after 1 s");
    }

    @Test
    void unknownKeysAreIgnored() {
        Read read = read(
                "taskmanager.numberOfTaskSlots",
                "4",
                "parallelism.default",
                "not even a number",
                P + "rescale-trigger.active-checkpoint.enabled",
                "true", // not in 2.3.0's JobManagerOptions
                "Jobmanager.adaptive-scheduler.submission.resource-wait-timeout",
                "1 s"); // keys are case-sensitive
        assertThat(read.policy()).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(read.keysRead()).isEmpty();
    }

    @Test
    void nullValuesCountAsAbsent() {
        Map<String, String> config = new HashMap<>();
        config.put(SUBMISSION_WAIT, null);
        config.put(WAIT, "1 min");
        assertThat(FlinkConfig.read(config).policy().submissionResourceWaitTimeout())
                .isEqualTo(Duration.ofMinutes(1));
    }

    // ---- every 2.x key and its deprecated key --------------------------------------------------

    record Fallback(String key, String deprecatedKey, Function<RescalePolicy, Duration> field) {
        @Override
        public String toString() {
            return key;
        }
    }

    static Stream<Fallback> fallbacks() {
        // JobManagerOptions (2.0-2.3): .withDeprecatedKeys(RESOURCE_WAIT_TIMEOUT.key()),
        // (RESOURCE_STABILIZATION_TIMEOUT.key()), (SCHEDULER_SCALING_INTERVAL_MIN.key()).
        return Stream.of(
                new Fallback(SUBMISSION_WAIT, WAIT, RescalePolicy::submissionResourceWaitTimeout),
                new Fallback(
                        SUBMISSION_STABILIZATION, STABILIZATION, RescalePolicy::submissionResourceStabilizationTimeout),
                new Fallback(COOLDOWN, INTERVAL_MIN, RescalePolicy::cooldownAfterRescaling));
    }

    @ParameterizedTest
    @MethodSource("fallbacks")
    void theKeyIsRead(Fallback f) {
        Read read = read(f.key(), "7 s");
        assertThat(f.field().apply(read.policy())).isEqualTo(Duration.ofSeconds(7));
        assertThat(read.keysRead()).containsExactly(Map.entry(f.key(), "7 s"));
        assertThat(read.notes()).contains(f.key() + " = 7 s");
    }

    @ParameterizedTest
    @MethodSource("fallbacks")
    void theDeprecatedKeyIsReadWhenTheKeyIsAbsent(Fallback f) {
        Read read = read(f.deprecatedKey(), "8 s");
        assertThat(f.field().apply(read.policy())).isEqualTo(Duration.ofSeconds(8));
        assertThat(read.keysRead()).containsExactly(Map.entry(f.deprecatedKey(), "8 s"));
        assertThat(read.notes()).contains(f.key() + " = 8 s (from the deprecated key " + f.deprecatedKey() + ")");
    }

    @ParameterizedTest
    @MethodSource("fallbacks")
    void theKeyWinsOverItsDeprecatedKey(Fallback f) {
        Read read = read(f.key(), "7 s", f.deprecatedKey(), "8 s");
        assertThat(f.field().apply(read.policy())).isEqualTo(Duration.ofSeconds(7));
        assertThat(read.keysRead()).containsExactly(Map.entry(f.key(), "7 s"));
        assertThat(read.notes()).contains(f.deprecatedKey() + " ignored: " + f.key() + " is set");
    }

    @ParameterizedTest
    @MethodSource("fallbacks")
    void onlyTheValueReadIsParsed(Fallback f) {
        // Configuration.getOptional never looks at the deprecated key once the key is set ...
        assertThat(f.field().apply(policy(f.key(), "7 s", f.deprecatedKey(), "garbage")))
                .isEqualTo(Duration.ofSeconds(7));
        // ... and a bad deprecated value is reported under its own name.
        assertThatThrownBy(() -> policy(f.deprecatedKey(), "garbage"))
                .hasMessageStartingWith(f.deprecatedKey() + ": cannot parse 'garbage'");
    }

    @Test
    void readsEveryOther2xKey() {
        Read read = read(
                EXECUTING_STABILIZATION, "2 min",
                FAILURES, "4",
                MAX_DELAY, "45 s",
                CHECKPOINTING, "10 s");
        RescalePolicy p = read.policy();
        assertThat(p.executingResourceStabilizationTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.maxCheckpointFailures()).isEqualTo(4);
        assertThat(p.rescaleTriggerMaxDelay()).contains(Duration.ofSeconds(45));
        assertThat(p.effectiveMaxTriggerDelay()).isEqualTo(Duration.ofSeconds(45)); // max-delay wins
        assertThat(p.checkpointInterval()).contains(Duration.ofSeconds(10));
        assertThat(read.keysRead()).containsOnlyKeys(EXECUTING_STABILIZATION, FAILURES, MAX_DELAY, CHECKPOINTING);
    }

    @Test
    void integersAreParsedAsIntegerParseIntDoes() {
        // ConfigurationUtils.convertToInt: Integer.parseInt(o.toString()), no trimming.
        assertThat(policy(FAILURES, "+3").maxCheckpointFailures()).isEqualTo(3);
        assertThat(policy(FAILURES, "007").maxCheckpointFailures()).isEqualTo(7);
        rejects(config(FAILURES, " 2"), FAILURES, " 2", "as an integer");
        rejects(config(FAILURES, "2.0"), FAILURES, "2.0", "as an integer");
        rejects(config(FAILURES, "two"), FAILURES, "two", "as an integer");
        rejects(config(FAILURES, "2147483648"), FAILURES, "2147483648", "as an integer");
    }

    // ---- the max trigger delay's default (AdaptiveScheduler.Settings.of) ----------------------

    @ParameterizedTest
    @CsvSource({
        // interval, failures, expected effective delay: (failures + 1) x interval, else 0
        "10 s, , PT30S",
        "10 s, 1, PT20S",
        "10 s, 4, PT50S",
        "1 min, 2, PT3M",
        ", 4, PT0S",
    })
    void unsetMaxDelayFollowsTheCheckpointInterval(String interval, String failures, String expected) {
        Map<String, String> config = new HashMap<>();
        if (interval != null) {
            config.put(CHECKPOINTING, interval);
        }
        if (failures != null) {
            config.put(FAILURES, failures);
        }
        RescalePolicy p = FlinkConfig.read(config).policy();
        assertThat(p.rescaleTriggerMaxDelay()).isEmpty();
        assertThat(p.effectiveMaxTriggerDelay()).isEqualTo(Duration.parse(expected));
    }

    @Test
    void theMaxDelayNoteShowsTheArithmetic() {
        assertThat(read(CHECKPOINTING, "10 s").notes())
                .contains(MAX_DELAY + " unset: (2 + 1) x 10 s = 30 s"
                        + " (Flink's default: checkpoint interval x (max-checkpoint-failures + 1))");
    }

    @Test
    void checkpointIntervalsBelow10MsAreRejected() {
        // CheckpointConfig#configure -> setCheckpointInterval(interval.toMillis()) throws "Checkpoint
        // interval must be larger than or equal to 10 ms" (CheckpointCoordinatorConfiguration
        // .MINIMAL_CHECKPOINT_TIME); found by flink-adapter's FlinkConfigDifferentialTest, which
        // builds a streaming job with Flink 2.3 (Slotwise used to read such values as checkpointing off).
        for (String bad : List.of("0", "9 ms", "9999 \u00b5s", "5 ns")) {
            assertThatThrownBy(() -> read(CHECKPOINTING, bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(CHECKPOINTING)
                    .hasMessageContaining("'" + bad + "' is below 10 ms");
        }
        assertThat(policy(CHECKPOINTING, "10 ms").checkpointInterval()).contains(Duration.ofMillis(10));
    }

    @Test
    void checkpointIntervalsAreKeptInWholeMilliseconds() {
        Read read = read(CHECKPOINTING, "10500 \u00b5s");
        assertThat(read.policy().checkpointInterval()).contains(Duration.ofMillis(10));
        assertThat(read.notes())
                .contains(CHECKPOINTING + " = 10 ms (10500 \u00b5s cut to whole milliseconds, as Flink keeps it)");
    }

    // ---- Reactive Mode -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"reactive", "REACTIVE", "Reactive", "rEaCtIvE"})
    void reactiveModeAppliesItsDefaults(String mode) {
        // Settings.of: REACTIVE makes the defaults Duration.ofMillis(-1) and Duration.ZERO.
        Read read = read("scheduler-mode", mode);
        assertThat(read.policy()).isEqualTo(RescalePolicy.REACTIVE);
        assertThat(read.notes())
                .contains(
                        SUBMISSION_WAIT + " = -1 ms (Reactive Mode's default: wait for resources forever)",
                        SUBMISSION_STABILIZATION + " = 0 ms (Reactive Mode's default)");
    }

    @ParameterizedTest
    @MethodSource("fallbacks")
    void reactiveModeKeepsExplicitKeysIncludingDeprecatedOnes(Fallback f) {
        for (String key : List.of(f.key(), f.deprecatedKey())) {
            RescalePolicy p = policy("scheduler-mode", "reactive", key, "42 s");
            assertThat(p.reactive()).isTrue();
            assertThat(f.field().apply(p)).as(key).isEqualTo(Duration.ofSeconds(42));
        }
    }

    @Test
    void reactiveModeKeepsTheOtherDefaultWhenOneKeyIsSet() {
        RescalePolicy p = policy("scheduler-mode", "reactive", WAIT, "3 min");
        assertThat(p.submissionResourceWaitTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(p.submissionResourceStabilizationTimeout()).isEqualTo(Duration.ZERO);
        RescalePolicy q = policy("scheduler-mode", "reactive", SUBMISSION_STABILIZATION, "0");
        assertThat(q.submissionResourceWaitTimeout()).isEqualTo(Duration.ofMillis(-1));
    }

    @Test
    void reactiveModeIn1xUsesThe1xKeys() {
        RescalePolicy p = policy(VERSION, "1.18", "scheduler-mode", "reactive", STABILIZATION, "5 s");
        assertThat(p.generation()).isEqualTo(Generation.FLINK_1_18);
        assertThat(p.reactive()).isTrue();
        assertThat(p.submissionResourceWaitTimeout()).isEqualTo(Duration.ofMillis(-1));
        assertThat(p.submissionResourceStabilizationTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adaptive", "default", "", " reactive", "reactive "})
    void rejectsAnyOtherSchedulerMode(String mode) {
        // ConfigurationUtils.convertToEnum compares upper-cased names without trimming.
        rejects(config("scheduler-mode", mode), "scheduler-mode", mode, "only REACTIVE");
    }

    // ---- Flink 1.17 and 1.18 -------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"1.17, FLINK_1_17", "1.18, FLINK_1_18", "1.18.1, FLINK_1_18"})
    void flink117And118ReadTheirThreeKeys(String version, Generation generation) {
        Read read = read(
                VERSION, version,
                WAIT, "10 min",
                STABILIZATION, "20 s",
                MIN_INCREASE, "3");
        RescalePolicy p = read.policy();
        assertThat(p.generation()).isEqualTo(generation);
        assertThat(p.submissionResourceWaitTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.submissionResourceStabilizationTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.minParallelismIncrease()).isEqualTo(3);
        assertThat(read.keysRead()).containsOnlyKeys(WAIT, STABILIZATION, MIN_INCREASE);
    }

    @Test
    void flink118IgnoresLaterKeys() {
        Read read = read(
                VERSION, "1.18",
                INTERVAL_MIN, "1 min",
                INTERVAL_MAX, "not parsed",
                SUBMISSION_WAIT, "1 s",
                COOLDOWN, "also not parsed");
        assertThat(read.policy()).isEqualTo(RescalePolicy.FLINK_1_18);
        assertThat(read.notes())
                .contains(
                        INTERVAL_MIN + " ignored: it came with Flink 1.19",
                        INTERVAL_MAX + " ignored: it came with Flink 1.19",
                        SUBMISSION_WAIT + " ignored: it came with Flink 2.0",
                        COOLDOWN + " ignored: it came with Flink 2.0");
    }

    @Test
    void minParallelismIncreaseBelowOneIsRejected() {
        // Flink 1.x does not check it (EnforceMinimalIncreaseRescalingController); Slotwise does.
        rejects(config(VERSION, "1.18", MIN_INCREASE, "0"), MIN_INCREASE, "0", "must be 1 or higher in Slotwise");
        rejects(config(VERSION, "1.20", MIN_INCREASE, "-2"), MIN_INCREASE, "-2", "must be 1 or higher");
        rejects(config(VERSION, "1.17", MIN_INCREASE, "one"), MIN_INCREASE, "one", "as an integer");
    }

    // ---- Flink 1.19 and 1.20 -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1.19", "1.20", "1.20.3"})
    void flink119And120ReadTheScalingIntervals(String version) {
        Read read = read(
                VERSION, version,
                INTERVAL_MIN, "1 min",
                INTERVAL_MAX, "5 min",
                MIN_INCREASE, "2",
                WAIT, "1 h",
                CHECKPOINTING, "30 s");
        RescalePolicy p = read.policy();
        assertThat(p.generation()).isEqualTo(Generation.FLINK_1_20);
        assertThat(p.cooldownAfterRescaling()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.scalingIntervalMax()).contains(Duration.ofMinutes(5));
        assertThat(p.minParallelismIncrease()).isEqualTo(2);
        assertThat(p.submissionResourceWaitTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(p.checkpointInterval()).contains(Duration.ofSeconds(30));
        assertThat(read.flinkVersion()).isEqualTo(version.substring(0, 4));
    }

    @Test
    void flink120DefaultsScalingIntervalMinTo30s() {
        // JobManagerOptions.SCHEDULER_SCALING_INTERVAL_MIN 30 s; _MAX no default.
        Read read = read(VERSION, "1.20");
        assertThat(read.policy()).isEqualTo(RescalePolicy.FLINK_1_20);
        assertThat(read.notes())
                .contains(
                        INTERVAL_MIN + " = 30 s (Flink's default)",
                        INTERVAL_MAX + " unset: no forced rescale (Flink's default)",
                        MIN_INCREASE + " = 1 (Flink's default)");
        assertThat(policy(VERSION, "1.20", INTERVAL_MIN, "0", INTERVAL_MAX, "1 ms")
                        .scalingIntervalMax())
                .contains(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @CsvSource({"30 s, 30 s", "1 min, 59 s", "1 min, 0"})
    void flink120RejectsAMaxNotAboveTheMin(String min, String max) {
        // AdaptiveScheduler.Settings.of (1.20): checkState(max > min, "%s(%d) must be greater than %s(%d)").
        rejects(
                config(VERSION, "1.20", INTERVAL_MIN, min, INTERVAL_MAX, max),
                INTERVAL_MAX,
                max,
                INTERVAL_MAX + ": '" + max + "' must be greater than " + INTERVAL_MIN + " ('" + min + "')");
    }

    @Test
    void flink120RejectsAMaxNotAboveTheDefaultMin() {
        rejects(
                config(VERSION, "1.19", INTERVAL_MAX, "20 s"),
                INTERVAL_MAX,
                "20 s",
                "must be greater than " + INTERVAL_MIN + " (30 s, the default)");
    }

    @Test
    void flink120Ignores2xKeys() {
        Read read = read(VERSION, "1.20", SUBMISSION_WAIT, "1 s", FAILURES, "0", MAX_DELAY, "x");
        assertThat(read.policy()).isEqualTo(RescalePolicy.FLINK_1_20);
        assertThat(read.notes()).contains(SUBMISSION_WAIT + " ignored: it came with Flink 2.0");
    }

    // ---- Flink 2.x's deprecated and dropped keys ---------------------------------------------

    @Test
    void flink2IgnoresMinParallelismIncreaseButStillParsesIt() {
        // Settings.of: getOptional(MIN_PARALLELISM_INCREASE).isPresent() only logs a warning, but
        // getOptional parses the value.
        Read read = read(MIN_INCREASE, "5");
        assertThat(read.policy()).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(read.keysRead()).doesNotContainKey(MIN_INCREASE);
        assertThat(read.notes())
                .anyMatch(n -> n.startsWith(MIN_INCREASE + " = 5 is deprecated and ignored since Flink 2.0"));
        assertThat(policy(MIN_INCREASE, "0").minParallelismIncrease()).isEqualTo(1);
        rejects(config(MIN_INCREASE, "five"), MIN_INCREASE, "five", "as an integer");
    }

    @Test
    void flink2DoesNotReadScalingIntervalMax() {
        Read read = read(INTERVAL_MAX, "not even parsed");
        assertThat(read.policy()).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(read.notes()).anyMatch(n -> n.startsWith(INTERVAL_MAX + " ignored: it is deprecated"));
        // no 1.20 check against the cooldown either
        assertThat(policy(COOLDOWN, "5 min", INTERVAL_MAX, "1 min").scalingIntervalMax())
                .isEmpty();
    }

    @Test
    void flink2ReadsScalingIntervalMinOnlyAsTheCooldownsDeprecatedKey() {
        assertThat(policy(INTERVAL_MIN, "2 min").cooldownAfterRescaling()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void maxCheckpointFailuresMustBeAtLeastOne() {
        // Settings.of throws ConfigurationException("%s should have a value of 1 or higher.").
        for (String bad : List.of("0", "-1")) {
            rejects(config(FAILURES, bad), FAILURES, bad, FAILURES + " should have a value of 1 or higher.");
        }
        assertThat(policy(FAILURES, "1").maxCheckpointFailures()).isEqualTo(1);
    }

    @Test
    void negativeDurationsAreRejectedForEveryTimeout() {
        for (String key : List.of(
                SUBMISSION_WAIT, SUBMISSION_STABILIZATION, COOLDOWN, EXECUTING_STABILIZATION, MAX_DELAY, WAIT)) {
            rejects(config(key, "-5 s"), key, "-5 s", "durations are never negative");
        }
        rejects(config(VERSION, "1.20", INTERVAL_MIN, "-1 s"), INTERVAL_MIN, "-1 s", "never negative");
    }

    @Test
    void waitingForeverIsReactiveModesDefaultOnly() {
        // Flink's docs say a negative resource-wait-timeout waits forever, but TimeUtils parses no
        // negative value: only Reactive Mode's default (Duration.ofMillis(-1)) gets there.
        rejects(config(SUBMISSION_WAIT, "-1 ms"), SUBMISSION_WAIT, "-1 ms", "never negative");
        assertThat(policy("scheduler-mode", "reactive").submissionResourceWaitTimeout())
                .isEqualTo(Duration.ofMillis(-1));
        assertThat(RescalePolicy.builder()
                        .submissionResourceWaitTimeout(Duration.ofMillis(-1))
                        .build()
                        .submissionResourceWaitTimeout())
                .isNegative();
    }

    // ---- restart strategy ----------------------------------------------------------------------

    @Test
    void restartBackoffDefaultsTo1s() {
        // Unset restart-strategy.type: with checkpointing, exponential-delay (1.19+) or fixed-delay
        // (1.17/1.18, RestartBackoffTimeStrategyFactoryLoader.DEFAULT_RESTART_DELAY) with a 1 s first
        // backoff; without, no restart at all, which Slotwise cannot model: it keeps 1 s.
        Read on = read(CHECKPOINTING, "1 min", "restart-strategy.exponential-delay.initial-backoff", "9 s");
        assertThat(on.policy().restartBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(on.notes())
                .contains("restart-strategy.type unset: with checkpointing Flink 2.3 restarts with exponential-delay"
                        + " and its default first backoff, 1 s; restart-strategy.* delay keys are not read")
                .contains("restart-strategy.exponential-delay.initial-backoff ignored:"
                        + " it is not the restart strategy in force");
        assertThat(read(VERSION, "1.18", CHECKPOINTING, "1 min").notes())
                .anyMatch(n -> n.contains("Flink 1.18 restarts with fixed-delay"));
        assertThat(policy().restartBackoff()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource({
        "fixed-delay, restart-strategy.fixed-delay.delay",
        "FixedDelay, restart-strategy.fixed-delay.delay",
        "failure-rate, restart-strategy.failure-rate.delay",
        "FAILURERATE, restart-strategy.failure-rate.delay",
        "exponential-delay, restart-strategy.exponential-delay.initial-backoff",
        "exponentialdelay, restart-strategy.exponential-delay.initial-backoff",
    })
    void restartBackoffIsTheFirstDelayOfTheStrategyInForce(String type, String delayKey) {
        assertThat(policy("restart-strategy.type", type, delayKey, "5 s").restartBackoff())
                .isEqualTo(Duration.ofSeconds(5));
        // RestartStrategyOptions: every delay defaults to 1 s.
        assertThat(policy("restart-strategy.type", type).restartBackoff()).isEqualTo(Duration.ofSeconds(1));
        // The deprecated key "restart-strategy" names the type too; restart-strategy.type wins.
        assertThat(policy("restart-strategy", type, delayKey, "6 s").restartBackoff())
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(policy("restart-strategy.type", type, "restart-strategy", "bogus", delayKey, "7 s")
                        .restartBackoff())
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void restartDelaysAreWholeMilliseconds() {
        assertThat(policy(
                                "restart-strategy.type", "fixed-delay",
                                "restart-strategy.fixed-delay.delay", "1500 \u00b5s")
                        .restartBackoff())
                .isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "off", "disable", "NONE"})
    void noRestartStrategyKeepsTheDefaultAndSaysSo(String type) {
        Read read = read("restart-strategy.type", type, "restart-strategy.fixed-delay.delay", "9 s");
        assertThat(read.policy().restartBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(read.notes()).anyMatch(n -> n.contains("Flink does not restart a failed job"));
    }

    @Test
    void rejectsBadRestartStrategies() {
        rejects(config("restart-strategy.type", "fixed"), "restart-strategy.type", "fixed", "unknown restart strategy");
        rejects(config("restart-strategy", "sometimes"), "restart-strategy", "sometimes", "unknown restart strategy");
        // ExponentialDelayRestartBackoffTimeStrategy: "Initial backoff must be at least 1." and
        // "Initial backoff cannot be higher than maximum backoff." (max-backoff 1 min since 1.19).
        String initial = "restart-strategy.exponential-delay.initial-backoff";
        rejects(
                config("restart-strategy.type", "exponential-delay", initial, "999 \u00b5s"),
                initial,
                "999 \u00b5s",
                "at least 1 ms");
        rejects(
                config("restart-strategy.type", "exponential-delay", initial, "2 min"),
                initial,
                "2 min",
                "cannot be higher than restart-strategy.exponential-delay.max-backoff (1 min, the default)");
        String max = "restart-strategy.exponential-delay.max-backoff";
        rejects(
                config("restart-strategy.type", "exponential-delay", max, "500 ms"),
                max,
                "500 ms",
                "cannot be lower than " + initial + " (1 s, the default)");
        rejects(config("restart-strategy.type", "exponential-delay", max, "0"), max, "0", "at least 1 ms");
        assertThat(policy(VERSION, "1.18", "restart-strategy.type", "exponential-delay", initial, "2 min")
                        .restartBackoff())
                .isEqualTo(Duration.ofMinutes(2)); // max-backoff was 5 min before 1.19
        assertThat(policy(
                                "restart-strategy.type",
                                "exponential-delay",
                                initial,
                                "2 min",
                                "restart-strategy.exponential-delay.max-backoff",
                                "2 min")
                        .restartBackoff())
                .isEqualTo(Duration.ofMinutes(2));
    }

    // ---- versions, errors, notes ---------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "1.17, FLINK_1_17, 1.17",
        "1.18, FLINK_1_18, 1.18",
        "1.19, FLINK_1_20, 1.19",
        "1.20, FLINK_1_20, 1.20",
        "2.0, FLINK_2, 2.0",
        "2.1, FLINK_2, 2.1",
        "2.2, FLINK_2, 2.2",
        "2.3, FLINK_2, 2.3",
        "2.3.0, FLINK_2, 2.3",
        "' 2.1 ', FLINK_2, 2.1",
    })
    void theVersionKeyPicksTheGeneration(String version, Generation generation, String label) {
        Read read = read(VERSION, version);
        assertThat(read.policy().generation()).isEqualTo(generation);
        assertThat(read.flinkVersion()).isEqualTo(label);
        assertThat(read.notes().get(0)).endsWith(", named by " + VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.16", "2.4", "3.0", "2", "latest", "", "v2.3", "2.3-SNAPSHOT"})
    void rejectsUnknownVersions(String version) {
        rejects(config(VERSION, version), VERSION, version, "unknown Flink version", "1.17, 1.18, 1.19, 1.20, 2.0");
    }

    @Test
    void anExplicitGenerationMustAgreeWithTheVersionKey() {
        assertThat(FlinkConfig.read(Map.of(VERSION, "1.19"), Generation.FLINK_1_20)
                        .flinkVersion())
                .isEqualTo("1.19");
        assertThat(FlinkConfig.read(Map.of(), Generation.FLINK_1_20).flinkVersion())
                .isEqualTo("1.20");
        assertThat(FlinkConfig.read(Map.of(), Generation.FLINK_2).flinkVersion())
                .isEqualTo("2.3");
        // 2.0's syntax, chosen by the key, within the requested generation
        assertThatThrownBy(() -> FlinkConfig.toPolicy(Map.of(VERSION, "2.0", MAX_DELAY, "PT1S"), Generation.FLINK_2))
                .hasMessageContaining(MAX_DELAY);
        assertThatThrownBy(() -> FlinkConfig.toPolicy(Map.of(VERSION, "1.18"), Generation.FLINK_2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(VERSION)
                .hasMessageContaining("'1.18'")
                .hasMessageContaining("FLINK_1_18")
                .hasMessageContaining("FLINK_2 was asked for");
    }

    @Test
    void reportsEveryBadValueAtOnce() {
        assertThatThrownBy(() -> policy(
                        SUBMISSION_WAIT,
                        "soon",
                        FAILURES,
                        "0",
                        "scheduler-mode",
                        "elastic",
                        "restart-strategy.type",
                        "fixed-delay",
                        "restart-strategy.fixed-delay.delay",
                        "1 fortnight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("4 bad Flink configuration values: ")
                .hasMessageContainingAll(
                        SUBMISSION_WAIT + ": cannot parse 'soon'",
                        FAILURES + " should have a value of 1 or higher. (got '0')",
                        "scheduler-mode: unknown value 'elastic'",
                        "restart-strategy.fixed-delay.delay: cannot parse '1 fortnight'");
    }

    @Test
    void notesNameTheSchedulerWhenItIsNotTheAdaptiveOne() {
        assertThat(read("jobmanager.scheduler", "default").notes())
                .contains("jobmanager.scheduler = default: Flink would not use the adaptive scheduler;"
                        + " Slotwise models it anyway");
        assertThat(read("jobmanager.scheduler", "Adaptive").notes())
                .noneMatch(n -> n.startsWith("jobmanager.scheduler"));
        assertThat(read("jobmanager.scheduler", "default", "scheduler-mode", "reactive")
                        .notes())
                .noneMatch(n -> n.startsWith("jobmanager.scheduler"));
    }

    @Test
    void keysReadKeepTheirRawValuesInReadingOrder() {
        Read read = read(CHECKPOINTING, "PT10S", WAIT, " 2 min ", "scheduler-mode", "reactive", "unrelated", "x");
        assertThat(read.keysRead())
                .containsExactly(
                        Map.entry("scheduler-mode", "reactive"),
                        Map.entry(WAIT, " 2 min "),
                        Map.entry(CHECKPOINTING, "PT10S"));
        assertThat(read.notes()).contains(SUBMISSION_WAIT + " = 2 min (from the deprecated key " + WAIT + ")");
    }

    @Test
    void readIsImmutable() {
        Read read = read(WAIT, "1 s");
        assertThatThrownBy(() -> read.notes().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> read.keysRead().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void formatUsesTheLargestExactUnit() {
        assertThat(FlinkConfig.format(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(FlinkConfig.format(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(FlinkConfig.format(Duration.ofDays(2))).isEqualTo("2 d");
        assertThat(FlinkConfig.format(Duration.ofMillis(-1))).isEqualTo("-1 ms");
        assertThat(FlinkConfig.format(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(FlinkConfig.format(Duration.ofNanos(1500))).isEqualTo("1500 ns");
        assertThat(FlinkConfig.format(Duration.ofNanos(2000))).isEqualTo("2 \u00b5s");
    }

    @Test
    void theVersionKeyIsNotAFlinkKeyRead() {
        assertThat(read(VERSION, "2.3").keysRead()).isEmpty();
        assertThat(FlinkConfig.FLINK_VERSION_KEY).isEqualTo(VERSION);
    }

    @ParameterizedTest
    @CsvSource({
        "1.17, false", "1.18.1, false", "1.19.2, false", "1.19.3, true", "1.19, true", "1.20.3, true",
        "2.0.0, false", "2.0.2, true", "2.0, true", "2.1, true", "2.2.1, true", "2.3, true"
    })
    void preferMinimalTaskManagersDefaultFollowsThePatchThatAddedIt(String version, boolean expected) {
        assertThat(FlinkConfig.preferMinimalTaskManagersDefault(version)).isEqualTo(expected);
    }

    @Test
    void preferMinimalTaskManagersDefaultRejectsUnknownVersions() {
        assertThatThrownBy(() -> FlinkConfig.preferMinimalTaskManagersDefault("1.16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(VERSION)
                .hasMessageContaining("1.16");
        assertThatThrownBy(() -> FlinkConfig.preferMinimalTaskManagersDefault(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flinkVersion");
    }

    @Test
    void aPolicyForAFlinkVersionIsThatVersionsDefaults() {
        assertThat(RescalePolicy.forFlinkVersion("1.17")).isEqualTo(RescalePolicy.FLINK_1_17);
        assertThat(RescalePolicy.forFlinkVersion("1.18.1")).isEqualTo(RescalePolicy.FLINK_1_18);
        assertThat(RescalePolicy.forFlinkVersion("1.19.3")).isEqualTo(RescalePolicy.FLINK_1_19);
        assertThat(RescalePolicy.FLINK_1_19.generation()).isEqualTo(Generation.FLINK_1_20);
        assertThat(RescalePolicy.forFlinkVersion("1.20")).isEqualTo(RescalePolicy.FLINK_1_20);
        assertThat(RescalePolicy.forFlinkVersion("2.0.2")).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(RescalePolicy.forFlinkVersion("2.3")).isEqualTo(RescalePolicy.FLINK_2);
        assertThatThrownBy(() -> RescalePolicy.forFlinkVersion("3.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.0");
    }
}
