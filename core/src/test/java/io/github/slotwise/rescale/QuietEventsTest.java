package io.github.slotwise.rescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.RescaleEvent.CheckpointCompleted;
import io.github.slotwise.rescale.RescaleEvent.CheckpointFailed;
import io.github.slotwise.rescale.RescaleEvent.JobStarted;
import io.github.slotwise.rescale.RescaleEvent.RequirementsChanged;
import io.github.slotwise.rescale.RescaleEvent.SlotsAdded;
import io.github.slotwise.rescale.RescaleEvent.SlotsLost;
import io.github.slotwise.rescale.RescaleEvent.WakeUp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A {@link FlinkRescaleDecider} that gives events known to change nothing but the time without its
 * scheduler ({@link QuietEvents}) returns, for every event of random traces, exactly the transition
 * of the full path ({@link FlinkRescaleDecider#decideInFull}): for every generation, Reactive Mode,
 * solver and gate, with checkpoints and wake-ups at, before and after due timers, among slots that
 * come and go and requirements that change.
 */
class QuietEventsTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** A keyed and an unkeyed vertex in one slot-sharing group. */
    private static final JobGraph SHARED = JobGraph.builder()
            .addVertices(
                    JobVertex.builder()
                            .id("src")
                            .slotSharingGroup("G")
                            .parallelism(6)
                            .keyed(false)
                            .build(),
                    JobVertex.builder()
                            .id("agg")
                            .slotSharingGroup("G")
                            .parallelism(8)
                            .maxParallelism(12)
                            .keyed(true)
                            .build())
            .build();

    /** Two keyed vertices in two groups. */
    private static final JobGraph TWO_GROUPS = JobGraph.builder()
            .addVertices(
                    JobVertex.builder()
                            .id("a")
                            .slotSharingGroup("A")
                            .parallelism(4)
                            .maxParallelism(16)
                            .keyed(true)
                            .build(),
                    JobVertex.builder()
                            .id("b")
                            .slotSharingGroup("B")
                            .parallelism(3)
                            .maxParallelism(9)
                            .keyed(true)
                            .build())
            .build();

    private static final List<RescalePolicy> POLICIES = List.of(
            RescalePolicy.FLINK_1_17,
            RescalePolicy.FLINK_1_18,
            RescalePolicy.FLINK_1_20,
            RescalePolicy.builder()
                    .generation(RescalePolicy.Generation.FLINK_1_20)
                    .cooldownAfterRescaling(Duration.ofSeconds(20))
                    .scalingIntervalMax(Duration.ofSeconds(90))
                    .minParallelismIncrease(3)
                    .build(),
            RescalePolicy.FLINK_2,
            RescalePolicy.builder()
                    .checkpointInterval(Duration.ofSeconds(10))
                    .cooldownAfterRescaling(Duration.ofSeconds(5))
                    .executingResourceStabilizationTimeout(Duration.ofSeconds(15))
                    .maxCheckpointFailures(1)
                    .build(),
            RescalePolicy.builder()
                    .rescaleTriggerMaxDelay(Duration.ofSeconds(7))
                    .submissionResourceWaitTimeout(Duration.ofSeconds(40))
                    .build(),
            RescalePolicy.REACTIVE);

    private static List<FlinkRescaleDecider> deciders() {
        List<FlinkRescaleDecider> deciders = new ArrayList<>();
        for (RescalePolicy policy : POLICIES) {
            for (ParallelismSolver solver : List.of(
                    new FlinkParallelismSolver(),
                    new KeyGroupAwareParallelismSolver(),
                    new ProportionalParallelismSolver())) {
                deciders.add(new FlinkRescaleDecider(policy, solver));
                deciders.add(new FlinkRescaleDecider(policy, solver, new KeyGroupGainGate()));
                deciders.add(new FlinkRescaleDecider(policy, solver, RescaleCostModel.DEFAULT));
            }
        }
        return deciders;
    }

    /** Steps, and steps the decider gave without its scheduler. */
    private record Count(int steps, int repeated) {
        Count plus(Count c) {
            return new Count(steps + c.steps, repeated + c.repeated);
        }
    }

    @Test
    void everyTransitionIsTheFullPathsOwn() {
        Count total = new Count(0, 0);
        int seed = 0;
        for (FlinkRescaleDecider decider : deciders()) {
            Count forDecider = new Count(0, 0);
            for (JobGraph graph : List.of(SHARED, TWO_GROUPS)) {
                for (int trace = 0; trace < 6; trace++) {
                    forDecider = forDecider.plus(compare(decider, graph, new SplittableRandom(seed++), 250));
                }
            }
            assertThat(forDecider.repeated())
                    .as("%s: events given without the scheduler", decider.name())
                    .isGreaterThan(forDecider.steps() / 10);
            total = total.plus(forDecider);
        }
        assertThat(total.repeated()).as("events given without the scheduler").isGreaterThan(total.steps() / 4);
    }

    @Test
    void oneDeciderServesSeveralTracesAtOnce() throws Exception {
        FlinkRescaleDecider decider = new FlinkRescaleDecider(
                RescalePolicy.builder()
                        .checkpointInterval(Duration.ofSeconds(10))
                        .build(),
                new KeyGroupAwareParallelismSolver(),
                new KeyGroupGainGate());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Count>> counts = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                int seed = 1000 + task;
                counts.add(pool.submit(() -> {
                    Count c = new Count(0, 0);
                    for (int trace = 0; trace < 10; trace++) {
                        c = c.plus(compare(
                                decider,
                                trace % 2 == 0 ? SHARED : TWO_GROUPS,
                                new SplittableRandom(seed * 31L + trace),
                                400));
                    }
                    return c;
                }));
            }
            Count total = new Count(0, 0);
            for (Future<Count> c : counts) {
                total = total.plus(c.get());
            }
            assertThat(total.repeated()).isGreaterThan(total.steps() / 4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQuietDecisionThatNamesItsTimeIsMadeAgainAtEachEvent() {
        // reactive, key-group aware: {a=4, b=5} on 10 slots, {a=6, b=3} on 9; losing an idle slot
        // after the cooldown leaves Idling with a rescale possible and no first change, which Flink
        // 2's wait explains as "... stabilization timeout from <now>"
        FlinkRescaleDecider decider =
                new FlinkRescaleDecider(RescalePolicy.REACTIVE, new KeyGroupAwareParallelismSolver());
        DeciderState s = decider.decide(decider.initialState(TWO_GROUPS), new JobStarted(), T0)
                .state();
        s = decider.decide(s, new SlotsAdded(10), T0.plusSeconds(1)).state();
        s = decider.decide(s, new WakeUp(), T0.plusSeconds(100)).state();
        s = decider.decide(s, new SlotsLost(1, false), T0.plusSeconds(110)).state();
        assertThat(s.phase()).contains(DeciderState.Phase.IDLING);
        for (int at = 120; at <= 140; at += 10) {
            Instant now = T0.plusSeconds(at);
            Transition t = decider.decide(s, new CheckpointCompleted(), now);
            assertThat(t).isEqualTo(decider.decideInFull(s, new CheckpointCompleted(), now));
            assertThat(t.decision().reason()).isEqualTo(Reason.AWAITING_TRIGGER);
            assertThat(t.decision().explanation())
                    .endsWith("(IDLING): waiting for desired resources and a"
                            + " checkpoint, or the PT1M stabilization timeout from " + now);
            s = t.state();
        }
    }

    @Test
    void anEventBeforeThePreviousOneIsRejectedAsBefore() {
        FlinkRescaleDecider decider = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
        DeciderState s = decider.decide(decider.initialState(SHARED), new JobStarted(), T0)
                .state();
        s = decider.decide(s, new SlotsAdded(8), T0.plusSeconds(1)).state();
        s = decider.decide(s, new WakeUp(), T0.plusSeconds(100)).state();
        DeciderState running = decider.decide(s, new CheckpointCompleted(), T0.plusSeconds(101))
                .state();
        // known now to change nothing; still not before the state's time
        assertThat(decider.decide(running, new CheckpointCompleted(), T0.plusSeconds(102)))
                .isEqualTo(decider.decideInFull(running, new CheckpointCompleted(), T0.plusSeconds(102)));
        DeciderState later = decider.decide(running, new CheckpointCompleted(), T0.plusSeconds(103))
                .state();
        assertThatThrownBy(() -> decider.decide(later, new CheckpointCompleted(), T0.plusSeconds(102)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is before the previous event");
    }

    /**
     * Drives one random trace through {@code decider}, comparing every transition with the full
     * path's; the state carried on is the one {@link FlinkRescaleDecider#decide} returned.
     */
    private static Count compare(FlinkRescaleDecider decider, JobGraph graph, SplittableRandom random, int steps) {
        DeciderState state = decider.initialState(graph);
        Instant now = T0;
        int repeated = 0;
        boolean started = false;
        for (int step = 0; step < steps; step++) {
            now = next(state, now, random);
            RescaleEvent event = started ? event(decider, state, random) : startOrSlots(random);
            if (event instanceof JobStarted) {
                started = true;
            }
            Transition full;
            try {
                full = decider.decideInFull(state, event, now);
            } catch (IllegalArgumentException e) {
                // an event that does not fit the job once the timers due by its time have fired
                // (slots lost under a plan that has just grown): rejected alike
                DeciderState before = state;
                Instant at = now;
                assertThatThrownBy(() -> decider.decide(before, event, at))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            Transition fast = decider.repeated(state, event, now);
            Transition t = decider.decide(state, event, now);
            String where = decider.name() + " step " + step + " " + event + " at " + now + " on " + state;
            assertThat(t).as(where).isEqualTo(full);
            if (fast != null) {
                repeated++;
                assertThat(fast).as(where).isEqualTo(full);
            }
            state = t.state();
        }
        return new Count(steps, repeated);
    }

    private static RescaleEvent startOrSlots(SplittableRandom random) {
        return random.nextInt(4) == 0 ? new SlotsAdded(1 + random.nextInt(4)) : new JobStarted();
    }

    /**
     * The next event's time: mostly a periodic checkpoint's step, sometimes at, just before or just
     * after the decider's wake-up, sometimes at the same instant.
     */
    private static Instant next(DeciderState state, Instant now, SplittableRandom random) {
        Optional<Instant> wakeUp = state.nextWakeUp();
        int r = random.nextInt(10);
        if (wakeUp.isPresent() && wakeUp.get().isAfter(now) && r < 3) {
            Instant w = wakeUp.get();
            Instant at =
                    switch (r) {
                        case 0 -> w;
                        case 1 -> w.minusMillis(1);
                        default -> w.plusMillis(1);
                    };
            return at.isBefore(now) ? now : at;
        }
        return switch (r) {
            case 3 -> now;
            case 4 -> now.plusMillis(1 + random.nextInt(2000));
            case 5 -> now.plusSeconds(30 + random.nextInt(120));
            default -> now.plusSeconds(10);
        };
    }

    /** A random event that fits the state: mostly checkpoints and wake-ups. */
    private static RescaleEvent event(FlinkRescaleDecider decider, DeciderState state, SplittableRandom random) {
        int r = random.nextInt(100);
        int available = state.availableSlots();
        if (r < 50) {
            return new CheckpointCompleted();
        }
        if (r < 62) {
            return new CheckpointFailed();
        }
        if (r < 78) {
            return new WakeUp();
        }
        if (r < 88 && available < Limits.MAX_SLOTS - 4) {
            return new SlotsAdded(1 + random.nextInt(4));
        }
        if (r < 96 && available > 0) {
            int count = 1 + random.nextInt(Math.min(available, 4));
            int left = available - count;
            boolean lost = random.nextInt(3) == 0
                    || state.running().map(p -> left < p.slotsUsed()).orElse(false);
            return new SlotsLost(count, lost);
        }
        if (!decider.policy().reactive() && decider.policy().generation() != RescalePolicy.Generation.FLINK_1_17) {
            List<JobVertex> vertices = state.graph().vertices();
            JobVertex v = vertices.get(random.nextInt(vertices.size()));
            int max = v.effectiveMaxParallelism();
            int lower = 1 + random.nextInt(Math.min(3, max));
            int upper = lower + random.nextInt(max - lower + 1);
            return new RequirementsChanged(Map.of(v.id(), new VertexBounds(lower, upper)));
        }
        return new CheckpointCompleted();
    }
}
