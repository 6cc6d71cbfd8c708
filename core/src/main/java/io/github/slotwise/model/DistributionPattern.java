package io.github.slotwise.model;

/** How the subtasks of two connected vertices are wired, as in Flink's {@code DistributionPattern}. */
public enum DistributionPattern {
    /** Each producer subtask talks to a bounded subset of consumer subtasks (forward, rescale). */
    POINTWISE,
    /** Every producer subtask talks to every consumer subtask (hash, broadcast, rebalance). */
    ALL_TO_ALL
}
