package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.slotByGroup;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.slotwise.model.JobGraph;
import org.junit.jupiter.api.Test;

class FlinkTasksBalancedSlotAssignerTest {
    private static final FlinkTasksBalancedSlotAssigner TASKS = new FlinkTasksBalancedSlotAssigner();

    @Test
    void placesTheHeaviestGroupsFirstOnTheLeastLoadedTaskManager() {
        // Sorted by load, descending, stable: default#0, default#1, default#2 (3 each), side#0,
        // side#1 (1 each). All slots start under load 0.
        // default#0: tm-0/0 (tm-0: 0 -> 3).   default#1: tm-1 at 0 -> tm-1/0 (0 -> 3).
        // default#2: both at 3 -> first in pool order, tm-0/1 (3 -> 6).
        // side#0: tm-1 at 3 -> tm-1/1 (3 -> 4).   side#1: tm-1 at 4 -> tm-1/2 (4 -> 5).
        // 6 and 5 subtasks, where SLOTS gives 7 and 4 and the zip 8 and 3.
        Assignment a = TASKS.assign(WorkedExamples.UNEVEN);
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("default#0", "tm-0/0"),
                        entry("default#1", "tm-1/0"),
                        entry("default#2", "tm-0/1"),
                        entry("side#0", "tm-1/1"),
                        entry("side#1", "tm-1/2"));
        assertThat(a.explanation())
                .contains("group side#1 -> slot tm-1/2: load 1 on least loaded TaskManager tm-1 (4 -> 5 tasks)");
        assertThat(a.metrics().maxTasksPerTaskManager()).isEqualTo(6);
        assertThat(a.metrics().minTasksPerTaskManager()).isEqualTo(5);
    }

    @Test
    void usesTheTaskBalancedResolver() {
        // src p=4, map p=2, sink p=2 in one group. The task-balanced resolver makes 4 groups of 2
        // (map -> 0, 1; sink -> 2, 3), where the default one makes loads 3, 3, 1, 1.
        // 2 TaskManagers x 2 slots: #0 -> tm-0/0 (0 -> 2), #1 -> tm-1/0 (0 -> 2),
        // #2 -> tm-0/1 (2 -> 4), #3 -> tm-1/1 (2 -> 4): 4 and 4, where the zip would give 6 and 2.
        JobGraph graph = graph(vertex("src", "default", 4), vertex("map", "default", 2), vertex("sink", "default", 2));
        AssignmentRequest request = AssignmentRequest.firstStart(graph, plan(graph), pool(2, 2));
        Assignment a = TASKS.assign(request);
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("default#0", "tm-0/0"),
                        entry("default#1", "tm-1/0"),
                        entry("default#2", "tm-0/1"),
                        entry("default#3", "tm-1/1"));
        assertThat(a.assignments().get(2).group().subtasks().toString()).isEqualTo("[sink#0, src#2]");
        assertThat(a.metrics().maxTasksPerTaskManager()).isEqualTo(4);
        assertThat(a.metrics().minTasksPerTaskManager()).isEqualTo(4);

        Assignment zip = new FlinkDefaultSlotAssigner().assign(request);
        assertThat(zip.metrics().maxTasksPerTaskManager()).isEqualTo(6);
        assertThat(zip.metrics().minTasksPerTaskManager()).isEqualTo(2);
    }

    @Test
    void inApplicationModeBalancesTasksOnlyOverTheFewestTaskManagers() {
        // 2 groups of load 1 on TaskManagers with 1, 3 and 1 free slots: the pick takes tm-1 alone
        // (3 slots >= 2 groups), so both groups land there; without it they would spread.
        JobGraph graph = graph(vertex("v", "default", 2));
        var request = AssignmentRequest.firstStart(graph, plan(graph), pool(1, 3, 1));
        Assignment a = new FlinkTasksBalancedSlotAssigner(true).assign(request);
        assertThat(a.assignerName()).isEqualTo("flink-tasks-minimal-taskmanagers");
        assertThat(slotByGroup(a)).containsExactly(entry("default#0", "tm-1/0"), entry("default#1", "tm-1/1"));
        assertThat(slotByGroup(new FlinkTasksBalancedSlotAssigner().assign(request)))
                .containsExactly(entry("default#0", "tm-0/0"), entry("default#1", "tm-1/0"));
    }
}
