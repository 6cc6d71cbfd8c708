package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.rescale.Decision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Simulator} run produced.
 *
 * @param deciderName the {@link io.github.slotwise.rescale.RescaleDecider#name()} that decided
 * @param timeline every entry, in time order (ties in the order they happened)
 * @param summary the figures
 * @param load the load figures of a run of a {@link LoadScenario}; empty for a {@link ClusterTrace}
 */
public record SimulationResult(
        String deciderName, List<TimelineEntry> timeline, Summary summary, Optional<LoadFigures> load) {
    /**
     * Copies the timeline.
     *
     * @param deciderName the decider's name
     * @param timeline every entry, in time order
     * @param summary the figures
     * @param load the load figures, for a load scenario
     */
    public SimulationResult {
        Objects.requireNonNull(deciderName, "deciderName");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(load, "load");
        timeline = ImmutableList.copyOf(timeline);
    }

    /**
     * The result of a run of a {@link ClusterTrace}, without load figures.
     *
     * @param deciderName the decider's name
     * @param timeline every entry, in time order
     * @param summary the figures
     */
    public SimulationResult(String deciderName, List<TimelineEntry> timeline, Summary summary) {
        this(deciderName, timeline, summary, Optional.empty());
    }

    /**
     * The decider's decisions.
     *
     * @return every decision of the timeline, in order
     */
    public List<Decision> decisions() {
        return timeline.stream()
                .map(TimelineEntry::decision)
                .flatMap(Optional::stream)
                .collect(ImmutableList.toImmutableList());
    }

    /**
     * The (re)deployments.
     *
     * @return the entries with a RESCALE decision, in time order
     */
    public List<TimelineEntry> rescales() {
        return timeline.stream().filter(TimelineEntry::isRescale).collect(ImmutableList.toImmutableList());
    }
}
