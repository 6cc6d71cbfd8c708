package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Limits;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.Optional;

/**
 * Judges whether a running job should move from the plan it runs to the plan the slots now allow: a
 * pure, time-independent function of the graph and the two plans. A {@link FlinkRescaleDecider} given
 * a gate treats a rescale the gate holds as no change at all: Flink's machinery then sees the running
 * parallelism as the one the slots allow, exactly as if its parallelism rule had returned it, so
 * timers, phases and cooldowns stay those of a job that did not rescale (which it did not).
 *
 * <p>The decider asks the gate only while the job runs, only for a plan that differs from the
 * running one, and only while the running plan is still <em>admissible</em>: every vertex within its
 * current bounds, on no more slots than are available. A rescale the job must make (slots lost,
 * bounds changed under it) is never held.
 */
public interface RescaleGate {
    /** A short stable name, appended to the decider's name ({@code flink-2+keygroup-skip}). */
    String name();

    /**
     * Whether to stay on {@code running} rather than rescale to {@code candidate}.
     *
     * @param graph the job graph with the requirements in force
     * @param running the plan the job runs, admissible for {@code graph}
     * @param candidate the plan the slots allow, different from {@code running}
     * @return a hold with its reason and explanation, or empty to let the rescale happen
     */
    Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate);

    /**
     * A held rescale: the job stays, and the decider reports this reason and explanation.
     *
     * @param reason why, as a stable code
     * @param explanation what the rescale would have bought, for people
     */
    record Hold(Reason reason, String explanation) {
        /** Checks both are present. */
        public Hold {
            Limits.checkNotNull("reason", reason);
            Limits.checkNotNull("explanation", explanation);
        }
    }
}
