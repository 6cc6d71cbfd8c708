package io.github.slotwise.assignment;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.parallelism.ParallelismPlan;

/**
 * Everything a {@link SlotAssigner} reads. Validated on construction, so an assigner never starts
 * on input it cannot finish.
 *
 * @param graph the job graph the plan was made for
 * @param plan the parallelism of every vertex
 * @param pool the free slots, in consideration order
 * @param previous where subtasks ran before; {@link PreviousPlacement#empty()} on a first start
 */
public record AssignmentRequest(JobGraph graph, ParallelismPlan plan, SlotPool pool, PreviousPlacement previous) {
    /**
     * Checks that the plan covers exactly the graph's vertices within their maxParallelism, that
     * the pool has at least the slots the plan uses, and that the previous placement names only
     * known vertices.
     */
    public AssignmentRequest {
        Limits.checkNotNull("graph", graph);
        Limits.checkNotNull("plan", plan);
        Limits.checkNotNull("pool", pool);
        Limits.checkNotNull("previous (PreviousPlacement.empty() for none)", previous);
        if (!plan.vertexParallelism().keySet().equals(graph.vertexById().keySet())) {
            throw new IllegalArgumentException(
                    "plan covers vertices " + plan.vertexParallelism().keySet() + " but the graph has "
                            + graph.vertexById().keySet());
        }
        plan.vertexParallelism().forEach((id, p) -> {
            int max = graph.vertex(id).effectiveMaxParallelism();
            if (p < 1 || p > max) {
                throw new IllegalArgumentException(
                        "plan: parallelism of vertex '" + id + "' must be in [1, " + max + "], got " + p);
            }
        });
        if (plan.slotsUsed() > pool.size()) {
            throw new IllegalArgumentException(
                    "plan uses " + plan.slotsUsed() + " slots but the pool has " + pool.size());
        }
        previous.checkAgainst(graph);
    }

    /** A request for a first start, with no previous placement. */
    public static AssignmentRequest firstStart(JobGraph graph, ParallelismPlan plan, SlotPool pool) {
        return new AssignmentRequest(graph, plan, pool, PreviousPlacement.empty());
    }
}
