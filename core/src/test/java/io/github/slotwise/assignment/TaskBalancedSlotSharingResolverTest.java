package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.DefaultSlotSharingResolverTest.group;
import static io.github.slotwise.assignment.Fixtures.coLocated;
import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-traced runs of Flink's TaskBalancedExecutionSlotSharingGroupBuilder, vertices in graph order. */
class TaskBalancedSlotSharingResolverTest {
    private static List<ExecutionSlotSharingGroup> resolve(JobGraph graph) {
        return TaskBalancedSlotSharingResolver.INSTANCE.resolve(graph, plan(graph));
    }

    @Test
    void spreadsVerticesBelowFullParallelismRoundRobin() {
        // n = 4. src (p=4 = n) starts at 0: buckets 0..3. map (p=2) starts at the saved index 0:
        // buckets 0, 1; saves 2. sink (p=2) starts at 2: buckets 2, 3; saves 0.
        // The default resolver would give loads 3, 3, 1, 1; this gives 2, 2, 2, 2.
        JobGraph graph = graph(vertex("src", "default", 4), vertex("map", "default", 2), vertex("sink", "default", 2));
        assertThat(resolve(graph))
                .containsExactly(
                        group("default", 0, "map#0", "src#0"),
                        group("default", 1, "map#1", "src#1"),
                        group("default", 2, "sink#0", "src#2"),
                        group("default", 3, "sink#1", "src#3"));
    }

    @Test
    void aFullParallelismVertexStartsAtZeroAndKeepsTheSavedIndex() {
        // map (p=2) -> 0, 1, saves 2; full (p=4) -> 0..3 without saving; sink (p=1) -> 2, saves 3.
        JobGraph graph = graph(
                vertex("src", "default", 4),
                vertex("map", "default", 2),
                vertex("full", "default", 4),
                vertex("sink", "default", 1));
        assertThat(resolve(graph))
                .containsExactly(
                        group("default", 0, "full#0", "map#0", "src#0"),
                        group("default", 1, "full#1", "map#1", "src#1"),
                        group("default", 2, "full#2", "sink#0", "src#2"),
                        group("default", 3, "full#3", "src#3"));
    }

    @Test
    void coLocatedSubtasksShareAGroupAndMoveTheRoundRobinIndex() {
        // n = 3; src fills 0..2 (sizes 1, 1, 1).
        // a#0: constraint (co, 0) is new -> least filled bucket without a: 0. a#1 -> 1.
        //   a is below n, so the round-robin index becomes the least filled bucket: 2.
        // b#0, b#1 reuse constraints (co, 0) and (co, 1): buckets 0 and 1; index stays 2.
        // c (p=1, not co-located) starts at 2.
        // Treating a and b as plain vertices would instead give b -> 2, 0 and c -> 1.
        JobGraph graph = graph(
                vertex("src", "default", 3),
                coLocated("a", "default", 2, "co"),
                coLocated("b", "default", 2, "co"),
                vertex("c", "default", 1));
        assertThat(resolve(graph))
                .containsExactly(
                        group("default", 0, "a#0", "b#0", "src#0"),
                        group("default", 1, "a#1", "b#1", "src#1"),
                        group("default", 2, "c#0", "src#2"));
    }

    @Test
    void coLocatedSubtasksGoToTheLeastFilledGroup() {
        // n = 3; src fills 0..2; x (p=1) -> 0, saves 1. Sizes 2, 1, 1.
        // a#0 -> least filled: 1 (size 1, lowest index); a#1 -> 2 (1 is now 2 and holds a).
        // The index becomes the least filled bucket: all hold 2 -> 0.
        // b#0, b#1 follow constraints to 1 and 2; the index again becomes 0 (sizes 2, 3, 3).
        // c (p=1) -> 0.
        JobGraph graph = graph(
                vertex("src", "default", 3),
                vertex("x", "default", 1),
                coLocated("a", "default", 2, "co"),
                coLocated("b", "default", 2, "co"),
                vertex("c", "default", 1));
        assertThat(resolve(graph))
                .containsExactly(
                        group("default", 0, "c#0", "src#0", "x#0"),
                        group("default", 1, "a#0", "b#0", "src#1"),
                        group("default", 2, "a#1", "b#1", "src#2"));
    }

    @Test
    void slotSharingGroupsAreIndependentAndComeInGroupOrder() {
        // Interleaved vertices of two slot-sharing groups, each with its own round-robin index:
        // a: a1 (p=2 = n) fills 0, 1; a2 -> 0, saves 1; a3 -> 1.
        // b: b1 (p=3 = n) fills 0..2; b2 -> 0, saves 1; b3 -> 1.
        // One index shared by both groups would have sent b2 to 1 and b3 to 2.
        JobGraph graph = graph(
                vertex("a1", "a", 2),
                vertex("b1", "b", 3),
                vertex("a2", "a", 1),
                vertex("b2", "b", 1),
                vertex("b3", "b", 1),
                vertex("a3", "a", 1));
        assertThat(resolve(graph))
                .containsExactly(
                        group("a", 0, "a1#0", "a2#0"),
                        group("a", 1, "a1#1", "a3#0"),
                        group("b", 0, "b1#0", "b2#0"),
                        group("b", 1, "b1#1", "b3#0"),
                        group("b", 2, "b1#2"));
    }
}
