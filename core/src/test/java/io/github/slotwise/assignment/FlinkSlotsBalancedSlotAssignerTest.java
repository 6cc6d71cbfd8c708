package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.slotByGroup;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.slotwise.model.JobGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkSlotsBalancedSlotAssignerTest {
    private static final FlinkSlotsBalancedSlotAssigner SLOTS = new FlinkSlotsBalancedSlotAssigner();

    @Test
    void alternatesTaskManagersInResolverOrder() {
        // Groups in resolver order (not sorted by load). Utilization = reserved / 4 on both.
        // side#0:    0/4 vs 0/4, one key; first slot in pool order tm-0/0.
        // side#1:    tm-1 0/4 is least -> tm-1/0.
        // default#0: both 1/4 -> tm-0/1.   default#1: tm-1 1/4 -> tm-1/1.
        // default#2: both 2/4 -> tm-0/2.
        // tm-0 runs 1 + 3 + 3 = 7 subtasks, tm-1 runs 1 + 3 = 4.
        Assignment a = SLOTS.assign(WorkedExamples.UNEVEN);
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("side#0", "tm-0/0"),
                        entry("side#1", "tm-1/0"),
                        entry("default#0", "tm-0/1"),
                        entry("default#1", "tm-1/1"),
                        entry("default#2", "tm-0/2"));
        assertThat(a.explanation())
                .contains(
                        "group side#1 -> slot tm-1/0: least utilized TaskManager tm-1 (0/4)",
                        "group default#2 -> slot tm-0/2: least utilized TaskManager tm-0 (2/4)");
        assertThat(a.metrics().maxTasksPerTaskManager()).isEqualTo(7);
        assertThat(a.metrics().minTasksPerTaskManager()).isEqualTo(4);
    }

    @Test
    void utilizationIsRelativeToEachTaskManagersFreeSlotsAndEqualFractionsTie() {
        // tm-0 has 2 free slots, tm-1 has 4; 4 groups.
        // #0: 0/2 = 0/4 -> first in pool order, tm-0/0 (tm-0 now 1/2).
        // #1: tm-1 0/4 -> tm-1/0 (1/4).   #2: 1/4 < 1/2 -> tm-1/1 (2/4).
        // #3: 1/2 = 2/4 share one key; first of {tm-0/1, tm-1/2, tm-1/3} in pool order: tm-0/1.
        JobGraph graph = graph(vertex("v", "default", 4));
        Assignment a = SLOTS.assign(AssignmentRequest.firstStart(graph, plan(graph), pool(2, 4)));
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("default#0", "tm-0/0"),
                        entry("default#1", "tm-1/0"),
                        entry("default#2", "tm-1/1"),
                        entry("default#3", "tm-0/1"));
    }

    @Test
    void breaksTiesByPoolOrder() {
        // All TaskManagers at 0: the first slot in the pool's order wins, whatever its TaskManager.
        JobGraph graph = graph(vertex("v", "default", 2));
        var pool = pool(2, 2).withSlotOrder(List.of("tm-1/1", "tm-0/0", "tm-1/0", "tm-0/1"));
        Assignment a = SLOTS.assign(AssignmentRequest.firstStart(graph, plan(graph), pool));
        assertThat(slotByGroup(a)).containsExactly(entry("default#0", "tm-1/1"), entry("default#1", "tm-0/0"));
    }

    @Test
    void inApplicationModeBalancesOnlyOverTheFewestTaskManagers() {
        // 3 groups, TaskManagers with 1, 2 and 2 free slots. The minimal pick takes the two with 2
        // (tm-1 and tm-2, ties in pool order): 4 slots >= 3 groups, and tm-0 is left alone.
        // Balancing over tm-1/tm-2: #0 -> tm-1/0 (both 0/2), #1 -> tm-2/0, #2 -> tm-1/1 (both 1/2).
        // Without the pick, tm-0 (0/1) would take a group.
        JobGraph graph = graph(vertex("v", "default", 3));
        FlinkSlotsBalancedSlotAssigner minimal = new FlinkSlotsBalancedSlotAssigner(true);
        Assignment a = minimal.assign(AssignmentRequest.firstStart(graph, plan(graph), pool(1, 2, 2)));
        assertThat(a.assignerName()).isEqualTo("flink-slots-minimal-taskmanagers");
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("default#0", "tm-1/0"), entry("default#1", "tm-2/0"), entry("default#2", "tm-1/1"));
        assertThat(a.explanation())
                .anyMatch(line -> line.startsWith("picked 2 whole TaskManager(s) tm-1 (2), tm-2 (2)"));
        assertThat(slotByGroup(SLOTS.assign(AssignmentRequest.firstStart(graph, plan(graph), pool(1, 2, 2)))))
                .containsValue("tm-0/0");
    }

    @Test
    void theMinimalPickIsSkippedWhenEverySlotIsNeeded() {
        JobGraph graph = graph(vertex("v", "default", 3));
        var request = AssignmentRequest.firstStart(graph, plan(graph), pool(1, 2));
        assertThat(slotByGroup(new FlinkSlotsBalancedSlotAssigner(true).assign(request)))
                .isEqualTo(slotByGroup(SLOTS.assign(request)));
    }
}
