package io.github.slotwise.cli;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * A decider that reports how far a simulation has come and stops it when its thread is
 * interrupted: the simulator hands every event to the decider with the simulated time, so the
 * fraction done is that time's share of the simulated span. It decides exactly as the decider it
 * wraps.
 */
final class ProgressDecider implements RescaleDecider {
    private final RescaleDecider decider;
    private final Progress progress;
    private final Instant start;
    private final double spanSeconds;

    ProgressDecider(RescaleDecider decider, Progress progress, Instant start, Instant end) {
        this.decider = decider;
        this.progress = progress;
        this.start = start;
        Duration span = Duration.between(start, end);
        this.spanSeconds = span.getSeconds() + span.getNano() / 1e9;
    }

    @Override
    public String name() {
        return decider.name();
    }

    @Override
    public DeciderState initialState(JobGraph graph) {
        return decider.initialState(graph);
    }

    @Override
    public Transition decide(DeciderState state, RescaleEvent event, Instant now) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the simulation was interrupted");
        }
        if (spanSeconds > 0) {
            Duration done = Duration.between(start, now);
            progress.fraction((done.getSeconds() + done.getNano() / 1e9) / spanSeconds, done);
        }
        return decider.decide(state, event, now);
    }
}
