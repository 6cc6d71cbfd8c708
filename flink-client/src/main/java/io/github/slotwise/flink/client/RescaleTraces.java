package io.github.slotwise.flink.client;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.simulation.ClusterTrace;
import io.github.slotwise.simulation.TraceEvent;
import io.github.slotwise.simulation.format.InputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a Flink 2.3 rescale history into a Slotwise cluster trace (docs/trace-format.md), and lists
 * what Flink did, rescale by rescale, for {@link Replay} to compare with.
 *
 * <p>The history records rescales, not the cluster: no TaskManager ids, no checkpoints. So the trace
 * is rebuilt from the slots each completed rescale used (the sum of {@code postRescaleSlots} over the
 * slot-sharing groups), on TaskManagers of a given size named {@code tm-1}, {@code tm-2}, ...:
 *
 * <ul>
 *   <li>{@code INITIAL_SCHEDULE}: TaskManagers with the slots it used join at the trace's start (the
 *       job's submission, the rescale's start).
 *   <li>{@code NEW_RESOURCE_AVAILABLE}: TaskManagers with the slots it gained join at the rescale's
 *       start (when Flink saw enough new resources).
 *   <li>{@code UPDATE_REQUIREMENT}: a {@code requirements} event at the rescale's start with each
 *       vertex's sufficient (lower bound) and desired (upper bound) parallelism; slots it used beyond
 *       those present join first.
 *   <li>{@code RECOVERABLE_FAILOVER}: at the rescale's start (when Flink handled the failure, i.e.
 *       after the heartbeat timeout for a lost TaskManager) TaskManagers with the slots it lost stop;
 *       if it lost none, the first TaskManager stops and a new one with the same slots joins, so that
 *       the job restarts.
 * </ul>
 *
 * <p>Slots used are a lower bound of the slots present (a job at its desired parallelism leaves
 * extra slots idle, and Flink does not record them), which is why a rescale the history does not
 * show (e.g. a TaskManager that joined and left while the job was at its desired parallelism) is not
 * in the trace. Rescales that did not complete (failed, ignored) add no slots: their slots are not
 * recorded. Timestamps are the JobManager's clock, in milliseconds.
 */
public final class RescaleTraces {
    private RescaleTraces() {}

    /**
     * One completed rescale of Flink's, as the history tells it.
     *
     * @param index its position among the completed rescales, from 1
     * @param rescaleUuid Flink's id of the rescale
     * @param triggerCause Flink's trigger cause
     * @param startedAt when it started, since the trace's start
     * @param executingAt when the job was executing with the new parallelism, since the trace's start
     * @param parallelism the parallelism it chose per vertex id ({@code postRescaleParallelism})
     * @param slots the slots it used, over all slot-sharing groups
     */
    public record FlinkRescale(
            int index,
            String rescaleUuid,
            String triggerCause,
            Duration startedAt,
            Duration executingAt,
            Map<String, Integer> parallelism,
            int slots) {
        /**
         * Copies the map.
         *
         * @param index its position
         * @param rescaleUuid Flink's id
         * @param triggerCause the trigger cause
         * @param startedAt when it started
         * @param executingAt when the job ran with it
         * @param parallelism per vertex id
         * @param slots slots used
         */
        public FlinkRescale {
            Objects.requireNonNull(triggerCause, "triggerCause");
            parallelism = ImmutableMap.copyOf(parallelism);
        }
    }

    /**
     * A converted history.
     *
     * @param graph the job with the bounds in force at the history's first rescale (its sufficient
     *     and desired parallelism per vertex), which may differ from the job's bounds today
     * @param trace the cluster trace
     * @param flinkRescales Flink's completed rescales, oldest first
     * @param skipped one line per rescale that did not complete (not compared), oldest first
     * @param notes how the trace was made, one line each
     */
    public record Converted(
            JobGraph graph,
            ClusterTrace trace,
            List<FlinkRescale> flinkRescales,
            List<String> skipped,
            List<String> notes) {
        /**
         * Copies the lists.
         *
         * @param graph the job with the first rescale's bounds
         * @param trace the trace
         * @param flinkRescales Flink's completed rescales
         * @param skipped the rescales not compared
         * @param notes how the trace was made
         */
        public Converted {
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(trace, "trace");
            flinkRescales = ImmutableList.copyOf(flinkRescales);
            skipped = ImmutableList.copyOf(skipped);
            notes = ImmutableList.copyOf(notes);
        }
    }

    /**
     * Converts a history.
     *
     * @param history the rescale history, in any order
     * @param graph the job (an imported scenario's), whose vertex ids the history must use
     * @param slotsPerTaskManager the size of the TaskManagers made up, at least 1
     * @param checkpointInterval the job's checkpoint interval, for the trace's periodic checkpoints
     * @param tail how long the trace goes on after the history's last timestamp, so that a decider
     *     slower than Flink can still act
     * @return the trace and Flink's rescales
     * @throws InputException if the history is empty, has no start times, or names a vertex the job
     *     does not have
     */
    public static Converted convert(
            RescaleHistory history,
            JobGraph graph,
            int slotsPerTaskManager,
            Optional<Duration> checkpointInterval,
            Duration tail) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(graph, "graph");
        if (slotsPerTaskManager < 1) {
            throw new IllegalArgumentException("slotsPerTaskManager must be at least 1, got " + slotsPerTaskManager);
        }
        List<RescaleDetails> rescales = history.chronological();
        if (rescales.isEmpty()) {
            throw new InputException("the rescale history is empty: nothing to replay (is"
                    + " web.adaptive-scheduler.rescale-history.size > 0, and has the job started?)");
        }
        for (RescaleDetails r : rescales) {
            if (r.startTimestampInMillis() == null) {
                throw new InputException("rescale " + r.rescaleUuid() + " has no startTimestampInMillis");
            }
            for (String vertex : r.vertices().keySet()) {
                if (graph.vertices().stream().noneMatch(v -> v.id().equals(vertex))) {
                    throw new InputException("rescale " + r.rescaleUuid() + " names vertex " + vertex
                            + ", which the job does not have: import the same job (its vertex ids are Flink's)");
                }
            }
        }
        Builder b = new Builder(Instant.ofEpochMilli(rescales.get(0).startTimestampInMillis()), slotsPerTaskManager);
        List<FlinkRescale> flink = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!RescaleDetails.INITIAL_SCHEDULE.equals(rescales.get(0).triggerCause())) {
            notes.add("the history does not begin with the job's first schedule (it keeps only the latest"
                    + " rescales): the trace starts at its oldest rescale");
        }
        long last = 0;
        for (RescaleDetails r : rescales) {
            Instant at = Instant.ofEpochMilli(r.startTimestampInMillis());
            last = Math.max(last, r.startTimestampInMillis());
            if (r.endTimestampInMillis() != null) {
                last = Math.max(last, r.endTimestampInMillis());
            }
            Optional<Integer> used = slotsUsed(r);
            String cause = r.triggerCause() == null ? "" : r.triggerCause();
            switch (cause) {
                case RescaleDetails.INITIAL_SCHEDULE, RescaleDetails.NEW_RESOURCE_AVAILABLE -> used.ifPresent(
                        s -> b.growTo(at, s));
                case RescaleDetails.UPDATE_REQUIREMENT -> {
                    used.ifPresent(s -> b.growTo(at, s));
                    Map<String, VertexBounds> bounds = new LinkedHashMap<>();
                    r.vertices().forEach((id, v) -> {
                        if (v.desiredParallelism() != null) {
                            int lower = v.sufficientParallelism() == null ? 1 : v.sufficientParallelism();
                            bounds.put(id, new VertexBounds(lower, v.desiredParallelism()));
                        }
                    });
                    if (!bounds.isEmpty()) {
                        b.events.add(new TraceEvent.RequirementsChanged(at, bounds));
                    }
                }
                case RescaleDetails.RECOVERABLE_FAILOVER -> b.failover(at, used);
                default -> notes.add(
                        "rescale " + r.rescaleUuid() + ": unknown trigger cause '" + cause + "', no trace event");
            }
            if (r.completed() && used.isPresent()) {
                Map<String, Integer> parallelism = new LinkedHashMap<>();
                r.vertices().forEach((id, v) -> {
                    if (v.postRescaleParallelism() != null) {
                        parallelism.put(id, v.postRescaleParallelism());
                    }
                });
                long executing = r.executingSince().orElse(r.startTimestampInMillis());
                flink.add(new FlinkRescale(
                        flink.size() + 1,
                        r.rescaleUuid(),
                        cause,
                        Duration.between(b.start, at),
                        Duration.ofMillis(executing - r.startTimestampInMillis())
                                .plus(Duration.between(b.start, at)),
                        parallelism,
                        used.get()));
            } else {
                skipped.add(Text.offset(Duration.between(b.start, at)) + " " + cause + " "
                        + (r.terminalState() == null ? "in progress" : r.terminalState())
                        + (r.terminatedReason() == null ? "" : " (" + r.terminatedReason() + ")") + ": not compared");
            }
        }
        notes.add("TaskManagers of " + slotsPerTaskManager + " slot(s) (taskmanager.numberOfTaskSlots), named tm-1,"
                + " tm-2, ...: the history records slots per rescale, not TaskManagers");
        notes.add("every loss is a 'stop' when Flink handled it (a killed TaskManager was noticed a heartbeat"
                + " timeout earlier in Flink; the history starts the rescale when the failure was handled)");
        Instant end = Instant.ofEpochMilli(last).plus(tail);
        ClusterTrace trace = new ClusterTrace(b.start, end, b.events, checkpointInterval);
        Map<String, VertexBounds> initial = new LinkedHashMap<>();
        rescales.get(0).vertices().forEach((id, v) -> {
            if (v.desiredParallelism() != null) {
                initial.put(
                        id,
                        new VertexBounds(
                                v.sufficientParallelism() == null ? 1 : v.sufficientParallelism(),
                                v.desiredParallelism()));
            }
        });
        JobGraph bounded = graph;
        if (!initial.isEmpty()) {
            try {
                bounded = Requirements.withBounds(graph, initial);
            } catch (IllegalArgumentException e) {
                throw new InputException(
                        "the history's first rescale has bounds the job does not allow: " + e.getMessage());
            }
            notes.add(
                    "the job starts with the bounds of the history's first rescale (sufficient..desired): " + initial);
        }
        return new Converted(bounded, trace, flink, skipped, notes);
    }

    /** The slots a completed rescale used, over all slot-sharing groups. */
    private static Optional<Integer> slotsUsed(RescaleDetails r) {
        if (!r.completed() || r.slots().isEmpty()) {
            return Optional.empty();
        }
        int sum = 0;
        for (RescaleDetails.SlotSharingGroupRescale g : r.slots().values()) {
            if (g.postRescaleSlots() == null) {
                return Optional.empty();
            }
            sum += g.postRescaleSlots();
        }
        return Optional.of(sum);
    }

    /** The TaskManagers made up so far, and the events. */
    private static final class Builder {
        final Instant start;
        final int slotsPerTaskManager;
        final List<TraceEvent> events = new ArrayList<>();
        final Deque<Map.Entry<String, Integer>> present = new ArrayDeque<>();
        int presentSlots;
        int nextId = 1;

        Builder(Instant start, int slotsPerTaskManager) {
            this.start = start;
            this.slotsPerTaskManager = slotsPerTaskManager;
        }

        void growTo(Instant at, int slots) {
            while (presentSlots < slots) {
                join(at, Math.min(slotsPerTaskManager, slots - presentSlots));
            }
        }

        void join(Instant at, int slots) {
            String id = "tm-" + nextId++;
            events.add(new TraceEvent.TaskManagerJoined(at, id, slots));
            present.addLast(Map.entry(id, slots));
            presentSlots += slots;
        }

        void stop(Instant at, Map.Entry<String, Integer> tm) {
            events.add(new TraceEvent.TaskManagerStopped(at, tm.getKey()));
            present.remove(tm);
            presentSlots -= tm.getValue();
        }

        void failover(Instant at, Optional<Integer> used) {
            if (used.isPresent() && used.get() < presentSlots) {
                // lost slots: the latest TaskManagers go, and a part of one comes back if too many went
                while (presentSlots > used.get()) {
                    stop(at, present.peekLast());
                }
                growTo(at, used.get());
            } else if (!present.isEmpty()) {
                // a failure without lost slots: the first TaskManager (which runs tasks) is replaced
                Map.Entry<String, Integer> first = present.peekFirst();
                stop(at, first);
                join(at, first.getValue());
                used.ifPresent(s -> growTo(at, s));
            }
        }
    }

    /** Offsets as Flink prints durations. */
    static final class Text {
        private Text() {}

        static String offset(Duration d) {
            long ms = d.toMillis();
            return String.format(java.util.Locale.ROOT, "+%d.%03d s", ms / 1000, ms % 1000);
        }
    }
}
