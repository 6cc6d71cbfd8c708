package io.github.slotwise.rescale;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.Suggestions;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Flink configuration (the flat {@code key: value} pairs of a {@code config.yaml} or {@code
 * flink-conf.yaml}) into a {@link RescalePolicy}, the way the adaptive scheduler of the chosen Flink
 * version reads it.
 *
 * <p>For each version this reads the keys that version's {@code JobManagerOptions}, {@code
 * CheckpointingOptions} and {@code RestartStrategyOptions} declare, including their deprecated keys
 * with Flink's precedence (the key itself wins; a deprecated key is read only when the key is
 * absent, and only the value read is parsed), and applies Flink's defaults, including Reactive
 * Mode's ({@code scheduler-mode: reactive} makes the submission resource-wait timeout -1 ms, i.e.
 * wait forever, and the submission stabilization timeout 0, unless the key or its deprecated key is
 * set). Keys Flink does not read are ignored, so a whole Flink configuration can be passed in.
 *
 * <p>Values are parsed as Flink parses them: durations as {@code TimeUtils.parseDuration} (see
 * {@link #parseDuration(String, String)}), integers as {@link Integer#parseInt(String)}, enums
 * case-insensitively. Every bad value is reported, with its key and value, in one {@link
 * IllegalArgumentException} before any policy is built.
 *
 * <p>The version is chosen by the caller's {@link Generation} or by the Slotwise key {@value
 * #FLINK_VERSION_KEY} ({@code "1.17"}, {@code "1.18"}, {@code "1.19"}, {@code "1.20"}, {@code
 * "2.0"}, {@code "2.1"}, {@code "2.2"} or {@code "2.3"}, a patch suffix such as {@code "1.20.3"}
 * allowed). Versions of one generation read the same keys; they differ only in the duration syntax:
 * ISO-8601 durations such as {@code PT30S} are accepted from Flink 2.1 on, numbers beyond {@link
 * Long#MAX_VALUE} from 2.0 on.
 *
 * <p>Where Slotwise is stricter than Flink: {@code min-parallelism-increase} below 1 is rejected
 * (Flink 1.x accepts it and would then restart on every resource event). Where Slotwise cannot
 * follow: a job without a restart strategy fails on a lost TaskManager in Flink; Slotwise restarts
 * it after the default backoff and says so in {@link Read#notes()}.
 */
public final class FlinkConfig {
    /**
     * The Slotwise key naming the Flink version whose rules and keys to apply, e.g. {@code 1.20} or
     * {@code 2.3}; absent means 2.3. Flink ignores it.
     */
    public static final String FLINK_VERSION_KEY = "slotwise.flink-version";

    private static final String PREFIX = "jobmanager.adaptive-scheduler.";
    private static final String SCHEDULER_MODE = "scheduler-mode";
    private static final String SCHEDULER = "jobmanager.scheduler";
    private static final String RESOURCE_WAIT_TIMEOUT = PREFIX + "resource-wait-timeout";
    private static final String RESOURCE_STABILIZATION_TIMEOUT = PREFIX + "resource-stabilization-timeout";
    private static final String SUBMISSION_RESOURCE_WAIT_TIMEOUT = PREFIX + "submission.resource-wait-timeout";
    private static final String SUBMISSION_RESOURCE_STABILIZATION_TIMEOUT =
            PREFIX + "submission.resource-stabilization-timeout";
    private static final String SCALING_INTERVAL_MIN = PREFIX + "scaling-interval.min";
    private static final String SCALING_INTERVAL_MAX = PREFIX + "scaling-interval.max";
    private static final String EXECUTING_COOLDOWN = PREFIX + "executing.cooldown-after-rescaling";
    private static final String EXECUTING_STABILIZATION = PREFIX + "executing.resource-stabilization-timeout";
    private static final String MAX_CHECKPOINT_FAILURES = PREFIX + "rescale-trigger.max-checkpoint-failures";
    private static final String MAX_TRIGGER_DELAY = PREFIX + "rescale-trigger.max-delay";
    private static final String MIN_PARALLELISM_INCREASE = PREFIX + "min-parallelism-increase";
    private static final String CHECKPOINTING_INTERVAL = "execution.checkpointing.interval";
    private static final String RESTART_STRATEGY = "restart-strategy.type";
    private static final String RESTART_STRATEGY_DEPRECATED = "restart-strategy";
    private static final String FIXED_DELAY = "restart-strategy.fixed-delay.delay";
    private static final String FAILURE_RATE_DELAY = "restart-strategy.failure-rate.delay";
    private static final String EXPONENTIAL_INITIAL = "restart-strategy.exponential-delay.initial-backoff";
    private static final String EXPONENTIAL_MAX = "restart-strategy.exponential-delay.max-backoff";

    /** Keys that only Flink 2.x declares. */
    private static final List<String> KEYS_SINCE_2_0 = List.of(
            SUBMISSION_RESOURCE_WAIT_TIMEOUT,
            SUBMISSION_RESOURCE_STABILIZATION_TIMEOUT,
            EXECUTING_COOLDOWN,
            EXECUTING_STABILIZATION,
            MAX_CHECKPOINT_FAILURES,
            MAX_TRIGGER_DELAY);

    /** CheckpointCoordinatorConfiguration.MINIMAL_CHECKPOINT_TIME: CheckpointConfig rejects shorter intervals. */
    private static final long MINIMAL_CHECKPOINT_MILLIS = 10;

    private static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofSeconds(1);

    private FlinkConfig() {}

    /**
     * What {@link #read(Map)} made of a configuration.
     *
     * @param policy the policy
     * @param flinkVersion the Flink version whose keys and syntax were applied, e.g. {@code "2.3"}
     * @param keysRead every key whose value was used, with its value as given, in reading order
     * @param notes one line per setting saying where its value came from (the key, a deprecated key,
     *     Flink's default, Reactive Mode's default), and one per key that was present but ignored
     */
    public record Read(RescalePolicy policy, String flinkVersion, Map<String, String> keysRead, List<String> notes) {
        /**
         * Copies the map and list.
         *
         * @param policy the policy
         * @param flinkVersion the Flink version applied
         * @param keysRead the keys whose values were used, with their values as given
         * @param notes where each setting came from, and which keys were ignored
         */
        public Read {
            Limits.checkNotNull("policy", policy);
            Limits.checkNotNull("flinkVersion", flinkVersion);
            keysRead = ImmutableMap.copyOf(keysRead);
            notes = ImmutableList.copyOf(notes);
        }
    }

    /**
     * The policy {@code config} sets for {@code generation}; {@link #read(Map, Generation)} without
     * the explanation.
     *
     * @param config Flink configuration keys and values; keys Flink does not read are ignored
     * @param generation the rules to apply
     * @return the policy
     * @throws IllegalArgumentException naming each bad key and value
     */
    public static RescalePolicy toPolicy(Map<String, String> config, Generation generation) {
        return read(config, generation).policy();
    }

    /**
     * Reads {@code config} for the Flink version its {@value #FLINK_VERSION_KEY} names, or 2.3 if it
     * names none.
     *
     * @param config Flink configuration keys and values; keys Flink does not read are ignored, and
     *     null values count as absent
     * @return the policy and how it was read
     * @throws IllegalArgumentException naming each bad key and value
     */
    public static Read read(Map<String, String> config) {
        Limits.checkNotNull("config", config);
        Version version = Optional.ofNullable(config.get(FLINK_VERSION_KEY))
                .map(FlinkConfig::parseVersion)
                .orElse(Version.V2_3);
        return new Reader(config, version, config.get(FLINK_VERSION_KEY) != null).read();
    }

    /**
     * Reads {@code config} with {@code generation}'s keys: those of its newest version (1.17, 1.18,
     * 1.20 or 2.3), or of the version {@value #FLINK_VERSION_KEY} names if that belongs to {@code
     * generation}.
     *
     * @param config Flink configuration keys and values; keys Flink does not read are ignored, and
     *     null values count as absent
     * @param generation the rules to apply
     * @return the policy and how it was read
     * @throws IllegalArgumentException naming each bad key and value, or if {@value
     *     #FLINK_VERSION_KEY} names a version of another generation
     */
    public static Read read(Map<String, String> config, Generation generation) {
        Limits.checkNotNull("config", config);
        Limits.checkNotNull("generation", generation);
        String named = config.get(FLINK_VERSION_KEY);
        Version version;
        if (named == null) {
            version = Version.newest(generation);
        } else {
            version = parseVersion(named);
            if (version.generation != generation) {
                throw new IllegalArgumentException(
                        FLINK_VERSION_KEY + ": '" + quoted(named) + "' is Flink " + version.label + ", of generation "
                                + version.generation + ", but " + generation + " was asked for");
            }
        }
        return new Reader(config, version, named != null).read();
    }

    /**
     * Parses a duration as Flink 2.1 to 2.3's {@code TimeUtils.parseDuration} does.
     *
     * <ul>
     *   <li>Leading and trailing whitespace is ignored, then the value is ASCII digits, optional
     *       whitespace and an optional unit label: {@code "30 s"}, {@code "100ms"}, {@code "500"}
     *       (no label: milliseconds).
     *   <li>Labels, case-insensitive: {@code d, day, days}; {@code h, hour, hours}; {@code min, m,
     *       minute, minutes}; {@code s, sec, secs, second, seconds}; {@code ms, milli, millis,
     *       millisecond, milliseconds}; {@code µs} (U+00B5), {@code micro, micros, microsecond,
     *       microseconds}; {@code ns, nano, nanos, nanosecond, nanoseconds}. Not {@code us}, not
     *       {@code mins}.
     *   <li>No sign and no fraction: {@code "-1 ms"}, {@code "+1 s"} and {@code "1.5 s"} are errors.
     *       A value that does not start with a digit is tried as an ISO-8601 duration ({@code PT30S},
     *       {@code P1DT2H}, {@code pt1.5s}); negative ones are errors, {@code -PT0S} is zero.
     *   <li>The value must fit a {@link Duration}, whatever its digit count.
     * </ul>
     *
     * <p>Flink 2.0 accepts no ISO-8601 form, and Flink 1.x additionally no number above {@link
     * Long#MAX_VALUE} (whatever the unit); {@link #read(Map)} applies those rules for those versions.
     *
     * @param key the key, for the error message
     * @param value the text to parse
     * @return the duration, never negative
     * @throws IllegalArgumentException naming the key and value if Flink would not parse it
     */
    public static Duration parseDuration(String key, String value) {
        return parseDuration(key, value, true, true);
    }

    // ---- durations --------------------------------------------------------------------------

    private static final Map<String, ChronoUnit> UNITS = units();

    private static Map<String, ChronoUnit> units() {
        Map<String, ChronoUnit> units = new LinkedHashMap<>();
        for (String label : List.of("d", "day", "days")) {
            units.put(label, ChronoUnit.DAYS);
        }
        for (String label : List.of("h", "hour", "hours")) {
            units.put(label, ChronoUnit.HOURS);
        }
        for (String label : List.of("min", "m", "minute", "minutes")) {
            units.put(label, ChronoUnit.MINUTES);
        }
        for (String label : List.of("s", "sec", "secs", "second", "seconds")) {
            units.put(label, ChronoUnit.SECONDS);
        }
        for (String label : List.of("ms", "milli", "millis", "millisecond", "milliseconds")) {
            units.put(label, ChronoUnit.MILLIS);
        }
        for (String label : List.of("\u00b5s", "micro", "micros", "microsecond", "microseconds")) {
            units.put(label, ChronoUnit.MICROS);
        }
        for (String label : List.of("ns", "nano", "nanos", "nanosecond", "nanoseconds")) {
            units.put(label, ChronoUnit.NANOS);
        }
        return ImmutableMap.copyOf(units);
    }

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * Flink's duration syntax: {@code anyLength} from 2.0 on (digits beyond a long are fine if the
     * duration fits), {@code iso} from 2.1 on (ISO-8601 when the value does not start with a digit).
     */
    private static Duration parseDuration(String key, String value, boolean anyLength, boolean iso) {
        Limits.checkNotNull("key", key);
        if (value == null) {
            throw new IllegalArgumentException(key + " has no value");
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw badDuration(key, value, "it is empty");
        }
        int digits = 0;
        while (digits < trimmed.length() && trimmed.charAt(digits) >= '0' && trimmed.charAt(digits) <= '9') {
            digits++;
        }
        // leading zeros change nothing; past them, 40 digits are beyond any Duration (2^63 s =
        // 9.2e27 ns), so a longer number is rejected without the quadratic cost of parsing it
        int significant = 0;
        while (significant < digits - 1 && trimmed.charAt(significant) == '0') {
            significant++;
        }
        String number = trimmed.substring(significant, digits);
        String label = trimmed.substring(digits).trim().toLowerCase(Locale.US);
        if (number.isEmpty()) {
            String sign = trimmed.startsWith("-") || trimmed.startsWith("+")
                    ? " (Flink's duration syntax has no sign: durations are never negative)"
                    : "";
            if (!iso) {
                throw badDuration(key, value, "it does not start with a number" + sign);
            }
            Duration parsed;
            try {
                if (trimmed.length() > MAX_ISO_LENGTH) {
                    throw new DateTimeParseException("too long", trimmed, 0);
                }
                parsed = Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw badDuration(
                        key, value, "it does not start with a number and is no ISO-8601 duration either" + sign);
            }
            if (parsed.isNegative()) {
                throw badDuration(key, value, "negative durations are not supported");
            }
            return parsed;
        }
        ChronoUnit unit = label.isEmpty() ? ChronoUnit.MILLIS : UNITS.get(label);
        if (unit == null) {
            throw badDuration(
                    key,
                    value,
                    "unknown time unit '" + quoted(label) + "'" + Suggestions.closestText(label, UNITS.keySet()));
        }
        if (!anyLength && number.length() > 19) {
            throw badDuration(key, value, "the number does not fit a 64-bit long");
        }
        if (number.length() > 40) {
            throw badDuration(key, value, "it is too long for a duration");
        }
        BigInteger amount = new BigInteger(number);
        if (!anyLength && amount.compareTo(LONG_MAX) > 0) {
            throw badDuration(key, value, "the number does not fit a 64-bit long");
        }
        BigInteger[] secondsAndNanos = amount.multiply(
                        BigInteger.valueOf(unit.getDuration().toNanos()))
                .divideAndRemainder(NANOS_PER_SECOND);
        if (secondsAndNanos[0].compareTo(LONG_MAX) > 0) {
            throw badDuration(key, value, "it is too long for a duration");
        }
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    }

    /**
     * The longest ISO-8601 duration text that can be valid: a sign, P, T, four components of at
     * most 19 digits with their signs, units and a 9-digit fraction, with room to spare.
     */
    private static final int MAX_ISO_LENGTH = 200;

    /** The longest value quoted whole in a message; longer ones are cut, with their length. */
    private static final int MAX_QUOTED = 60;

    /** A value as messages quote it: whole if short, else its start and its length. */
    static String quoted(String value) {
        String q = Limits.quote(value);
        return q.substring(1, q.lastIndexOf('\''))
                + q.substring(q.lastIndexOf('\'') + 1); // without the quotes, which the callers write
    }

    private static IllegalArgumentException badDuration(String key, String value, String why) {
        return new IllegalArgumentException(key + ": cannot parse '" + quoted(value)
                + "' as a duration such as '30 s', '5 min' or '100 ms': " + why);
    }

    /** Like Flink's {@code TimeUtils.formatWithHighestUnit}: "30 s", "5 min", "-1 ms". */
    static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        BigInteger nanos =
                BigInteger.valueOf(d.getSeconds()).multiply(NANOS_PER_SECOND).add(BigInteger.valueOf(d.getNano()));
        if (nanos.signum() == 0) {
            return "0 ms";
        }
        for (Map.Entry<String, ChronoUnit> unit : List.of(
                Map.entry("d", ChronoUnit.DAYS),
                Map.entry("h", ChronoUnit.HOURS),
                Map.entry("min", ChronoUnit.MINUTES),
                Map.entry("s", ChronoUnit.SECONDS),
                Map.entry("ms", ChronoUnit.MILLIS),
                Map.entry("\u00b5s", ChronoUnit.MICROS))) {
            BigInteger[] qr = nanos.divideAndRemainder(
                    BigInteger.valueOf(unit.getValue().getDuration().toNanos()));
            if (qr[1].signum() == 0) {
                return qr[0] + " " + unit.getKey();
            }
        }
        return nanos + " ns";
    }

    // ---- versions ---------------------------------------------------------------------------

    /** The Flink versions whose configuration Slotwise reads. */
    private enum Version {
        V1_17("1.17", Generation.FLINK_1_17),
        V1_18("1.18", Generation.FLINK_1_18),
        V1_19("1.19", Generation.FLINK_1_20),
        V1_20("1.20", Generation.FLINK_1_20),
        V2_0("2.0", Generation.FLINK_2),
        V2_1("2.1", Generation.FLINK_2),
        V2_2("2.2", Generation.FLINK_2),
        V2_3("2.3", Generation.FLINK_2);

        final String label;
        final Generation generation;

        Version(String label, Generation generation) {
            this.label = label;
            this.generation = generation;
        }

        /** TimeUtils parses the number as a BigInteger from 2.0 on, not as a long. */
        boolean anyLengthDurations() {
            return compareTo(V2_0) >= 0;
        }

        /** TimeUtils falls back to ISO-8601 from 2.1 on. */
        boolean isoDurations() {
            return compareTo(V2_1) >= 0;
        }

        static Version newest(Generation generation) {
            Version newest = null;
            for (Version v : values()) {
                if (v.generation == generation) {
                    newest = v;
                }
            }
            return Objects.requireNonNull(newest);
        }
    }

    private static final Pattern PATCH_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /**
     * The default of {@code jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers} in a Flink
     * version, i.e. whether its adaptive scheduler picks the fewest TaskManagers in application mode
     * when the option is not set. The option came with FLINK-33977, default true, in patch releases:
     * 1.19.3 (not in 1.19.2), 2.0.1 or 2.0.2 (not in 2.0.0), and in 1.20; before it there is no such
     * pick, which this method reports as false. Read from the flink-core jars of 1.18.1, 1.19.2, 1.19.3,
     * 1.20.3, 1.20.5, 2.0.0, 2.0.2, 2.1.3, 2.2.1 and 2.3.0 (docs/flink-compatibility.md lists the patches
     * not checked).
     *
     * @param flinkVersion a version such as {@code "1.19"} (its newest patch) or {@code "1.19.2"}
     * @return whether the pick is on by default in that version
     * @throws IllegalArgumentException naming the value if it is not a version from 1.17 to 2.3
     */
    public static boolean preferMinimalTaskManagersDefault(String flinkVersion) {
        if (flinkVersion == null) {
            throw new IllegalArgumentException("flinkVersion must not be null");
        }
        Version version = parseVersion(flinkVersion);
        Matcher m = PATCH_VERSION.matcher(flinkVersion.trim());
        int patch = m.matches() && m.group(3) != null ? Integer.parseInt(m.group(3)) : Integer.MAX_VALUE;
        return switch (version) {
            case V1_17, V1_18 -> false;
            case V1_19 -> patch >= 3;
            case V2_0 -> patch >= 1;
            default -> true;
        };
    }

    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+)(?:\\.\\d+)?");

    private static Version parseVersion(String raw) {
        Matcher m = VERSION.matcher(raw.trim());
        if (m.matches()) {
            for (Version v : Version.values()) {
                if (v.label.equals(m.group(1))) {
                    return v;
                }
            }
        }
        List<String> known = new ArrayList<>();
        for (Version v : Version.values()) {
            known.add(v.label);
        }
        throw new IllegalArgumentException(FLINK_VERSION_KEY + ": unknown Flink version '" + quoted(raw)
                + "'; Slotwise knows " + String.join(", ", known));
    }

    // ---- reading ----------------------------------------------------------------------------

    /** A value as read: the key it came from, the text and the parsed value. */
    private record Setting<T>(String key, String raw, T value) {}

    /** One read of one configuration; collects every error before anything is built. */
    private static final class Reader {
        private final Map<String, String> config;
        private final Version version;
        private final Generation generation;
        private final Map<String, String> keysRead = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();

        Reader(Map<String, String> config, Version version, boolean versionNamed) {
            this.config = config;
            this.version = version;
            this.generation = version.generation;
            notes.add("Flink " + version.label + " (" + generation + ")"
                    + (versionNamed ? ", named by " + FLINK_VERSION_KEY : ", the default version"));
        }

        Read read() {
            boolean reactive = schedulerMode();
            RescalePolicy.Builder policy =
                    RescalePolicy.builder().generation(generation).reactive(reactive);

            // Submission timeouts (AdaptiveScheduler.Settings.of): Reactive Mode changes their
            // defaults, unless the key or its deprecated key is set (Configuration.getOptional).
            boolean v2 = generation == Generation.FLINK_2;
            policy.submissionResourceWaitTimeout(duration(
                    v2 ? SUBMISSION_RESOURCE_WAIT_TIMEOUT : RESOURCE_WAIT_TIMEOUT,
                    v2 ? RESOURCE_WAIT_TIMEOUT : null,
                    reactive ? Duration.ofMillis(-1) : Duration.ofMinutes(5),
                    reactive ? "Reactive Mode's default: wait for resources forever" : "Flink's default"));
            policy.submissionResourceStabilizationTimeout(duration(
                    v2 ? SUBMISSION_RESOURCE_STABILIZATION_TIMEOUT : RESOURCE_STABILIZATION_TIMEOUT,
                    v2 ? RESOURCE_STABILIZATION_TIMEOUT : null,
                    reactive ? Duration.ZERO : Duration.ofSeconds(10),
                    reactive ? "Reactive Mode's default" : "Flink's default"));

            Optional<Duration> checkpointInterval = checkpointInterval();
            checkpointInterval.ifPresent(policy::checkpointInterval);

            switch (generation) {
                case FLINK_1_17, FLINK_1_18 -> {
                    ignored(List.of(SCALING_INTERVAL_MIN, SCALING_INTERVAL_MAX), "it came with Flink 1.19");
                    ignored(KEYS_SINCE_2_0, "it came with Flink 2.0");
                    minParallelismIncrease().ifPresent(policy::minParallelismIncrease);
                }
                case FLINK_1_20 -> {
                    ignored(KEYS_SINCE_2_0, "it came with Flink 2.0");
                    minParallelismIncrease().ifPresent(policy::minParallelismIncrease);
                    scalingIntervals(policy);
                }
                case FLINK_2 -> {
                    policy.cooldownAfterRescaling(
                            duration(EXECUTING_COOLDOWN, SCALING_INTERVAL_MIN, Duration.ofSeconds(30), null));
                    policy.executingResourceStabilizationTimeout(
                            duration(EXECUTING_STABILIZATION, null, Duration.ofSeconds(60), null));
                    int failures = maxCheckpointFailures();
                    policy.maxCheckpointFailures(failures);
                    maxTriggerDelay(failures, checkpointInterval).ifPresent(policy::rescaleTriggerMaxDelay);
                    deprecatedMinParallelismIncrease();
                    ignored(
                            List.of(SCALING_INTERVAL_MAX),
                            "it is deprecated and not read since Flink 2.0 (see " + EXECUTING_STABILIZATION + ")");
                }
            }
            policy.restartBackoff(restartBackoff(checkpointInterval.isPresent()));
            scheduler(reactive);

            if (errors.size() == 1) {
                throw new IllegalArgumentException(errors.get(0));
            } else if (!errors.isEmpty()) {
                throw new IllegalArgumentException(
                        errors.size() + " bad Flink configuration values: " + String.join("; ", errors));
            }
            return new Read(policy.build(), version.label, keysRead, notes);
        }

        // ---- the keys ---------------------------------------------------------------------

        private boolean schedulerMode() {
            Optional<Setting<String>> mode = find(SCHEDULER_MODE, null);
            if (mode.isEmpty()) {
                return false;
            }
            // ConfigurationUtils.convertToEnum: SchedulerExecutionMode has REACTIVE only.
            if (mode.get().raw().toUpperCase(Locale.ROOT).equals("REACTIVE")) {
                notes.add(SCHEDULER_MODE + " = " + mode.get().raw() + ": Reactive Mode");
                return true;
            }
            errors.add(SCHEDULER_MODE + ": unknown value '" + quoted(mode.get().raw())
                    + "'; Flink accepts only REACTIVE (any case)");
            return false;
        }

        private Optional<Duration> checkpointInterval() {
            Optional<Setting<Duration>> interval = durationSetting(CHECKPOINTING_INTERVAL, null);
            if (interval.isEmpty()) {
                notes.add(CHECKPOINTING_INTERVAL + " unset: checkpointing off");
                return Optional.empty();
            }
            // CheckpointConfig#configure passes the interval in whole milliseconds to
            // setCheckpointInterval, which rejects anything below MINIMAL_CHECKPOINT_TIME: the job
            // cannot even be built. (Only an unset interval means checkpointing off.)
            Optional<Long> millis = millis(interval.get());
            if (millis.isEmpty()) {
                return Optional.empty();
            }
            if (millis.get() < MINIMAL_CHECKPOINT_MILLIS) {
                errors.add(
                        CHECKPOINTING_INTERVAL + ": '" + quoted(interval.get().raw())
                                + "' is below 10 ms: Flink rejects it (\"Checkpoint interval must be larger than or equal"
                                + " to 10 ms\"); leave the key unset to turn checkpointing off");
                return Optional.empty();
            }
            Duration d = Duration.ofMillis(millis.get());
            notes.add(CHECKPOINTING_INTERVAL + " = " + format(d) + truncated(interval.get(), d));
            return Optional.of(d);
        }

        private Optional<Integer> minParallelismIncrease() {
            Optional<Setting<Integer>> min = intSetting(MIN_PARALLELISM_INCREASE);
            if (min.isEmpty()) {
                notes.add(MIN_PARALLELISM_INCREASE + " = 1 (Flink's default)");
                return Optional.empty();
            }
            if (min.get().value() < 1) {
                errors.add(MIN_PARALLELISM_INCREASE + ": '" + quoted(min.get().raw())
                        + "' must be 1 or higher in Slotwise (Flink " + version.label
                        + " does not check it and would then rescale on every resource event)");
                return Optional.empty();
            }
            notes.add(MIN_PARALLELISM_INCREASE + " = " + min.get().value());
            return Optional.of(min.get().value());
        }

        /** Flink 2.x still parses it (getOptional, to log a warning), then ignores it. */
        private void deprecatedMinParallelismIncrease() {
            intSetting(MIN_PARALLELISM_INCREASE).ifPresent(min -> {
                keysRead.remove(MIN_PARALLELISM_INCREASE);
                notes.add(MIN_PARALLELISM_INCREASE + " = " + min.raw()
                        + " is deprecated and ignored since Flink 2.0 (use " + EXECUTING_COOLDOWN + " and "
                        + EXECUTING_STABILIZATION + ")");
            });
        }

        /** Flink 1.19/1.20: AdaptiveScheduler.Settings.of checks max > min. */
        private void scalingIntervals(RescalePolicy.Builder policy) {
            Optional<Setting<Duration>> min = durationSetting(SCALING_INTERVAL_MIN, null);
            Duration minValue = min.map(Setting::value).orElse(Duration.ofSeconds(30));
            notes.add(SCALING_INTERVAL_MIN + " = " + format(minValue) + (min.isEmpty() ? " (Flink's default)" : ""));
            policy.cooldownAfterRescaling(minValue);
            Optional<Setting<Duration>> max = durationSetting(SCALING_INTERVAL_MAX, null);
            if (max.isEmpty()) {
                notes.add(SCALING_INTERVAL_MAX + " unset: no forced rescale (Flink's default)");
                return;
            }
            if (max.get().value().compareTo(minValue) <= 0) {
                // Flink 1.20: checkState(max > min, "%s(%d) must be greater than %s(%d)", ...)
                errors.add(SCALING_INTERVAL_MAX + ": '" + quoted(max.get().raw()) + "' must be greater than "
                        + SCALING_INTERVAL_MIN + " ("
                        + min.map(m -> "'" + quoted(m.raw()) + "'").orElse("30 s, the default") + ")");
                return;
            }
            notes.add(SCALING_INTERVAL_MAX + " = " + format(max.get().value()));
            policy.scalingIntervalMax(max.get().value());
        }

        private int maxCheckpointFailures() {
            Optional<Setting<Integer>> failures = intSetting(MAX_CHECKPOINT_FAILURES);
            if (failures.isEmpty()) {
                notes.add(MAX_CHECKPOINT_FAILURES + " = 2 (Flink's default)");
                return 2;
            }
            if (failures.get().value() < 1) {
                // AdaptiveScheduler.Settings.of's ConfigurationException
                errors.add(MAX_CHECKPOINT_FAILURES + " should have a value of 1 or higher. (got '"
                        + failures.get().raw() + "')");
                return 2;
            }
            notes.add(MAX_CHECKPOINT_FAILURES + " = " + failures.get().value());
            return failures.get().value();
        }

        /** Settings.of: unset means (failures + 1) x interval with checkpointing, else 0. */
        private Optional<Duration> maxTriggerDelay(int failures, Optional<Duration> interval) {
            Optional<Setting<Duration>> delay = durationSetting(MAX_TRIGGER_DELAY, null);
            if (delay.isPresent()) {
                notes.add(MAX_TRIGGER_DELAY + " = " + format(delay.get().value()));
                return Optional.of(delay.get().value());
            }
            if (interval.isEmpty()) {
                notes.add(MAX_TRIGGER_DELAY + " unset: 0 ms, as checkpointing is off (Flink's default)");
            } else {
                try {
                    Duration effective = interval.get().multipliedBy(failures + 1L);
                    notes.add(MAX_TRIGGER_DELAY + " unset: (" + failures + " + 1) x " + format(interval.get())
                            + " = " + format(effective)
                            + " (Flink's default: checkpoint interval x (max-checkpoint-failures + 1))");
                } catch (ArithmeticException e) {
                    errors.add(MAX_TRIGGER_DELAY + " unset, and (" + failures + " + 1) x " + CHECKPOINTING_INTERVAL
                            + " overflows");
                }
            }
            return Optional.empty();
        }

        /**
         * The delay before the first restart, as RestartBackoffTimeStrategyFactoryLoader picks the
         * strategy; later restarts of an exponential-delay strategy grow, and its jitter is ignored.
         */
        private Duration restartBackoff(boolean checkpointing) {
            Optional<Setting<String>> type = find(RESTART_STRATEGY, RESTART_STRATEGY_DEPRECATED);
            String delayKey = null;
            Duration backoff = DEFAULT_RESTART_BACKOFF;
            if (type.isEmpty()) {
                if (checkpointing) {
                    notes.add(RESTART_STRATEGY + " unset: with checkpointing Flink " + version.label + " restarts "
                            + (version.compareTo(Version.V1_19) >= 0 ? "with exponential-delay" : "with fixed-delay")
                            + " and its default first backoff, 1 s; restart-strategy.* delay keys are not read");
                } else {
                    notes.add(RESTART_STRATEGY + " unset: without checkpointing Flink does not restart a failed job;"
                            + " Slotwise restarts it after 1 s");
                }
            } else {
                String name = type.get().raw();
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "none", "off", "disable" -> notes.add(RESTART_STRATEGY + " = " + name
                            + ": Flink does not restart a failed job; Slotwise restarts it after 1 s");
                    case "fixed-delay", "fixeddelay" -> {
                        delayKey = FIXED_DELAY;
                        backoff = delay(FIXED_DELAY, name);
                    }
                    case "failure-rate", "failurerate" -> {
                        delayKey = FAILURE_RATE_DELAY;
                        backoff = delay(FAILURE_RATE_DELAY, name);
                    }
                    case "exponential-delay", "exponentialdelay" -> {
                        delayKey = EXPONENTIAL_INITIAL;
                        backoff = exponentialBackoff(name);
                    }
                    default -> errors.add(RESTART_STRATEGY + ": unknown restart strategy '" + quoted(name)
                            + "'; Flink knows none, off, disable, fixed-delay, fixeddelay, failure-rate, failurerate,"
                            + " exponential-delay, exponentialdelay");
                }
            }
            for (String key : List.of(FIXED_DELAY, FAILURE_RATE_DELAY, EXPONENTIAL_INITIAL)) {
                if (!key.equals(delayKey) && config.get(key) != null) {
                    notes.add(key + " ignored: it is not the restart strategy in force");
                }
            }
            return backoff;
        }

        /** Fixed-delay and failure-rate: the delay in whole milliseconds, default 1 s. */
        private Duration delay(String key, String strategy) {
            Optional<Setting<Duration>> delay = durationSetting(key, null);
            Duration d = delay.flatMap(this::millis).map(Duration::ofMillis).orElse(DEFAULT_RESTART_BACKOFF);
            notes.add(strategy + " restart strategy: " + key + " = " + format(d)
                    + delay.map(s -> truncated(s, d)).orElse(" (Flink's default)"));
            return d;
        }

        /** ExponentialDelayRestartBackoffTimeStrategy's checks on the two backoffs, in milliseconds. */
        private Duration exponentialBackoff(String strategy) {
            Optional<Setting<Duration>> initial = durationSetting(EXPONENTIAL_INITIAL, null);
            Optional<Setting<Duration>> max = durationSetting(EXPONENTIAL_MAX, null);
            long initialMillis =
                    initial.isEmpty() ? 1000 : millis(initial.get()).orElse(1000L);
            long maxMillis = max.isEmpty()
                    ? (version.compareTo(Version.V1_19) >= 0 ? 60_000 : 300_000)
                    : millis(max.get()).orElse(Long.MAX_VALUE);
            boolean ok = true;
            if (initialMillis < 1) {
                errors.add(EXPONENTIAL_INITIAL + ": '" + quoted(initial.get().raw())
                        + "' is too short: Initial backoff must be at least 1 ms.");
                ok = false;
            }
            if (maxMillis < 1) {
                errors.add(EXPONENTIAL_MAX + ": '" + quoted(max.get().raw())
                        + "' is too short: Maximum backoff must be at least 1 ms.");
                ok = false;
            }
            if (ok && initialMillis > maxMillis) {
                // "Initial backoff cannot be higher than maximum backoff."
                String maxText = max.map(m -> "'" + quoted(m.raw()) + "'")
                        .orElse(format(Duration.ofMillis(maxMillis)) + ", the default");
                if (initial.isPresent()) {
                    errors.add(
                            EXPONENTIAL_INITIAL + ": '" + quoted(initial.get().raw()) + "' cannot be higher than "
                                    + EXPONENTIAL_MAX + " (" + maxText + ")");
                } else {
                    errors.add(EXPONENTIAL_MAX + ": " + maxText + " cannot be lower than " + EXPONENTIAL_INITIAL
                            + " (1 s, the default)");
                }
            }
            Duration d = Duration.ofMillis(initialMillis);
            notes.add(strategy + " restart strategy: " + EXPONENTIAL_INITIAL + " = " + format(d)
                    + initial.map(s -> truncated(s, d)).orElse(" (Flink's default)")
                    + " before the first restart (later ones grow; jitter ignored)");
            return d;
        }

        /** In Flink's reactive mode the scheduler is always the adaptive one (ClusterOptions). */
        private void scheduler(boolean reactive) {
            String scheduler = config.get(SCHEDULER);
            if (scheduler != null && !reactive && !scheduler.equalsIgnoreCase("adaptive")) {
                notes.add(SCHEDULER + " = " + scheduler
                        + ": Flink would not use the adaptive scheduler; Slotwise models it anyway");
            }
        }

        private void ignored(List<String> keys, String why) {
            for (String key : keys) {
                if (config.get(key) != null) {
                    notes.add(key + " ignored: " + why);
                }
            }
        }

        // ---- lookup and parsing -----------------------------------------------------------

        /** A duration with its default; {@code why} says where the default comes from. */
        private Duration duration(String key, String deprecatedKey, Duration defaultValue, String why) {
            Optional<Setting<Duration>> setting = durationSetting(key, deprecatedKey);
            if (setting.isPresent()) {
                Setting<Duration> s = setting.get();
                notes.add(key + " = " + format(s.value())
                        + (s.key().equals(key) ? "" : " (from the deprecated key " + s.key() + ")"));
                return s.value();
            }
            notes.add(key + " = " + format(defaultValue) + " (" + (why == null ? "Flink's default" : why) + ")");
            return defaultValue;
        }

        private Optional<Setting<Duration>> durationSetting(String key, String deprecatedKey) {
            return parsed(
                    key,
                    deprecatedKey,
                    (k, raw) -> parseDuration(k, raw, version.anyLengthDurations(), version.isoDurations()));
        }

        private Optional<Setting<Integer>> intSetting(String key) {
            return parsed(key, null, (k, raw) -> {
                try {
                    return Integer.parseInt(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(k + ": cannot parse '" + quoted(raw)
                            + "' as an integer (digits, optional sign, no spaces)");
                }
            });
        }

        /** Finds the key (or its deprecated key) and parses the value found with that key's name. */
        private <T> Optional<Setting<T>> parsed(
                String key, String deprecatedKey, BiFunction<String, String, T> parser) {
            Optional<Setting<String>> found = find(key, deprecatedKey);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Setting<String> s = found.get();
            try {
                return Optional.of(new Setting<>(s.key(), s.raw(), parser.apply(s.key(), s.raw())));
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
                return Optional.empty();
            }
        }

        /** Configuration.getOptional: the key, else its deprecated key; only the one used is parsed. */
        private Optional<Setting<String>> find(String key, String deprecatedKey) {
            String value = config.get(key);
            if (value != null) {
                keysRead.put(key, value);
                if (deprecatedKey != null && config.get(deprecatedKey) != null) {
                    notes.add(deprecatedKey + " ignored: " + key + " is set");
                }
                return Optional.of(new Setting<>(key, value, value));
            }
            if (deprecatedKey != null && config.get(deprecatedKey) != null) {
                String deprecated = config.get(deprecatedKey);
                keysRead.put(deprecatedKey, deprecated);
                return Optional.of(new Setting<>(deprecatedKey, deprecated, deprecated));
            }
            return Optional.empty();
        }

        /** Duration.toMillis, as Flink stores intervals and backoffs; reports overflow. */
        private Optional<Long> millis(Setting<Duration> setting) {
            try {
                return Optional.of(setting.value().toMillis());
            } catch (ArithmeticException e) {
                errors.add(setting.key() + ": '" + quoted(setting.raw())
                        + "' is too long: Flink keeps it in milliseconds");
                return Optional.empty();
            }
        }

        private static String truncated(Setting<Duration> setting, Duration millis) {
            return setting.value().equals(millis)
                    ? ""
                    : " (" + setting.raw() + " cut to whole milliseconds, as Flink keeps it)";
        }
    }
}
