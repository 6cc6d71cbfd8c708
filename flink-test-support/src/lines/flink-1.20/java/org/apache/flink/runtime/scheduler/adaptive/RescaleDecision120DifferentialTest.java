package org.apache.flink.runtime.scheduler.adaptive;

import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescalePolicy;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.FlinkAllocators;
import org.apache.flink.runtime.scheduler.adaptive.allocator.FlinkGroupOrder;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of Slotwise's {@link FlinkRescaleDecider} ({@code FLINK_1_20}) against Flink
 * 1.20.3's own rescale decisions (FLIP-322), the oracle: {@link AdaptiveScheduler120Harness} runs
 * Flink's {@code WaitingForResources}, {@code Executing} and {@code Restarting} with Flink's
 * rescaling controllers on a manual clock and main thread (see the harness for what is Flink's code,
 * what is restated and how Executing's {@code Instant.now()} is aligned with the simulated clock).
 *
 * <p>Each case is a random small job (1–5 vertices in 1–3 slot-sharing groups, Flink's default
 * parallelism store or random resource requirements), a random 1.20 policy (submission wait and
 * stabilization timeouts, scaling-interval.min, scaling-interval.max unset or above it,
 * min-parallelism-increase 1–4, restart backoff) and a random trace: slots before the start (the
 * desired count, a sufficient count, or none), the job's start, then 5–40 events (slots added, idle
 * slots lost, slots with running tasks lost, new resource requirements, some equal to the current
 * ones). Times and durations are multiples of 1 ms, 1 s or 5 s, so that events and timers often fall
 * on the same instant. After every event the test compares
 * every start, rescale, stop and failure so far (time and parallelism per vertex; a restart to rescale
 * that redeploys at the same instant is one rescale, as Slotwise reports it) and the scheduler state.
 *
 * <p>The job's slot-sharing groups are handed to Slotwise in the order 1.20's {@code
 * determineParallelism} visits them ({@link FlinkGroupOrder}), so the two agree on which group
 * gets a division remainder.
 *
 * <p>The trace, its random job and the comparison are {@link RescaleTraceCase}'s, shared with
 * flink-adapter's 2.3 test; this class adds 1.20's policy and events (restarts are reported as
 * on 1.18: {@link RescaleTraceCase#flinkActionsAsSlotwiseReportsThem}).
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed,
 * the case, the policy, the job and the trace so far.
 */
class RescaleDecision120DifferentialTest {
    static final long DEFAULT_SEED = 20260612L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int TRACES = 3_000;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.sorted(SEED, DifferentialResults.oracle());

    @Test
    void slotwiseDecidesWhenFlink120sAdaptiveSchedulerDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < TRACES; c++) {
            new Case(c, random.split()).run();
        }
    }

    /**
     * One random job, policy and trace, run through both: 1.20's policy (scaling-interval.min and
     * .max, min-parallelism-increase), no checkpoint events, and restarts merged as Slotwise reports
     * them.
     */
    private static final class Case extends RescaleTraceCase<AdaptiveScheduler120Harness> {

        Case(int index, SplittableRandom random) {
            super(TALLY, index, random);
        }

        @Override
        RescalePolicy randomPolicy() {
            Duration min = ticks(60);
            RescalePolicy.Builder b = RescalePolicy.builder()
                    .generation(RescalePolicy.Generation.FLINK_1_20)
                    .submissionResourceWaitTimeout(
                            random.nextInt(4) == 0
                                    ? Duration.ofMillis(-1)
                                    : Duration.ofSeconds(10).plus(ticks(170)))
                    .submissionResourceStabilizationTimeout(ticks(30))
                    .cooldownAfterRescaling(min)
                    .minParallelismIncrease(1 + random.nextInt(4))
                    .restartBackoff(ticks(10));
            if (random.nextBoolean()) {
                // at least 1 s above min: the harness's clock alignment needs half the gap
                b.scalingIntervalMax(min.plus(Duration.ofSeconds(1)).plus(ticks(120)));
            }
            return b.build();
        }

        @Override
        AdaptiveScheduler120Harness harness(VertexParallelismStore store) {
            return new AdaptiveScheduler120Harness(
                    mainThread,
                    new AdaptiveScheduler120Harness.Settings(
                            policy.submissionResourceWaitTimeout(),
                            policy.submissionResourceStabilizationTimeout(),
                            policy.cooldownAfterRescaling(),
                            policy.scalingIntervalMax().orElse(null),
                            policy.minParallelismIncrease(),
                            policy.restartBackoff()),
                    flinkGraph,
                    store,
                    flinkAllocator());
        }

        @Override
        io.github.slotwise.model.JobGraph slotwiseGraph(JobInformation info) {
            return slotwiseGraphOf(info);
        }

        @Override
        RescaleEvent randomEvent() {
            DeciderState atNow = atNow();
            RescaleEvent slots = slotEvent(atNow, random.nextInt(100), 45, 60, 68);
            return slots != null ? slots : randomRequirements(atNow);
        }

        @Override
        List<String> flinkActions() {
            return flinkActionsAsSlotwiseReportsThem();
        }

        @Override
        List<String> slotwiseActions() {
            return slotwiseActionsStopAndRescaleMerged();
        }
    }

    static SlotSharingSlotAllocator flinkAllocator() {
        return FlinkAllocators.create(false, null, false);
    }
}
