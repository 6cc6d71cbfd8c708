package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.Limits;
import io.github.slotwise.rescale.Durations;
import io.github.slotwise.simulation.TraceEvent.CheckpointCompleted;
import io.github.slotwise.simulation.TraceEvent.CheckpointFailed;
import io.github.slotwise.simulation.TraceEvent.RequirementsChanged;
import io.github.slotwise.simulation.TraceEvent.TaskManagerJoined;
import io.github.slotwise.simulation.TraceEvent.TaskManagerKilled;
import io.github.slotwise.simulation.TraceEvent.TaskManagerStopped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happens to a job's cluster over time: when the job is submitted, until when to simulate, and
 * the timed {@link TraceEvent}s in between.
 *
 * <p>A trace is checked as a whole on construction. Events are in time order; events at the same
 * instant happen in trace order. A TaskManager is <em>present</em> from its {@link
 * TraceEvent.TaskManagerJoined} until its {@link TraceEvent.TaskManagerStopped} or {@link
 * TraceEvent.TaskManagerKilled} (this is the cluster's truth, not what the JobManager has noticed); it
 * may join again after it left. TaskManagers may join at the start, and those that do are registered
 * when the job is submitted.
 *
 * @param start when the job is submitted
 * @param end when the simulation stops, at or after {@code start}
 * @param events the events, in time order, each in {@code [start, end]}
 * @param checkpointInterval periodic checkpointing, if on: while the job runs, the simulator completes
 *     a checkpoint every interval, the first one an interval after each (re)start (see {@link
 *     Simulator})
 */
public record ClusterTrace(Instant start, Instant end, List<TraceEvent> events, Optional<Duration> checkpointInterval) {

    /**
     * Validates the whole trace.
     *
     * @param start when the job is submitted
     * @param end when the simulation stops
     * @param events the events, copied
     * @param checkpointInterval periodic checkpointing, if on
     * @throws IllegalArgumentException naming the field, or the event's index and value: an end
     *     before the start, a non-positive checkpoint interval, an event before the start, after the
     *     end or out of time order, a TaskManager joining while present, or stopped or killed while
     *     absent
     */
    public ClusterTrace {
        Limits.checkNotNull("ClusterTrace.start", start);
        Limits.checkNotNull("ClusterTrace.end", end);
        Limits.checkNotNull("ClusterTrace.events", events);
        Limits.checkNotNull("ClusterTrace.checkpointInterval", checkpointInterval);
        SimulationLimits.checkTime("ClusterTrace.start", start);
        SimulationLimits.checkTime("ClusterTrace.end", end);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("ClusterTrace.end " + end + " is before the start " + start);
        }
        // as every duration: the simulator counts a trace's time in nanoseconds from its start
        SimulationLimits.checkDuration("ClusterTrace duration (end - start)", Duration.between(start, end));
        checkpointInterval.ifPresent(i -> {
            SimulationLimits.checkPositive("ClusterTrace.checkpointInterval", i);
            SimulationLimits.checkSteps("ClusterTrace.checkpointInterval", Duration.between(start, end), i);
        });
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == null) {
                throw new IllegalArgumentException("events[" + i + "] must not be null");
            }
        }
        events = ImmutableList.copyOf(events);
        checkEvents(start, end, events);
    }

    /**
     * A trace without periodic checkpointing.
     *
     * @param start when the job is submitted
     * @param end when the simulation stops
     * @param events the events, copied
     */
    public ClusterTrace(Instant start, Instant end, List<TraceEvent> events) {
        this(start, end, events, Optional.empty());
    }

    /**
     * How long the trace lasts.
     *
     * @return the time from {@link #start()} to {@link #end()}
     */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /**
     * The same trace with periodic checkpointing.
     *
     * @param interval the checkpoint interval, positive
     * @return a trace with the same times and events that checkpoints every {@code interval}
     */
    public ClusterTrace withCheckpointInterval(Duration interval) {
        return new ClusterTrace(start, end, events, Optional.of(interval));
    }

    /**
     * The same trace, earlier or later.
     *
     * @param delta how far to move it; negative moves it earlier
     * @return the trace with every time (start, end, each event) moved by {@code delta}
     */
    public ClusterTrace shiftedBy(Duration delta) {
        Limits.checkNotNull("delta", delta);
        ImmutableList.Builder<TraceEvent> shifted = ImmutableList.builder();
        for (TraceEvent e : events) {
            shifted.add(shift(e, delta));
        }
        return new ClusterTrace(start.plus(delta), end.plus(delta), shifted.build(), checkpointInterval);
    }

    private static TraceEvent shift(TraceEvent e, Duration delta) {
        Instant t = e.time().plus(delta);
        if (e instanceof TaskManagerJoined j) {
            return new TaskManagerJoined(t, j.taskManagerId(), j.slots());
        } else if (e instanceof TaskManagerStopped s) {
            return new TaskManagerStopped(t, s.taskManagerId());
        } else if (e instanceof TaskManagerKilled k) {
            return new TaskManagerKilled(t, k.taskManagerId());
        } else if (e instanceof CheckpointCompleted) {
            return new CheckpointCompleted(t);
        } else if (e instanceof CheckpointFailed) {
            return new CheckpointFailed(t);
        } else if (e instanceof RequirementsChanged r) {
            return new RequirementsChanged(t, r.bounds());
        }
        throw new IllegalStateException("unknown trace event " + e);
    }

    private static void checkEvents(Instant start, Instant end, List<TraceEvent> events) {
        Map<String, Integer> presentSince = new HashMap<>(); // TaskManager id -> index of its join
        Map<String, Integer> slotsOf = new HashMap<>();
        long slots = 0;
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            String where = "events[" + i + "] (" + describe(start, e) + "): ";
            if (e.time().isBefore(start)) {
                throw new IllegalArgumentException(where + "before the start (" + start + ")");
            }
            if (e.time().isAfter(end)) {
                throw new IllegalArgumentException(where + "after the end, "
                        + Durations.format(Duration.between(start, end)) + " after the start");
            }
            if (i > 0 && e.time().isBefore(events.get(i - 1).time())) {
                throw new IllegalArgumentException(where + "out of time order: before events[" + (i - 1) + "] at "
                        + Durations.format(
                                Duration.between(start, events.get(i - 1).time())));
            }
            if (e instanceof TaskManagerJoined j) {
                Integer joined = presentSince.putIfAbsent(j.taskManagerId(), i);
                if (joined != null) {
                    throw new IllegalArgumentException(where + "TaskManager '" + j.taskManagerId()
                            + "' joins but is already present (it joined at events[" + joined + "])");
                }
                slotsOf.put(j.taskManagerId(), j.slots());
                slots += j.slots();
                if (presentSince.size() > SimulationLimits.MAX_TASK_MANAGERS) {
                    throw new IllegalArgumentException(where + presentSince.size()
                            + " TaskManagers would be present, above the limit of "
                            + SimulationLimits.MAX_TASK_MANAGERS);
                }
                if (slots > Limits.MAX_SLOTS) {
                    throw new IllegalArgumentException(
                            where + slots + " slots would be present, above the limit of " + Limits.MAX_SLOTS);
                }
            } else if (e instanceof TaskManagerStopped s) {
                leave(presentSince, s.taskManagerId(), where);
                slots -= slotsOf.remove(s.taskManagerId());
            } else if (e instanceof TaskManagerKilled k) {
                leave(presentSince, k.taskManagerId(), where);
                slots -= slotsOf.remove(k.taskManagerId());
            }
        }
    }

    /**
     * An event as the trace format writes it, e.g. {@code join of 'tm-1' (2 slots) at 30 s}: its type,
     * what it names, and its time after the start in Flink's syntax.
     */
    static String describe(Instant start, TraceEvent e) {
        Duration at = Duration.between(start, e.time());
        String what;
        if (e instanceof TaskManagerJoined j) {
            what = "join of '" + j.taskManagerId() + "' (" + j.slots() + (j.slots() == 1 ? " slot)" : " slots)");
        } else if (e instanceof TaskManagerStopped s) {
            what = "stop of '" + s.taskManagerId() + "'";
        } else if (e instanceof TaskManagerKilled k) {
            what = "kill of '" + k.taskManagerId() + "'";
        } else if (e instanceof CheckpointCompleted) {
            what = "checkpoint-completed";
        } else if (e instanceof CheckpointFailed) {
            what = "checkpoint-failed";
        } else {
            what = "requirements";
        }
        return what + " at " + Durations.format(at);
    }

    private static void leave(Map<String, Integer> presentSince, String taskManagerId, String where) {
        if (presentSince.remove(taskManagerId) == null) {
            throw new IllegalArgumentException(where + "TaskManager '" + taskManagerId + "' is not present");
        }
    }
}
