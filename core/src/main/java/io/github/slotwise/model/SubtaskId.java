package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

import java.util.Comparator;

/**
 * One parallel instance of a vertex (Flink's {@code ExecutionVertexID}).
 *
 * @param vertexId the vertex's id
 * @param subtaskIndex the subtask index, from 0
 */
public record SubtaskId(String vertexId, int subtaskIndex) implements Comparable<SubtaskId> {
    private static final Comparator<SubtaskId> ORDER =
            Comparator.comparing(SubtaskId::vertexId).thenComparingInt(SubtaskId::subtaskIndex);

    /** Validates the id and that the index is not negative. */
    public SubtaskId {
        checkId("subtask.vertexId", vertexId);
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException(
                    "subtaskIndex of vertex '" + vertexId + "' must be >= 0, got " + subtaskIndex);
        }
    }

    /** Orders by vertex id, then subtask index: a stable order independent of any hash. */
    @Override
    public int compareTo(SubtaskId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return vertexId + "#" + subtaskIndex;
    }
}
