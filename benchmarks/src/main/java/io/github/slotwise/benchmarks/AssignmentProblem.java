package io.github.slotwise.benchmarks;

import com.google.common.collect.ImmutableMap;
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
import java.util.List;
import java.util.SplittableRandom;

/**
 * A slot-assignment problem built from Slotwise's own model, with no Flink class involved: the input
 * of the by-name suites ({@link AssignerBenchmark}), which any {@link
 * io.github.slotwise.assignment.SlotAssigner} on the classpath can solve, a user's included.
 *
 * <p>The shape is that of the Flink-versus-Slotwise suites ({@code AssignmentScenario}), so figures
 * compare across suites:
 *
 * <ul>
 *   <li>Job: one slot-sharing group {@code default} with a stateless {@code source} and a keyed
 *       {@code window}, both at {@code p_new}, both with maxParallelism {@value #MAX_PARALLELISM}.
 *   <li>Cluster: TaskManagers {@code tm-0, tm-1, ...} whose slot counts cycle through the given sizes;
 *       slot {@code k} of the cluster is {@code s<k>}. The old run used slots {@code s0 ..
 *       s<p_old-1>}, subtask {@code i} of both vertices in slot {@code i}; {@code window}'s subtasks
 *       held 1 to 64 MiB each (seed 42, the same sizes in the same order as {@code
 *       AssignmentScenario}), {@code source}'s nothing.
 *   <li>Free slots now: whole TaskManagers from the first, until there are at least {@code p_new}
 *       slots. On a downscale the old slots past them are gone.
 * </ul>
 *
 * @param oldParallelism the parallelism before, 0 for a cold start
 * @param newParallelism the parallelism now
 * @param request what an assigner gets
 */
public record AssignmentProblem(int oldParallelism, int newParallelism, AssignmentRequest request) {
    /** The number of key groups of both vertices. */
    public static final int MAX_PARALLELISM = 32768;

    /** The default TaskManager sizes, cycled. */
    public static final String DEFAULT_TASK_MANAGER_SLOTS = "4/8/16/32";

    /**
     * A first start at parallelism {@code p}.
     *
     * @param p the parallelism, in [1, {@value #MAX_PARALLELISM}]
     * @param taskManagerSlots TaskManager sizes, e.g. {@code "4/8/16/32"}, cycled
     * @return the problem
     */
    public static AssignmentProblem coldStart(int p, String taskManagerSlots) {
        return of(0, p, parseSizes(taskManagerSlots));
    }

    /**
     * A rescale written {@code "OLDtoNEW"}, e.g. {@code "8192to12288"}; {@code "0to4096"} is a cold
     * start.
     *
     * @param oldToNew the rescale
     * @param taskManagerSlots TaskManager sizes, e.g. {@code "4/8/16/32"}, cycled
     * @return the problem
     * @throws IllegalArgumentException if either is malformed or a parallelism is out of range
     */
    public static AssignmentProblem rescale(String oldToNew, String taskManagerSlots) {
        String[] parts = oldToNew.split("to", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("rescale must look like 8192to12288, got '" + oldToNew + "'");
        }
        try {
            return of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parseSizes(taskManagerSlots));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rescale must look like 8192to12288, got '" + oldToNew + "'", e);
        }
    }

    /**
     * The problem from its parts.
     *
     * @param oldParallelism the parallelism before, in [0, {@value #MAX_PARALLELISM}]
     * @param newParallelism the parallelism now, in [1, {@value #MAX_PARALLELISM}]
     * @param taskManagerSlots TaskManager sizes, each at least 1, cycled
     * @return the problem
     */
    public static AssignmentProblem of(int oldParallelism, int newParallelism, int[] taskManagerSlots) {
        if (oldParallelism < 0 || oldParallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "oldParallelism must be in [0, " + MAX_PARALLELISM + "], got " + oldParallelism);
        }
        if (newParallelism < 1 || newParallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "newParallelism must be in [1, " + MAX_PARALLELISM + "], got " + newParallelism);
        }
        if (taskManagerSlots.length == 0 || Arrays.stream(taskManagerSlots).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException(
                    "taskManagerSlots must be at least 1 each, got " + Arrays.toString(taskManagerSlots));
        }
        JobGraph graph = JobGraph.builder()
                .addVertices(vertex("source", newParallelism, false), vertex("window", newParallelism, true))
                .build();

        List<TaskManager> free = new ArrayList<>();
        int needed = Math.max(oldParallelism, newParallelism);
        int freeSlots = 0;
        for (int t = 0, slots = 0; slots < needed; t++) {
            int size = taskManagerSlots[t % taskManagerSlots.length];
            if (freeSlots < newParallelism) {
                List<String> ids = new ArrayList<>(size);
                for (int s = 0; s < size; s++) {
                    ids.add("s" + (slots + s));
                }
                free.add(TaskManager.builder()
                        .id("tm-" + t)
                        .numberOfSlots(size)
                        .explicitSlotIds(ids)
                        .build());
                freeSlots += size;
            }
            slots += size;
        }
        SlotPool pool = SlotPool.builder().taskManagers(free).build();

        PreviousPlacement.Builder previous = PreviousPlacement.builder();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < oldParallelism; i++) {
            long windowState = (1L + random.nextInt(64)) << 20;
            previous.addPlacements(
                    SubtaskPlacement.of("source", i, "s" + i, 0),
                    SubtaskPlacement.of("window", i, "s" + i, windowState));
        }
        ParallelismPlan plan = new ParallelismPlan(
                ImmutableMap.of("source", newParallelism, "window", newParallelism),
                ImmutableMap.of("default", newParallelism),
                pool.size(),
                List.of("both vertices at " + newParallelism));
        return new AssignmentProblem(
                oldParallelism, newParallelism, new AssignmentRequest(graph, plan, pool, previous.build()));
    }

    private static JobVertex vertex(String id, int parallelism, boolean keyed) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup("default")
                .parallelism(parallelism)
                .maxParallelism(MAX_PARALLELISM)
                .keyed(keyed)
                .build();
    }

    /**
     * TaskManager sizes written {@code "4/8/16/32"}, cycled; a single {@code "32"} for uniform ones.
     *
     * @param sizes the sizes
     * @return them, each at least 1
     * @throws IllegalArgumentException if malformed
     */
    public static int[] parseSizes(String sizes) {
        int[] result;
        try {
            result = Arrays.stream(sizes.split("/")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("taskManagerSlots must look like 4/8/16/32, got '" + sizes + "'", e);
        }
        if (result.length == 0 || Arrays.stream(result).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("taskManagerSlots must look like 4/8/16/32, got '" + sizes + "'");
        }
        return result;
    }
}
