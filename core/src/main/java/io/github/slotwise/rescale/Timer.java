package io.github.slotwise.rescale;

import java.time.Instant;

/**
 * A callback Flink would schedule, kept as data: it fires at {@code due} if the scheduler state (and,
 * for phase timers, the transition-manager phase) it was scheduled in is still current.
 */
record Timer(Instant due, long seq, Kind kind, long stateToken, long phaseToken) {
    /** Phase token of timers that are bound to a scheduler state only. */
    static final long ANY_PHASE = -1;

    enum Kind {
        /** The scheduler state's own zero-delay check after entry. */
        ENTRY_CHECK,
        /** WaitingForResources: the resource-wait timeout. */
        RESOURCE_WAIT_TIMEOUT,
        /** WaitingForResources before 2.0: re-check at the stabilization deadline. */
        STABILIZATION_DEADLINE,
        /** Restarting: the restart backoff is over. */
        RESTART_BACKOFF_OVER,
        /** 2.x Cooldown: the cooldown is over. */
        COOLDOWN_OVER,
        /** 2.x Stabilizing: the stabilization timeout is over. */
        STABILIZATION_OVER,
        /** 2.x Stabilizing: evaluate the transition maxTriggerDelay after the last change. */
        TRIGGER_EVALUATION,
        /** 2.x Stabilized: trigger maxTriggerDelay after the first change. */
        STABILIZED_TRIGGER,
        /** 1.19/1.20: the scaling-interval.min after which to evaluate. */
        SCALING_INTERVAL_MIN_OVER,
        /** 1.19/1.20: the forced rescale after scaling-interval.max. */
        SCALING_INTERVAL_MAX_OVER
    }
}
