package io.github.slotwise.rescale;

/**
 * Slotwise's own reason codes: why a {@link Decision} was taken, as a stable, machine-readable code.
 * A strategy of one's own may use these or name its own with {@link ReasonCode#of(String)}.
 */
public enum Reason implements ReasonCode {
    /** The job has not been submitted yet. */
    JOB_NOT_STARTED,
    /** Waiting for resources: not even the lower bounds fit. */
    NOT_ENOUGH_RESOURCES,
    /** Sufficient but not desired resources: waiting for them to stabilize or for more. */
    STABILIZING_RESOURCES,
    /** Every vertex can run at its upper bound: (re)start now. */
    DESIRED_RESOURCES,
    /** Sufficient resources stayed long enough: (re)start with what there is. */
    RESOURCES_STABILIZED,
    /** The submission resource-wait timeout elapsed: start with what there is. */
    RESOURCE_WAIT_TIMEOUT,
    /** The resource-wait timeout elapsed without even the lower bounds: the job fails. */
    RESOURCE_WAIT_TIMEOUT_FAILED,
    /** A rescale would be possible, but the cooldown after the last rescale is not over. */
    COOLDOWN,
    /** The parallelism the slots allow is the one running: nothing to do. */
    PARALLELISM_UNCHANGED,
    /** A rescale is possible and waits for a checkpoint or the trigger delay (checkpoint-synchronised rescaling). */
    AWAITING_TRIGGER,
    /** A completed checkpoint triggered the rescale. */
    CHECKPOINT_COMPLETED,
    /** Enough consecutive failed checkpoints triggered the rescale. */
    CHECKPOINT_FAILURES,
    /** The maximum trigger delay elapsed without a checkpoint. */
    TRIGGER_DELAY_ELAPSED,
    /** The increase is below min-parallelism-increase. */
    MIN_PARALLELISM_INCREASE_NOT_MET,
    /** The change meets min-parallelism-increase (or is a decrease): rescale. */
    MIN_PARALLELISM_INCREASE_MET,
    /** The change is forced after scaling-interval.max. */
    SCALING_INTERVAL_MAX_ELAPSED,
    /** Slots running the job's tasks were lost: the job restarts. */
    TASKS_LOST,
    /** Restarting: waiting out the restart backoff. */
    RESTARTING,
    /** The job has failed; nothing more happens. */
    JOB_FAILED,
    /**
     * A rescale is possible but would give no keyed vertex's hottest subtask fewer key groups, so the
     * job stays ({@link KeyGroupGainGate}).
     */
    NO_KEY_GROUP_GAIN,
    /** A rescale is possible but its estimated cost exceeds its benefit, so the job stays ({@link RescaleCostModel}). */
    RESCALE_COST_EXCEEDS_BENEFIT
}
