package org.apache.flink.runtime.scheduler.adaptive;

import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
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
 * Differential test of Slotwise's {@link FlinkRescaleDecider} ({@code FLINK_1_18}, with 1.18's
 * parallelism rule) against Flink 1.18.1's own rescale decisions, the oracle: {@link
 * AdaptiveScheduler118Harness} runs Flink's {@code WaitingForResources}, {@code Executing} and {@code
 * Restarting} with Flink's {@code EnforceMinimalIncreaseRescalingController} on a manual clock and
 * main thread.
 *
 * <p>Each case is a random small job (1–5 vertices in 1–3 slot-sharing groups, Flink's default
 * parallelism store or random resource requirements), a random 1.18 policy (submission wait and
 * stabilization timeouts, min-parallelism-increase 1–4, restart backoff) and a random trace: slots
 * before the start, the job's start, then 5–40 events (slots added, idle slots lost, slots with
 * running tasks lost, new resource requirements, some equal to the current ones), at multiples of 1
 * ms, 1 s or 5 s. After every event the test compares every start, rescale, stop and failure so far
 * (a restart to rescale that redeploys at the same instant is one rescale, as Slotwise reports it)
 * and the scheduler state. The groups are handed to Slotwise in 1.18's {@code determineParallelism}
 * order ({@link FlinkGroupOrder}).
 *
 * <p>Version-specific test support (flink-test-support/src/lines/flink-1.18): the line 1.18, in the
 * version matrix only. Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}).
 */
class RescaleDecision118DifferentialTest {
    static final long DEFAULT_SEED = 20260614L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int TRACES = 3_000;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.sorted(SEED, DifferentialResults.oracle());

    @Test
    void slotwiseDecidesWhenFlink118sAdaptiveSchedulerDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < TRACES; c++) {
            new Case(c, random.split()).run();
        }
    }

    /**
     * One random job, policy and trace, run through both: 1.18's policy (scaling-interval.min and
     * .max, min-parallelism-increase), no checkpoint events, and restarts merged as Slotwise reports
     * them.
     */
    private static final class Case extends RescaleTraceCase<AdaptiveScheduler118Harness> {

        Case(int index, SplittableRandom random) {
            super(TALLY, index, random);
        }

        @Override
        RescalePolicy randomPolicy() {
            return RescalePolicy.builder()
                    .generation(RescalePolicy.Generation.FLINK_1_18)
                    .submissionResourceWaitTimeout(
                            random.nextInt(4) == 0
                                    ? Duration.ofMillis(-1)
                                    : Duration.ofSeconds(10).plus(ticks(170)))
                    .submissionResourceStabilizationTimeout(ticks(30))
                    .minParallelismIncrease(1 + random.nextInt(4))
                    .restartBackoff(ticks(10))
                    .build();
        }

        /** 1.18's rule: a group's lowest lower bound is its floor (FLINK-33960 fixed it in 1.19). */
        @Override
        ParallelismSolver slotwiseSolver() {
            return FlinkParallelismSolver.forFlinkVersion(DifferentialResults.flinkVersion());
        }

        @Override
        AdaptiveScheduler118Harness harness(VertexParallelismStore store) {
            return new AdaptiveScheduler118Harness(
                    mainThread,
                    new AdaptiveScheduler118Harness.Settings(
                            policy.submissionResourceWaitTimeout(),
                            policy.submissionResourceStabilizationTimeout(),
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
