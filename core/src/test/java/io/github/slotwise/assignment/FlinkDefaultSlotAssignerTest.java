package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.slotByGroup;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SlotPool;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkDefaultSlotAssignerTest {
    private static final FlinkDefaultSlotAssigner ZIP = new FlinkDefaultSlotAssigner();
    private static final FlinkDefaultSlotAssigner MINIMAL = new FlinkDefaultSlotAssigner(true);

    @Test
    void namesFollowTheFlag() {
        assertThat(ZIP.name()).isEqualTo("flink-default").isEqualTo(FlinkDefaultSlotAssigner.NAME);
        assertThat(MINIMAL.name())
                .isEqualTo("flink-minimal-taskmanagers")
                .isEqualTo(FlinkDefaultSlotAssigner.MINIMAL_TASK_MANAGERS_NAME);
        assertThat(ZIP.preferMinimalTaskManagers()).isFalse();
        assertThat(MINIMAL.preferMinimalTaskManagers()).isTrue();
    }

    @Test
    void zipsGroupsInResolverOrderWithSlotsInPoolOrder() {
        // side#0 -> tm-0/0, side#1 -> tm-0/1, default#0 -> tm-0/2, default#1 -> tm-0/3,
        // default#2 -> tm-1/0. tm-0 runs 1 + 1 + 3 + 3 = 8 subtasks, tm-1 runs 3.
        Assignment a = ZIP.assign(WorkedExamples.UNEVEN);
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("side#0", "tm-0/0"),
                        entry("side#1", "tm-0/1"),
                        entry("default#0", "tm-0/2"),
                        entry("default#1", "tm-0/3"),
                        entry("default#2", "tm-1/0"));
        assertThat(a.metrics().maxTasksPerTaskManager()).isEqualTo(8);
        assertThat(a.metrics().minTasksPerTaskManager()).isEqualTo(3);
        assertThat(a.explanation()).contains("group default#2 -> slot tm-1/0: slot 5 of 8 in pool order");
    }

    @Test
    void minimalTaskManagersNeedsBothEqualTaskManagersHere() {
        // 8 free slots > 5 groups. Both TaskManagers have 4 free slots; the stable sort keeps
        // tm-0 first. tm-0 gives 4 < 5 slots, so tm-1 is taken too: picked = tm-0/0..3, tm-1/0..3,
        // the same order as the pool, so the result equals the plain zip.
        Assignment a = MINIMAL.assign(WorkedExamples.UNEVEN);
        assertThat(slotByGroup(a)).isEqualTo(slotByGroup(ZIP.assign(WorkedExamples.UNEVEN)));
        assertThat(a.explanation())
                .contains("picked 2 whole TaskManager(s) tm-0 (4), tm-1 (4) with 8 slots for 5 groups");
    }

    @Test
    void minimalTaskManagersSkipsASmallTaskManager() {
        // tm-0 has 1 slot, tm-1 has 4; 3 groups.
        // zip: #0 -> tm-0/0, #1 -> tm-1/0, #2 -> tm-1/1 (2 TaskManagers).
        // minimal: by free slots tm-1 (4), tm-0 (1); tm-1 alone covers 3 groups: tm-1/0..2.
        JobGraph graph = graph(vertex("v", "default", 3));
        AssignmentRequest request = AssignmentRequest.firstStart(graph, plan(graph), pool(1, 4));
        assertThat(slotByGroup(ZIP.assign(request)))
                .containsExactly(
                        entry("default#0", "tm-0/0"), entry("default#1", "tm-1/0"), entry("default#2", "tm-1/1"));
        Assignment minimal = MINIMAL.assign(request);
        assertThat(slotByGroup(minimal))
                .containsExactly(
                        entry("default#0", "tm-1/0"), entry("default#1", "tm-1/1"), entry("default#2", "tm-1/2"));
        assertThat(minimal.metrics().taskManagersUsed()).isEqualTo(1);
        assertThat(ZIP.assign(request).metrics().taskManagersUsed()).isEqualTo(2);
    }

    @Test
    void minimalTaskManagersZipsOverPickedSlotsTaskManagerByTaskManager() {
        // tm-0 has 2 slots, tm-1 and tm-2 have 3; the pool considers slots interleaved.
        // zip: #0 -> tm-2/0, #1 -> tm-0/0, #2 -> tm-1/0, #3 -> tm-2/1.
        // minimal: by free slots, stable over TaskManager order: tm-1 (3), tm-2 (3), tm-0 (2).
        // tm-1 gives 3 < 4 slots, tm-2 brings 6. Flink appends each TaskManager's slot set in turn,
        // so the candidates are tm-1/0, tm-1/1, tm-1/2 (pool order within tm-1), then tm-2/0, ...
        SlotPool interleaved = pool(2, 3, 3)
                .withSlotOrder(List.of("tm-2/0", "tm-0/0", "tm-1/0", "tm-2/1", "tm-0/1", "tm-1/1", "tm-2/2", "tm-1/2"));
        JobGraph graph = graph(vertex("v", "default", 4));
        AssignmentRequest request = AssignmentRequest.firstStart(graph, plan(graph), interleaved);
        assertThat(slotByGroup(ZIP.assign(request)))
                .containsExactly(
                        entry("default#0", "tm-2/0"),
                        entry("default#1", "tm-0/0"),
                        entry("default#2", "tm-1/0"),
                        entry("default#3", "tm-2/1"));
        Assignment minimal = MINIMAL.assign(request);
        assertThat(slotByGroup(minimal))
                .containsExactly(
                        entry("default#0", "tm-1/0"),
                        entry("default#1", "tm-1/1"),
                        entry("default#2", "tm-1/2"),
                        entry("default#3", "tm-2/0"));
        assertThat(minimal.explanation())
                .contains("prefer minimal TaskManagers: 8 free slots > 4 groups; by free slots, descending, ties in"
                        + " pool order: tm-1 (3), tm-2 (3), tm-0 (2)")
                .contains(
                        "group default#3 -> slot tm-2/0: picked slot 4 of 6 (whole TaskManagers, each in pool order)");
    }

    @Test
    void minimalTaskManagersDoesNothingWithoutSpareSlots() {
        // 4 slots for 4 groups: Flink skips the pick ("to avoid the sort-work loading").
        SlotPool pool = pool(1, 3).withSlotOrder(List.of("tm-1/0", "tm-0/0", "tm-1/1", "tm-1/2"));
        JobGraph graph = graph(vertex("v", "default", 4));
        AssignmentRequest request = AssignmentRequest.firstStart(graph, plan(graph), pool);
        Assignment minimal = MINIMAL.assign(request);
        assertThat(minimal.assignments()).isEqualTo(ZIP.assign(request).assignments());
        assertThat(slotByGroup(minimal)).containsEntry("default#1", "tm-0/0");
    }
}
