package io.github.slotwise.flink;

import io.github.slotwise.flink.FlinkConfigCases.FlinkReading;
import io.github.slotwise.flink.FlinkConfigCases.KnownDifference;
import io.github.slotwise.flink.FlinkConfigCases.SlotwiseReading;
import io.github.slotwise.rescale.FlinkConfig;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.jobgraph.tasks.JobCheckpointingSettings;
import org.apache.flink.runtime.scheduler.adaptive.AdaptiveScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * <p>The random values both versions' tests draw from, the comparison of durations and the frame of
 * the configuration readings are {@link FlinkConfigCases}', shared with flink-adapter's 2.3 test; the
 * durations and configurations drawn are {@link FlinkConfig1xCases}', shared with 1.17 and 1.18.
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed.
 */
class FlinkConfig120DifferentialTest {
    static final long DEFAULT_SEED = 20260613L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int DURATIONS = 20_000;
    static final int CONFIGS = 10_000;

    private static final String P = FlinkConfigCases.P;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.sorted(SEED, DifferentialResults.oracle());

    // ---- durations ------------------------------------------------------------------------------

    @Test
    void durationsParseAsFlink120sTimeUtils() {
        String key = P + "resource-stabilization-timeout";
        new FlinkConfigCases(TALLY)
                .compareDurations(
                        new SplittableRandom(SEED),
                        DURATIONS,
                        FlinkConfig1xCases::randomDuration,
                        key,
                        "Flink 1.20",
                        new SlotwiseReading("FlinkConfig.read", text -> FlinkConfig.read(Map.of(
                                        FlinkConfig.FLINK_VERSION_KEY, DifferentialResults.flinkLine(), key, text))
                                .policy()
                                .submissionResourceStabilizationTimeout()));
    }

    // ---- whole configurations -----------------------------------------------------------------

    @Test
    void policiesMatchFlink120sSettingsAndRestartStrategy() {
        new FlinkConfigCases(TALLY)
                .comparePolicies(
                        new SplittableRandom(SEED),
                        CONFIGS,
                        FlinkConfig1xCases::randomConfig,
                        FlinkConfig120DifferentialTest::flinkReads,
                        p -> new Object[] {
                            p.reactive(),
                            p.submissionResourceWaitTimeout(),
                            p.submissionResourceStabilizationTimeout(),
                            p.cooldownAfterRescaling(),
                            p.scalingIntervalMax().orElse(null),
                            p.minParallelismIncrease()
                        },
                        new KnownDifference(
                                "configurations: min-parallelism-increase below 1 (Flink accepts, Slotwise rejects)",
                                FlinkConfig1xCases::minIncreaseBelowOne));
    }

    /**
     * Flink 1.20.3's reading: {@code AdaptiveScheduler.Settings.of}, {@code min-parallelism-increase}
     * as the rescaling controller reads it, and the restart strategy 1.20 builds (for the first
     * backoff) with its fallback job restart configuration (as {@code ExecutionConfig#configure}
     * leaves it) and whether the job checkpoints.
     */
    private static FlinkReading flinkReads(Configuration conf, JobCheckpointingSettings checkpointing) {
        AdaptiveScheduler.Settings s = AdaptiveScheduler.Settings.of(conf);
        int minIncrease = conf.get(JobManagerOptions.MIN_PARALLELISM_INCREASE);
        RestartBackoffTimeStrategy restarts =
                RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                                new RestartStrategies.FallbackRestartStrategyConfiguration(),
                                conf,
                                new Configuration(),
                                checkpointing
                                        .getCheckpointCoordinatorConfiguration()
                                        .isCheckpointingEnabled())
                        .create();
        return new FlinkReading(
                restarts,
                s.getExecutionMode() == SchedulerExecutionMode.REACTIVE,
                s.getInitialResourceAllocationTimeout(),
                s.getResourceStabilizationTimeout(),
                s.getScalingIntervalMin(),
                s.getScalingIntervalMax(),
                minIncrease);
    }
}
