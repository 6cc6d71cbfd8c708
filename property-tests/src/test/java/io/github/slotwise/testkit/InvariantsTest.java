package io.github.slotwise.testkit;

import static io.github.slotwise.testkit.SlotwiseGenerators.assignmentRequests;
import static io.github.slotwise.testkit.SlotwiseGenerators.jobGraphs;
import static io.github.slotwise.testkit.SlotwiseGenerators.slotCountsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentMetrics;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.ExecutionSlotSharingGroup;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.NotEnoughSlots;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The checkers are not vacuous: they accept correct answers and catch hand-made and mutated broken
 * ones, each with the invariant that names the fault.
 */
class InvariantsTest {
    private static final FlinkParallelismSolver SOLVER = new FlinkParallelismSolver();

    // ------------------------------------------------------------------------------------------
    // Plans

    /** v0 [1,4] and v1 [2,3] share ssg-a; v2 [1,2] is alone in ssg-b: minimum 3, desired 6. */
    private static final JobGraph GRAPH = JobGraph.builder()
            .addVertices(vertex("v0", "ssg-a", 1, 4))
            .addVertices(vertex("v1", "ssg-a", 2, 3))
            .addVertices(vertex("v2", "ssg-b", 1, 2))
            .build();

    private static JobVertex vertex(String id, String group, int lower, int upper) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup(group)
                .parallelism(upper)
                .lowerBound(lower)
                .upperBound(upper)
                .build();
    }

    private static ParallelismPlan plan(Map<String, Integer> vertices, Map<String, Integer> groups, int slots) {
        return new ParallelismPlan(new LinkedHashMap<>(vertices), new LinkedHashMap<>(groups), slots, List.of());
    }

    private static List<String> invariants(List<Violation> violations) {
        return violations.stream().map(Violation::invariant).toList();
    }

    @Test
    void correctPlansHaveNoViolation() {
        assertThat(Invariants.checkPlan(
                        GRAPH, 6, plan(Map.of("v0", 4, "v1", 3, "v2", 2), Map.of("ssg-a", 4, "ssg-b", 2), 6)))
                .isEmpty();
        assertThat(Invariants.checkPlan(GRAPH, 2, new NotEnoughSlots(3, 2, List.of())))
                .isEmpty();
        for (int slots = 0; slots < 9; slots++) {
            assertThat(Invariants.checkPlan(GRAPH, slots, SOLVER.solve(GRAPH, slots)))
                    .as("%d slots", slots)
                    .isEmpty();
        }
    }

    @Test
    void brokenPlansAreCaught() {
        Map<String, Integer> groups = Map.of("ssg-a", 4, "ssg-b", 2);
        assertThat(invariants(Invariants.checkPlan(
                        GRAPH, 6, plan(Map.of("v0", 1, "v1", 1, "v2", 1), Map.of("ssg-a", 1, "ssg-b", 1), 6))))
                .containsExactly(Invariants.PLAN_WITHIN_BOUNDS);
        assertThat(invariants(Invariants.checkPlan(GRAPH, 6, plan(Map.of("v0", 4, "v1", 3), groups, 6))))
                .contains(Invariants.PLAN_COVERS_VERTICES);
        assertThat(invariants(
                        Invariants.checkPlan(GRAPH, 6, plan(Map.of("v0", 4, "v1", 3, "v2", 2, "v9", 1), groups, 6))))
                .containsExactly(Invariants.PLAN_COVERS_VERTICES);
        assertThat(invariants(Invariants.checkPlan(
                        GRAPH, 6, plan(Map.of("v0", 4, "v1", 3, "v2", 2), Map.of("ssg-a", 3, "ssg-b", 2), 6))))
                .containsExactly(Invariants.PLAN_GROUP_SLOTS);
        assertThat(invariants(
                        Invariants.checkPlan(GRAPH, 6, plan(Map.of("v0", 4, "v1", 3, "v2", 2), Map.of("ssg-a", 4), 6))))
                .containsExactly(Invariants.PLAN_GROUP_SLOTS);
        assertThat(invariants(Invariants.checkPlan(GRAPH, 5, plan(Map.of("v0", 4, "v1", 3, "v2", 2), groups, 5))))
                .containsExactly(Invariants.PLAN_FITS);
        assertThat(invariants(Invariants.checkPlan(GRAPH, 6, plan(Map.of("v0", 4, "v1", 3, "v2", 2), groups, 7))))
                .containsExactly(Invariants.PLAN_FITS);
        assertThat(invariants(Invariants.checkPlan(
                        GRAPH, 2, plan(Map.of("v0", 1, "v1", 2, "v2", 1), Map.of("ssg-a", 2, "ssg-b", 1), 2))))
                .contains(Invariants.PLAN_ONLY_WHEN_ENOUGH_SLOTS, Invariants.PLAN_FITS);
        assertThat(invariants(Invariants.checkPlan(GRAPH, 4, new NotEnoughSlots(3, 4, List.of()))))
                .containsExactly(Invariants.PLAN_NOT_ENOUGH_SLOTS);
        assertThat(invariants(Invariants.checkPlan(GRAPH, 2, new NotEnoughSlots(5, 2, List.of()))))
                .containsExactly(Invariants.PLAN_NOT_ENOUGH_SLOTS, Invariants.PLAN_NOT_ENOUGH_SLOTS);
        assertThat(invariants(Invariants.checkPlan(GRAPH, 2, new NotEnoughSlots(3, 1, List.of()))))
                .contains(Invariants.PLAN_NOT_ENOUGH_SLOTS);
        assertThat(invariants(Invariants.checkPlan(GRAPH, 2, null))).isNotEmpty();
    }

    /** How a generated plan is broken. */
    enum PlanMutation {
        ABOVE_UPPER_BOUND,
        BELOW_LOWER_BOUND,
        GROUP_SLOT_COUNT_OFF_BY_ONE,
        CLAIMS_NOT_ENOUGH_SLOTS
    }

    record PlanCase(JobGraph graph, int slots, PlanMutation mutation, int index) {}

    @Test
    void everyMutationOfAGeneratedPlanIsCaught() {
        Gen<PlanCase> cases = jobGraphs(GraphShape.MEDIUM).flatMap(g -> slotCountsFor(g)
                .zip(
                        Generate.enumValues(PlanMutation.class),
                        integers().between(0, 1000),
                        (n, m, i) -> new PlanCase(g, n, m, i)));
        qt().withExamples(1000).forAll(cases).checkAssert(c -> {
            ParallelismResult r = SOLVER.solve(c.graph(), c.slots());
            if (!(r instanceof ParallelismPlan plan)) {
                return;
            }
            Map<String, Integer> vertices = new LinkedHashMap<>(plan.vertexParallelism());
            Map<String, Integer> groups = new LinkedHashMap<>(plan.slotsPerGroup());
            JobVertex v =
                    c.graph().vertices().get(c.index() % c.graph().vertices().size());
            String expected;
            ParallelismResult broken;
            switch (c.mutation()) {
                case ABOVE_UPPER_BOUND -> {
                    vertices.put(v.id(), v.upperBound() + 1);
                    broken = plan(vertices, groups, c.slots());
                    expected = Invariants.PLAN_WITHIN_BOUNDS;
                }
                case BELOW_LOWER_BOUND -> {
                    vertices.put(v.id(), v.lowerBound() - 1);
                    broken = plan(vertices, groups, c.slots());
                    expected = Invariants.PLAN_WITHIN_BOUNDS;
                }
                case GROUP_SLOT_COUNT_OFF_BY_ONE -> {
                    groups.merge(v.slotSharingGroup(), 1, Integer::sum);
                    broken = plan(vertices, groups, c.slots());
                    expected = Invariants.PLAN_GROUP_SLOTS;
                }
                default -> {
                    broken = new NotEnoughSlots(SOLVER.minimumSlots(c.graph()), c.slots(), List.of());
                    expected = Invariants.PLAN_NOT_ENOUGH_SLOTS;
                }
            }
            assertThat(invariants(Invariants.checkPlan(c.graph(), c.slots(), broken)))
                    .contains(expected);
        });
    }

    // ------------------------------------------------------------------------------------------
    // Assignments

    /**
     * A minimal reference assigner: Flink's default slot-sharing resolver (group {@code i} of a
     * slot-sharing group holds subtask {@code i} of each member) zipped with the pool's slot order.
     */
    static Assignment zip(AssignmentRequest r) {
        List<SlotAssignment> out = new ArrayList<>();
        List<Slot> slots = r.pool().slots();
        for (SlotSharingGroup g : r.graph().slotSharingGroups()) {
            int n = r.plan().slotsPerGroup().get(g.id());
            for (int i = 0; i < n; i++) {
                List<SubtaskId> subtasks = new ArrayList<>();
                for (String v : g.vertexIds()) {
                    if (i < r.plan().parallelismOf(v)) {
                        subtasks.add(new SubtaskId(v, i));
                    }
                }
                out.add(new SlotAssignment(new ExecutionSlotSharingGroup(g.id(), i, subtasks), slots.get(out.size())));
            }
        }
        return Assignment.of("zip", r, out, List.of());
    }

    private static Gen<AssignmentRequest> requests() {
        return assignmentRequests(GraphShape.SMALL, PoolShape.SMALL, SOLVER);
    }

    /** Also cross-checks the checkers' metric recount against {@link AssignmentMetrics#of}. */
    @Test
    void aCorrectAssignmentHasNoViolation() {
        qt().withExamples(500)
                .forAll(requests())
                .checkAssert(r -> Invariants.requireNone(Invariants.checkAssignment(r, zip(r))));
    }

    /** How a correct assignment is broken. */
    enum AssignmentMutation {
        SLOT_OUTSIDE_POOL,
        SLOT_ON_WRONG_TASK_MANAGER,
        SLOT_USED_TWICE,
        GROUP_DROPPED,
        GROUP_PLACED_TWICE,
        SUBTASK_BEYOND_PLAN,
        KEY_GROUPS_KEPT_OFF_BY_ONE,
        KEY_GROUPS_MOVED_OFF_BY_ONE,
        TASK_MANAGERS_OFF_BY_ONE,
        LOCALITY_OFF_BY_ONE,
        STATE_BYTES_OFF_BY_TWO,
        SKEW_FOR_UNKNOWN_VERTEX
    }

    record AssignmentCase(AssignmentRequest request, AssignmentMutation mutation, int index) {}

    @Test
    void everyMutationOfACorrectAssignmentIsCaught() {
        Gen<AssignmentCase> cases = requests()
                .zip(Generate.enumValues(AssignmentMutation.class), integers().between(0, 1000), AssignmentCase::new);
        Map<AssignmentMutation, Integer> applied = new EnumMap<>(AssignmentMutation.class);
        qt().withExamples(1500).forAll(cases).checkAssert(c -> {
            AssignmentRequest r = c.request();
            Assignment ok = zip(r);
            List<SlotAssignment> as = new ArrayList<>(ok.assignments());
            int k = c.index() % as.size();
            SlotAssignment at = as.get(k);
            AssignmentMetrics m = ok.metrics();
            String expected;
            AssignmentMetrics metrics = m;
            switch (c.mutation()) {
                case SLOT_OUTSIDE_POOL -> {
                    as.set(k, new SlotAssignment(at.group(), new Slot("nowhere/0", "nowhere")));
                    expected = Invariants.ASSIGNMENT_SLOT_IN_POOL;
                }
                case SLOT_ON_WRONG_TASK_MANAGER -> {
                    as.set(k, new SlotAssignment(at.group(), new Slot(at.slot().id(), "elsewhere")));
                    expected = Invariants.ASSIGNMENT_SLOT_IN_POOL;
                }
                case SLOT_USED_TWICE -> {
                    if (as.size() < 2) {
                        return;
                    }
                    int other = (k + 1) % as.size();
                    as.set(other, new SlotAssignment(as.get(other).group(), at.slot()));
                    expected = Invariants.ASSIGNMENT_SLOT_USED_ONCE;
                }
                case GROUP_DROPPED -> {
                    as.remove(k);
                    expected = Invariants.ASSIGNMENT_PLAN_SUBTASKS;
                }
                case GROUP_PLACED_TWICE -> {
                    as.add(at);
                    expected = Invariants.ASSIGNMENT_GROUP_PLACED_ONCE;
                }
                case SUBTASK_BEYOND_PLAN -> {
                    SubtaskId first = at.group().subtasks().get(0);
                    List<SubtaskId> more = new ArrayList<>(at.group().subtasks());
                    more.add(new SubtaskId(first.vertexId(), r.plan().parallelismOf(first.vertexId())));
                    as.set(
                            k,
                            new SlotAssignment(
                                    new ExecutionSlotSharingGroup(
                                            at.group().slotSharingGroupId(),
                                            at.group().index(),
                                            more),
                                    at.slot()));
                    expected = Invariants.ASSIGNMENT_PLAN_SUBTASKS;
                }
                case KEY_GROUPS_KEPT_OFF_BY_ONE -> {
                    metrics = metrics(m, m.keyGroupsKept() + 1, m.keyGroupsMoved(), m.taskManagersUsed(), 0, 0);
                    expected = Invariants.METRICS_KEY_GROUPS_CONSERVED;
                }
                case KEY_GROUPS_MOVED_OFF_BY_ONE -> {
                    metrics = metrics(m, m.keyGroupsKept(), m.keyGroupsMoved() - 1, m.taskManagersUsed(), 0, 0);
                    expected = Invariants.METRICS_KEY_GROUPS_CONSERVED;
                }
                case TASK_MANAGERS_OFF_BY_ONE -> {
                    metrics = metrics(m, m.keyGroupsKept(), m.keyGroupsMoved(), m.taskManagersUsed() + 1, 0, 0);
                    expected = Invariants.METRICS_TASK_MANAGERS;
                }
                case LOCALITY_OFF_BY_ONE -> {
                    metrics = metrics(m, m.keyGroupsKept(), m.keyGroupsMoved(), m.taskManagersUsed(), 1, 0);
                    expected = Invariants.METRICS_LOCALITY_SCORE;
                }
                case STATE_BYTES_OFF_BY_TWO -> {
                    metrics = metrics(m, m.keyGroupsKept(), m.keyGroupsMoved(), m.taskManagersUsed(), 0, 2);
                    expected = Invariants.METRICS_STATE_BYTES_MOVED;
                }
                default -> {
                    Map<String, Double> skew = new LinkedHashMap<>(m.keyGroupSkew());
                    skew.put("no-such-vertex", 1.0);
                    metrics = new AssignmentMetrics(
                            m.taskManagersUsed(),
                            m.maxTasksPerTaskManager(),
                            m.minTasksPerTaskManager(),
                            skew,
                            m.localityScore(),
                            m.keyGroupsKept(),
                            m.keyGroupsMoved(),
                            m.stateBytesMoved());
                    expected = Invariants.METRICS_KEY_GROUP_SKEW;
                }
            }
            applied.merge(c.mutation(), 1, Integer::sum);
            Assignment broken = new Assignment(ok.assignerName(), as, metrics, ok.explanation());
            assertThat(invariants(Invariants.checkAssignment(r, broken))).contains(expected);
        });
        assertThat(applied.keySet()).containsExactlyInAnyOrder(AssignmentMutation.values());
    }

    private static AssignmentMetrics metrics(
            AssignmentMetrics m, long kept, long moved, int taskManagers, long extraScore, long extraBytes) {
        return new AssignmentMetrics(
                taskManagers,
                m.maxTasksPerTaskManager(),
                m.minTasksPerTaskManager(),
                m.keyGroupSkew(),
                m.localityScore() + extraScore,
                kept,
                moved,
                m.stateBytesMoved() + extraBytes);
    }

    // Hand-made structural faults that mutations of the reference assigner do not reach.

    /** a [1,2] and b [1,1] share ssg-0; c [1,1] is in ssg-1; a and b are co-located. */
    private static final JobGraph SHARED = JobGraph.builder()
            .addVertices(coLocated("a", "ssg-0", 2))
            .addVertices(coLocated("b", "ssg-0", 2))
            .addVertices(vertex("c", "ssg-1", 1, 1))
            .build();

    private static JobVertex coLocated(String id, String group, int upper) {
        return JobVertex.builder()
                .from(vertex(id, group, 1, upper))
                .coLocationGroup("co")
                .keyed(true)
                .build();
    }

    private static final SlotPool POOL = SlotPool.uniform(2, 2);

    private static AssignmentRequest sharedRequest() {
        return new AssignmentRequest(
                SHARED,
                SOLVER.solve(SHARED, 3).plan(),
                POOL,
                PreviousPlacement.builder()
                        .addPlacements(SubtaskPlacement.of("a", 0, "tm-0/0", 1000))
                        .addPlacements(SubtaskPlacement.of("b", 0, "tm-1/1", 0))
                        .build());
    }

    private static SlotAssignment group(String ssg, int index, String slot, String... subtasks) {
        List<SubtaskId> ids = new ArrayList<>();
        for (String s : subtasks) {
            String[] parts = s.split("#");
            ids.add(new SubtaskId(parts[0], Integer.parseInt(parts[1])));
        }
        return new SlotAssignment(
                new ExecutionSlotSharingGroup(ssg, index, ids), POOL.slotById().get(slot));
    }

    private static List<String> check(AssignmentRequest r, SlotAssignment... groups) {
        List<SlotAssignment> list = List.of(groups);
        return invariants(
                Invariants.checkAssignment(r, new Assignment("hand", list, AssignmentMetrics.of(r, list), List.of())));
    }

    @Test
    void handMadeStructuralFaultsAreCaught() {
        AssignmentRequest r = sharedRequest();
        assertThat(r.plan().vertexParallelism()).isEqualTo(Map.of("a", 2, "b", 2, "c", 1));
        assertThat(check(
                        r,
                        group("ssg-0", 0, "tm-0/0", "a#0", "b#0"),
                        group("ssg-0", 1, "tm-0/1", "a#1", "b#1"),
                        group("ssg-1", 0, "tm-1/0", "c#0")))
                .isEmpty();
        // c belongs to ssg-1, not ssg-0.
        assertThat(check(
                        r, group("ssg-0", 0, "tm-0/0", "a#0", "b#0", "c#0"), group("ssg-0", 1, "tm-0/1", "a#1", "b#1")))
                .contains(Invariants.ASSIGNMENT_GROUP_CONTENTS, Invariants.ASSIGNMENT_GROUPS_PER_SHARING_GROUP);
        // Two subtasks of a in one slot.
        assertThat(check(
                        r,
                        group("ssg-0", 0, "tm-0/0", "a#0", "a#1", "b#0"),
                        group("ssg-0", 1, "tm-0/1", "b#1"),
                        group("ssg-1", 0, "tm-1/0", "c#0")))
                .contains(Invariants.ASSIGNMENT_GROUP_CONTENTS, Invariants.ASSIGNMENT_CO_LOCATION);
        // ssg-0 split into three groups where the plan gives it two slots.
        assertThat(check(
                        r,
                        group("ssg-0", 0, "tm-0/0", "a#0", "b#0"),
                        group("ssg-0", 1, "tm-0/1", "a#1"),
                        group("ssg-0", 2, "tm-1/1", "b#1"),
                        group("ssg-1", 0, "tm-1/0", "c#0")))
                .containsExactly(Invariants.ASSIGNMENT_GROUPS_PER_SHARING_GROUP, Invariants.ASSIGNMENT_CO_LOCATION);
        // a#0 and b#0 are co-located but run in different slots.
        assertThat(check(
                        r,
                        group("ssg-0", 0, "tm-0/0", "a#0", "b#1"),
                        group("ssg-0", 1, "tm-0/1", "a#1", "b#0"),
                        group("ssg-1", 0, "tm-1/0", "c#0")))
                .containsExactly(Invariants.ASSIGNMENT_CO_LOCATION, Invariants.ASSIGNMENT_CO_LOCATION);
        // A group of a slot-sharing group the graph does not have.
        assertThat(check(
                        r,
                        group("ssg-0", 0, "tm-0/0", "a#0", "b#0"),
                        group("ssg-0", 1, "tm-0/1", "a#1", "b#1"),
                        group("ssg-9", 0, "tm-1/0", "c#0")))
                .contains(Invariants.ASSIGNMENT_GROUP_CONTENTS, Invariants.ASSIGNMENT_GROUPS_PER_SHARING_GROUP);
    }

    @Test
    void keyGroupsKeptAreRecountedFromFlinksRanges() {
        AssignmentRequest r = sharedRequest();
        // a ran at parallelism 1 in tm-0/0 (128 key groups); now a#0 of 2 owns [0, 63] there: 64 kept.
        // b ran in tm-1/1, where nothing of b runs now: its 128 key groups move.
        List<SlotAssignment> list = List.of(
                group("ssg-0", 0, "tm-0/0", "a#0", "b#0"),
                group("ssg-0", 1, "tm-0/1", "a#1", "b#1"),
                group("ssg-1", 0, "tm-1/0", "c#0"));
        AssignmentMetrics m = AssignmentMetrics.of(r, list);
        assertThat(m.keyGroupsKept()).isEqualTo(64);
        assertThat(m.keyGroupsMoved()).isEqualTo(128 + 64);
        assertThat(m.stateBytesMoved()).isEqualTo(500);
        assertThat(check(r, list.toArray(SlotAssignment[]::new))).isEmpty();
    }

    @Test
    void requireNoneListsTheViolations() {
        Invariants.requireNone(List.of());
        assertThatThrownBy(() -> Invariants.requireNone(List.of(new Violation("x.y", "broken"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("x.y: broken");
    }
}
