package io.github.slotwise.rescale;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.VertexBounds;
import java.util.Map;

/** Something that happened to a job or its cluster, handed to a {@link RescaleDecider} with its time. */
public sealed interface RescaleEvent {

    /** The job was submitted: the scheduler starts waiting for resources. */
    record JobStarted() implements RescaleEvent {}

    /**
     * New slots registered with the job.
     *
     * @param count how many, at least 1
     */
    record SlotsAdded(int count) implements RescaleEvent {
        /** Validates the count. */
        public SlotsAdded {
            if (count < 1) {
                throw new IllegalArgumentException("SlotsAdded.count must be >= 1, got " + count);
            }
        }
    }

    /**
     * Slots left (a TaskManager stopped, or its loss was detected).
     *
     * @param count how many, at least 1
     * @param runningTasksLost whether some of them ran the job's tasks: in Flink that is a task
     *     failure, so the job restarts; idle slots leave silently
     */
    record SlotsLost(int count, boolean runningTasksLost) implements RescaleEvent {
        /** Validates the count. */
        public SlotsLost {
            if (count < 1) {
                throw new IllegalArgumentException("SlotsLost.count must be >= 1, got " + count);
            }
        }
    }

    /**
     * Per-vertex parallelism bounds changed (Flink's resource-requirements REST API); vertices not
     * named keep theirs. Bounds equal to the current ones for every named vertex are no change: as in
     * Flink, the scheduler state does not hear of them.
     *
     * @param bounds new bounds by vertex id
     */
    record RequirementsChanged(Map<String, VertexBounds> bounds) implements RescaleEvent {
        /** Copies the map in the caller's order; rejects a null map, id or bounds, naming it. */
        public RequirementsChanged {
            Limits.checkNotNull("RequirementsChanged.bounds", bounds);
            bounds.forEach((id, b) -> {
                Limits.checkNotNull("RequirementsChanged.bounds key", id);
                Limits.checkNotNull("RequirementsChanged.bounds of vertex " + Limits.quote(id), b);
            });
            bounds = ImmutableMap.copyOf(bounds);
        }
    }

    /** A checkpoint completed. */
    record CheckpointCompleted() implements RescaleEvent {}

    /** A checkpoint failed. */
    record CheckpointFailed() implements RescaleEvent {}

    /** The time the decider asked to be woken up at (or later) has come. */
    record WakeUp() implements RescaleEvent {}
}
