package io.github.slotwise.testkit;

import static io.github.slotwise.testkit.SlotwiseGenerators.assignmentRequests;
import static io.github.slotwise.testkit.SlotwiseGenerators.distinctPicks;
import static io.github.slotwise.testkit.SlotwiseGenerators.jobGraphs;
import static io.github.slotwise.testkit.SlotwiseGenerators.permutations;
import static io.github.slotwise.testkit.SlotwiseGenerators.reorderings;
import static io.github.slotwise.testkit.SlotwiseGenerators.slotPools;
import static io.github.slotwise.testkit.SlotwiseGenerators.slotPoolsWithAtLeast;
import static io.github.slotwise.testkit.SlotwiseGenerators.vertexReorderings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generators produce valid values within their shapes, cover the features they promise, and shrink. */
class SlotwiseGeneratorsTest {

    @Test
    void permutationsHoldEveryItemOnce() {
        qt().withExamples(300)
                .forAll(lists().of(integers().between(0, 5))
                        .ofSizeBetween(0, 12)
                        .flatMap(l -> permutations(l).map(p -> List.of(l, p))))
                .checkAssert(lp -> assertThat(lp.get(1)).containsExactlyInAnyOrderElementsOf(lp.get(0)));
    }

    @Test
    void distinctPicksTakeDistinctPositions() {
        qt().withExamples(300)
                .forAll(integers()
                        .between(0, 12)
                        .flatMap(n -> integers().between(0, n).flatMap(k -> distinctPicks(
                                        java.util.stream.IntStream.range(0, n)
                                                .boxed()
                                                .toList(),
                                        k)
                                .map(p -> List.of(n, k, p)))))
                .checkAssert(nkp -> {
                    @SuppressWarnings("unchecked")
                    List<Integer> picked = (List<Integer>) nkp.get(2);
                    assertThat(picked).hasSize((Integer) nkp.get(1)).doesNotHaveDuplicates();
                    assertThat(picked).allMatch(i -> i >= 0 && i < (Integer) nkp.get(0));
                });
    }

    @Test
    void graphsStayWithinTheirShape() {
        GraphShape shape = new GraphShape(7, 3, 20);
        qt().withExamples(400).forAll(jobGraphs(shape)).checkAssert(g -> {
            assertThat(g.vertices()).hasSizeBetween(1, 7);
            assertThat(g.slotSharingGroups()).hasSizeBetween(1, 3);
            for (JobVertex v : g.vertices()) {
                assertThat(v.upperBound()).isLessThanOrEqualTo(20);
                assertThat(v.parallelism()).isLessThanOrEqualTo(20);
                v.maxParallelism().ifPresent(m -> assertThat(m).isLessThanOrEqualTo(20));
                v.coLocationGroup().ifPresent(co -> assertThat(co).isEqualTo("co-" + v.slotSharingGroup()));
            }
            for (JobEdge e : g.edges()) {
                assertThat(index(e.source())).isLessThan(index(e.target()));
            }
        });
    }

    private static int index(String vertexId) {
        return Integer.parseInt(vertexId.substring(1));
    }

    @Test
    void graphsCoverEveryFeature() {
        Set<String> seen = new TreeSet<>();
        qt().withExamples(400).forAll(jobGraphs()).checkAssert(g -> {
            for (JobVertex v : g.vertices()) {
                seen.add(v.keyed() ? "keyed" : "not keyed");
                seen.add(v.maxParallelismAutoDerived() ? "derived max" : "explicit max");
                if (v.lowerBound() == 1 && v.upperBound() == v.parallelism()) {
                    seen.add("default bounds");
                }
                if (v.lowerBound() > 1) {
                    seen.add("lower bound > 1");
                }
                if (v.lowerBound() == v.upperBound()) {
                    seen.add("fixed parallelism");
                }
                v.coLocationGroup().ifPresent(co -> seen.add("co-location"));
            }
            seen.add(g.slotSharingGroups().size() > 1 ? "several groups" : "one group");
            if (!g.edges().isEmpty()) {
                seen.add("edges");
            }
            if (!g.slotSharingGroupOrder().isEmpty()) {
                seen.add("explicit group order");
            }
        });
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "keyed",
                        "not keyed",
                        "derived max",
                        "explicit max",
                        "default bounds",
                        "lower bound > 1",
                        "fixed parallelism",
                        "co-location",
                        "several groups",
                        "one group",
                        "edges",
                        "explicit group order");
    }

    @Test
    void poolsStayWithinTheirShapeAndSometimesShuffleTheirSlots() {
        Set<String> seen = new TreeSet<>();
        qt().withExamples(300).forAll(slotPools(new PoolShape(5, 3))).checkAssert(p -> {
            assertThat(p.taskManagers()).hasSizeLessThanOrEqualTo(5);
            p.taskManagers().forEach(tm -> assertThat(tm.numberOfSlots()).isBetween(0, 3));
            seen.add(p.slotOrder().isEmpty() ? "natural order" : "explicit order");
            p.taskManagers().forEach(tm -> seen.add(tm.location().isPresent() ? "located" : "unlocated"));
            p.taskManagers().forEach(tm -> seen.add(tm.numberOfSlots() == 0 ? "empty tm" : "tm with slots"));
        });
        assertThat(seen)
                .contains("natural order", "explicit order", "located", "unlocated", "empty tm", "tm with slots");
    }

    @Test
    void poolsWithAtLeastHoldEnoughSlots() {
        qt().withExamples(300)
                .forAll(integers().between(0, 60).flatMap(n -> slotPoolsWithAtLeast(n, PoolShape.SMALL)
                        .map(p -> Map.entry(n, p))))
                .checkAssert(e -> assertThat(e.getValue().size()).isGreaterThanOrEqualTo(e.getKey()));
    }

    @Test
    void reorderingsKeepTheSameTaskManagersAndSlots() {
        qt().withExamples(300)
                .forAll(slotPools(PoolShape.MEDIUM).flatMap(p -> reorderings(p).map(r -> List.of(p, r))))
                .checkAssert(pr -> {
                    SlotPool p = pr.get(0);
                    SlotPool r = pr.get(1);
                    assertThat(new HashSet<>(r.slots())).isEqualTo(new HashSet<>(p.slots()));
                    assertThat(locations(r)).isEqualTo(locations(p));
                });
    }

    private static Map<String, String> locations(SlotPool p) {
        return p.taskManagers().stream()
                .collect(Collectors.toMap(TaskManager::id, tm -> tm.location().orElse("-"), (a, b) -> a, TreeMap::new));
    }

    @Test
    void vertexReorderingsKeepTheVerticesAndPinTheGroupOrder() {
        qt().withExamples(300)
                .forAll(jobGraphs(GraphShape.MEDIUM)
                        .flatMap(g -> vertexReorderings(g).map(r -> List.of(g, r))))
                .checkAssert(gr -> {
                    JobGraph g = gr.get(0);
                    JobGraph r = gr.get(1);
                    assertThat(r.vertices()).containsExactlyInAnyOrderElementsOf(g.vertices());
                    assertThat(r.edges()).isEqualTo(g.edges());
                    assertThat(r.slotSharingGroups().stream().map(s -> s.id()))
                            .containsExactlyElementsOf(g.slotSharingGroups().stream()
                                    .map(s -> s.id())
                                    .toList());
                });
    }

    @Test
    void requestsAreValidAndPreviousSubtasksOfAVertexSitInDistinctSlots() {
        Set<String> seen = new TreeSet<>();
        qt().withExamples(300)
                .forAll(assignmentRequests(GraphShape.SMALL, PoolShape.SMALL, new FlinkParallelismSolver()))
                .checkAssert(r -> {
                    seen.add(r.previous().isEmpty() ? "first start" : "rescale");
                    for (Map.Entry<String, List<SubtaskPlacement>> e :
                            r.previous().byVertex().entrySet()) {
                        List<String> slots = e.getValue().stream()
                                .map(SubtaskPlacement::slotId)
                                .toList();
                        assertThat(slots).as(e.getKey()).doesNotHaveDuplicates();
                        JobVertex v = r.graph().vertex(e.getKey());
                        assertThat(slots.size()).isLessThanOrEqualTo(v.effectiveMaxParallelism());
                        if (slots.size() == r.plan().parallelismOf(v.id())) {
                            seen.add("same parallelism");
                        } else {
                            seen.add("other parallelism");
                        }
                        for (SubtaskPlacement sp : e.getValue()) {
                            assertThat(sp.stateSizeBytes()).isBetween(0L, SlotwiseGenerators.MAX_STATE_BYTES);
                            seen.add(r.pool().contains(sp.slotId()) ? "slot kept" : "slot gone");
                            sp.keyGroupRange().ifPresent(range -> {
                                assertThat(range.endKeyGroup()).isLessThan(v.effectiveMaxParallelism());
                                seen.add("explicit key-group range");
                            });
                        }
                        r.previous().checkAgainst(r.graph());
                    }
                    if (!r.previous().isEmpty()
                            && r.graph().vertices().stream()
                                    .anyMatch(v -> r.previous().parallelismOf(v.id()) == 0)) {
                        seen.add("new vertex");
                    }
                });
        assertThat(seen)
                .contains(
                        "first start",
                        "rescale",
                        "same parallelism",
                        "other parallelism",
                        "slot kept",
                        "slot gone",
                        "new vertex",
                        "explicit key-group range");
    }

    /** A failing property shrinks to a valid, minimal counterexample: no generator throws while shrinking. */
    @Test
    void shrinkingYieldsValidMinimalGraphs() {
        List<JobGraph> falsified = new ArrayList<>();
        assertThatThrownBy(() -> qt().withExamples(500)
                        .withFixedSeed(7)
                        .forAll(jobGraphs(GraphShape.MEDIUM))
                        .checkAssert(g -> {
                            if (g.slotSharingGroups().size() >= 2) {
                                falsified.add(g);
                                throw new AssertionError("two groups");
                            }
                        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("two groups");
        JobGraph smallest = falsified.stream()
                .min(java.util.Comparator.comparingInt(g -> g.vertices().size()))
                .orElseThrow();
        assertThat(smallest.vertices()).hasSize(2);
    }

    @Test
    void requestsCanBeBuiltForEveryGeneratedInput() {
        qt().withExamples(200)
                .forAll(assignmentRequests(GraphShape.MEDIUM, PoolShape.MEDIUM, new FlinkParallelismSolver()))
                .checkAssert(r -> {
                    assertThat(r.pool().size()).isGreaterThanOrEqualTo(r.plan().slotsUsed());
                    assertThat(new AssignmentRequest(r.graph(), r.plan(), r.pool(), r.previous()))
                            .isEqualTo(r);
                    for (Slot s : r.pool().slots()) {
                        assertThat(r.pool().taskManagerById()).containsKey(s.taskManagerId());
                    }
                });
    }
}
