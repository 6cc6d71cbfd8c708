package io.github.slotwise.model;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A co-location group: vertices whose subtask {@code i} must all run in the same slot.
 *
 * @param id the group's id
 * @param vertexIds the member vertices, in job-graph order
 */
public record CoLocationGroup(String id, List<String> vertexIds) {
    /** Copies the member list. */
    public CoLocationGroup {
        vertexIds = ImmutableList.copyOf(vertexIds);
    }
}
