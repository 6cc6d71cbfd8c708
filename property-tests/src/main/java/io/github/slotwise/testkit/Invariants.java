package io.github.slotwise.testkit;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentMetrics;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.ExecutionSlotSharingGroup;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.CoLocationGroup;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.parallelism.NotEnoughSlots;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checkers for the invariants every parallelism plan and every slot assignment must satisfy, whatever
 * policy made them.
 *
 * <p>Each checker returns the broken invariants as {@link Violation} values (empty when all hold)
 * and does not throw for a non-null graph or request, whatever answer it is given (including a null
 * one); {@link #requireNone(List)} turns the violations into an assertion.
 * Each re-derives what it expects from the inputs alone (the graph, the slot count, the request) and
 * does not call the code it checks: key-group ranges, slot counts and metrics are recomputed here.
 */
public final class Invariants {
    /** A plan exists only if the slots cover every slot-sharing group's highest lower bound. */
    public static final String PLAN_ONLY_WHEN_ENOUGH_SLOTS = "plan.only-when-enough-slots";

    /** "Not enough slots" only when the minimum exceeds the available slots, with the right figures. */
    public static final String PLAN_NOT_ENOUGH_SLOTS = "plan.not-enough-slots-justified";

    /** The plan gives a parallelism to every vertex of the graph and to no other. */
    public static final String PLAN_COVERS_VERTICES = "plan.covers-vertices";

    /** Every vertex's parallelism lies within its {@code [lowerBound, upperBound]}. */
    public static final String PLAN_WITHIN_BOUNDS = "plan.vertex-within-bounds";

    /** Each slot-sharing group takes as many slots as its most parallel vertex has subtasks. */
    public static final String PLAN_GROUP_SLOTS = "plan.group-slots-equal-max-parallelism";

    /** The plan uses at most the available slots, and records that number. */
    public static final String PLAN_FITS = "plan.fits-available-slots";

    /** Every slot used comes from the request's pool (same id, same TaskManager). */
    public static final String ASSIGNMENT_SLOT_IN_POOL = "assignment.slot-in-pool";

    /** No slot holds two execution slot-sharing groups. */
    public static final String ASSIGNMENT_SLOT_USED_ONCE = "assignment.slot-used-once";

    /** No execution slot-sharing group (by id) is placed twice. */
    public static final String ASSIGNMENT_GROUP_PLACED_ONCE = "assignment.group-placed-once";

    /** The groups hold exactly the plan's subtasks: {@code v#i} for {@code i < p(v)}, each once. */
    public static final String ASSIGNMENT_PLAN_SUBTASKS = "assignment.plan-subtasks-exactly-once";

    /** A group holds only subtasks of its own slot-sharing group's vertices, at most one per vertex. */
    public static final String ASSIGNMENT_GROUP_CONTENTS = "assignment.group-contents";

    /** A slot-sharing group is split into exactly as many execution groups as the plan gives it slots. */
    public static final String ASSIGNMENT_GROUPS_PER_SHARING_GROUP = "assignment.groups-per-sharing-group";

    /** Subtask {@code i} of every vertex of a co-location group runs in the same slot. */
    public static final String ASSIGNMENT_CO_LOCATION = "assignment.co-location";

    /** TaskManager counts in the metrics match the assignment. */
    public static final String METRICS_TASK_MANAGERS = "metrics.task-managers";

    /**
     * Key groups kept plus moved equal the key groups that some old subtask of a keyed vertex held
     * (all of a vertex's key groups unless explicit previous ranges leave some out).
     */
    public static final String METRICS_KEY_GROUPS_CONSERVED = "metrics.key-groups-conserved";

    /** Key groups kept match a recount over the slots where a vertex's old subtask ran. */
    public static final String METRICS_KEY_GROUPS_KEPT = "metrics.key-groups-kept";

    /** State bytes moved match a recount and lie within the state that existed before. */
    public static final String METRICS_STATE_BYTES_MOVED = "metrics.state-bytes-moved";

    /** Key-group skew is reported for exactly the keyed vertices, each {@code ceil(M/p) / (M/p)}. */
    public static final String METRICS_KEY_GROUP_SKEW = "metrics.key-group-skew";

    /** The locality score matches a recount with Flink's state-locality formula. */
    public static final String METRICS_LOCALITY_SCORE = "metrics.locality-score";

    private static final double EPSILON = 1e-9;

    private Invariants() {}

    // ------------------------------------------------------------------------------------------
    // Plans

    /**
     * Checks a {@link io.github.slotwise.parallelism.ParallelismSolver}'s answer for {@code graph}
     * and {@code availableSlots} slots against the rules every solver must follow:
     *
     * <ul>
     *   <li>the minimum is {@code Σ over slot-sharing groups of the highest lower bound}; {@link
     *       NotEnoughSlots} is answered exactly when it exceeds {@code availableSlots}, with that
     *       minimum, those available slots and their difference missing;
     *   <li>a plan covers exactly the graph's vertices, each within {@code [lowerBound, upperBound]};
     *   <li>each slot-sharing group's slot count is the highest parallelism of its vertices, and
     *       every group is listed;
     *   <li>the slots used (the sum over groups) do not exceed {@code availableSlots}, which the plan
     *       records.
     * </ul>
     *
     * @param graph the graph that was solved
     * @param availableSlots the slot count it was solved for
     * @param result the solver's answer
     * @return the violations, empty if none
     */
    public static List<Violation> checkPlan(JobGraph graph, int availableSlots, ParallelismResult result) {
        Violations out = new Violations();
        if (result == null) {
            out.add(PLAN_COVERS_VERTICES, "the result is null");
            return out.list();
        }
        Map<String, List<JobVertex>> members = membersByGroup(graph);
        int minimum = 0;
        for (List<JobVertex> vs : members.values()) {
            minimum += vs.stream().mapToInt(JobVertex::lowerBound).max().orElse(0);
        }

        if (result instanceof NotEnoughSlots nes) {
            if (minimum <= availableSlots) {
                out.add(
                        PLAN_NOT_ENOUGH_SLOTS,
                        "answered not-enough-slots, but %d slots cover the minimum of %d",
                        availableSlots,
                        minimum);
            }
            if (nes.requiredSlots() != minimum) {
                out.add(PLAN_NOT_ENOUGH_SLOTS, "requiredSlots is %d, expected %d", nes.requiredSlots(), minimum);
            }
            if (nes.availableSlots() != availableSlots) {
                out.add(
                        PLAN_NOT_ENOUGH_SLOTS,
                        "availableSlots is %d, expected %d",
                        nes.availableSlots(),
                        availableSlots);
            }
            if (minimum > availableSlots && nes.missingSlots() != minimum - availableSlots) {
                out.add(
                        PLAN_NOT_ENOUGH_SLOTS,
                        "missingSlots is %d, expected %d",
                        nes.missingSlots(),
                        minimum - availableSlots);
            }
            return out.list();
        }

        ParallelismPlan plan = (ParallelismPlan) result;
        if (minimum > availableSlots) {
            out.add(
                    PLAN_ONLY_WHEN_ENOUGH_SLOTS,
                    "returned a plan, but %d slots do not cover the minimum of %d",
                    availableSlots,
                    minimum);
        }
        Map<String, Integer> p = plan.vertexParallelism();
        for (JobVertex v : graph.vertices()) {
            Integer pv = p.get(v.id());
            if (pv == null) {
                out.add(PLAN_COVERS_VERTICES, "vertex '%s' has no parallelism", v.id());
            } else if (pv < v.lowerBound() || pv > v.upperBound()) {
                out.add(
                        PLAN_WITHIN_BOUNDS,
                        "vertex '%s' has parallelism %d outside [%d, %d]",
                        v.id(),
                        pv,
                        v.lowerBound(),
                        v.upperBound());
            }
        }
        for (String id : p.keySet()) {
            if (!graph.vertexById().containsKey(id)) {
                out.add(PLAN_COVERS_VERTICES, "plan names unknown vertex '%s'", id);
            }
        }

        Map<String, Integer> slotsPerGroup = plan.slotsPerGroup();
        long used = 0;
        for (Map.Entry<String, List<JobVertex>> e : members.entrySet()) {
            int expected = e.getValue().stream()
                    .mapToInt(v -> p.getOrDefault(v.id(), 0))
                    .max()
                    .orElse(0);
            Integer actual = slotsPerGroup.get(e.getKey());
            if (actual == null) {
                out.add(PLAN_GROUP_SLOTS, "slot-sharing group '%s' has no slot count", e.getKey());
            } else if (actual != expected) {
                out.add(
                        PLAN_GROUP_SLOTS,
                        "slot-sharing group '%s' takes %d slots, but its most parallel vertex has %d subtasks",
                        e.getKey(),
                        actual,
                        expected);
            }
        }
        for (Map.Entry<String, Integer> e : slotsPerGroup.entrySet()) {
            if (!members.containsKey(e.getKey())) {
                out.add(PLAN_GROUP_SLOTS, "plan names unknown slot-sharing group '%s'", e.getKey());
            }
            used += e.getValue() == null ? 0 : e.getValue();
        }
        if (used > availableSlots) {
            out.add(PLAN_FITS, "the plan uses %d slots, only %d are available", used, availableSlots);
        }
        if (plan.availableSlots() != availableSlots) {
            out.add(
                    PLAN_FITS,
                    "the plan records %d available slots, expected %d",
                    plan.availableSlots(),
                    availableSlots);
        }
        return out.list();
    }

    // ------------------------------------------------------------------------------------------
    // Assignments

    /**
     * Checks a {@link io.github.slotwise.assignment.SlotAssigner}'s answer to {@code request}:
     *
     * <ul>
     *   <li>every slot is one of the pool's (same id and TaskManager) and holds one group; every
     *       group id is placed once;
     *   <li>the groups hold exactly the plan's subtasks ({@code v#i} for {@code i < p(v)}, each
     *       once); a group holds only vertices of its own slot-sharing group, at most one subtask of
     *       each; each slot-sharing group is split into exactly the plan's slot count of groups;
     *       subtask {@code i} of the vertices of a co-location group share a slot;
     *   <li>the metrics agree with a recount: TaskManagers used and tasks per TaskManager; key groups
     *       kept (recounted from Flink's key-group ranges) plus moved equal the sum of maxParallelism
     *       over keyed vertices that ran before; state bytes moved; key-group skew; locality score.
     * </ul>
     *
     * @param request what the assigner was asked
     * @param assignment what it answered
     * @return the violations, empty if none
     */
    public static List<Violation> checkAssignment(AssignmentRequest request, Assignment assignment) {
        Violations out = new Violations();
        if (assignment == null || assignment.assignments() == null) {
            out.add(ASSIGNMENT_PLAN_SUBTASKS, "the assignment is null");
            return out.list();
        }
        JobGraph graph = request.graph();
        Map<String, Integer> p = request.plan().vertexParallelism();
        List<SlotAssignment> assignments = assignment.assignments();

        // Slots and group ids.
        Set<String> slotsSeen = new HashSet<>();
        Set<String> groupsSeen = new HashSet<>();
        for (SlotAssignment a : assignments) {
            Slot slot = a.slot();
            Slot inPool = request.pool().slotById().get(slot.id());
            if (inPool == null) {
                out.add(
                        ASSIGNMENT_SLOT_IN_POOL,
                        "group %s got slot '%s', which is not in the pool",
                        a.group().id(),
                        slot.id());
            } else if (!inPool.equals(slot)) {
                out.add(
                        ASSIGNMENT_SLOT_IN_POOL,
                        "group %s got slot '%s' on TaskManager '%s', but the pool has it on '%s'",
                        a.group().id(),
                        slot.id(),
                        slot.taskManagerId(),
                        inPool.taskManagerId());
            }
            if (!slotsSeen.add(slot.id())) {
                out.add(ASSIGNMENT_SLOT_USED_ONCE, "slot '%s' holds more than one group", slot.id());
            }
            if (!groupsSeen.add(a.group().id())) {
                out.add(
                        ASSIGNMENT_GROUP_PLACED_ONCE,
                        "group %s is placed more than once",
                        a.group().id());
            }
        }

        // Subtasks: each planned one exactly once, nothing else.
        Map<SubtaskId, Integer> count = new TreeMap<>();
        Map<SubtaskId, SlotAssignment> where = new HashMap<>();
        Map<String, Integer> groupsPerSharingGroup = new LinkedHashMap<>();
        for (SlotAssignment a : assignments) {
            ExecutionSlotSharingGroup g = a.group();
            groupsPerSharingGroup.merge(g.slotSharingGroupId(), 1, Integer::sum);
            Set<String> verticesInGroup = new HashSet<>();
            for (SubtaskId s : g.subtasks()) {
                count.merge(s, 1, Integer::sum);
                where.put(s, a);
                JobVertex v = graph.vertexById().get(s.vertexId());
                if (v == null) {
                    out.add(ASSIGNMENT_PLAN_SUBTASKS, "group %s holds %s of an unknown vertex", g.id(), s);
                    continue;
                }
                int pv = p.getOrDefault(v.id(), 0);
                if (s.subtaskIndex() >= pv) {
                    out.add(
                            ASSIGNMENT_PLAN_SUBTASKS,
                            "group %s holds %s, but the plan gives '%s' only %d subtasks",
                            g.id(),
                            s,
                            v.id(),
                            pv);
                }
                if (!v.slotSharingGroup().equals(g.slotSharingGroupId())) {
                    out.add(
                            ASSIGNMENT_GROUP_CONTENTS,
                            "group %s of slot-sharing group '%s' holds %s of slot-sharing group '%s'",
                            g.id(),
                            g.slotSharingGroupId(),
                            s,
                            v.slotSharingGroup());
                }
                if (!verticesInGroup.add(v.id())) {
                    out.add(ASSIGNMENT_GROUP_CONTENTS, "group %s holds more than one subtask of '%s'", g.id(), v.id());
                }
            }
        }
        for (JobVertex v : graph.vertices()) {
            for (int i = 0; i < p.getOrDefault(v.id(), 0); i++) {
                int n = count.getOrDefault(new SubtaskId(v.id(), i), 0);
                if (n != 1) {
                    out.add(ASSIGNMENT_PLAN_SUBTASKS, "subtask %s#%d is placed %d times", v.id(), i, n);
                }
            }
        }
        Map<String, Integer> planned = request.plan().slotsPerGroup();
        for (SlotSharingGroup ssg : graph.slotSharingGroups()) {
            int expected = planned.getOrDefault(ssg.id(), 0);
            int actual = groupsPerSharingGroup.getOrDefault(ssg.id(), 0);
            if (expected != actual) {
                out.add(
                        ASSIGNMENT_GROUPS_PER_SHARING_GROUP,
                        "slot-sharing group '%s' is split into %d groups, the plan gives it %d slots",
                        ssg.id(),
                        actual,
                        expected);
            }
        }
        for (String id : groupsPerSharingGroup.keySet()) {
            if (graph.slotSharingGroups().stream().noneMatch(g -> g.id().equals(id))) {
                out.add(ASSIGNMENT_GROUPS_PER_SHARING_GROUP, "groups of unknown slot-sharing group '%s'", id);
            }
        }
        for (CoLocationGroup co : graph.coLocationGroups()) {
            int most = co.vertexIds().stream()
                    .mapToInt(id -> p.getOrDefault(id, 0))
                    .max()
                    .orElse(0);
            for (int i = 0; i < most; i++) {
                Set<String> slots = new HashSet<>();
                for (String id : co.vertexIds()) {
                    SlotAssignment a = where.get(new SubtaskId(id, i));
                    if (a != null && i < p.getOrDefault(id, 0)) {
                        slots.add(a.slot().id());
                    }
                }
                if (slots.size() > 1) {
                    out.add(
                            ASSIGNMENT_CO_LOCATION,
                            "subtask %d of co-location group '%s' runs in slots %s",
                            i,
                            co.id(),
                            new java.util.TreeSet<>(slots));
                }
            }
        }

        checkMetrics(request, assignment, out);
        return out.list();
    }

    private static void checkMetrics(AssignmentRequest request, Assignment assignment, Violations out) {
        AssignmentMetrics m = assignment.metrics();
        if (m == null) {
            out.add(METRICS_TASK_MANAGERS, "the metrics are null");
            return;
        }
        JobGraph graph = request.graph();
        Map<String, Integer> p = request.plan().vertexParallelism();

        Map<String, Integer> tasksPerTm = new HashMap<>();
        for (SlotAssignment a : assignment.assignments()) {
            tasksPerTm.merge(a.slot().taskManagerId(), a.group().subtasks().size(), Integer::sum);
        }
        int maxTasks = tasksPerTm.values().stream().mapToInt(i -> i).max().orElse(0);
        int minTasks = tasksPerTm.values().stream().mapToInt(i -> i).min().orElse(0);
        if (m.taskManagersUsed() != tasksPerTm.size()
                || m.maxTasksPerTaskManager() != maxTasks
                || m.minTasksPerTaskManager() != minTasks) {
            out.add(
                    METRICS_TASK_MANAGERS,
                    "metrics say %d TaskManagers with %d..%d tasks, the assignment has %d with %d..%d",
                    m.taskManagersUsed(),
                    m.minTasksPerTaskManager(),
                    m.maxTasksPerTaskManager(),
                    tasksPerTm.size(),
                    minTasks,
                    maxTasks);
        }

        // Skew.
        Map<String, Double> expectedSkew = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            Integer pv = p.get(v.id());
            if (v.keyed() && pv != null && pv >= 1) {
                int max = v.effectiveMaxParallelism();
                double mean = (double) max / pv;
                expectedSkew.put(v.id(), ((max + pv - 1) / pv) / mean);
            }
        }
        Map<String, Double> skew = m.keyGroupSkew();
        if (!skew.keySet().equals(expectedSkew.keySet())) {
            out.add(
                    METRICS_KEY_GROUP_SKEW,
                    "skew is given for %s, expected the keyed vertices %s",
                    skew.keySet(),
                    expectedSkew.keySet());
        } else {
            expectedSkew.forEach((id, expected) -> {
                double actual = skew.get(id);
                if (Math.abs(actual - expected) > EPSILON) {
                    out.add(METRICS_KEY_GROUP_SKEW, "skew of '%s' is %s, expected %s", id, actual, expected);
                }
            });
        }

        // Locality: per slot, the old subtasks that ran there, per vertex.
        Map<String, Map<String, List<SubtaskPlacement>>> previousBySlot = new HashMap<>();
        Map<String, Integer> oldP = new HashMap<>();
        for (SubtaskPlacement sp : request.previous().placements()) {
            previousBySlot
                    .computeIfAbsent(sp.slotId(), k -> new HashMap<>())
                    .computeIfAbsent(sp.subtask().vertexId(), k -> new ArrayList<>())
                    .add(sp);
            oldP.merge(sp.subtask().vertexId(), 1, Integer::sum);
        }
        long kept = 0;
        long score = 0;
        double bytesKept = 0;
        for (SlotAssignment a : assignment.assignments()) {
            Map<String, List<SubtaskPlacement>> before =
                    previousBySlot.getOrDefault(a.slot().id(), Map.of());
            for (SubtaskId s : a.group().subtasks()) {
                JobVertex v = graph.vertexById().get(s.vertexId());
                Integer pv = p.get(s.vertexId());
                if (v == null || pv == null || s.subtaskIndex() >= pv) {
                    continue; // reported above
                }
                int maxP = v.effectiveMaxParallelism();
                for (SubtaskPlacement old : before.getOrDefault(s.vertexId(), List.of())) {
                    int po = oldP.get(s.vertexId());
                    int oi = old.subtask().subtaskIndex();
                    int oldStart = old.keyGroupRange()
                            .map(KeyGroupRange::startKeyGroup)
                            .orElse(rangeStart(maxP, po, oi));
                    int oldEnd =
                            old.keyGroupRange().map(KeyGroupRange::endKeyGroup).orElse(rangeEnd(maxP, po, oi));
                    int shared = Math.max(
                            0,
                            Math.min(oldEnd, rangeEnd(maxP, pv, s.subtaskIndex()))
                                    - Math.max(oldStart, rangeStart(maxP, pv, s.subtaskIndex()))
                                    + 1);
                    int oldSize = oldEnd - oldStart + 1;
                    long state = old.stateSizeBytes();
                    score += state * oldSize == 0 ? (shared > 0 ? 1 : 0) : shared * (state / Math.min(state, oldSize));
                    if (v.keyed()) {
                        kept += shared;
                        bytesKept += (double) state * shared / oldSize;
                    }
                }
            }
        }
        // Key groups some old subtask of a keyed vertex held: all of them with derived ranges, a
        // recount key group by key group with explicit ones (they may overlap or leave gaps).
        long keyGroupsBefore = 0;
        long stateBefore = 0;
        Map<String, boolean[]> held = new HashMap<>();
        for (SubtaskPlacement sp : request.previous().placements()) {
            JobVertex v = graph.vertexById().get(sp.subtask().vertexId());
            if (v != null && v.keyed()) {
                int maxP = v.effectiveMaxParallelism();
                boolean[] heldKeyGroups = held.computeIfAbsent(v.id(), id -> new boolean[maxP]);
                int po = oldP.get(v.id());
                int oi = sp.subtask().subtaskIndex();
                int start = sp.keyGroupRange().map(KeyGroupRange::startKeyGroup).orElse(rangeStart(maxP, po, oi));
                int end = sp.keyGroupRange().map(KeyGroupRange::endKeyGroup).orElse(rangeEnd(maxP, po, oi));
                for (int kg = start; kg <= end && kg < maxP; kg++) {
                    heldKeyGroups[kg] = true;
                }
                stateBefore += sp.stateSizeBytes();
            }
        }
        for (boolean[] heldKeyGroups : held.values()) { // a sum: the order does not matter
            for (boolean h : heldKeyGroups) {
                keyGroupsBefore += h ? 1 : 0;
            }
        }
        if (m.keyGroupsKept() + m.keyGroupsMoved() != keyGroupsBefore) {
            out.add(
                    METRICS_KEY_GROUPS_CONSERVED,
                    "kept %d + moved %d != %d key groups of keyed vertices that ran before",
                    m.keyGroupsKept(),
                    m.keyGroupsMoved(),
                    keyGroupsBefore);
        }
        if (m.keyGroupsKept() != kept) {
            out.add(METRICS_KEY_GROUPS_KEPT, "metrics keep %d key groups, a recount keeps %d", m.keyGroupsKept(), kept);
        }
        long expectedBytesMoved = Math.max(0, Math.round(stateBefore - bytesKept));
        if (m.stateBytesMoved() < 0
                || m.stateBytesMoved() > stateBefore
                // the estimate is a double: beyond 2^53 bytes it is exact to its ulp, not to 1 byte
                || Math.abs(m.stateBytesMoved() - expectedBytesMoved)
                        > Math.max(1, 2 * Math.ulp((double) stateBefore))) {
            out.add(
                    METRICS_STATE_BYTES_MOVED,
                    "metrics move %d state bytes, a recount moves %d of %d",
                    m.stateBytesMoved(),
                    expectedBytesMoved,
                    stateBefore);
        }
        if (m.localityScore() != score) {
            out.add(METRICS_LOCALITY_SCORE, "metrics score %d, a recount scores %d", m.localityScore(), score);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    /**
     * Throws an {@link AssertionError} listing {@code violations} (at most 20) if there are any.
     *
     * @param violations what a checker returned
     * @throws AssertionError if {@code violations} is not empty
     */
    public static void requireNone(List<Violation> violations) {
        if (violations.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder(violations.size() + " invariant violation(s):");
        violations.stream().limit(20).forEach(v -> msg.append("\n  ").append(v));
        if (violations.size() > 20) {
            msg.append("\n  ... and ").append(violations.size() - 20).append(" more");
        }
        throw new AssertionError(msg.toString());
    }

    /** The first key group of subtask {@code i} of {@code p}: {@code ceil(i*M/p)}. */
    private static int rangeStart(int maxParallelism, int parallelism, int subtask) {
        return (int) (((long) subtask * maxParallelism + parallelism - 1) / parallelism);
    }

    /** The last key group (inclusive) of subtask {@code i} of {@code p}: {@code floor(((i+1)*M - 1)/p)}. */
    private static int rangeEnd(int maxParallelism, int parallelism, int subtask) {
        return (int) (((long) (subtask + 1) * maxParallelism - 1) / parallelism);
    }

    private static Map<String, List<JobVertex>> membersByGroup(JobGraph graph) {
        Map<String, List<JobVertex>> members = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            members.computeIfAbsent(v.slotSharingGroup(), k -> new ArrayList<>())
                    .add(v);
        }
        return members;
    }

    /** Collects violations. */
    private static final class Violations {
        private final List<Violation> list = new ArrayList<>();

        void add(String invariant, String format, Object... args) {
            list.add(new Violation(invariant, String.format(format, args)));
        }

        List<Violation> list() {
            return List.copyOf(list);
        }
    }
}
