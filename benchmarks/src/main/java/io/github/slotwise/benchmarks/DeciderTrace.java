package io.github.slotwise.benchmarks;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A trace of events for a {@link RescaleDecider}, built from Slotwise's own model with no Flink class
 * involved: the input of {@link RescaleDeciderBenchmark}, for any decider, a user's included.
 *
 * <p>Job ({@link #job()}): {@code source} (32) and {@code count} (64, keyed, maxParallelism 128) in
 * slot-sharing group {@code a}, {@code sink} (16) in {@code b}. Trace: {@link RescaleEvent.JobStarted},
 * then a seeded random walk of events 0.5 to 10.5 s apart (slots added, 40%; slots lost, 20%, with
 * running tasks when the job would no longer fit or at random; checkpoints completed, 30%, and failed,
 * 10%), with the wake-ups the decider asks for inserted at their times. The trace is recorded by
 * running the decider, so it is the exact sequence a caller delivers to that decider.
 *
 * @param graph the job
 * @param initial the decider's initial state for it
 * @param events the events, wake-ups included
 * @param times each event's time, not decreasing
 */
public record DeciderTrace(JobGraph graph, DeciderState initial, List<RescaleEvent> events, List<Instant> times) {
    /** The time of the first event. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * Copies the lists.
     *
     * @param graph the job
     * @param initial the initial state
     * @param events the events
     * @param times their times, one per event
     */
    public DeciderTrace {
        Limits.checkNotNull("graph", graph);
        Limits.checkNotNull("initial", initial);
        events = List.copyOf(events);
        times = List.copyOf(times);
        if (events.size() != times.size()) {
            throw new IllegalArgumentException(
                    "events and times must be as many, got " + events.size() + " and " + times.size());
        }
    }

    /**
     * The job: three vertices, two slot-sharing groups, maxParallelism 128 on the keyed one.
     *
     * @return the job
     */
    public static JobGraph job() {
        return JobGraph.builder()
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
    }

    /**
     * Records a trace of {@code size} events for {@code decider} on {@link #job()}.
     *
     * @param decider the decider; its wake-ups are part of the trace
     * @param size the number of events, wake-ups included, at least 1
     * @param seed the random walk's seed
     * @return the trace
     * @throws IllegalArgumentException if {@code size} is below 1
     */
    public static DeciderTrace record(RescaleDecider decider, int size, long seed) {
        Limits.checkNotNull("decider", decider);
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        JobGraph graph = job();
        DeciderState initial = decider.initialState(graph);
        List<RescaleEvent> events = new ArrayList<>(size);
        List<Instant> times = new ArrayList<>(size);
        SplittableRandom random = new SplittableRandom(seed);
        Instant now = START;
        DeciderState state = step(decider, initial, new RescaleEvent.JobStarted(), now, events, times);
        while (events.size() < size) {
            now = now.plusMillis(500 + random.nextInt(10_000));
            while (state.nextWakeUp().isPresent() && !state.nextWakeUp().get().isAfter(now) && events.size() < size) {
                state = step(
                        decider,
                        state,
                        new RescaleEvent.WakeUp(),
                        state.nextWakeUp().get(),
                        events,
                        times);
            }
            if (events.size() == size) {
                break;
            }
            state = step(decider, state, nextEvent(random, state), now, events, times);
        }
        return new DeciderTrace(graph, initial, events, times);
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

    private static DeciderState step(
            RescaleDecider decider,
            DeciderState state,
            RescaleEvent event,
            Instant at,
            List<RescaleEvent> events,
            List<Instant> times) {
        events.add(event);
        times.add(at);
        return decider.decide(state, event, at).state();
    }
}
