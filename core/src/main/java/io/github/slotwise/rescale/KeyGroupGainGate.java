package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Skips a rescale that buys no key-group gain: the job stays on its running plan unless the new plan
 * gives the hottest subtask of at least one keyed vertex fewer key groups.
 *
 * <p>The rule. Let {@code r_v} and {@code c_v} be vertex {@code v}'s parallelism in the running and in
 * the candidate plan, and {@code hot(M, p) = ceil(M / p)} the key groups of the hottest of {@code p}
 * subtasks over {@code M} key groups. The gate <em>holds</em> the rescale exactly when
 *
 * <ol>
 *   <li>the job has at least one keyed vertex, and
 *   <li>for every keyed vertex {@code hot(M_v, c_v) >= hot(M_v, r_v)}: none gets a cooler hottest
 *       subtask.
 * </ol>
 *
 * <p>The decider consults a gate only while the running plan is admissible (within every vertex's
 * current bounds, on the slots left), so a rescale that lost slots or changed bounds make necessary is never
 * held: no vertex that must shrink is kept.
 *
 * <p>What it assumes: key groups carry equal load, so a keyed vertex's throughput limit is its hottest
 * subtask, and a keyed job's throughput is limited by its keyed vertices. Growing a non-keyed vertex
 * (a source, a stateless map) is therefore not counted as a gain; a job whose bottleneck is a
 * non-keyed vertex should not use this gate (the cost-aware {@link RescaleCostModel} does count it).
 * A job without keyed vertices is never held. Downscales that would make a hottest subtask hotter
 * are held too, as long as the running plan still fits.
 *
 * <p>For M = 128 a job running at 96 that gets 16 more slots stays at 96: "96 -> 112 keeps 2 key
 * groups on the hottest subtask of count"; with 32 more it rescales to 128 (1 key group each).
 */
public final class KeyGroupGainGate implements RescaleGate {
    /** The gate's name. */
    public static final String NAME = "keygroup-skip";

    /** Creates the gate; it holds no state. */
    public KeyGroupGainGate() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "skips rescales that lower no keyed vertex's hottest subtask";
    }

    @Override
    public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
        boolean keyed = false;
        boolean keyedChanged = false;
        List<String> parts = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            int r = running.parallelismOf(v.id());
            int c = candidate.parallelismOf(v.id());
            if (!v.keyed()) {
                if (r != c) {
                    parts.add(v.id() + " " + r + " -> " + c + " is not keyed");
                }
                continue;
            }
            keyed = true;
            int m = v.effectiveMaxParallelism();
            int hotBefore = hot(m, r);
            int hotAfter = hot(m, c);
            if (hotAfter < hotBefore) {
                return Optional.empty();
            }
            if (r == c) {
                continue;
            }
            keyedChanged = true;
            parts.add(
                    hotAfter == hotBefore
                            ? r + " -> " + c + " keeps " + hotBefore + " key group" + (hotBefore == 1 ? "" : "s")
                                    + " on the hottest subtask of " + v.id()
                            : r + " -> " + c + " would raise the hottest subtask of " + v.id() + " from " + hotBefore
                                    + " to " + hotAfter + " key groups");
        }
        if (!keyed) {
            return Optional.empty();
        }
        if (!keyedChanged) {
            parts.add("no keyed vertex changes");
        }
        return Optional.of(new Hold(
                Reason.NO_KEY_GROUP_GAIN,
                String.join("; ", parts) + ": no key-group gain, staying at " + running.vertexParallelism()));
    }

    /** Key groups on the hottest of {@code p} subtasks: {@code ceil(m / p)}. */
    static int hot(int m, int p) {
        return (m + p - 1) / p;
    }
}
