package org.apache.flink.runtime.scheduler.adaptive.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.flink.FlinkIds;
import io.github.slotwise.flink.FlinkJobGraphs;
import io.github.slotwise.flink.FlinkPreviousPlacements;
import io.github.slotwise.flink.FlinkSlotAssignmentOptions;
import io.github.slotwise.flink.SlotwiseSlotAllocator;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions.TaskManagerLoadBalanceMode;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.JobGraphJobInformation;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.junit.jupiter.api.Test;

/** The adapter's own behaviour: option mapping, reservation, conversions and their errors. */
class SlotwiseAdapterTest {

    @Test
    void optionsChooseTheAssignerFlinksAllocatorWouldMirror() {
        assertThat(assigner(new Configuration(), false)).isEqualTo("flink-default");
        Configuration application = new Configuration();
        application.set(DeploymentOptions.TARGET, "EMBEDDED");
        assertThat(assigner(application, false)).isEqualTo("flink-minimal-taskmanagers");
        application.set(JobManagerOptions.SCHEDULER_PREFER_MINIMAL_TASKMANAGERS_ENABLED, false);
        assertThat(assigner(application, false)).isEqualTo("flink-default");
        for (TaskManagerLoadBalanceMode mode : TaskManagerLoadBalanceMode.values()) {
            Configuration c = new Configuration();
            c.set(TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE, mode);
            String plain = assigner(c, false);
            c.set(DeploymentOptions.TARGET, "embedded");
            String minimal = assigner(c, false);
            switch (mode) {
                case NONE, MIN_RESOURCES -> assertThat(List.of(plain, minimal))
                        .containsExactly("flink-default", "flink-minimal-taskmanagers");
                case SLOTS -> assertThat(List.of(plain, minimal))
                        .containsExactly("flink-slots", "flink-slots-minimal-taskmanagers");
                case TASKS -> assertThat(List.of(plain, minimal))
                        .containsExactly("flink-tasks", "flink-tasks-minimal-taskmanagers");
            }
            c.set(StateRecoveryOptions.LOCAL_RECOVERY, true);
            assertThat(assigner(c, true)).isEqualTo("flink-state-locality");
            assertThat(((io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner)
                                    FlinkSlotAssignmentOptions.fromConfiguration(c)
                                            .assigner(true))
                            .grouping())
                    .as("state locality groups subtasks as the mode's resolver does")
                    .isEqualTo(
                            mode == TaskManagerLoadBalanceMode.TASKS
                                    ? io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner.Grouping
                                            .TASK_BALANCED
                                    : io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner.Grouping.DEFAULT);
            assertThat(assigner(c, false)).isEqualTo(minimal);
        }
    }

    @Test
    void anUnsetPreferMinimalTaskManagersTakesTheVersionsDefault() {
        Configuration application = new Configuration();
        application.set(DeploymentOptions.TARGET, "embedded");
        assertThat(FlinkSlotAssignmentOptions.fromConfiguration(application, "1.19.2")
                        .minimalTaskManagersApply())
                .isFalse();
        assertThat(FlinkSlotAssignmentOptions.fromConfiguration(application, "1.19.3")
                        .minimalTaskManagersApply())
                .isTrue();
        application.set(
                org.apache.flink.configuration.JobManagerOptions.SCHEDULER_PREFER_MINIMAL_TASKMANAGERS_ENABLED, true);
        assertThat(FlinkSlotAssignmentOptions.fromConfiguration(application, "1.19.2")
                        .minimalTaskManagersApply())
                .as("a value that is set wins")
                .isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> FlinkSlotAssignmentOptions.fromConfiguration(new Configuration(), "1.16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.16");
    }

    private static String assigner(Configuration c, boolean previous) {
        return FlinkSlotAssignmentOptions.fromConfiguration(c)
                .assigner(previous)
                .name();
    }

    @Test
    void reservesThePlannedSlotsThroughFlinksMachinery() {
        Job job = new Job(2, 3);
        Map<AllocationID, PhysicalSlot> byId = new HashMap<>();
        job.slots.forEach(s -> byId.put(s.getAllocationId(), s));
        List<AllocationID> reserved = new ArrayList<>();
        SlotwiseSlotAllocator allocator = new SlotwiseSlotAllocator(
                (id, profile) -> {
                    reserved.add(id);
                    return byId.get(id);
                },
                (id, cause, ts) -> {},
                byId::containsKey,
                FlinkSlotAssignmentOptions.defaults(),
                SlotwiseSlotAllocator.GroupOrder.JOB_GRAPH);
        JobSchedulingPlan plan = allocator
                .determineParallelismAndCalculateAssignment(job.info, job.slots, JobAllocationsInformation.empty())
                .orElseThrow();
        assertThat(plan.getVertexParallelism().getParallelism(job.vertex.getID()))
                .isEqualTo(3);
        ReservedSlots slots = allocator.tryReserveResources(plan).orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(slots.getSlotFor(new ExecutionVertexID(job.vertex.getID(), i))
                            .getAllocationId())
                    .isEqualTo(job.slots.get(i).getAllocationId());
        }
        assertThat(reserved).hasSize(3);

        byId.remove(job.slots.get(0).getAllocationId());
        assertThat(allocator.tryReserveResources(plan)).isEmpty();
    }

    @Test
    void anEmptyJobNeedsNothing() {
        SlotwiseSlotAllocator allocator = new SlotwiseSlotAllocator(
                (id, p) -> null,
                (id, c, t) -> {},
                id -> true,
                FlinkSlotAssignmentOptions.defaults(),
                SlotwiseSlotAllocator.GroupOrder.JOB_GRAPH);
        assertThat(allocator.calculateRequiredSlots(List.of()).isEmpty()).isTrue();
    }

    @Test
    void previousAllocationsBecomeAPlacementByKeyGroupRange() {
        Job job = new Job(1, 2);
        AllocationID a = new AllocationID();
        AllocationID b = new AllocationID();
        // listed out of order: the subtask index comes from the range
        JobAllocationsInformation previous = new JobAllocationsInformation(Map.of(
                job.vertex.getID(),
                List.of(
                        new JobAllocationsInformation.VertexAllocationInformation(
                                b, job.vertex.getID(), new KeyGroupRange(64, 127), 7),
                        new JobAllocationsInformation.VertexAllocationInformation(
                                a, job.vertex.getID(), new KeyGroupRange(0, 63), 5))));
        PreviousPlacement placement = FlinkPreviousPlacements.fromAllocations(previous, job.info);
        String v = FlinkIds.vertexId(job.vertex.getID());
        assertThat(placement.placements())
                .containsExactly(
                        SubtaskPlacement.of(v, 0, FlinkIds.slotId(a), 5),
                        SubtaskPlacement.of(v, 1, FlinkIds.slotId(b), 7));

        // ranges that are not the derived ones (one allocation holding [0, 99] of 128) are carried
        // explicitly, for every allocation of the vertex
        JobAllocationsInformation foreign = new JobAllocationsInformation(Map.of(
                job.vertex.getID(),
                List.of(
                        new JobAllocationsInformation.VertexAllocationInformation(
                                b, job.vertex.getID(), new KeyGroupRange(100, 127), 7),
                        new JobAllocationsInformation.VertexAllocationInformation(
                                a, job.vertex.getID(), new KeyGroupRange(0, 99), 5))));
        assertThat(FlinkPreviousPlacements.fromAllocations(foreign, job.info).placements())
                .containsExactly(
                        SubtaskPlacement.of(
                                v, 0, FlinkIds.slotId(a), 5, new io.github.slotwise.keygroup.KeyGroupRange(0, 99)),
                        SubtaskPlacement.of(
                                v, 1, FlinkIds.slotId(b), 7, new io.github.slotwise.keygroup.KeyGroupRange(100, 127)));

        JobAllocationsInformation beyond = new JobAllocationsInformation(Map.of(
                job.vertex.getID(),
                List.of(new JobAllocationsInformation.VertexAllocationInformation(
                        a, job.vertex.getID(), new KeyGroupRange(64, 200), 5))));
        assertThatThrownBy(() -> FlinkPreviousPlacements.fromAllocations(beyond, job.info))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has key groups [64, 200]")
                .hasMessageContaining("[0, 128)");
    }

    @Test
    void jobInformationBecomesAGraphWithFlinksIdsAndBounds() {
        Job job = new Job(1, 4);
        JobGraph graph = FlinkJobGraphs.fromJobInformation(job.info);
        var v = graph.vertex(FlinkIds.vertexId(job.vertex.getID()));
        assertThat(v.lowerBound()).isEqualTo(1);
        assertThat(v.upperBound()).isEqualTo(4);
        assertThat(v.effectiveMaxParallelism()).isEqualTo(128);
        assertThat(v.slotSharingGroup()).isEqualTo(FlinkIds.slotSharingGroupId(job.vertex.getSlotSharingGroup()));
        assertThat(FlinkJobGraphs.parallelismGroupOrder(job.info)).containsExactly(job.vertex.getSlotSharingGroup());
    }

    /** One vertex with bounds [1, upper] and max 128, and {@code slots} free slots on one TaskManager. */
    private static final class Job {
        final JobVertex vertex = new JobVertex("v");
        final JobGraphJobInformation info;
        final List<PhysicalSlot> slots = new ArrayList<>();

        Job(int taskManagers, int upper) {
            vertex.setInvokableClass(AbstractInvokable.class);
            vertex.setSlotSharingGroup(new SlotSharingGroup());
            org.apache.flink.runtime.jobgraph.JobGraph graph = new org.apache.flink.runtime.jobgraph.JobGraph("job");
            graph.addVertex(vertex);
            DefaultVertexParallelismStore store = new DefaultVertexParallelismStore();
            store.setParallelismInfo(
                    vertex.getID(), new DefaultVertexParallelismInfo(1, upper, 128, m -> Optional.empty()));
            info = new JobGraphJobInformation(graph, store);
            for (int s = 0; s < upper; s++) {
                slots.add(new SlotwiseTestSlot(
                        new AllocationID(s, 0), SlotwiseTestSlot.location("tm-" + (s % taskManagers)), s));
            }
        }
    }
}
