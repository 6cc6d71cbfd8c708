package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;

/**
 * One slot-assignment problem, as Slotwise and as Flink see it: a keyed job at maxParallelism 32768
 * on TaskManagers of mixed sizes, started cold or rescaled from {@code p_old} to {@code p_new}.
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
    final JobGraph graph;
    final ParallelismPlan plan;
    final SlotPool pool;
    final PreviousPlacement previous;
    final AssignmentRequest request;

    final FlinkInputs.Job flinkJob;
    final List<PhysicalSlot> flinkSlots;
    final VertexParallelism flinkParallelism;
    final JobAllocationsInformation flinkAllocations;

    private AssignmentScenario(int oldParallelism, int newParallelism, int[] taskManagerSlots) {
        this.oldParallelism = oldParallelism;
        this.newParallelism = newParallelism;
        String source = FlinkInputs.vertexId(0).toHexString();
        String window = FlinkInputs.vertexId(1).toHexString();
        graph = JobGraph.builder()
                .addVertices(
                        vertex(source, "source", false, newParallelism), vertex(window, "window", true, newParallelism))
                .build();

        // Enough TaskManagers for both runs; slot ids are allocation ids by position.
        int needed = Math.max(oldParallelism, newParallelism);
        List<TaskManager> cluster = new ArrayList<>();
        int slots = 0;
        for (int t = 0; slots < needed; t++) {
            int size = taskManagerSlots[t % taskManagerSlots.length];
            TaskManager.Builder tm = TaskManager.builder().id("tm-" + t).numberOfSlots(size);
            for (int k = 0; k < size; k++) {
                tm.addExplicitSlotIds(FlinkInputs.allocationId(slots + k).toHexString());
            }
            cluster.add(tm.build());
            slots += size;
        }
        SlotPool.Builder free = SlotPool.builder();
        List<String> allSlotIds = new ArrayList<>();
        int freeSlots = 0;
        for (TaskManager tm : cluster) {
            if (freeSlots < newParallelism) {
                free.addTaskManagers(tm);
                freeSlots += tm.numberOfSlots();
            }
            allSlotIds.addAll(tm.slotIds());
        }
        pool = free.build();

        Map<String, Integer> parallelism = new LinkedHashMap<>();
        parallelism.put(source, newParallelism);
        parallelism.put(window, newParallelism);
        plan = new ParallelismPlan(parallelism, Map.of("default", newParallelism), pool.size(), List.of());

        PreviousPlacement.Builder before = PreviousPlacement.builder();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < oldParallelism; i++) {
            String slot = allSlotIds.get(i);
            before.addPlacements(SubtaskPlacement.of(source, i, slot, 0));
            before.addPlacements(SubtaskPlacement.of(window, i, slot, (1L + random.nextInt(64)) << 20));
        }
        previous = before.build();
        request = new AssignmentRequest(graph, plan, pool, previous);

        flinkJob = FlinkInputs.job(graph);
        flinkSlots = FlinkInputs.slots(pool);
        flinkParallelism = FlinkInputs.parallelism(plan, flinkJob);
        flinkAllocations = previous.isEmpty()
                ? JobAllocationsInformation.empty()
                : FlinkInputs.allocations(previous, graph, flinkJob);
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

    private static JobVertex vertex(String id, String name, boolean keyed, int p) {
        return JobVertex.builder()
                .id(id)
                .name(name)
                .slotSharingGroup("default")
                .parallelism(p)
                .maxParallelism(MAX_PARALLELISM)
                .keyed(keyed)
                .build();
    }
}
