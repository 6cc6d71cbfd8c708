package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.keyed;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.slotByGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of the optimal state-locality assigner, each beside Flink's greedy answer. */
class OptimalStateLocalitySlotAssignerTest {
    private static final OptimalStateLocalitySlotAssigner OPTIMAL = new OptimalStateLocalitySlotAssigner();
    private static final FlinkStateLocalitySlotAssigner GREEDY = new FlinkStateLocalitySlotAssigner();

    /**
     * A path where the greedy choice blocks two better pairs. Keyed vertex w, maxParallelism 6, ran
     * at p=3 and now runs at p=2.
     *
     * <pre>
     *   old: w#0 [0,1] in tm-0/0, 6 bytes (3 per key group)
     *        w#1 [2,3] in tm-0/1, 20 bytes (10 per key group)
     *        w#2 [4,5] in tm-0/2, 2 bytes (1 per key group)
     *   new: #0 [0,2], #1 [3,5]
     *   pairs: (#0, tm-0/0) 2*3 = 6, (#0, tm-0/1) 1*10 = 10, (#1, tm-0/1) 10, (#1, tm-0/2) 2*1 = 2
     * </pre>
     *
     * The pairs form one path tm-0/0 - #0 - tm-0/1 - #1 - tm-0/2. Greedy takes a 10 first (#0 wins
     * the tie by group order), then #1 can only get tm-0/2: 12. The optimum keeps #0 on tm-0/0 and #1
     * on tm-0/1: 16.
     */
    @Test
    void aPathWhereGreedyBlocksTwoBetterPairs() {
        JobGraph graph = graph(keyed("w", "default", 3, 6));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("w", 0, "tm-0/0", 6),
                        SubtaskPlacement.of("w", 1, "tm-0/1", 20),
                        SubtaskPlacement.of("w", 2, "tm-0/2", 2))
                .build();
        AssignmentRequest request = new AssignmentRequest(graph, plan(graph, Map.of("w", 2)), pool(3), previous);

        Assignment greedy = GREEDY.assign(request);
        assertThat(slotByGroup(greedy)).containsOnly(entry("default#0", "tm-0/1"), entry("default#1", "tm-0/2"));
        assertThat(greedy.metrics().localityScore()).isEqualTo(12);

        Assignment optimal = OPTIMAL.assign(request);
        assertThat(slotByGroup(optimal)).containsExactly(entry("default#0", "tm-0/0"), entry("default#1", "tm-0/1"));
        assertThat(optimal.metrics().localityScore()).isEqualTo(16);
        assertThat(optimal.metrics().stateBytesMoved())
                .isLessThan(greedy.metrics().stateBytesMoved());
        assertThat(optimal.explanation())
                .contains(
                        "4 (group, slot) pair(s) with a positive locality score in 1 component(s) (1 solved by"
                                + " dynamic programming, 0 by augmenting paths); 2 pair(s) kept, total score 16",
                        "group default#0 -> slot tm-0/0: locality score 6 (optimal matching)");
    }

    /**
     * A cycle: vertices a and b share slot-sharing group g, both with maxParallelism 2 and p=2
     * before and after, but b's subtasks ran in the other slot.
     *
     * <pre>
     *   a#0 in s0 (5 bytes), a#1 in s1 (1 byte), b#0 in s1 (4 bytes), b#1 in s0 (4 bytes)
     *   pairs: (g#0, s0) 5, (g#0, s1) 4, (g#1, s0) 4, (g#1, s1) 1: the cycle g#0 - s0 - g#1 - s1
     * </pre>
     *
     * Greedy takes the 5, leaving g#1 the 1: 6. The optimum swaps: g#0 to s1, g#1 to s0: 8.
     */
    @Test
    void aCycleIsSolvedByAugmentingPaths() {
        JobGraph graph = graph(keyed("a", "g", 2, 2), keyed("b", "g", 2, 2));
        SlotPool pool = SlotPool.builder()
                .addTaskManagers(TaskManager.builder()
                        .id("tm")
                        .numberOfSlots(2)
                        .addExplicitSlotIds("s0", "s1")
                        .build())
                .build();
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("a", 0, "s0", 5),
                        SubtaskPlacement.of("a", 1, "s1", 1),
                        SubtaskPlacement.of("b", 0, "s1", 4),
                        SubtaskPlacement.of("b", 1, "s0", 4))
                .build();
        AssignmentRequest request = new AssignmentRequest(graph, plan(graph), pool, previous);

        assertThat(GREEDY.assign(request).metrics().localityScore()).isEqualTo(6);
        Assignment optimal = OPTIMAL.assign(request);
        assertThat(slotByGroup(optimal)).containsExactly(entry("g#0", "s1"), entry("g#1", "s0"));
        assertThat(optimal.metrics().localityScore()).isEqualTo(8);
        assertThat(optimal.explanation()).anySatisfy(line -> assertThat(line)
                .contains("(0 solved by dynamic programming, 1 by augmenting paths)"));
    }

    /**
     * The committed example where Flink's greedy scores 10 and the zip 18 (see the property tests):
     * a ran at p=2 (s0: 10 bytes, s1: 9 bytes) and now runs at p=1, b ran in s0 (9 bytes).
     */
    @Test
    void reachesTheOptimumWhereGreedyScoresTenAndTheZipEighteen() {
        JobGraph graph = JobGraph.builder()
                .addVertices(
                        JobVertex.builder()
                                .id("a")
                                .slotSharingGroup("ssg-a")
                                .maxParallelism(2)
                                .keyed(true)
                                .build(),
                        JobVertex.builder()
                                .id("b")
                                .slotSharingGroup("ssg-b")
                                .maxParallelism(1)
                                .keyed(true)
                                .build())
                .build();
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("a", 0, "s0", 10),
                        SubtaskPlacement.of("a", 1, "s1", 9),
                        SubtaskPlacement.of("b", 0, "s0", 9))
                .build();
        for (String[] order : new String[][] {{"s0", "s1"}, {"s1", "s0"}}) {
            SlotPool pool = SlotPool.builder()
                    .addTaskManagers(TaskManager.builder()
                            .id("tm")
                            .numberOfSlots(2)
                            .addExplicitSlotIds(order)
                            .build())
                    .build();
            AssignmentRequest request = new AssignmentRequest(graph, plan(graph), pool, previous);
            assertThat(GREEDY.assign(request).metrics().localityScore()).isEqualTo(10);
            Assignment optimal = OPTIMAL.assign(request);
            assertThat(slotByGroup(optimal)).containsExactly(entry("ssg-a#0", "s1"), entry("ssg-b#0", "s0"));
            assertThat(optimal.metrics().localityScore()).isEqualTo(18);
        }
    }

    /**
     * Scaling up: new groups have no pair, so after the matching they take the free slots in pool
     * order, in resolver order, and the assignments are listed in resolver order.
     */
    @Test
    void leftoverGroupsTakeTheFirstFreeSlotsInPoolOrder() {
        JobGraph graph = graph(keyed("k", "default", 2, 4));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("k", 0, "tm-1/1", 100), SubtaskPlacement.of("k", 1, "tm-0/0", 100))
                .build();
        // old: k#0 [0,1] in tm-1/1, k#1 [2,3] in tm-0/0; new p=4: #i = [i,i].
        // pairs: (#0, tm-1/1), (#1, tm-1/1), (#2, tm-0/0), (#3, tm-0/0), each 50: two stars.
        AssignmentRequest request = new AssignmentRequest(graph, plan(graph, Map.of("k", 4)), pool(2, 2), previous);
        Assignment optimal = OPTIMAL.assign(request);
        assertThat(slotByGroup(optimal))
                .containsExactly(
                        entry("default#0", "tm-1/1"),
                        entry("default#1", "tm-0/1"),
                        entry("default#2", "tm-0/0"),
                        entry("default#3", "tm-1/0"));
        assertThat(optimal.metrics().localityScore()).isEqualTo(100);
        assertThat(optimal.explanation())
                .contains("group default#1 -> slot tm-0/1: no locality left: first free slot in pool order");
    }

    @Test
    void aPreviousSlotThatLeftThePoolIsIgnored() {
        JobGraph graph = graph(keyed("k", "default", 2, 4));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("k", 0, "gone/0", 100), SubtaskPlacement.of("k", 1, "tm-0/1", 100))
                .build();
        Assignment optimal = OPTIMAL.assign(new AssignmentRequest(graph, plan(graph), pool(2), previous));
        assertThat(slotByGroup(optimal)).containsExactly(entry("default#0", "tm-0/0"), entry("default#1", "tm-0/1"));
        assertThat(optimal.explanation())
                .contains("previous slot gone/0 is not in the pool: its locality is ignored (Flink only assigns free"
                        + " slots)");
    }

    @Test
    void withoutAPreviousPlacementItZipsLikeTheDefaultAssigner() {
        JobGraph graph = graph(keyed("k", "default", 3, 128), keyed("m", "other", 2, 128));
        AssignmentRequest first = AssignmentRequest.firstStart(graph, plan(graph), pool(3, 3));
        assertThat(OPTIMAL.assign(first).assignments())
                .isEqualTo(new FlinkDefaultSlotAssigner().assign(first).assignments());
    }

    /** When nothing changes, every group stays in its slot and nothing moves. */
    @Test
    void keepsEverythingInPlaceWhenNothingChanged() {
        JobGraph graph = graph(keyed("k", "default", 6, 128), keyed("m", "default", 6, 128));
        PreviousPlacement.Builder previous = PreviousPlacement.builder();
        SlotPool pool = pool(4, 4, 4, 4);
        for (int i = 0; i < 6; i++) {
            String slot = pool.slots().get(15 - 2 * i).id(); // scattered, not in pool order
            previous.addPlacements(SubtaskPlacement.of("k", i, slot, 1000 + i), SubtaskPlacement.of("m", i, slot, 7));
        }
        Assignment optimal = OPTIMAL.assign(new AssignmentRequest(graph, plan(graph), pool, previous.build()));
        for (int i = 0; i < 6; i++) {
            assertThat(slotByGroup(optimal))
                    .containsEntry("default#" + i, pool.slots().get(15 - 2 * i).id());
        }
        assertThat(optimal.metrics().keyGroupsMoved()).isZero();
        assertThat(optimal.metrics().stateBytesMoved()).isZero();
    }

    /**
     * Overlapping explicit ranges (as Flink's previous allocations may carry them): k#0 held all 128
     * key groups (12800 bytes, 100 per key group) in tm-0/0, k#1 held [0, 63] (6400 bytes) in tm-0/1.
     * At p=2 (#0 [0,63], #1 [64,127]) the pairs are (#0, tm-0/0) 6400, (#1, tm-0/0) 6400 and (#0,
     * tm-0/1) 6400. Greedy takes (#0, tm-0/0) first (slot, then group order) and #1 is left with
     * tm-0/1: 6400. The optimum keeps both: #1 on tm-0/0, #0 on tm-0/1: 12800.
     */
    @Test
    void overlappingExplicitRangesAreMatchedOptimally() {
        JobGraph graph = graph(keyed("k", "default", 2, 128));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("k", 0, "tm-0/0", 12_800, new KeyGroupRange(0, 127)),
                        SubtaskPlacement.of("k", 1, "tm-0/1", 6400, new KeyGroupRange(0, 63)))
                .build();
        AssignmentRequest request = new AssignmentRequest(graph, plan(graph), pool(2), previous);
        Assignment greedy = GREEDY.assign(request);
        assertThat(slotByGroup(greedy)).containsExactly(entry("default#0", "tm-0/0"), entry("default#1", "tm-0/1"));
        assertThat(greedy.metrics().localityScore()).isEqualTo(6400);
        Assignment optimal = OPTIMAL.assign(request);
        assertThat(slotByGroup(optimal)).containsExactly(entry("default#0", "tm-0/1"), entry("default#1", "tm-0/0"));
        assertThat(optimal.metrics().localityScore()).isEqualTo(12_800);
        // 128 key groups were held (the union); #1 keeps [64,127] of k#0 and #0 keeps [0,63] of k#1
        assertThat(optimal.metrics().keyGroupsKept()).isEqualTo(128);
        assertThat(optimal.metrics().keyGroupsMoved()).isZero();
        assertThat(optimal.metrics().stateBytesMoved()).isEqualTo(19_200 - 12_800);
    }
}
