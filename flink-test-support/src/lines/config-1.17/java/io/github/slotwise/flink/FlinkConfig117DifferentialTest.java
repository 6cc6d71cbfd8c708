package io.github.slotwise.flink;

import io.github.slotwise.flink.FlinkConfigCases.FlinkReading;
import io.github.slotwise.flink.FlinkConfigCases.KnownDifference;
import io.github.slotwise.flink.FlinkConfigCases.SlotwiseReading;
import io.github.slotwise.rescale.FlinkConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.runtime.executiongraph.failover.flip1.RestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.flip1.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.jobgraph.tasks.JobCheckpointingSettings;
import org.apache.flink.runtime.jobmaster.DefaultSlotPoolServiceSchedulerFactory;
import org.apache.flink.runtime.scheduler.adaptive.AdaptiveSchedulerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of {@link FlinkConfig}'s Flink 1.17 and 1.18 readings against flink-core and
 * flink-runtime of the line under test (1.17.2, 1.18.1), the oracle.
 *
 * <ul>
 *   <li>Durations: {@code TimeUtils.parseDuration} of the line's flink-core against {@link
 *       FlinkConfig#read} of a configuration naming the line, on random strings: the same duration or both
 *       rejecting.
 *   <li>Whole configurations: random sets of adaptive-scheduler keys (the line's and later lines', which
 *       it does not know), {@code scheduler-mode}, the checkpoint interval and the restart strategy.
 *       Before 1.19 there is no {@code AdaptiveScheduler.Settings}: Flink reads the two submission timeouts in
 *       {@code DefaultSlotPoolServiceSchedulerFactory#getAdaptiveSchedulerFactoryFromConfiguration}
 *       (called through reflection, the timeouts read from the {@code AdaptiveSchedulerFactory} it
 *       builds), {@code min-parallelism-increase} as the line's rescaling controller does, and {@code RestartBackoffTimeStrategyFactoryLoader} (package {@code failover.flip1} before
 *       1.19) the first restart's backoff from the cluster configuration, with the fallback job restart
 *       configuration. Compared: Reactive Mode, the resource wait and stabilization timeouts,
 *       min-parallelism-increase and, where Flink restarts, the first backoff; or that both reject.
 *       One known difference is counted, not compared: Slotwise rejects a min-parallelism-increase
 *       below 1, which Flink accepts.
 * </ul>
 *
 * <p>The durations and configurations drawn are {@link FlinkConfig1xCases}', shared with 1.19 and
 * 1.20. Version-specific test support (flink-test-support/src/lines/config-1.17): the lines 1.17 and 1.18,
 * in the version matrix only. Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}).
 */
class FlinkConfig117DifferentialTest {
    static final long DEFAULT_SEED = 20260615L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int DURATIONS = 20_000;
    static final int CONFIGS = 10_000;

    private static final String P = FlinkConfigCases.P;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.sorted(SEED, DifferentialResults.oracle());

    // ---- durations ------------------------------------------------------------------------------

    @Test
    void durationsParseAsTheLinesTimeUtils() {
        String key = P + "resource-stabilization-timeout";
        new FlinkConfigCases(TALLY)
                .compareDurations(
                        new SplittableRandom(SEED),
                        DURATIONS,
                        FlinkConfig1xCases::randomDuration,
                        key,
                        "Flink " + DifferentialResults.flinkLine(),
                        new SlotwiseReading("FlinkConfig.read", text -> FlinkConfig.read(Map.of(
                                        FlinkConfig.FLINK_VERSION_KEY, DifferentialResults.flinkLine(), key, text))
                                .policy()
                                .submissionResourceStabilizationTimeout()));
    }

    // ---- whole configurations -----------------------------------------------------------------

    @Test
    void policiesMatchTheLinesSchedulerFactoryAndRestartStrategy() {
        new FlinkConfigCases(TALLY)
                .comparePolicies(
                        new SplittableRandom(SEED),
                        CONFIGS,
                        FlinkConfig1xCases::randomConfig,
                        FlinkConfig117DifferentialTest::flinkReads,
                        p -> new Object[] {
                            p.reactive(),
                            p.submissionResourceWaitTimeout(),
                            p.submissionResourceStabilizationTimeout(),
                            p.minParallelismIncrease()
                        },
                        new KnownDifference(
                                "configurations: min-parallelism-increase below 1 (Flink accepts, Slotwise rejects)",
                                FlinkConfig1xCases::minIncreaseBelowOne));
    }

    /**
     * The line's reading (1.17.2 and 1.18.1 alike): the adaptive scheduler factory's submission timeouts, Reactive Mode,
     * {@code min-parallelism-increase} as the rescaling controller reads it, and the restart strategy
     * it builds (for the first backoff) from the configuration and whether the job checkpoints.
     */
    private static FlinkReading flinkReads(Configuration conf, JobCheckpointingSettings checkpointing)
            throws ReflectiveOperationException {
        Method factoryOf = DefaultSlotPoolServiceSchedulerFactory.class.getDeclaredMethod(
                "getAdaptiveSchedulerFactoryFromConfiguration", Configuration.class);
        factoryOf.setAccessible(true);
        AdaptiveSchedulerFactory factory = (AdaptiveSchedulerFactory) factoryOf.invoke(null, conf);
        int minIncrease = conf.get(JobManagerOptions.MIN_PARALLELISM_INCREASE);
        RestartBackoffTimeStrategy restarts =
                RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                                new RestartStrategies.FallbackRestartStrategyConfiguration(),
                                conf,
                                checkpointingEnabled(checkpointing))
                        .create();
        return new FlinkReading(
                restarts,
                conf.get(JobManagerOptions.SCHEDULER_MODE) == SchedulerExecutionMode.REACTIVE,
                field(factory, "initialResourceAllocationTimeout"),
                field(factory, "resourceStabilizationTimeout"),
                minIncrease);
    }

    /**
     * {@code JobGraph#isCheckpointingEnabled}, which the adaptive scheduler factory passes to the
     * loader: a periodic interval (above 0, below {@code Long.MAX_VALUE}).
     */
    private static boolean checkpointingEnabled(JobCheckpointingSettings checkpointing) {
        long interval = checkpointing.getCheckpointCoordinatorConfiguration().getCheckpointInterval();
        return interval > 0 && interval < Long.MAX_VALUE;
    }

    private static Duration field(AdaptiveSchedulerFactory factory, String name) throws ReflectiveOperationException {
        Field f = AdaptiveSchedulerFactory.class.getDeclaredField(name);
        f.setAccessible(true);
        return (Duration) f.get(factory);
    }
}
