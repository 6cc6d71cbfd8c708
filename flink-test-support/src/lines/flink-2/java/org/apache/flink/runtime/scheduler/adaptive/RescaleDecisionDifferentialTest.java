package org.apache.flink.runtime.scheduler.adaptive;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.flink.FlinkIds;
import io.github.slotwise.flink.FlinkJobGraphs;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.SchedulerBase;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.FlinkAllocators;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of Slotwise's {@link FlinkRescaleDecider} ({@code FLINK_2}) against Flink
 * 2.3.0's own rescale decisions, the oracle: {@link AdaptiveSchedulerHarness} runs Flink's {@code
 * WaitingForResources}, {@code Executing}, {@code Restarting} and {@code
 * DefaultStateTransitionManager} on a manual clock and main thread.
 *
 * <p>Each case is a random small job (1–5 vertices in 1–3 slot-sharing groups, Flink's default
 * parallelism store, random resource requirements or, one in six, Reactive Mode's store with no
 * requirement changes), a random policy (submission wait and
 * stabilization timeouts, cooldown, executing stabilization timeout, max trigger delay set or derived
 * from a checkpoint interval or 0, 1–4 failed checkpoints, restart backoff) and a random trace: slots
 * before the start (the desired count, a sufficient count, or none), the job's start, then 5–40 events
 * (slots added, idle slots lost, slots with running tasks lost, new resource requirements, some equal to
 * the current ones, completed and failed checkpoints). Times and durations are multiples of 1 ms, 1 s
 * or 5 s, so that events and timers often fall on the same instant. Both sides see every event at its
 * time, after the timers due by then; after every event the test compares
 *
 * <ul>
 *   <li>every start, rescale, stop (task failure) and failure so far: time, and parallelism per vertex;
 *   <li>the scheduler state (Created, WaitingForResources, Executing, Restarting, Failed);
 *   <li>the phase of the state's transition manager (Cooldown, Idling, Stabilizing, Stabilized,
 *       Transitioning).
 * </ul>
 *
 * <p>The job's slot-sharing groups are handed to Slotwise in the order Flink's {@code
 * determineParallelism} visits them ({@link FlinkJobGraphs#parallelismGroupOrder}), so the two agree on
 * which group gets a division remainder.
 *
 * <p>The trace, its random job and the comparison are {@link RescaleTraceCase}'s, shared with
 * flink-adapter-1.20's test; this class adds 2.3's policy, Reactive Mode, checkpoint events and the
 * phase comparison.
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed,
 * the case, the policy, the job and the trace so far.
 */
class RescaleDecisionDifferentialTest {
    static final long DEFAULT_SEED = 20260610L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int TRACES = 3_000;
    static final Instant T0 = RescaleTraceCase.T0;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.sorted(SEED, DifferentialResults.oracle());

    @Test
    void slotwiseDecidesWhenFlinksAdaptiveSchedulerDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < TRACES; c++) {
            new Case(c, random.split()).run();
        }
    }

    /**
     * The one difference the random traces avoid by using whole milliseconds: Flink's main thread
     * schedules every callback {@code delay.toMillis()} ahead ({@code AdaptiveScheduler#runIfState}),
     * so a timer whose delay has a sub-millisecond part fires up to 1 ms early; Slotwise keeps exact
     * durations. Here a 1.5 ms cooldown ends after 1 ms in Flink and after 1.5 ms in Slotwise.
     */
    @Test
    void flinkCutsTimerDelaysToWholeMillisecondsSlotwiseDoesNot() {
        JobGraph graph = new JobGraph("sub-millisecond cooldown");
        org.apache.flink.runtime.jobgraph.JobVertex v = new org.apache.flink.runtime.jobgraph.JobVertex("a");
        v.setInvokableClass(AbstractInvokable.class);
        v.setSlotSharingGroup(new SlotSharingGroup());
        v.setParallelism(4);
        graph.addVertex(v);
        VertexParallelismStore store = SchedulerBase.computeVertexParallelismStore(graph);
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .cooldownAfterRescaling(Duration.ofNanos(1_500_000))
                .build();
        ManualMainThread mainThread = new ManualMainThread(T0);
        AdaptiveSchedulerHarness flink =
                AdaptiveSchedulerHarness.create(mainThread, settings(policy), graph, store, flinkAllocator());
        flink.slotsAdded(4);
        flink.startScheduling();
        mainThread.runUntil(T0);
        flink.updateJobResourceRequirements(JobResourceRequirements.newBuilder()
                .setParallelismForJobVertex(v.getID(), 1, 2)
                .build()); // during the cooldown: Stabilizing when it ends, desired at once
        mainThread.runUntil(T0.plusMillis(2));

        FlinkRescaleDecider decider = new FlinkRescaleDecider(policy);
        DeciderState state = decider.initialState(FlinkJobGraphs.fromJobGraph(graph));
        List<Decision> decisions = new ArrayList<>();
        for (RescaleEvent e : List.of(
                new RescaleEvent.SlotsAdded(4),
                new RescaleEvent.JobStarted(),
                new RescaleEvent.RequirementsChanged(Map.of(FlinkIds.vertexId(v.getID()), new VertexBounds(1, 2))))) {
            Transition t = decider.decide(state, e, T0);
            state = t.state();
            decisions.addAll(t.decisions());
        }
        Transition t = decider.decide(state, new RescaleEvent.WakeUp(), T0.plusMillis(2));
        decisions.addAll(t.decisions());

        List<Instant> flinkRescales = flink.actions().stream()
                .filter(a -> a.what().equals("RESCALE"))
                .map(AdaptiveSchedulerHarness.Action::at)
                .toList();
        List<Instant> slotwiseRescales =
                decisions.stream().filter(Decision::isRescale).map(Decision::at).toList();
        if (!flinkRescales.equals(List.of(T0, T0.plusMillis(1)))
                || !slotwiseRescales.equals(List.of(T0, T0.plusNanos(1_500_000)))) {
            fail("expected Flink to rescale 1 ms and Slotwise 1.5 ms after the start, got Flink " + flinkRescales
                    + ", Slotwise " + slotwiseRescales);
        }
    }

    /**
     * One random job, policy and trace, run through both: 2.3's policy (max trigger delay set or
     * derived from a checkpoint interval or 0, failed checkpoints, one job in six in Reactive Mode),
     * Reactive Mode's store, checkpoint events, and the transition manager's phase compared too.
     */
    private static final class Case extends RescaleTraceCase<AdaptiveSchedulerHarness> {

        Case(int index, SplittableRandom random) {
            super(TALLY, index, random);
        }

        @Override
        RescalePolicy randomPolicy() {
            RescalePolicy.Builder b = RescalePolicy.builder()
                    .generation(RescalePolicy.Generation.FLINK_2)
                    .submissionResourceWaitTimeout(
                            random.nextInt(4) == 0
                                    ? Duration.ofMillis(-1)
                                    : Duration.ofSeconds(10).plus(ticks(170)))
                    .submissionResourceStabilizationTimeout(ticks(30))
                    .cooldownAfterRescaling(ticks(60))
                    .executingResourceStabilizationTimeout(ticks(90))
                    .maxCheckpointFailures(1 + random.nextInt(4))
                    .restartBackoff(ticks(10))
                    .reactive(random.nextInt(6) == 0);
            switch (random.nextInt(3)) {
                case 0 -> b.rescaleTriggerMaxDelay(ticks(60));
                case 1 -> b.checkpointInterval(Duration.ofMillis(tick).plus(ticks(20)));
                default -> {} // no checkpointing: the trigger delay is 0
            }
            return b.build();
        }

        /** In Reactive Mode, Reactive Mode's store; else as for every version. */
        @Override
        VertexParallelismStore randomStore() {
            if (!policy.reactive()) {
                return super.randomStore();
            }
            // AdaptiveScheduler#computeReactiveModeVertexParallelismStore: [1, maxParallelism]
            count("jobs: Reactive Mode store");
            VertexParallelismStore base = SchedulerBase.computeVertexParallelismStore(flinkGraph);
            DefaultVertexParallelismStore reactive = new DefaultVertexParallelismStore();
            for (org.apache.flink.runtime.jobgraph.JobVertex v : flinkGraph.getVertices()) {
                int max = base.getParallelismInfo(v.getID()).getMaxParallelism();
                reactive.setParallelismInfo(
                        v.getID(), new DefaultVertexParallelismInfo(max, max, m -> Optional.empty()));
            }
            return reactive;
        }

        @Override
        AdaptiveSchedulerHarness harness(VertexParallelismStore store) {
            return AdaptiveSchedulerHarness.create(mainThread, settings(policy), flinkGraph, store, flinkAllocator());
        }

        @Override
        io.github.slotwise.model.JobGraph slotwiseGraph(JobInformation info) {
            return slotwiseGraphOf(info);
        }

        @Override
        RescaleEvent randomEvent() {
            DeciderState atNow = atNow();
            int roll = random.nextInt(100);
            RescaleEvent slots = slotEvent(atNow, roll, 30, 38, 42);
            if (slots != null) {
                return slots;
            } else if (roll < 54 && !policy.reactive()) { // Reactive Mode rejects requirement changes
                return randomRequirements(atNow);
            } else if (roll < 77) {
                return new RescaleEvent.CheckpointCompleted();
            } else {
                return new RescaleEvent.CheckpointFailed();
            }
        }

        @Override
        void deliver(RescaleEvent event) {
            if (event instanceof RescaleEvent.CheckpointCompleted) {
                flink.checkpointCompleted();
            } else if (event instanceof RescaleEvent.CheckpointFailed) {
                flink.checkpointFailed();
            } else {
                super.deliver(event);
            }
        }

        @Override
        void traceDone() {
            String restartedFrom = null;
            for (AdaptiveSchedulerHarness.Action a : flink.actions()) {
                if (a.what().equals("RESTART")) {
                    restartedFrom = a.from();
                    continue;
                }
                count("Flink " + a.what() + " from "
                        + (a.what().equals("RESCALE") && restartedFrom != null
                                ? restartedFrom + " (rescale of the running job)"
                                : a.from()));
                restartedFrom = null;
            }
        }

        /**
         * Flink's actions but for the RESTART of Executing#transitionToSubsequentState: Restarting
         * with backoff 0 and the available parallelism, which leads straight back to Executing at the
         * same instant with that parallelism; Slotwise reports the pair as one RESCALE.
         */
        @Override
        List<String> flinkActions() {
            List<String> expected = new ArrayList<>();
            List<AdaptiveSchedulerHarness.Action> flinkActions = flink.actions();
            for (int i = 0; i < flinkActions.size(); i++) {
                AdaptiveSchedulerHarness.Action a = flinkActions.get(i);
                if (a.what().equals("RESTART")) {
                    AdaptiveSchedulerHarness.Action next = i + 1 < flinkActions.size() ? flinkActions.get(i + 1) : null;
                    if (next == null
                            || !next.what().equals("RESCALE")
                            || !next.at().equals(a.at())
                            || !next.parallelism().equals(a.parallelism())) {
                        fail(describe("Flink restarted to rescale at " + a + " but then did " + next));
                    }
                    continue;
                }
                expected.add(a.toString());
            }
            return expected;
        }

        @Override
        List<String> slotwiseActions() {
            return slotwiseActions.stream().map(RescaleTraceCase::asAction).toList();
        }

        /** The phase of the state's transition manager (Cooldown, Idling, Stabilizing, ...). */
        @Override
        String compareMore(String flinkState) {
            String flinkPhase = flink.phaseName().orElse("-");
            String slotwisePhase = slotwise.phase()
                    .map(RescaleDecisionDifferentialTest::phaseName)
                    .orElse("-");
            if (!flinkPhase.equals(slotwisePhase)) {
                fail(describe("phase in " + flinkState + ": Flink " + flinkPhase + ", Slotwise " + slotwisePhase));
            }
            return flinkPhase.equals("-") ? "" : "/" + flinkPhase;
        }
    }

    static AdaptiveSchedulerHarness.Settings settings(RescalePolicy policy) {
        return new AdaptiveSchedulerHarness.Settings(
                policy.submissionResourceWaitTimeout(),
                policy.submissionResourceStabilizationTimeout(),
                policy.cooldownAfterRescaling(),
                policy.executingResourceStabilizationTimeout(),
                policy.effectiveMaxTriggerDelay(),
                policy.maxCheckpointFailures(),
                policy.restartBackoff());
    }

    static String phaseName(DeciderState.Phase phase) {
        String name = phase.name();
        return name.charAt(0) + name.substring(1).toLowerCase();
    }

    static SlotSharingSlotAllocator flinkAllocator() {
        return FlinkAllocators.create(false, null, false);
    }
}
