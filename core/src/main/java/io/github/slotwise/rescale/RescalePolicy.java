package io.github.slotwise.rescale;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Every knob of Flink's adaptive scheduler that decides <em>when</em> to rescale, for each generation
 * of its rules. Presets reproduce Flink's defaults; {@link #asReactive()} applies Reactive Mode's.
 *
 * <p>Stricter than Flink: negative durations are rejected (Flink 2.x treats a negative cooldown as
 * 0), except {@link #submissionResourceWaitTimeout()}, where negative means "wait forever" as in
 * Flink.
 */
@Value.Immutable
public abstract class RescalePolicy {
    RescalePolicy() {}

    /** Which generation of Flink's rescale rules to reproduce. */
    public enum Generation {
        /**
         * Flink 1.13 to 1.17: on new slots, rescale at once if the SUM of parallelism grows by at
         * least min-parallelism-increase; scale-up only, no cooldown.
         */
        FLINK_1_17,
        /**
         * Flink 1.18 (FLINK-31399): rescale at once if ANY vertex decreases or grows by at least
         * min-parallelism-increase; also on requirement changes.
         */
        FLINK_1_18,
        /**
         * Flink 1.19 and 1.20 (FLIP-322): as 1.18, but at most once per scaling-interval.min, and forced
         * for any change after scaling-interval.max if set.
         */
        FLINK_1_20,
        /**
         * Flink 2.x (FLIP-461, FLIP-472): the Cooldown / Idling / Stabilizing / Stabilized /
         * Transitioning phase machine, synchronised with checkpoints; min-parallelism-increase is
         * ignored.
         */
        FLINK_2
    }

    /** Returns a new builder with Flink 2.x defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The policy a Flink configuration sets, for the Flink version its {@value
     * FlinkConfig#FLINK_VERSION_KEY} key names ({@code "1.17"} to {@code "2.3"}; default 2.3), read
     * with Flink's keys, deprecated keys and defaults. See {@link FlinkConfig#read(Map)} for the
     * explanation of which keys were read.
     *
     * @param config Flink configuration keys and values; keys Flink does not read are ignored
     * @return the policy
     * @throws IllegalArgumentException naming each bad key and value
     */
    public static RescalePolicy fromFlinkConfig(Map<String, String> config) {
        return FlinkConfig.read(config).policy();
    }

    /**
     * The rules and defaults of one Flink version: the policy an empty Flink configuration gives in that
     * version (as {@link #fromFlinkConfig} with only {@value FlinkConfig#FLINK_VERSION_KEY} set).
     *
     * @param flinkVersion {@code "1.17"} to {@code "2.3"}, optionally with a patch number ({@code "1.19.3"})
     * @return that version's policy
     * @throws IllegalArgumentException naming the value if Slotwise does not know the version
     */
    public static RescalePolicy forFlinkVersion(String flinkVersion) {
        if (flinkVersion == null) {
            throw new IllegalArgumentException("flinkVersion must not be null");
        }
        return FlinkConfig.read(Map.of(FlinkConfig.FLINK_VERSION_KEY, flinkVersion))
                .policy();
    }

    /** Builder of {@link RescalePolicy}. */
    public static final class Builder extends ImmutableRescalePolicy.Builder {}

    /** Flink 1.17's rules and defaults. */
    public static final RescalePolicy FLINK_1_17 =
            builder().generation(Generation.FLINK_1_17).build();

    /** Flink 1.18's rules and defaults. */
    public static final RescalePolicy FLINK_1_18 =
            builder().generation(Generation.FLINK_1_18).build();

    /**
     * Flink 1.19's rules and defaults: the FLIP-322 rules of 1.20 ({@link Generation#FLINK_1_20}), which
     * 1.19.3's scheduler states follow as well.
     */
    public static final RescalePolicy FLINK_1_19 =
            builder().generation(Generation.FLINK_1_20).build();

    /** Flink 1.19/1.20's rules and defaults (scaling-interval.min 30 s, no scaling-interval.max). */
    public static final RescalePolicy FLINK_1_20 =
            builder().generation(Generation.FLINK_1_20).build();

    /** Flink 2.x's rules and defaults (cooldown 30 s, executing stabilization 60 s, 2 checkpoint failures). */
    public static final RescalePolicy FLINK_2 =
            builder().generation(Generation.FLINK_2).build();

    /** Flink 2.x in Reactive Mode: wait for resources forever, no submission stabilization. */
    public static final RescalePolicy REACTIVE = FLINK_2.asReactive();

    /** The generation of rules; default {@link Generation#FLINK_2}. */
    @Value.Default
    public Generation generation() {
        return Generation.FLINK_2;
    }

    /**
     * Reactive Mode: every vertex's upper bound is its maxParallelism, and requirement changes are
     * rejected. Only {@link #asReactive()} also applies Reactive Mode's timeout defaults.
     */
    @Value.Default
    public boolean reactive() {
        return false;
    }

    /**
     * {@code submission.resource-wait-timeout} (before 2.0 {@code resource-wait-timeout}): how long a
     * job waits for sufficient resources before it fails; negative waits forever. Default 5 min.
     */
    @Value.Default
    public Duration submissionResourceWaitTimeout() {
        return Duration.ofMinutes(5);
    }

    /**
     * {@code submission.resource-stabilization-timeout} (before 2.0 {@code
     * resource-stabilization-timeout}): how long sufficient resources must stay before a job starts
     * without its desired resources. Default 10 s.
     */
    @Value.Default
    public Duration submissionResourceStabilizationTimeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * {@code executing.cooldown-after-rescaling} (2.x) or {@code scaling-interval.min} (1.19/1.20): the
     * least time between two rescales. Default 30 s. Ignored before 1.19.
     */
    @Value.Default
    public Duration cooldownAfterRescaling() {
        return Duration.ofSeconds(30);
    }

    /** {@code scaling-interval.max} (1.19/1.20 only): force any change after this long. Unset by default. */
    public abstract Optional<Duration> scalingIntervalMax();

    /**
     * {@code executing.resource-stabilization-timeout} (2.x): how long a running job waits for its
     * desired resources before rescaling with sufficient ones. Default 60 s.
     */
    @Value.Default
    public Duration executingResourceStabilizationTimeout() {
        return Duration.ofSeconds(60);
    }

    /**
     * {@code rescale-trigger.max-delay} (2.x): how long a possible rescale waits for a checkpoint.
     * Unset by default; see {@link #effectiveMaxTriggerDelay()}.
     */
    public abstract Optional<Duration> rescaleTriggerMaxDelay();

    /** {@code execution.checkpointing.interval}, if periodic checkpointing is on. */
    public abstract Optional<Duration> checkpointInterval();

    /** {@code rescale-trigger.max-checkpoint-failures} (2.x): failed checkpoints that trigger a rescale. Default 2. */
    @Value.Default
    public int maxCheckpointFailures() {
        return 2;
    }

    /** {@code min-parallelism-increase} (before 2.0): the least increase worth a rescale. Default 1. */
    @Value.Default
    public int minParallelismIncrease() {
        return 1;
    }

    /** Restart-strategy delay after a task failure (e.g. a lost TaskManager). Default 1 s. */
    @Value.Default
    public Duration restartBackoff() {
        return Duration.ofSeconds(1);
    }

    /**
     * The trigger delay in force: {@link #rescaleTriggerMaxDelay()} if set, else {@code (failures + 1) x
     * checkpoint interval} with checkpointing on, else 0 (Flink 2.x's fallback).
     */
    public Duration effectiveMaxTriggerDelay() {
        if (rescaleTriggerMaxDelay().isPresent()) {
            return rescaleTriggerMaxDelay().get();
        }
        return checkpointInterval()
                .map(i -> Durations.times(i, maxCheckpointFailures() + 1L))
                .orElse(Duration.ZERO);
    }

    /**
     * This policy in Reactive Mode with Flink's reactive defaults: wait for resources forever and no
     * submission stabilization (Flink applies them unless the keys are set explicitly; {@link
     * FlinkConfig} does that distinction).
     */
    public RescalePolicy asReactive() {
        return builder()
                .from(this)
                .reactive(true)
                .submissionResourceWaitTimeout(Duration.ofMillis(-1))
                .submissionResourceStabilizationTimeout(Duration.ZERO)
                .build();
    }

    @Value.Check
    void check() {
        notNegative("submissionResourceStabilizationTimeout", submissionResourceStabilizationTimeout());
        notNegative("cooldownAfterRescaling", cooldownAfterRescaling());
        notNegative("executingResourceStabilizationTimeout", executingResourceStabilizationTimeout());
        notNegative("restartBackoff", restartBackoff());
        scalingIntervalMax().ifPresent(max -> {
            notNegative("scalingIntervalMax", max);
            if (max.compareTo(cooldownAfterRescaling()) <= 0) {
                throw new IllegalArgumentException("scalingIntervalMax " + max
                        + " must be greater than cooldownAfterRescaling (scaling-interval.min) "
                        + cooldownAfterRescaling());
            }
        });
        rescaleTriggerMaxDelay().ifPresent(d -> notNegative("rescaleTriggerMaxDelay", d));
        checkpointInterval().ifPresent(d -> {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("checkpointInterval must be positive, got " + d);
            }
        });
        if (maxCheckpointFailures() < 1) {
            throw new IllegalArgumentException("maxCheckpointFailures must be >= 1, got " + maxCheckpointFailures());
        }
        if (minParallelismIncrease() < 1) {
            throw new IllegalArgumentException("minParallelismIncrease must be >= 1, got " + minParallelismIncrease());
        }
    }

    private static void notNegative(String field, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + d);
        }
    }
}
