package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.VertexBounds;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happens to a job's cluster at a known time, as recorded in a {@link ClusterTrace}.
 * The {@link Simulator} turns each into what Flink's JobManager would see, when it would see it.
 */
public sealed interface TraceEvent {

    /**
     * When it happens.
     *
     * @return the time of the event
     */
    Instant time();

    /**
     * A TaskManager registered its slots.
     *
     * @param time when it registered
     * @param taskManagerId its id, unique among the TaskManagers present
     * @param slots how many slots it offers, at least 1
     */
    record TaskManagerJoined(Instant time, String taskManagerId, int slots) implements TraceEvent {
        /**
         * Validates the fields.
         *
         * @param time when it registered
         * @param taskManagerId its id, non-blank
         * @param slots how many slots it offers, at least 1
         */
        public TaskManagerJoined {
            checkTime("TaskManagerJoined", time);
            checkId("TaskManagerJoined", taskManagerId);
            if (slots < 1) {
                throw new IllegalArgumentException("TaskManagerJoined.slots must be >= 1, got " + slots);
            }
        }
    }

    /**
     * A TaskManager shut down cleanly (SIGTERM, a scale-down through the resource manager): it
     * deregisters, so the JobManager sees its slots go at once.
     *
     * @param time when it stopped
     * @param taskManagerId the TaskManager, which must be present
     */
    record TaskManagerStopped(Instant time, String taskManagerId) implements TraceEvent {
        /**
         * Validates the fields.
         *
         * @param time when it stopped
         * @param taskManagerId the TaskManager, non-blank
         */
        public TaskManagerStopped {
            checkTime("TaskManagerStopped", time);
            checkId("TaskManagerStopped", taskManagerId);
        }
    }

    /**
     * A TaskManager died without a word (SIGKILL, a lost node): the JobManager only notices when its
     * heartbeats have been missing for {@link SimulationConfig#heartbeatTimeout()}.
     *
     * @param time when it died
     * @param taskManagerId the TaskManager, which must be present
     */
    record TaskManagerKilled(Instant time, String taskManagerId) implements TraceEvent {
        /**
         * Validates the fields.
         *
         * @param time when it died
         * @param taskManagerId the TaskManager, non-blank
         */
        public TaskManagerKilled {
            checkTime("TaskManagerKilled", time);
            checkId("TaskManagerKilled", taskManagerId);
        }
    }

    /**
     * A checkpoint completed (in addition to those the {@link ClusterTrace#checkpointInterval()}
     * generates).
     *
     * @param time when it completed
     */
    record CheckpointCompleted(Instant time) implements TraceEvent {
        /**
         * Validates the time.
         *
         * @param time when it completed
         */
        public CheckpointCompleted {
            checkTime("CheckpointCompleted", time);
        }
    }

    /**
     * A checkpoint failed.
     *
     * @param time when it failed
     */
    record CheckpointFailed(Instant time) implements TraceEvent {
        /**
         * Validates the time.
         *
         * @param time when it failed
         */
        public CheckpointFailed {
            checkTime("CheckpointFailed", time);
        }
    }

    /**
     * Someone changed per-vertex parallelism bounds (Flink's resource-requirements REST API, an
     * autoscaler); vertices not named keep theirs.
     *
     * @param time when the change arrived
     * @param bounds new bounds by vertex id, at least one
     */
    record RequirementsChanged(Instant time, Map<String, VertexBounds> bounds) implements TraceEvent {
        /**
         * Validates the time and copies the bounds in the caller's order.
         *
         * @param time when the change arrived
         * @param bounds new bounds by vertex id, at least one
         */
        public RequirementsChanged {
            checkTime("RequirementsChanged", time);
            Limits.checkNotNull("RequirementsChanged.bounds", bounds);
            bounds.forEach((vertex, b) -> {
                if (vertex == null || vertex.isBlank()) {
                    throw new IllegalArgumentException(
                            "RequirementsChanged.bounds: vertex id must be a non-blank id, got "
                                    + (vertex == null ? "null" : "'" + vertex + "'"));
                }
                Objects.requireNonNull(b, "RequirementsChanged.bounds of vertex '" + vertex + "' must not be null");
            });
            if (bounds.isEmpty()) {
                throw new IllegalArgumentException("RequirementsChanged.bounds must name at least one vertex");
            }
            bounds = ImmutableMap.copyOf(bounds);
        }
    }

    private static void checkTime(String type, Instant time) {
        Limits.checkNotNull(type + ".time", time);
    }

    private static void checkId(String type, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(
                    type + ".taskManagerId must be a non-blank id, got " + (id == null ? "null" : "'" + id + "'"));
        }
    }
}
