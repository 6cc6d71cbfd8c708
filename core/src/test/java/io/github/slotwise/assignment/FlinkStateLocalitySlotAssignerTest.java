package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.keyed;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.pool;
import static io.github.slotwise.assignment.Fixtures.slotByGroup;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A keyed vertex k with maxParallelism 128 ran at p=4 on tm-0/0, tm-0/1, tm-1/0, tm-1/1 and is
 * rescaled to p=3.
 *
 * <pre>
 *   old ranges: k#0 [0,31]  k#1 [32,63]  k#2 [64,95]  k#3 [96,127]   (32 key groups each)
 *   new ranges: #0 [0,42]   #1 [43,85]   #2 [86,127]
 *   overlaps:   new#0: k#0 32, k#1 11    new#1: k#1 21, k#2 22    new#2: k#2 10, k#3 32
 * </pre>
 */
class FlinkStateLocalitySlotAssignerTest {
    private static final FlinkStateLocalitySlotAssigner LOCALITY = new FlinkStateLocalitySlotAssigner();
    private static final JobGraph GRAPH = graph(keyed("k", "default", 4, 128));

    private static PreviousPlacement ranAtFour(long s0, long s1, long s2, long s3) {
        return PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("k", 0, "tm-0/0", s0),
                        SubtaskPlacement.of("k", 1, "tm-0/1", s1),
                        SubtaskPlacement.of("k", 2, "tm-1/0", s2),
                        SubtaskPlacement.of("k", 3, "tm-1/1", s3))
                .build();
    }

    private static Assignment rescaleToThree(SlotPool pool, PreviousPlacement previous) {
        return LOCALITY.assign(new AssignmentRequest(GRAPH, plan(GRAPH, Map.of("k", 3)), pool, previous));
    }

    @Test
    void withoutStateSizesEveryOverlapScoresOne() {
        // Score 1 for each of the 6 overlapping pairs; ties by slot position, then group:
        // (#0, tm-0/0) -> assign; (#0, tm-0/1) group taken; (#1, tm-0/1) -> assign;
        // (#1, tm-1/0) group taken; (#2, tm-1/0) -> assign; (#2, tm-1/1) group taken.
        Assignment a = rescaleToThree(pool(2, 2), ranAtFour(0, 0, 0, 0));
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("default#0", "tm-0/0"), entry("default#1", "tm-0/1"), entry("default#2", "tm-1/0"));
        // Kept in place: 32 (k#0 in tm-0/0) + 21 (k#1 in tm-0/1) + 10 (k#2 in tm-1/0) = 63.
        assertThat(a.metrics().localityScore()).isEqualTo(3);
        assertThat(a.metrics().keyGroupsKept()).isEqualTo(63);
        assertThat(a.metrics().keyGroupsMoved()).isEqualTo(128 - 63);
        assertThat(a.explanation()).contains("group default#1 -> slot tm-0/1: locality score 1, greedy pick 2");
    }

    @Test
    void stateSizesWeightTheSharedKeyGroups() {
        // Bytes per key group: k#0 3200/32 = 100, k#1 320/32 = 10, k#2 32000/32 = 1000, k#3 100.
        // (#1, tm-1/0) 22*1000 = 22000 -> assign.   (#2, tm-1/0) 10*1000 = 10000: slot taken.
        // (#0, tm-0/0) 32*100 = 3200 and (#2, tm-1/1) 32*100 = 3200 tie; tm-0/0 comes first in
        // the pool: both assign.   (#1, tm-0/1) 210 and (#0, tm-0/1) 110: groups taken.
        // tm-0/1 stays free.
        Assignment a = rescaleToThree(pool(2, 2), ranAtFour(3200, 320, 32_000, 3200));
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("default#0", "tm-0/0"), entry("default#1", "tm-1/0"), entry("default#2", "tm-1/1"));
        assertThat(a.metrics().localityScore()).isEqualTo(22_000 + 3200 + 3200);
        // Kept: 22 (k#2 in tm-1/0) + 32 (k#0) + 32 (k#3) = 86 key groups; bytes kept the same
        // 28400 of 38720, so 10320 bytes move.
        assertThat(a.metrics().keyGroupsKept()).isEqualTo(86);
        assertThat(a.metrics().keyGroupsMoved()).isEqualTo(42);
        assertThat(a.metrics().stateBytesMoved()).isEqualTo(38_720 - 28_400);
        // Listed in resolver order; each line says at which pick Flink's greedy took it.
        assertThat(a.explanation())
                .containsSubsequence(
                        "group default#0 -> slot tm-0/0: locality score 3200, greedy pick 2",
                        "group default#1 -> slot tm-1/0: locality score 22000, greedy pick 1",
                        "group default#2 -> slot tm-1/1: locality score 3200, greedy pick 3");
    }

    @Test
    void aPreviousSlotThatLeftThePoolIsIgnored() {
        // tm-1 is gone, tm-2 is new. Pairs on tm-1/0 and tm-1/1 cannot be assigned (Flink polls and
        // skips them), so #1 falls back from tm-1/0 (22000) to its next pair:
        // (#0, tm-0/0) 3200 -> assign; (#1, tm-0/1) 210 -> assign; (#0, tm-0/1) 110: taken.
        // #2 has no pair left: first free slot in pool order, tm-2/0.
        SlotPool pool = SlotPool.builder()
                .addTaskManagers(TaskManager.of("tm-0", 2), TaskManager.of("tm-2", 2))
                .build();
        Assignment a = rescaleToThree(pool, ranAtFour(3200, 320, 32_000, 3200));
        assertThat(slotByGroup(a))
                .containsExactly(
                        entry("default#0", "tm-0/0"), entry("default#1", "tm-0/1"), entry("default#2", "tm-2/0"));
        assertThat(a.metrics().localityScore()).isEqualTo(3200 + 210);
        assertThat(a.metrics().keyGroupsKept()).isEqualTo(32 + 21);
        assertThat(a.explanation())
                .contains(
                        "previous slot tm-1/0 is not in the pool: its locality is ignored (Flink only assigns free"
                                + " slots)",
                        "group default#2 -> slot tm-2/0: no locality left: first free slot in pool order");
    }

    @Test
    void withoutAPreviousPlacementItZipsLikeTheDefaultAssigner() {
        AssignmentRequest first = AssignmentRequest.firstStart(GRAPH, plan(GRAPH, Map.of("k", 3)), pool(2, 2));
        Assignment a = LOCALITY.assign(first);
        assertThat(a.assignments())
                .isEqualTo(new FlinkDefaultSlotAssigner().assign(first).assignments());
        assertThat(a.metrics().localityScore()).isZero();
    }

    @Test
    void scoresNonKeyedVerticesToo() {
        // Flink gives every vertex key-group ranges (maxParallelism 128 derived for p=2), so a
        // stateless vertex also prefers its old slots: v#0 ran in tm-1/1, v#1 in tm-1/0.
        JobGraph graph = graph(vertex("v", "default", 2));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("v", 0, "tm-1/1", 0), SubtaskPlacement.of("v", 1, "tm-1/0", 0))
                .build();
        Assignment a = LOCALITY.assign(new AssignmentRequest(graph, plan(graph), pool(2, 2), previous));
        assertThat(slotByGroup(a)).containsExactly(entry("default#0", "tm-1/1"), entry("default#1", "tm-1/0"));
        assertThat(a.metrics().localityScore()).isEqualTo(2);
        assertThat(a.metrics().keyGroupsKept()).isZero(); // counted for keyed vertices only
    }

    @Test
    void sumsTheScoresOfAllVerticesInAGroup() {
        // a and b share slot-sharing group g. a#0 ran in tm-0/0 (score 1 for group #0 there);
        // b#0 ran in tm-0/1 with 128 bytes over 128 key groups (score 128 * 1 = 128) and a#1 in
        // tm-0/1 (score 1 for group #1). Pairs: (#0, tm-0/1) 128, (#1, tm-0/1) 1, (#0, tm-0/0) 1.
        // #0 -> tm-0/1 first, then (#1, tm-0/1) slot taken, (#0, tm-0/0) group taken; #1 takes the
        // first free slot, tm-0/0.
        JobGraph graph = graph(keyed("a", "g", 2, 128), keyed("b", "g", 1, 128));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("a", 0, "tm-0/0", 0),
                        SubtaskPlacement.of("a", 1, "tm-0/1", 0),
                        SubtaskPlacement.of("b", 0, "tm-0/1", 128))
                .build();
        Assignment a = LOCALITY.assign(new AssignmentRequest(graph, plan(graph), pool(2), previous));
        assertThat(slotByGroup(a)).containsExactly(entry("g#0", "tm-0/1"), entry("g#1", "tm-0/0"));
        assertThat(a.metrics().localityScore()).isEqualTo(128);
    }

    @Test
    void priorityOrderIsScoreDescendingThenSlotThenGroup() {
        // Scores from a handful of values (many ties) up to near Long.MAX_VALUE (every radix digit).
        Random random = new Random(3);
        long[] scales = {4, 1L << 20, 1L << 40, Long.MAX_VALUE / 2};
        for (int c = 0; c < 400; c++) {
            int groups = 1 + random.nextInt(40);
            int slots = 1 + random.nextInt(40);
            int pairs = random.nextInt(120);
            int[] group = new int[pairs];
            int[] slot = new int[pairs];
            long[] score = new long[pairs];
            long scale = scales[c % scales.length];
            for (int i = 0; i < pairs; i++) {
                group[i] = random.nextInt(groups);
                slot[i] = random.nextInt(slots);
                score[i] = 1 + Math.floorMod(random.nextLong(), scale);
            }
            LocalityGraph graph = LocalityGraph.fromPairs(groups, slots, group, slot, score);
            int[] expected = IntStream.range(0, graph.edgeCount)
                    .boxed()
                    .sorted(Comparator.comparingLong((Integer e) -> -graph.score[e])
                            .thenComparingInt(e -> graph.slot[e])
                            .thenComparingInt(e -> graph.group[e]))
                    .mapToInt(Integer::intValue)
                    .toArray();
            assertThat(FlinkStateLocalitySlotAssigner.priorityOrder(graph))
                    .as("case %d", c)
                    .containsExactly(expected);
        }
    }

    /**
     * Explicit previous ranges, as Flink's {@code JobAllocationsInformation} may carry them: k#0 held
     * [0, 63] (6400 bytes, 100 per key group) while its siblings held one key group each (100 bytes)
     * and key groups 67 to 127 were nobody's.
     *
     * <pre>
     *   old: k#0 [0,63] tm-0/0   k#1 [64,64] tm-0/1   k#2 [65,65] tm-1/0   k#3 [66,66] tm-1/1
     *   new: #0 [0,42]  #1 [43,85]  #2 [86,127]
     *   pairs: (#0, tm-0/0) 43*100, (#1, tm-0/0) 21*100, (#1, tm-0/1) 100, (#1, tm-1/0) 100, (#1, tm-1/1) 100
     * </pre>
     *
     * #0 takes tm-0/0; #1's best slot is taken, its three ties go by slot order: tm-0/1; #2 shares
     * nothing and takes the first free slot, tm-1/0. The same choices under 1.18-1.20's scoring
     * (43, 21, 1, 1, 1).
     */
    @Test
    void explicitUnevenRangesAreScoredByWhatTheyShare() {
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("k", 0, "tm-0/0", 6400, new KeyGroupRange(0, 63)),
                        SubtaskPlacement.of("k", 1, "tm-0/1", 100, new KeyGroupRange(64, 64)),
                        SubtaskPlacement.of("k", 2, "tm-1/0", 100, new KeyGroupRange(65, 65)),
                        SubtaskPlacement.of("k", 3, "tm-1/1", 100, new KeyGroupRange(66, 66)))
                .build();
        for (LocalityScore.Scoring scoring : LocalityScore.Scoring.values()) {
            Assignment a = new FlinkStateLocalitySlotAssigner(scoring)
                    .assign(new AssignmentRequest(GRAPH, plan(GRAPH, Map.of("k", 3)), pool(2, 2), previous));
            assertThat(slotByGroup(a))
                    .as("%s", scoring)
                    .containsExactly(
                            entry("default#0", "tm-0/0"), entry("default#1", "tm-0/1"), entry("default#2", "tm-1/0"));
            // Kept: 43 of k#0's key groups and k#1's one; 67 key groups were held, so 23 move. Bytes:
            // 4300 + 100 of 6700 stay.
            assertThat(a.metrics().keyGroupsKept()).isEqualTo(44);
            assertThat(a.metrics().keyGroupsMoved()).isEqualTo(23);
            assertThat(a.metrics().stateBytesMoved()).isEqualTo(6700 - 4400);
            assertThat(a.metrics().localityScore()).isEqualTo(4300 + 100); // the metric is 2.x's score
        }
    }

    /**
     * Ranges from a run with maxParallelism 64 (p=2: [0,31], [32,63]) for a vertex whose
     * maxParallelism is now 128, rescaled to p=2 ([0,63], [64,127]): both old subtasks overlap new
     * #0 only, so #1 shares nothing. Without state each overlap scores 1: (#0, tm-0/0) for k#1 and
     * (#0, tm-0/1) for k#0 tie, and slot order picks tm-0/0 for #0; #1 takes the first free slot,
     * tm-0/1.
     */
    @Test
    void rangesFromAnotherMaxParallelismOverlapOnlyWhereTheyReach() {
        JobGraph graph = graph(keyed("k", "default", 2, 128));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("k", 0, "tm-0/1", 0, new KeyGroupRange(0, 31)),
                        SubtaskPlacement.of("k", 1, "tm-0/0", 0, new KeyGroupRange(32, 63)))
                .build();
        Assignment a = LOCALITY.assign(new AssignmentRequest(graph, plan(graph), pool(2), previous));
        assertThat(slotByGroup(a)).containsExactly(entry("default#0", "tm-0/0"), entry("default#1", "tm-0/1"));
        assertThat(a.metrics().keyGroupsKept()).isEqualTo(32); // k#1's [32, 63] stays in tm-0/0
        assertThat(a.metrics().keyGroupsMoved()).isEqualTo(64 - 32);
        assertThat(a.explanation())
                .contains("group default#1 -> slot tm-0/1: no locality left: first free slot in pool" + " order");
    }
}
