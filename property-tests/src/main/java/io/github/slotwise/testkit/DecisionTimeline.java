package io.github.slotwise.testkit;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.RescaleEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a {@link io.github.slotwise.rescale.RescaleDecider} was told and decided, step by step:
 * the input of {@link DeciderInvariants}.
 *
 * @param steps one per event delivered (wake-ups included), in time order
 * @param end the time the run stopped looking (after the last wake-up or the horizon)
 */
public record DecisionTimeline(List<Step> steps, Instant end) {
    /** Copies the steps. */
    public DecisionTimeline {
        steps = ImmutableList.copyOf(steps);
    }

    /**
     * One event and the decisions it led to.
     *
     * @param at the event's time
     * @param event the event delivered
     * @param availableSlots slots after the event
     * @param graph the graph after the event (requirements in force)
     * @param running the plan running after the event's decisions, if any
     * @param decisions the decisions taken, all at {@code at} (the driver delivers due wake-ups first)
     */
    public record Step(
            Instant at,
            RescaleEvent event,
            int availableSlots,
            JobGraph graph,
            Optional<ParallelismPlan> running,
            List<Decision> decisions) {
        /** Copies the decisions. */
        public Step {
            decisions = ImmutableList.copyOf(decisions);
        }
    }

    /** All decisions, in order. */
    public List<Decision> decisions() {
        return steps.stream().flatMap(s -> s.decisions().stream()).collect(ImmutableList.toImmutableList());
    }

    /** The RESCALE decisions, in order. */
    public List<Decision> rescales() {
        return decisions().stream().filter(Decision::isRescale).collect(ImmutableList.toImmutableList());
    }
}
