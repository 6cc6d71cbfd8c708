package io.github.slotwise.testkit;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link RescaleDecider} through a trace of {@link TimedIntent}s: submits the job at {@code
 * start}, delivers every wake-up the decider asks for before the next event (so the decisions of one
 * step all follow its event), turns each intent into a valid event, and keeps waking the decider for
 * {@code tail} after the last event. Records a {@link DecisionTimeline}.
 */
public final class DeciderDriver {
    /** More wake-ups than this in one run means the decider keeps asking for the same instant. */
    public static final int MAX_WAKE_UPS = 100_000;

    private DeciderDriver() {}

    /**
     * Runs the trace.
     *
     * @param decider the decider under test
     * @param graph the job graph
     * @param trace the events, in time order (ties keep their order)
     * @param start when the job is submitted
     * @param tail how long to keep delivering wake-ups after the last event
     * @param requirementChanges whether to deliver {@link EventIntent.ChangeBounds} (false for deciders
     *     that reject them: Reactive Mode, Flink 1.17)
     * @throws IllegalStateException if the decider asks for more than {@link #MAX_WAKE_UPS} wake-ups
     */
    public static DecisionTimeline run(
            RescaleDecider decider,
            JobGraph graph,
            List<TimedIntent> trace,
            Instant start,
            Duration tail,
            boolean requirementChanges) {
        Recorder r = new Recorder(decider, decider.initialState(graph));
        r.deliver(new RescaleEvent.JobStarted(), start);
        Instant last = start;
        for (TimedIntent ti : trace) {
            Instant at = start.plusSeconds(ti.atSecond());
            if (at.isBefore(last)) {
                throw new IllegalArgumentException("trace is not in time order at " + ti);
            }
            last = at;
            r.wakeUpsUntil(at);
            RescaleEvent event = toEvent(ti.intent(), r.state, requirementChanges);
            if (event != null) {
                r.deliver(event, at);
            }
        }
        Instant end = last.plus(tail);
        r.wakeUpsUntil(end);
        return new DecisionTimeline(r.steps, end);
    }

    private static RescaleEvent toEvent(EventIntent intent, DeciderState state, boolean requirementChanges) {
        if (intent instanceof EventIntent.AddSlots add) {
            return new RescaleEvent.SlotsAdded(Math.max(1, add.count()));
        }
        if (intent instanceof EventIntent.LoseSlots lose) {
            int count = Math.min(Math.max(0, lose.count()), state.availableSlots());
            if (count == 0) {
                return null;
            }
            int used = state.running().map(p -> p.slotsUsed()).orElse(0);
            boolean hits = lose.runningTasks() || state.availableSlots() - count < used;
            return new RescaleEvent.SlotsLost(count, hits);
        }
        if (intent instanceof EventIntent.ChangeBounds change) {
            if (!requirementChanges) {
                return null;
            }
            List<JobVertex> vertices = state.graph().vertices();
            JobVertex v = vertices.get(Math.floorMod(change.vertexIndex(), vertices.size()));
            int upper = Math.min(Math.max(1, change.upper()), v.effectiveMaxParallelism());
            int lower = Math.min(Math.max(1, change.lower()), upper);
            return new RescaleEvent.RequirementsChanged(Map.of(v.id(), new VertexBounds(lower, upper)));
        }
        EventIntent.Checkpoint cp = (EventIntent.Checkpoint) intent;
        return cp.completed() ? new RescaleEvent.CheckpointCompleted() : new RescaleEvent.CheckpointFailed();
    }

    private static final class Recorder {
        final RescaleDecider decider;
        DeciderState state;
        final List<DecisionTimeline.Step> steps = new ArrayList<>();
        int wakeUps;

        Recorder(RescaleDecider decider, DeciderState state) {
            this.decider = decider;
            this.state = state;
        }

        void deliver(RescaleEvent event, Instant at) {
            Transition t = decider.decide(state, event, at);
            state = t.state();
            steps.add(new DecisionTimeline.Step(
                    at, event, state.availableSlots(), state.graph(), state.running(), t.decisions()));
        }

        void wakeUpsUntil(Instant until) {
            while (state.nextWakeUp().isPresent() && !state.nextWakeUp().get().isAfter(until)) {
                if (++wakeUps > MAX_WAKE_UPS) {
                    throw new IllegalStateException(decider.name() + " asked for more than " + MAX_WAKE_UPS
                            + " wake-ups (stuck at " + state.nextWakeUp().get() + ")");
                }
                Instant at = state.nextWakeUp().get();
                deliver(
                        new RescaleEvent.WakeUp(),
                        at.isBefore(state.time().orElse(at)) ? state.time().get() : at);
            }
        }
    }
}
