package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

/**
 * A directed edge between two vertices of a {@link JobGraph}.
 *
 * @param source id of the producing vertex
 * @param target id of the consuming vertex
 * @param pattern how the two vertices' subtasks are connected
 */
public record JobEdge(String source, String target, DistributionPattern pattern) {
    /** Validates the ids (non-blank, not a self-loop) and the pattern (not null). */
    public JobEdge {
        checkId("edge.source", source);
        checkId("edge.target", target);
        Limits.checkNotNull("edge.pattern", pattern);
        if (source.equals(target)) {
            throw new IllegalArgumentException("edge " + source + " -> " + target + " is a self-loop");
        }
    }
}
