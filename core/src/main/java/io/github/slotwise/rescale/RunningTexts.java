package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.ParallelismPlan;

/**
 * A {@link FlinkRescaleDecider}'s last explanation of a running job with nothing to rescale to: the
 * same text for every event while the job runs one plan (every periodic checkpoint of a day says it
 * again), so it is kept with the plan it was made for (the same instance: a plan is immutable) and
 * given again for that plan.
 *
 * <p>Thread-safe: a decider may serve several simulations at once, and the text is one immutable
 * entry, read and replaced whole.
 */
final class RunningTexts {
    private record Text(ParallelismPlan running, boolean allowed, String text) {}

    private volatile Text last;

    /**
     * Why the job stays on {@code running}: {@code "running at {...}[, which the slots allow]; nothing
     * to rescale to"}.
     *
     * @param running the running plan
     * @param allowed whether the slots allow a plan (then the same parallelism)
     * @return the explanation
     */
    String unchanged(ParallelismPlan running, boolean allowed) {
        Text t = last;
        if (t != null && t.running() == running && t.allowed() == allowed) {
            return t.text();
        }
        String text = "running at " + running.vertexParallelism() + (allowed ? ", which the slots allow" : "")
                + "; nothing to rescale to";
        last = new Text(running, allowed, text);
        return text;
    }
}
