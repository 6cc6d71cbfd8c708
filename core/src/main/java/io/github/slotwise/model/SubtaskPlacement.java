package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

import io.github.slotwise.keygroup.KeyGroupRange;
import java.util.Optional;

/**
 * Where one subtask ran before a rescale, how much keyed state it held and, optionally, which key
 * groups (Flink's {@code JobAllocationsInformation.VertexAllocationInformation}).
 *
 * <p>Without an explicit range, the old subtask held Flink's range for its index under the vertex's
 * maxParallelism and previous parallelism ({@link PreviousPlacement#keyGroupRangeOf}), as it does
 * in Flink whenever the previous run had the same maxParallelism: the convenient default. An
 * explicit range may be any non-empty range inside {@code [0, maxParallelism)} of the vertex ({@link
 * PreviousPlacement#checkAgainst} checks the upper end against the job): uneven, overlapping its
 * siblings', or from a run with another maxParallelism, as Flink's previous allocations may carry.
 *
 * @param subtask the subtask
 * @param slotId the slot it ran in
 * @param stateSizeBytes its keyed-state size in the latest checkpoint, in bytes; 0 if unknown
 * @param keyGroupRange the key groups it held, if not the ones its index gives
 */
public record SubtaskPlacement(
        SubtaskId subtask, String slotId, long stateSizeBytes, Optional<KeyGroupRange> keyGroupRange) {
    /** Validates the fields. */
    public SubtaskPlacement {
        Limits.checkNotNull("placement.subtask", subtask);
        if (!Checks.isId(slotId)) {
            checkId("placement of " + subtask + ": slotId", slotId);
        }
        if (stateSizeBytes < 0) {
            throw new IllegalArgumentException(
                    "placement of " + subtask + ": stateSizeBytes must be >= 0, got " + stateSizeBytes);
        }
        if (keyGroupRange == null) { // the message is built only when it is thrown
            Limits.checkNotNull(
                    "placement of " + subtask + ": keyGroupRange (Optional.empty() for the derived one)", null);
        }
        if (keyGroupRange.isPresent() && keyGroupRange.get().isEmpty()) {
            throw new IllegalArgumentException("placement of " + subtask + ": keyGroupRange must hold at least one"
                    + " key group, got the empty range " + keyGroupRange.get());
        }
    }

    /**
     * A placement whose key groups follow from its index (no explicit range).
     *
     * @param subtask the subtask
     * @param slotId the slot it ran in
     * @param stateSizeBytes its keyed-state size in bytes
     */
    public SubtaskPlacement(SubtaskId subtask, String slotId, long stateSizeBytes) {
        this(subtask, slotId, stateSizeBytes, Optional.empty());
    }

    /** Shorthand for a placement of {@code vertexId#subtaskIndex} whose key groups follow from its index. */
    public static SubtaskPlacement of(String vertexId, int subtaskIndex, String slotId, long stateSizeBytes) {
        return new SubtaskPlacement(new SubtaskId(vertexId, subtaskIndex), slotId, stateSizeBytes);
    }

    /**
     * Shorthand for a placement of {@code vertexId#subtaskIndex} that held the key groups {@code
     * keyGroupRange}.
     *
     * @param keyGroupRange a non-empty range inside {@code [0, maxParallelism)} of the vertex
     */
    public static SubtaskPlacement of(
            String vertexId, int subtaskIndex, String slotId, long stateSizeBytes, KeyGroupRange keyGroupRange) {
        SubtaskId subtask = new SubtaskId(vertexId, subtaskIndex);
        return new SubtaskPlacement(
                subtask,
                slotId,
                stateSizeBytes,
                Optional.of(Limits.checkNotNull("placement of " + subtask + ": keyGroupRange", keyGroupRange)));
    }
}
