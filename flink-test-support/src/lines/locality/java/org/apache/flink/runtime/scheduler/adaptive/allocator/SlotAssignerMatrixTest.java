package org.apache.flink.runtime.scheduler.adaptive.allocator;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.FlinkSlotsBalancedSlotAssigner;
import io.github.slotwise.assignment.FlinkTasksBalancedSlotAssigner;
import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.TaskManager;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of the default slot assigner ({@link FlinkDefaultSlotAssigner}) and, where the
 * line has them, the slots- and tasks-balanced ones ({@link FlinkSlotsBalancedSlotAssigner}, {@link
 * FlinkTasksBalancedSlotAssigner}) against the line's own {@code DefaultSlotAssigner}, on every line
 * from 1.18 (the version matrix; flink-adapter compares 2.3 in more depth, end to end included). Whole mappings (execution vertex to {@code AllocationID}) are
 * compared, on the random jobs and pools of {@link StateLocalityMatrixTest} (at most 16 slots on
 * TaskManagers of 1 to 4 slots, slots' hash codes = pool position, so Flink's {@code HashSet}s of
 * slots iterate in pool order), with no previous run:
 *
 * <ul>
 *   <li>NONE: the zip of execution slot-sharing groups (in {@code getSlotSharingGroups()} order) and
 *       free slots;
 *   <li>application mode ({@code execution.target} {@code embedded}) with
 *       prefer-minimal-taskmanagers on: the minimal-TaskManager pick, on the lines that have it
 *       (1.19.3 on; not 1.18). Slotwise gets the TaskManagers in the key order of the map the line's
 *       {@code DefaultSlotAssigner} groups slots with ({@code TaskManagerLocation} keys before 2.3,
 *       {@code ResourceID} keys in 2.3: each read by calling Flink's own method);
 *   <li>session mode with the option on: no pick, as NONE;
 *   <li>SLOTS (2.2 on, where {@code SlotsBalancedSlotMatchingResolver} exists), also in application
 *       mode with the pick;
 *   <li>TASKS (2.2 on: the task-balanced resolver and matcher), also in application mode with the
 *       pick; cases where two TaskManagers tie for the least load are counted, not compared.
 * </ul>
 *
 * <p>The assigner's constructor differs between the lines (none in 1.18; execution target and the
 * option from 1.19.3; the two resolvers as well from 2.2), so it is found and called through
 * reflection: one source for every line. Seeded by {@code slotwise.seed} (default {@value
 * #DEFAULT_SEED}).
 */
class SlotAssignerMatrixTest {
    static final long DEFAULT_SEED = 20261208L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int CASES = 2_000;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.inOrder(SEED, DifferentialResults.oracle());

    @Test
    void defaultSlotsAndTasksBalancedAssignmentsEqualTheLinesOwn() throws ReflectiveOperationException {
        SplittableRandom random = new SplittableRandom(SEED);
        boolean minimalPick = constructor().getParameterCount() >= 2;
        boolean slotsBalanced = constructor().getParameterCount() == 4;
        TALLY.count("line's DefaultSlotAssigner: " + constructor().getParameterCount() + "-argument constructor");
        for (int c = 0; c < CASES; c++) {
            StateLocalityMatrixTest.Case k = new StateLocalityMatrixTest.Case(random, false, TALLY);
            String where = TALLY.seed(c) + k.summary + ": ";
            compare(
                    where + "NONE",
                    k,
                    flink(null, false, "SimpleSlotMatchingResolver"),
                    new FlinkDefaultSlotAssigner(),
                    k.pool);
            if (minimalPick) {
                DefaultSlotAssigner application = flink("embedded", true, "SimpleSlotMatchingResolver");
                compare(
                        where + "application mode, prefer minimal TaskManagers",
                        k,
                        application,
                        new FlinkDefaultSlotAssigner(true),
                        inFlinkTaskManagerOrder(k, application));
                compare(
                        where + "session mode, prefer minimal TaskManagers",
                        k,
                        flink("remote", true, "SimpleSlotMatchingResolver"),
                        new FlinkDefaultSlotAssigner(false),
                        k.pool);
            }
            if (slotsBalanced) {
                compare(
                        where + "SLOTS",
                        k,
                        flink(null, false, "SlotsBalancedSlotMatchingResolver"),
                        new FlinkSlotsBalancedSlotAssigner(),
                        k.pool);
                DefaultSlotAssigner application = flink("embedded", true, "SlotsBalancedSlotMatchingResolver");
                compare(
                        where + "SLOTS, application mode, prefer minimal TaskManagers",
                        k,
                        application,
                        new FlinkSlotsBalancedSlotAssigner(true),
                        inFlinkTaskManagerOrder(k, application));
                compareTasks(where + "TASKS", k, k.pool, false);
                compareTasks(
                        where + "TASKS, application mode, prefer minimal TaskManagers",
                        k,
                        inFlinkTaskManagerOrder(k, flink("embedded", true, "TasksBalancedSlotMatchingResolver")),
                        true);
            }
        }
    }

    /**
     * TASKS: Flink's task-balanced resolver visits vertices in its {@code HashMap<JobVertexID, …>}
     * order, so Slotwise gets them in that order; Flink's groups, a {@code HashMap} order, go to the
     * matcher in Slotwise's resolver order ({@link TasksBalancedSupport#resolverRank}, after checking
     * that both resolvers made the same groups); slots are hashed by their rank within their
     * TaskManager. Assignments where two TaskManagers tie for the least load are counted, not compared
     * ({@link TasksBalancedSupport#tied}).
     */
    private static void compareTasks(String where, StateLocalityMatrixTest.Case k, SlotPool pool, boolean minimal) {
        List<io.github.slotwise.model.JobVertex> vertices = new ArrayList<>();
        for (JobVertexID id : FlinkLocality.taskBalancedVertexOrder(k.info, k.parallelism)) {
            vertices.add(k.graph.vertex(id.toHexString()));
        }
        JobGraph graph = JobGraph.builder().from(k.graph).vertices(vertices).build();
        Assignment actual =
                new FlinkTasksBalancedSlotAssigner(minimal).assign(AssignmentRequest.firstStart(graph, k.plan, pool));
        List<PhysicalSlot> byRank = new ArrayList<>();
        Map<ResourceID, Integer> taken = new HashMap<>();
        for (PhysicalSlot slot : k.slots) {
            int rank = taken.merge(slot.getTaskManagerLocation().getResourceID(), 1, Integer::sum) - 1;
            byRank.add(new SlotwiseTestSlot(slot.getAllocationId(), slot.getTaskManagerLocation(), rank));
        }
        String mode = minimal ? "TASKS, application mode, prefer minimal TaskManagers" : "TASKS";
        if (TasksBalancedSupport.tied(actual, pool, minimal)) {
            TALLY.count(mode + ": tie between TaskManagers, not compared");
            return;
        }
        Map<String, String> expected = StateLocalityMatrixTest.flinkMapping(FlinkLocality.assignTasksBalanced(
                k.info,
                byRank,
                k.parallelism,
                minimal ? "embedded" : null,
                minimal,
                TasksBalancedSupport.resolverRank(actual, graph)::get));
        Map<String, String> mine = new TreeMap<>();
        actual.slotBySubtask().forEach((t, slot) -> mine.put(t.toString(), slot.id()));
        if (!expected.equals(mine)) {
            fail(where + "\n  Flink    " + expected + "\n  Slotwise " + mine + "\n  " + actual.explanation());
        }
        TALLY.agreed(mode);
    }

    private static void compare(
            String where,
            StateLocalityMatrixTest.Case k,
            DefaultSlotAssigner flink,
            io.github.slotwise.assignment.SlotAssigner slotwise,
            SlotPool pool) {
        Map<String, String> expected = StateLocalityMatrixTest.flinkMapping(
                new ArrayList<>(flink.assignSlots(k.info, k.slots, k.parallelism, JobAllocationsInformation.empty())));
        Assignment actual = slotwise.assign(AssignmentRequest.firstStart(k.graph, k.plan, pool));
        Map<String, String> mine = new TreeMap<>();
        for (Map.Entry<SubtaskId, Slot> e : actual.slotBySubtask().entrySet()) {
            mine.put(e.getKey().toString(), e.getValue().id());
        }
        if (!expected.equals(mine)) {
            fail(where + "\n  Flink    " + expected + "\n  Slotwise " + mine + "\n  " + actual.explanation());
        }
        TALLY.agreed(where.substring(where.lastIndexOf(": ") + 2));
    }

    // ---- the line's DefaultSlotAssigner, through reflection ------------------------------------------

    private static Constructor<?> constructor() {
        Constructor<?> widest = null;
        for (Constructor<?> c : DefaultSlotAssigner.class.getDeclaredConstructors()) {
            if (widest == null || c.getParameterCount() > widest.getParameterCount()) {
                widest = c;
            }
        }
        widest.setAccessible(true);
        return widest;
    }

    /** The line's assigner: with the execution target and the option from 1.19.3, the resolvers from 2.2. */
    private static DefaultSlotAssigner flink(String executionTarget, boolean preferMinimal, String matching)
            throws ReflectiveOperationException {
        Constructor<?> c = constructor();
        String pkg = DefaultSlotAssigner.class.getPackageName();
        return (DefaultSlotAssigner)
                switch (c.getParameterCount()) {
                    case 0 -> c.newInstance();
                    case 2 -> c.newInstance(executionTarget, preferMinimal);
                    default -> c.newInstance(
                            executionTarget,
                            preferMinimal,
                            Class.forName(pkg + ".DefaultSlotSharingResolver")
                                    .getField("INSTANCE")
                                    .get(null),
                            Class.forName(pkg + "." + matching)
                                    .getField("INSTANCE")
                                    .get(null));
                };
    }

    /**
     * The case's pool with its TaskManagers in the key order of the map the line's assigner groups
     * free slots by before its minimal pick: its own {@code getSlotsPerTaskExecutor} if it declares
     * one, else {@code AllocatorUtil}'s.
     */
    private static SlotPool inFlinkTaskManagerOrder(StateLocalityMatrixTest.Case k, DefaultSlotAssigner assigner)
            throws ReflectiveOperationException {
        Map<?, ?> bySlotOwner = null;
        for (Method m : DefaultSlotAssigner.class.getDeclaredMethods()) {
            if (m.getName().equals("getSlotsPerTaskExecutor") && !Modifier.isStatic(m.getModifiers())) {
                m.setAccessible(true);
                bySlotOwner = (Map<?, ?>) m.invoke(assigner, k.slots);
            }
        }
        if (bySlotOwner == null) {
            Method m = Class.forName(DefaultSlotAssigner.class.getPackageName() + ".AllocatorUtil")
                    .getDeclaredMethod("getSlotsPerTaskExecutor", Collection.class);
            m.setAccessible(true);
            bySlotOwner = (Map<?, ?>) m.invoke(null, k.slots);
        }
        Map<String, TaskManager> byId = new TreeMap<>();
        k.pool.taskManagers().forEach(t -> byId.put(t.id(), t));
        List<TaskManager> ordered = new ArrayList<>();
        for (Object key : bySlotOwner.keySet()) {
            ResourceID id = key instanceof TaskManagerLocation location ? location.getResourceID() : (ResourceID) key;
            ordered.add(byId.get(id.getResourceIdString()));
        }
        return SlotPool.builder()
                .taskManagers(ordered)
                .slotOrder(k.pool.slots().stream().map(Slot::id).toList())
                .build();
    }
}
