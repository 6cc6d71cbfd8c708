package io.github.slotwise.benchmarks;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replays a 10,000-event trace (slots joining and leaving, checkpoints, and the wake-ups the decider
 * asks for) through Slotwise's {@link FlinkRescaleDecider}, one preset per {@code policy}.
 *
 * <p>The trace is made once in {@link #setUp()}: a seeded random walk of slot events a few seconds
 * apart, with the decider's own wake-ups inserted where it asks for them, so the measured method
 * replays exactly the events a caller would deliver. There is no Flink side: Flink's
 * {@code DefaultStateTransitionManager} needs its scheduler around it (flink-adapter's differential
 * test builds one as test code), so this suite measures Slotwise alone.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RescaleDecider}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RescaleDeciderBenchmark {
    /** Events in the trace, wake-ups included. */
    public static final int EVENTS = 10_000;

    /** The Flink preset under test. */
    public enum Preset {
        /** Flink 1.19/1.20 (FLIP-322). */
        FLINK_1_20(RescalePolicy.FLINK_1_20),
        /** Flink 2.x with checkpoints every 10 s (the trigger delay follows from them). */
        FLINK_2(RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(10))
                .build()),
        /** Flink 2.x in Reactive Mode. */
        REACTIVE(RescalePolicy.REACTIVE);

        final RescalePolicy policy;

        Preset(RescalePolicy policy) {
            this.policy = policy;
        }
    }

    /** The preset under test. */
    @Param
    public Preset policy;

    private RescaleDecider decider;
    private DeciderState initial;
    private final List<RescaleEvent> events = new ArrayList<>(EVENTS);

    private final List<Instant> times = new ArrayList<>(EVENTS);

    /** Builds the job (three vertices, two slot-sharing groups, maxParallelism 128) and the trace. */
    @Setup
    public void setUp() {
        JobGraph graph = JobGraph.builder()
                .addVertices(
                        JobVertex.builder()
                                .id("source")
                                .slotSharingGroup("a")
                                .parallelism(32)
                                .build(),
                        JobVertex.builder()
                                .id("count")
                                .slotSharingGroup("a")
                                .parallelism(64)
                                .maxParallelism(128)
                                .keyed(true)
                                .build(),
                        JobVertex.builder()
                                .id("sink")
                                .slotSharingGroup("b")
                                .parallelism(16)
                                .build())
                .build();
        decider = new FlinkRescaleDecider(policy.policy);
        initial = decider.initialState(graph);
        events.clear();
        times.clear();
        SplittableRandom random = new SplittableRandom(42);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        DeciderState state = record(initial, new RescaleEvent.JobStarted(), now);
        while (events.size() < EVENTS) {
            now = now.plusMillis(500 + random.nextInt(10_000));
            while (state.nextWakeUp().isPresent() && !state.nextWakeUp().get().isAfter(now) && events.size() < EVENTS) {
                state = record(
                        state, new RescaleEvent.WakeUp(), state.nextWakeUp().get());
            }
            if (events.size() == EVENTS) {
                break;
            }
            state = record(state, nextEvent(random, state), now);
        }
    }

    private static RescaleEvent nextEvent(SplittableRandom random, DeciderState state) {
        int kind = random.nextInt(10);
        if (kind < 4 || state.availableSlots() < 2) {
            return new RescaleEvent.SlotsAdded(1 + random.nextInt(4));
        }
        if (kind < 6) {
            int count = 1 + random.nextInt(Math.min(4, state.availableSlots()));
            int used = state.running().map(p -> p.slotsUsed()).orElse(0);
            return new RescaleEvent.SlotsLost(count, state.availableSlots() - count < used || random.nextBoolean());
        }
        return kind < 9 ? new RescaleEvent.CheckpointCompleted() : new RescaleEvent.CheckpointFailed();
    }

    private DeciderState record(DeciderState state, RescaleEvent event, Instant at) {
        events.add(event);
        times.add(at);
        return decider.decide(state, event, at).state();
    }

    /** Replays the whole trace; returns the number of decisions so that nothing is optimised away. */
    @Benchmark
    public int replay() {
        DeciderState state = initial;
        int decisions = 0;
        for (int i = 0; i < events.size(); i++) {
            Transition t = decider.decide(state, events.get(i), times.get(i));
            state = t.state();
            decisions += t.decisions().size();
        }
        return decisions;
    }
}
