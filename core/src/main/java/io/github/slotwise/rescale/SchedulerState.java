package io.github.slotwise.rescale;

/** The adaptive scheduler's state, as far as rescaling is concerned. */
public enum SchedulerState {
    /** Not submitted yet. */
    CREATED,
    /** Waiting for sufficient or desired resources (no tasks run). */
    WAITING_FOR_RESOURCES,
    /** Running with a plan. */
    EXECUTING,
    /** Tasks failed; waiting out the restart backoff (no tasks run). */
    RESTARTING,
    /** Terminally failed. */
    FAILED
}
