package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.keyed;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics of one assignment, checked by hand. */
class AssignmentMetricsOnAssignersTest {
    @Test
    void metricsOfAKeyedRescaleWithTheStateLocalityAssigner() {
        // k (keyed, maxParallelism 128) ran at p=2 on tm-0/0 ([0,63], 6400 bytes) and tm-1/0
        // ([64,127], 640 bytes); now p=4 ([0,31] [32,63] [64,95] [96,127]) beside a stateless src
        // at p=4 in the same slot-sharing group, on 3 TaskManagers x 2 slots.
        // Pairs: (#0, tm-0/0) and (#1, tm-0/0) 32 * 100 = 3200 each; (#2, tm-1/0) and (#3, tm-1/0)
        // 32 * 10 = 320 each. (#0, tm-0/0) wins the tie by group order, (#2, tm-1/0) likewise.
        // #1 and #3 take the first free slots: tm-0/1, tm-1/1.
        JobGraph graph = graph(vertex("src", "default", 4), keyed("k", "default", 4, 128));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("k", 0, "tm-0/0", 6400), SubtaskPlacement.of("k", 1, "tm-1/0", 640))
                .build();
        Assignment a = new FlinkStateLocalitySlotAssigner()
                .assign(new AssignmentRequest(graph, plan(graph), pool(2, 2, 2), previous));

        AssignmentMetrics m = a.metrics();
        // tm-0 and tm-1 get 2 groups of 2 subtasks each; tm-2 gets nothing and is not "used".
        assertThat(m.taskManagersUsed()).isEqualTo(2);
        assertThat(m.maxTasksPerTaskManager()).isEqualTo(4);
        assertThat(m.minTasksPerTaskManager()).isEqualTo(4);
        // k#0 keeps [0,31] of old k#0 in tm-0/0, k#2 keeps [64,95] of old k#1 in tm-1/0.
        assertThat(m.keyGroupsKept()).isEqualTo(64);
        assertThat(m.keyGroupsKept() + m.keyGroupsMoved()).isEqualTo(128);
        assertThat(m.localityScore()).isEqualTo(3200 + 320);
        // Half of each old subtask's bytes stay: 3200 + 320 kept of 7040.
        assertThat(m.stateBytesMoved()).isEqualTo(7040 - 3520);
        // 128 key groups over 4 subtasks: perfectly even.
        assertThat(m.keyGroupSkew()).containsOnlyKeys("k");
        assertThat(m.keyGroupSkew().get("k")).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void skewOfAnUnevenSplit() {
        // 128 key groups over 3 subtasks: 43, 43, 42; skew = 43 / (128 / 3).
        JobGraph graph = graph(keyed("k", "default", 3, 128));
        Assignment a = new FlinkDefaultSlotAssigner()
                .assign(AssignmentRequest.firstStart(graph, plan(graph, Map.of("k", 3)), pool(3)));
        assertThat(a.metrics().keyGroupSkew().get("k")).isCloseTo(43 / (128 / 3.0), within(1e-9));
        assertThat(a.metrics().keyGroupsKept()).isZero();
        assertThat(a.metrics().keyGroupsMoved()).isZero(); // nothing ran before
    }
}
