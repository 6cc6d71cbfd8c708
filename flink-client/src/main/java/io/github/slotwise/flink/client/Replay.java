package io.github.slotwise.flink.client;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.Reason;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays a Flink rescale history through a Slotwise decider and compares, rescale by rescale, what
 * Flink did with what Slotwise predicts.
 *
 * <p>Flink's completed rescales and Slotwise's deployments are paired in order (the first with the
 * first, ...). A pair agrees when every vertex has the same parallelism and the trigger cause is the
 * same; times are shown but not compared, since heartbeats, checkpoints and the wall clock of a real
 * cluster cannot be replayed exactly. Slotwise's cause of a deployment is: {@code INITIAL_SCHEDULE}
 * for the first, {@code RECOVERABLE_FAILOVER} after tasks were lost, {@code UPDATE_REQUIREMENT} after
 * a requirements change, else {@code NEW_RESOURCE_AVAILABLE}.
 */
public final class Replay {
    private Replay() {}

    /**
     * One deployment of Slotwise's.
     *
     * @param at when, since the trace's start
     * @param cause the trigger cause, in Flink's terms
     * @param parallelism per vertex id
     * @param reason the decider's reason
     */
    public record SlotwiseRescale(Duration at, String cause, Map<String, Integer> parallelism, Reason reason) {
        /**
         * Copies the map.
         *
         * @param at when
         * @param cause the trigger cause
         * @param parallelism per vertex id
         * @param reason the decider's reason
         */
        public SlotwiseRescale {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(cause, "cause");
            parallelism = ImmutableMap.copyOf(parallelism);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * One row of the comparison; at least one side is present.
     *
     * @param flink Flink's rescale, if it made one at this position
     * @param slotwise Slotwise's, if it made one at this position
     */
    public record Row(Optional<RescaleTraces.FlinkRescale> flink, Optional<SlotwiseRescale> slotwise) {
        /**
         * Checks a side is present.
         *
         * @param flink Flink's rescale
         * @param slotwise Slotwise's rescale
         */
        public Row {
            Objects.requireNonNull(flink, "flink");
            Objects.requireNonNull(slotwise, "slotwise");
            if (flink.isEmpty() && slotwise.isEmpty()) {
                throw new IllegalArgumentException("a row needs a side");
            }
        }

        /**
         * Whether the target parallelism of every vertex Flink recorded agrees.
         *
         * @return true if both sides are present and agree on every vertex
         */
        public boolean parallelismAgrees() {
            if (flink.isEmpty() || slotwise.isEmpty()) {
                return false;
            }
            return flink.get().parallelism().entrySet().stream().allMatch(e -> e.getValue()
                    .equals(slotwise.get().parallelism().get(e.getKey())));
        }

        /**
         * Whether the trigger causes agree.
         *
         * @return true if both sides are present with the same cause
         */
        public boolean causeAgrees() {
            return flink.isPresent()
                    && slotwise.isPresent()
                    && flink.get().triggerCause().equals(slotwise.get().cause());
        }

        /**
         * Whether parallelism and cause agree.
         *
         * @return true if both do
         */
        public boolean agrees() {
            return parallelismAgrees() && causeAgrees();
        }
    }

    /**
     * A replay.
     *
     * @param converted the history as a trace, and Flink's rescales
     * @param result Slotwise's simulation of the trace
     * @param rows Flink's and Slotwise's rescales, paired in order
     */
    public record Result(RescaleTraces.Converted converted, SimulationResult result, List<Row> rows) {
        /**
         * Copies the list.
         *
         * @param converted the converted history
         * @param result the simulation
         * @param rows the pairs
         */
        public Result {
            Objects.requireNonNull(converted, "converted");
            Objects.requireNonNull(result, "result");
            rows = ImmutableList.copyOf(rows);
        }

        /**
         * How many of Flink's completed rescales Slotwise agrees with (parallelism and cause).
         *
         * @return the count
         */
        public long agreements() {
            return rows.stream().filter(Row::agrees).count();
        }

        /**
         * Flink's completed rescales.
         *
         * @return the count
         */
        public int flinkRescales() {
            return converted.flinkRescales().size();
        }
    }

    /**
     * Runs the converted history through the decider and pairs the rescales.
     *
     * @param converted the history as a trace, with the job
     * @param decider the decider (built from the job's own configuration, or a policy to try)
     * @param config the simulator's settings
     * @return the comparison
     */
    public static Result run(RescaleTraces.Converted converted, RescaleDecider decider, SimulationConfig config) {
        SimulationResult result = new Simulator().run(converted.graph(), converted.trace(), decider, config);
        List<SlotwiseRescale> mine = deployments(result, converted.trace().start());
        List<RescaleTraces.FlinkRescale> theirs = converted.flinkRescales();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            rows.add(new Row(
                    i < theirs.size() ? Optional.of(theirs.get(i)) : Optional.empty(),
                    i < mine.size() ? Optional.of(mine.get(i)) : Optional.empty()));
        }
        return new Result(converted, result, rows);
    }

    /** Slotwise's deployments with their causes in Flink's terms. */
    static List<SlotwiseRescale> deployments(SimulationResult result, Instant start) {
        List<SlotwiseRescale> deployments = new ArrayList<>();
        String pending = RescaleDetails.INITIAL_SCHEDULE;
        for (TimelineEntry e : result.timeline()) {
            if (e.decision().isEmpty()) {
                continue;
            }
            Decision d = e.decision().get();
            if (d.action() == Decision.Action.STOP && d.reason() == Reason.TASKS_LOST) {
                pending = RescaleDetails.RECOVERABLE_FAILOVER;
            } else if (e.cause().startsWith("requirements changed")
                    && !pending.equals(RescaleDetails.RECOVERABLE_FAILOVER)
                    && !pending.equals(RescaleDetails.INITIAL_SCHEDULE)) {
                pending = RescaleDetails.UPDATE_REQUIREMENT;
            }
            if (d.action() == Decision.Action.RESCALE) {
                deployments.add(new SlotwiseRescale(
                        Duration.between(start, d.at()),
                        pending,
                        d.plan().orElseThrow().vertexParallelism(),
                        d.reason()));
                pending = RescaleDetails.NEW_RESOURCE_AVAILABLE;
            }
        }
        return deployments;
    }
}
