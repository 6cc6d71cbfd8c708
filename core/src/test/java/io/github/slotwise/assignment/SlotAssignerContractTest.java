package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.coLocated;
import static io.github.slotwise.assignment.Fixtures.keyed;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.subtasksOf;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SlotAssigner} must guarantee. Each assigner has a small subclass that supplies
 * it; assigner-specific behaviour is tested in the worked-example classes.
 */
abstract class SlotAssignerContractTest {
    /** The assigner under test. */
    abstract SlotAssigner assigner();

    /**
     * Two slot-sharing groups: {@code default} (src p=4, keyed map p=3, co-located a and b p=2) needs
     * 4 slots, {@code side} (side p=2) needs 2: 6 execution slot-sharing groups.
     */
    static final JobGraph GRAPH = Fixtures.graph(
            vertex("src", "default", 4),
            keyed("map", "default", 3, 128),
            coLocated("a", "default", 2, "co"),
            coLocated("b", "default", 2, "co"),
            vertex("side", "side", 2));

    static final ParallelismPlan PLAN = plan(GRAPH);
    static final int GROUPS = 6;

    /** 2 TaskManagers with 4 slots each. */
    static final SlotPool POOL = pool(4, 4);

    /** map ran at p=4 on both TaskManagers, src at p=2 on one slot that has left the pool. */
    static final PreviousPlacement PREVIOUS = PreviousPlacement.builder()
            .addPlacements(
                    SubtaskPlacement.of("map", 0, "tm-0/0", 4_000),
                    SubtaskPlacement.of("map", 1, "tm-1/0", 400),
                    SubtaskPlacement.of("map", 2, "tm-0/1", 40_000),
                    SubtaskPlacement.of("map", 3, "tm-1/1", 0),
                    SubtaskPlacement.of("src", 0, "tm-1/3", 0),
                    SubtaskPlacement.of("src", 1, "gone/0", 0))
            .build();

    static final AssignmentRequest FIRST_START = AssignmentRequest.firstStart(GRAPH, PLAN, POOL);
    static final AssignmentRequest RESCALE = new AssignmentRequest(GRAPH, PLAN, POOL, PREVIOUS);

    @Test
    void placesEveryExecutionSlotSharingGroupExactlyOnce() {
        for (AssignmentRequest request : List.of(FIRST_START, RESCALE)) {
            Assignment assignment = assigner().assign(request);
            List<String> groupIds =
                    assignment.assignments().stream().map(a -> a.group().id()).toList();
            assertThat(groupIds)
                    .hasSize(GROUPS)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrder("default#0", "default#1", "default#2", "default#3", "side#0", "side#1");
        }
    }

    @Test
    void usesEverySlotAtMostOnceAndOnlyFromThePool() {
        for (AssignmentRequest request : List.of(FIRST_START, RESCALE)) {
            List<String> slots = assigner().assign(request).assignments().stream()
                    .map(a -> a.slot().id())
                    .toList();
            assertThat(slots).doesNotHaveDuplicates();
            assertThat(slots).allSatisfy(s -> assertThat(POOL.contains(s)).isTrue());
            assertThat(assigner().assign(request).assignments())
                    .allSatisfy(
                            a -> assertThat(POOL.slotById().get(a.slot().id())).isEqualTo(a.slot()));
        }
    }

    @Test
    void groupsHoldExactlyThePlansSubtasks() {
        for (AssignmentRequest request : List.of(FIRST_START, RESCALE)) {
            Assignment assignment = assigner().assign(request);
            List<SubtaskId> placed = new ArrayList<>();
            for (SlotAssignment a : assignment.assignments()) {
                placed.addAll(a.group().subtasks());
                Set<String> vertices = new HashSet<>();
                for (SubtaskId s : a.group().subtasks()) {
                    assertThat(GRAPH.vertex(s.vertexId()).slotSharingGroup())
                            .as("slot-sharing group of %s in %s", s, a.group().id())
                            .isEqualTo(a.group().slotSharingGroupId());
                    assertThat(vertices.add(s.vertexId()))
                            .as("%s holds one subtask per vertex", a.group().id())
                            .isTrue();
                }
            }
            placed.sort(null);
            assertThat(placed).isEqualTo(subtasksOf(PLAN));
        }
    }

    @Test
    void keepsCoLocatedSubtasksTogether() {
        Map<SubtaskId, ?> slots = assigner().assign(RESCALE).slotBySubtask();
        for (int i = 0; i < 2; i++) {
            assertThat(slots.get(new SubtaskId("a", i))).isEqualTo(slots.get(new SubtaskId("b", i)));
        }
    }

    @Test
    void isDeterministic() {
        for (AssignmentRequest request : List.of(FIRST_START, RESCALE)) {
            assertThat(assigner().assign(request)).isEqualTo(assigner().assign(request));
            AssignmentRequest copy =
                    new AssignmentRequest(request.graph(), request.plan(), request.pool(), request.previous());
            assertThat(assigner().assign(copy)).isEqualTo(assigner().assign(request));
        }
    }

    @Test
    void explainsEveryPlacement() {
        Assignment assignment = assigner().assign(RESCALE);
        assertThat(assignment.assignerName()).isEqualTo(assigner().name());
        for (SlotAssignment a : assignment.assignments()) {
            assertThat(assignment.explanation()).anySatisfy(line -> assertThat(line)
                    .startsWith(
                            "group " + a.group().id() + " -> slot " + a.slot().id() + ": "));
        }
    }

    @Test
    void explanationEndsWithOneLinePerAssignmentInAssignmentOrderAndIsAnImmutableValue() {
        for (AssignmentRequest request : List.of(FIRST_START, RESCALE)) {
            Assignment assignment = assigner().assign(request);
            List<String> lines = assignment.explanation();
            List<SlotAssignment> placed = assignment.assignments();
            int head = lines.size() - placed.size();
            assertThat(head).isPositive();
            for (int k = 0; k < placed.size(); k++) {
                SlotAssignment a = placed.get(k);
                assertThat(lines.get(head + k))
                        .startsWith("group " + a.group().id() + " -> slot "
                                + a.slot().id() + ": ");
            }
            // Lines rendered on demand read the same every time, equal an eager copy both ways, and
            // cannot be changed.
            List<String> copy = List.copyOf(lines);
            assertThat(lines).isEqualTo(copy).hasSameHashCodeAs(copy);
            assertThat(copy).isEqualTo(lines);
            assertThat(List.copyOf(lines)).isEqualTo(copy);
            assertThatThrownBy(() -> lines.add("x")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> lines.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> lines.get(lines.size())).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void usesExactlyAsManySlotsAsGroupsWhenThePoolIsTight() {
        SlotPool tight = pool(3, 3);
        Assignment assignment = assigner().assign(new AssignmentRequest(GRAPH, PLAN, tight, PREVIOUS));
        assertThat(assignment.assignments()).hasSize(GROUPS);
        assertThat(assignment.assignments().stream().map(a -> a.slot().id()))
                .containsExactlyInAnyOrderElementsOf(
                        tight.slots().stream().map(s -> s.id()).toList());
    }

    @Test
    void rejectsAPoolWithFewerSlotsThanGroups() {
        // A plan whose slotsPerGroup understates its parallelism gets past AssignmentRequest's own
        // check (1 <= 5 slots), so the assigner must catch it before doing any work.
        ParallelismPlan understated = new ParallelismPlan(PLAN.vertexParallelism(), Map.of("default", 1), 1, List.of());
        AssignmentRequest request = AssignmentRequest.firstStart(GRAPH, understated, pool(5));
        assertThatThrownBy(() -> assigner().assign(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(assigner().name())
                .hasMessageContaining("5 slots")
                .hasMessageContaining("needs " + GROUPS);

        assertThatThrownBy(() -> assigner().assign(AssignmentRequest.firstStart(GRAPH, PLAN, pool(2, 3))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlesARescaleFromADifferentParallelism() {
        // Scale map down from 4 (PREVIOUS) to 2, and src from 4 to 1, on a pool that lost a slot.
        ParallelismPlan smaller = plan(GRAPH, Map.of("src", 1, "map", 2, "a", 2, "b", 2, "side", 2));
        SlotPool shrunk =
                POOL.withSlotOrder(POOL.slots().stream().map(s -> s.id()).toList());
        Assignment assignment = assigner().assign(new AssignmentRequest(GRAPH, smaller, shrunk, PREVIOUS));
        assertThat(assignment.assignments()).hasSize(4);
        List<SubtaskId> placed = new ArrayList<>();
        assignment.assignments().forEach(a -> placed.addAll(a.group().subtasks()));
        placed.sort(null);
        assertThat(placed).isEqualTo(subtasksOf(smaller));
        assertThat(assignment.metrics().keyGroupsKept() + assignment.metrics().keyGroupsMoved())
                .isEqualTo(128);
    }

    @Test
    void isRegisteredUnderItsName() {
        SlotAssigner registered = SlotAssigners.byName(assigner().name());
        assertThat(registered.name()).isEqualTo(assigner().name());
        assertThat(registered.assign(RESCALE)).isEqualTo(assigner().assign(RESCALE));
    }
}
