package org.apache.flink.runtime.scheduler.adaptive;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How the line under test hands a task failure to its scheduler states, for {@link
 * AbstractAdaptiveSchedulerHarness}: from 1.20 on with failure labels ({@code FailureEnricher}s).
 *
 * <p>Version-specific test support (flink-test-support/src/lines/failure-1.20): the lines 1.20 to 2.3.
 */
abstract class LineFailures {
    /** The restart strategy's backoff: every failure restarts after it. */
    abstract Duration restartBackoff();

    /** The scheduler's answer to a failure: restart after {@link #restartBackoff()}. */
    public FailureResult howToHandleFailure(Throwable failure, CompletableFuture<Map<String, String>> failureLabels) {
        return FailureResult.canRestart(failure, restartBackoff());
    }

    /** A task failure of the running job, handed to its {@code Executing} state. */
    static void failRunningJob(Executing executing, Throwable cause) {
        executing.onFailure(cause, CompletableFuture.completedFuture(Map.of()));
    }
}
