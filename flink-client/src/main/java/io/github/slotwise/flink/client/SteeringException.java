package io.github.slotwise.flink.client;

import java.util.Objects;

/**
 * Steering a job through its resource requirements failed, for a reason a user can act on; the
 * message is one line naming the job and what Flink said.
 */
public final class SteeringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why steering failed. */
    public enum Kind {
        /** Flink has no such job (HTTP 404, or a 500 caused by {@code FlinkJobNotFoundException}). */
        JOB_NOT_FOUND,
        /** The job runs in Reactive Mode, which refuses resource requirements. */
        REACTIVE_MODE,
        /** The job does not run on the adaptive scheduler ({@code jobmanager.scheduler: adaptive}). */
        NOT_ADAPTIVE,
        /** Flink refused the requirements (HTTP 400: a vertex missing or unknown, a bound out of range). */
        REFUSED,
        /** Another update kept Flink busy (HTTP 409) through every retry. */
        CONFLICT,
        /** Flink could not persist the requirements and did not apply them (HTTP 500). */
        NOT_PERSISTED,
        /** The job is not in a state to steer: not running, or its vertices differ from what was read. */
        NOT_STEERABLE,
        /** {@code --reset} without the bounds found before steering. */
        NOTHING_TO_RESET,
        /** Flink could not be reached, or answered with an unexpected status or body. */
        REST
    }

    private final Kind kind;

    /**
     * A failure.
     *
     * @param kind why
     * @param message one line
     * @param cause the underlying exception, or null
     */
    public SteeringException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Why steering failed.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
