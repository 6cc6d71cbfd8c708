package io.github.slotwise.model;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A slot-sharing group: vertices whose subtasks may share one slot. Subtask {@code i} of every
 * member runs in the group's {@code i}-th execution slot-sharing group.
 *
 * @param id the group's id
 * @param vertexIds the member vertices, in job-graph order
 */
public record SlotSharingGroup(String id, List<String> vertexIds) {
    /** Copies the member list. */
    public SlotSharingGroup {
        vertexIds = ImmutableList.copyOf(vertexIds);
    }
}
