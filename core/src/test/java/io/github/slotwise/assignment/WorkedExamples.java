package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.vertex;

import io.github.slotwise.model.JobGraph;

/** Requests shared by the worked examples of several assigners. */
final class WorkedExamples {
    private WorkedExamples() {}

    /**
     * 2 TaskManagers x 4 slots and 5 groups of uneven load. {@code side} comes first in the graph, so
     * the resolver order is side#0, side#1 (1 subtask each), default#0, default#1, default#2 (3
     * subtasks each: src, map, sink). Both resolvers give these groups: every vertex runs at its
     * group's full parallelism.
     */
    static final JobGraph UNEVEN_GRAPH = graph(
            vertex("side", "side", 2),
            vertex("src", "default", 3),
            vertex("map", "default", 3),
            vertex("sink", "default", 3));

    static final AssignmentRequest UNEVEN = AssignmentRequest.firstStart(UNEVEN_GRAPH, plan(UNEVEN_GRAPH), pool(4, 4));
}
