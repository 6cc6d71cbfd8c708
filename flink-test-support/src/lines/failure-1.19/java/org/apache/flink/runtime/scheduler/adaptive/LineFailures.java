package org.apache.flink.runtime.scheduler.adaptive;

import java.time.Duration;

/**
 * How the line under test hands a task failure to its scheduler states, for {@link
 * AbstractAdaptiveSchedulerHarness}: before 1.20 without failure labels.
 *
 * <p>Version-specific test support (flink-test-support/src/lines/failure-1.19): the lines 1.18 and 1.19.
 */
abstract class LineFailures {
    /** The restart strategy's backoff: every failure restarts after it. */
    abstract Duration restartBackoff();

    /** The scheduler's answer to a failure: restart after {@link #restartBackoff()}. */
    public FailureResult howToHandleFailure(Throwable failure) {
        return FailureResult.canRestart(failure, restartBackoff());
    }

    /** A task failure of the running job, handed to its {@code Executing} state. */
    static void failRunningJob(Executing executing, Throwable cause) {
        executing.onFailure(cause);
    }
}
