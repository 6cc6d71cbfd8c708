package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.flink.FlinkIds;
import io.github.slotwise.flink.FlinkJobGraphs;
import io.github.slotwise.flink.FlinkPlans;
import io.github.slotwise.flink.FlinkPreviousPlacements;
import io.github.slotwise.flink.FlinkSlotPools;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation.VertexAllocationInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * One slot-assignment problem, as Slotwise and as Flink see it: a keyed job at maxParallelism 32768
 * on TaskManagers of mixed sizes, started cold or rescaled from {@code p_old} to {@code p_new}.
 *
 * <p>The Flink objects are built first ({@link FlinkInputs}); the Slotwise request is converted
 * from them by {@code flink-adapter}.
 *
 * <ul>
 *   <li>Job: one slot-sharing group {@code default} with a stateless {@code source} and a keyed
 *       {@code window}, both at {@code p_new}, both with maxParallelism 32768.
 *   <li>Cluster: TaskManagers whose slot counts cycle through the given sizes (default 4, 8, 16,
 *       32). The old run used the first {@code p_old} slots, subtask {@code i} of both vertices in
 *       slot {@code i}; {@code window}'s subtasks held 1 to 64 MiB each (seeded), {@code source}'s
 *       nothing.
 *   <li>Free slots now: whole TaskManagers from the first, until there are at least {@code p_new}
 *       slots. On a downscale the old slots past them are gone (both sides skip them).
 * </ul>
 *
 * <p>Everything is built here, in the benchmark's setup, never in the measured method.
 */
final class AssignmentScenario {
    /** The number of key groups of both vertices. */
    static final int MAX_PARALLELISM = 32768;

    /** The default TaskManager sizes, cycled. */
    static final String DEFAULT_TASK_MANAGER_SLOTS = "4/8/16/32";

    final int oldParallelism;
    final int newParallelism;

    final JobInformation flinkJob;
    final List<PhysicalSlot> flinkSlots;
    final VertexParallelism flinkParallelism;
    final JobAllocationsInformation flinkAllocations;

    final JobGraph graph;
    final ParallelismPlan plan;
    final SlotPool pool;
    final PreviousPlacement previous;
    final AssignmentRequest request;

    private AssignmentScenario(int oldParallelism, int newParallelism, int[] taskManagerSlots) {
        this.oldParallelism = oldParallelism;
        this.newParallelism = newParallelism;
        JobVertexID source = FlinkInputs.vertexId(0);
        JobVertexID window = FlinkInputs.vertexId(1);
        flinkJob = FlinkInputs.jobInformation(List.of(
                new FlinkInputs.VertexSpec(source, "source", "default", 1, newParallelism, MAX_PARALLELISM),
                new FlinkInputs.VertexSpec(window, "window", "default", 1, newParallelism, MAX_PARALLELISM)));

        // The cluster: enough TaskManagers for both runs. Slot k of the cluster has allocation id k;
        // the free slots are those of the first TaskManagers, so old slot i is allocation i either way.
        int needed = Math.max(oldParallelism, newParallelism);
        List<Integer> free = new ArrayList<>();
        int freeSlots = 0;
        for (int t = 0, slots = 0; slots < needed; t++) {
            int size = taskManagerSlots[t % taskManagerSlots.length];
            if (freeSlots < newParallelism) {
                free.add(size);
                freeSlots += size;
            }
            slots += size;
        }
        flinkSlots = FlinkInputs.slots(free.stream().mapToInt(Integer::intValue).toArray(), 0);
        flinkParallelism = new VertexParallelism(Map.of(source, newParallelism, window, newParallelism));

        Map<JobVertexID, List<VertexAllocationInformation>> before = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < oldParallelism; i++) {
            AllocationID slot = FlinkInputs.allocationId(i);
            KeyGroupRange range =
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, oldParallelism, i);
            long windowState = (1L + random.nextInt(64)) << 20;
            before.computeIfAbsent(source, k -> new ArrayList<>())
                    .add(new VertexAllocationInformation(slot, source, range, 0));
            before.computeIfAbsent(window, k -> new ArrayList<>())
                    .add(new VertexAllocationInformation(slot, window, range, windowState));
        }
        flinkAllocations = before.isEmpty() ? JobAllocationsInformation.empty() : FlinkInputs.allocations(before);

        // The Slotwise side, converted by flink-adapter. JobInformation cannot say which vertex is
        // keyed (only the metrics care): mark the window.
        JobGraph converted = FlinkJobGraphs.fromJobInformation(flinkJob, FlinkJobGraphs.resolverGroupOrder(flinkJob));
        List<JobVertex> vertices = new ArrayList<>();
        for (JobVertex v : converted.vertices()) {
            vertices.add(JobVertex.builder()
                    .from(v)
                    .keyed(v.id().equals(FlinkIds.vertexId(window)))
                    .build());
        }
        graph = JobGraph.builder().from(converted).vertices(vertices).build();
        pool = FlinkSlotPools.fromSlots(flinkSlots);
        previous = before.isEmpty()
                ? PreviousPlacement.empty()
                : FlinkPreviousPlacements.fromAllocations(flinkAllocations, flinkJob);
        plan = FlinkPlans.fromVertexParallelism(flinkParallelism, graph, pool.size());
        request = new AssignmentRequest(graph, plan, pool, previous);
    }

    /** A first start at parallelism {@code p}: no previous placement. */
    static AssignmentScenario coldStart(int p, String taskManagerSlots) {
        return new AssignmentScenario(0, p, parseSizes(taskManagerSlots));
    }

    /** A rescale from {@code oldP} to {@code newP}. */
    static AssignmentScenario rescale(int oldP, int newP, String taskManagerSlots) {
        return new AssignmentScenario(oldP, newP, parseSizes(taskManagerSlots));
    }

    /**
     * A rescale written {@code "OLDtoNEW"}, e.g. {@code "8192to12288"} (JMH splits parameter values
     * at commas and shells treat {@code >} specially, hence "to").
     */
    static AssignmentScenario rescale(String oldToNew, String taskManagerSlots) {
        String[] parts = oldToNew.split("to", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("rescale must look like 8192to12288, got '" + oldToNew + "'");
        }
        return rescale(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), taskManagerSlots);
    }

    /** TaskManager sizes written {@code "4/8/16/32"}, cycled; a single {@code "32"} for uniform ones. */
    static int[] parseSizes(String sizes) {
        int[] result =
                Arrays.stream(sizes.split("/")).mapToInt(Integer::parseInt).toArray();
        if (result.length == 0 || Arrays.stream(result).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("taskManagerSlots must look like 4/8/16/32, got '" + sizes + "'");
        }
        return result;
    }
}
