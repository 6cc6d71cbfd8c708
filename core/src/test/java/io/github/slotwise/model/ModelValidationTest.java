package io.github.slotwise.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.keygroup.KeyGroupRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelValidationTest {

    private static JobVertex.Builder vertex(String id) {
        return JobVertex.builder().id(id).slotSharingGroup("default");
    }

    @Test
    void maxParallelismOutsideOneTo32768IsRejectedWithFieldAndValue() {
        assertThatThrownBy(() -> vertex("a").maxParallelism(40000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vertex 'a': maxParallelism")
                .hasMessageContaining("40000");
        assertThatThrownBy(() -> vertex("a").maxParallelism(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxParallelism")
                .hasMessageContaining("got 0");
    }

    @Test
    void parallelismAboveMaxParallelismIsRejected() {
        assertThatThrownBy(
                        () -> vertex("a").parallelism(200).maxParallelism(128).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vertex 'a': ")
                .hasMessageContaining("200 > maxParallelism 128");
        assertThatThrownBy(() -> vertex("a").upperBound(129).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vertex 'a': upperBound 129 > auto-derived maxParallelism 128");
    }

    @Test
    void lowerBoundAboveUpperBoundIsRejected() {
        assertThatThrownBy(() -> vertex("a").lowerBound(5).upperBound(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vertex 'a': lowerBound 5 > upperBound 3");
    }

    @Test
    void vertexInNoSlotSharingGroupIsRejected() {
        assertThatThrownBy(() -> JobVertex.builder().id("a").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slotSharingGroup");
        assertThatThrownBy(
                        () -> JobVertex.builder().id("a").slotSharingGroup(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vertex 'a': slotSharingGroup");
    }

    @Test
    void maxParallelismIsDerivedFromTheConfiguredParallelismLikeFlink() {
        assertThat(vertex("a").parallelism(85).build().effectiveMaxParallelism())
                .isEqualTo(128);
        assertThat(vertex("a").parallelism(86).build().effectiveMaxParallelism())
                .isEqualTo(256);
        JobVertex explicit = vertex("a").parallelism(86).maxParallelism(100).build();
        assertThat(explicit.effectiveMaxParallelism()).isEqualTo(100);
        assertThat(explicit.maxParallelismAutoDerived()).isFalse();
        // the default upper bound is the configured parallelism
        assertThat(vertex("a").parallelism(7).build().upperBound()).isEqualTo(7);
    }

    @Test
    void emptyGraphIsRejected() {
        assertThatThrownBy(() -> JobGraph.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jobGraph.vertices must not be empty");
    }

    @Test
    void duplicateVertexIdsAreRejected() {
        assertThatThrownBy(() -> JobGraph.builder()
                        .addVertices(
                                vertex("a").build(),
                                vertex("b").build(),
                                vertex("a").build())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate vertex id 'a'");
    }

    @Test
    void edgesMustNameKnownVertices() {
        assertThatThrownBy(() -> JobGraph.builder()
                        .addVertices(vertex("a").build())
                        .addEdges(new JobEdge("a", "zz", DistributionPattern.POINTWISE))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("edge.target names unknown vertex 'zz'");
        assertThatThrownBy(() -> new JobEdge("a", "a", DistributionPattern.ALL_TO_ALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("self-loop");
    }

    @Test
    void slotSharingGroupsKeepFirstAppearanceOrderUnlessStated() {
        JobGraph g = JobGraph.builder()
                .addVertices(
                        vertex("a").slotSharingGroup("x").build(),
                        vertex("b").slotSharingGroup("y").build(),
                        vertex("c").slotSharingGroup("x").build())
                .build();
        assertThat(g.slotSharingGroups())
                .containsExactly(new SlotSharingGroup("x", List.of("a", "c")), new SlotSharingGroup("y", List.of("b")));
        JobGraph reordered =
                JobGraph.builder().from(g).addSlotSharingGroupOrder("y", "x").build();
        assertThat(reordered.slotSharingGroups())
                .extracting(SlotSharingGroup::id)
                .containsExactly("y", "x");

        assertThatThrownBy(() ->
                        JobGraph.builder().from(g).addSlotSharingGroupOrder("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slotSharingGroupOrder is missing group 'y'");
        assertThatThrownBy(() -> JobGraph.builder()
                        .from(g)
                        .addSlotSharingGroupOrder("x", "y", "q")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slotSharingGroupOrder names group 'q', which no vertex belongs to");
    }

    @Test
    void coLocationGroupMustStayInOneSlotSharingGroup() {
        assertThatThrownBy(() -> JobGraph.builder()
                        .addVertices(
                                vertex("a")
                                        .slotSharingGroup("x")
                                        .coLocationGroup("co")
                                        .build(),
                                vertex("b")
                                        .slotSharingGroup("y")
                                        .coLocationGroup("co")
                                        .build())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("co-location group 'co' spans slot-sharing groups 'x' and 'y'");
    }

    @Test
    void unknownVertexLookupNamesTheId() {
        JobGraph g = JobGraph.builder().addVertices(vertex("a").build()).build();
        assertThatThrownBy(() -> g.vertex("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown vertex id 'nope'");
    }

    @Test
    void negativeSlotCountIsRejected() {
        assertThatThrownBy(() -> TaskManager.of("tm-1", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskManager 'tm-1': numberOfSlots must be >= 0, got -1");
    }

    @Test
    void duplicateTaskManagerAndSlotIdsAreRejected() {
        assertThatThrownBy(() -> SlotPool.builder()
                        .addTaskManagers(TaskManager.of("tm", 1), TaskManager.of("tm", 2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate taskManager id 'tm'");
        assertThatThrownBy(() -> SlotPool.builder()
                        .addTaskManagers(
                                TaskManager.builder()
                                        .id("a")
                                        .numberOfSlots(1)
                                        .addExplicitSlotIds("s")
                                        .build(),
                                TaskManager.builder()
                                        .id("b")
                                        .numberOfSlots(1)
                                        .addExplicitSlotIds("s")
                                        .build())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate slot id 's'");
        // derived ids differ when the TaskManager ids do, even with a '/' in them; an explicit id may
        // still take a derived one
        SlotPool derived = SlotPool.builder()
                .addTaskManagers(TaskManager.of("a", 11), TaskManager.of("a/1", 1), TaskManager.of("a/", 1))
                .build();
        assertThat(derived.slotById()).hasSize(13).containsKeys("a/1", "a/1/0", "a//0");
        assertThatThrownBy(() -> SlotPool.builder()
                        .addTaskManagers(
                                TaskManager.of("a", 2),
                                TaskManager.builder()
                                        .id("b")
                                        .numberOfSlots(1)
                                        .addExplicitSlotIds("a/1")
                                        .build())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate slot id 'a/1'");
    }

    @Test
    void slotsFollowTaskManagerOrderUnlessASlotOrderIsGiven() {
        SlotPool pool = SlotPool.uniform(2, 2);
        assertThat(pool.slots()).extracting(Slot::id).containsExactly("tm-0/0", "tm-0/1", "tm-1/0", "tm-1/1");
        SlotPool interleaved = pool.withSlotOrder(List.of("tm-1/0", "tm-0/0", "tm-1/1", "tm-0/1"));
        assertThat(interleaved.slots()).extracting(Slot::id).containsExactly("tm-1/0", "tm-0/0", "tm-1/1", "tm-0/1");
        assertThat(interleaved.slots().get(0).taskManagerId()).isEqualTo("tm-1");
        assertThatThrownBy(() -> pool.withSlotOrder(List.of("tm-0/0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slotOrder lists 1 of the pool's 4 slots");
        assertThatThrownBy(() -> pool.withSlotOrder(List.of("tm-0/0", "tm-0/1", "tm-1/0", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slotOrder names unknown slot 'x'");
    }

    @Test
    void previousPlacementMustCoverIndexesOnceFromZero() {
        assertThatThrownBy(() -> PreviousPlacement.builder()
                        .addPlacements(SubtaskPlacement.of("a", 0, "s0", 0), SubtaskPlacement.of("a", 0, "s1", 0))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subtask a#0 is placed twice");
        assertThatThrownBy(() -> PreviousPlacement.builder()
                        .addPlacements(SubtaskPlacement.of("a", 0, "s0", 0), SubtaskPlacement.of("a", 2, "s1", 0))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vertex 'a' has 2 subtasks but index 2");
        assertThatThrownBy(() -> PreviousPlacement.builder()
                        .addPlacements(SubtaskPlacement.of("a", 0, "s0", 0), SubtaskPlacement.of("a", 1, "s0", 0))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slot 's0' ran two subtasks of vertex 'a' (a#1 is the second)");
        assertThatThrownBy(() -> SubtaskPlacement.of("a", 0, "s0", -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stateSizeBytes must be >= 0, got -5");
    }

    @Test
    void previousPlacementIsCheckedAgainstTheGraph() {
        JobGraph g = JobGraph.builder()
                .addVertices(vertex("a").maxParallelism(1).build())
                .build();
        PreviousPlacement unknown = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("zz", 0, "s", 0))
                .build();
        assertThatThrownBy(() -> unknown.checkAgainst(g))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("previous placement names unknown vertex 'zz'");
        PreviousPlacement tooWide = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("a", 0, "s0", 0), SubtaskPlacement.of("a", 1, "s1", 0))
                .build();
        assertThatThrownBy(() -> tooWide.checkAgainst(g))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("previous placement of vertex 'a' has parallelism 2 > maxParallelism 1");
        assertThat(tooWide.parallelismOf("a")).isEqualTo(2);
        assertThat(tooWide.parallelismOf("b")).isZero();
    }

    @Test
    void explicitKeyGroupRangesMustHoldKeyGroupsInsideTheVertexsMaxParallelism() {
        SubtaskId a0 = new SubtaskId("a", 0);
        assertThatThrownBy(() -> SubtaskPlacement.of("a", 0, "s0", 0, KeyGroupRange.EMPTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("placement of a#0: keyGroupRange must hold at least one key group, got the empty range"
                        + " [0, -1]");
        assertThatThrownBy(() -> new SubtaskPlacement(a0, "s0", 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("placement of a#0: keyGroupRange (Optional.empty() for the derived one) must not be null");
        assertThatThrownBy(() -> SubtaskPlacement.of("a", 0, "s0", 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("placement of a#0: keyGroupRange must not be null");
        assertThatThrownBy(() -> SubtaskPlacement.of("a", 0, "s0", 0, new KeyGroupRange(-1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startKeyGroup must be >= 0, got -1");

        JobGraph g = JobGraph.builder()
                .addVertices(vertex("a").maxParallelism(128).build())
                .build();
        PreviousPlacement beyond = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("a", 0, "s0", 0, new KeyGroupRange(0, 99)),
                        SubtaskPlacement.of("a", 1, "s1", 0, new KeyGroupRange(100, 128)))
                .build();
        assertThatThrownBy(() -> beyond.checkAgainst(g))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("previous placement of a#1: keyGroupRange [100, 128] is outside [0, 128) of vertex 'a'"
                        + " (maxParallelism 128)");
        PreviousPlacement inside = PreviousPlacement.builder()
                .addPlacements(
                        SubtaskPlacement.of("a", 0, "s0", 0, new KeyGroupRange(0, 127)),
                        SubtaskPlacement.of("a", 1, "s1", 0, new KeyGroupRange(5, 5)))
                .build();
        inside.checkAgainst(g); // overlapping and uneven ranges are fine
        assertThat(inside.hasExplicitKeyGroupRanges()).isTrue();
    }

    @Test
    void keyGroupRangesAreExplicitOrDerivedFromIndexAndPreviousParallelism() {
        SubtaskPlacement derived = SubtaskPlacement.of("a", 1, "s1", 0);
        SubtaskPlacement explicit = SubtaskPlacement.of("b", 0, "s0", 0, new KeyGroupRange(3, 9));
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("a", 0, "s0", 0), derived, SubtaskPlacement.of("a", 2, "s2", 0))
                .addPlacements(explicit)
                .build();
        assertThat(derived.keyGroupRange()).isEmpty();
        assertThat(explicit.keyGroupRange()).contains(new KeyGroupRange(3, 9));
        // 128 key groups over 3 old subtasks: [0, 42] [43, 85] [86, 127]
        assertThat(previous.keyGroupRangeOf(derived, 128)).isEqualTo(new KeyGroupRange(43, 85));
        assertThat(previous.keyGroupRangeOf(explicit, 128)).isEqualTo(new KeyGroupRange(3, 9));
        assertThatThrownBy(() -> previous.keyGroupRangeOf(SubtaskPlacement.of("a", 1, "elsewhere", 0), 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("placement a#1 in slot 'elsewhere' is not one of this previous placement's");
        assertThat(PreviousPlacement.builder()
                        .addPlacements(SubtaskPlacement.of("a", 0, "s0", 0))
                        .build()
                        .hasExplicitKeyGroupRanges())
                .isFalse();
        assertThat(new SubtaskPlacement(new SubtaskId("a", 0), "s0", 7))
                .isEqualTo(new SubtaskPlacement(new SubtaskId("a", 0), "s0", 7, Optional.empty()));
    }
}
