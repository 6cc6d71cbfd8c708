package io.github.slotwise.assignment;

import static io.github.slotwise.assignment.Fixtures.graph;
import static io.github.slotwise.assignment.Fixtures.plan;
import static io.github.slotwise.assignment.Fixtures.vertex;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SubtaskId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultSlotSharingResolverTest {
    @Test
    void groupIHoldsSubtaskIOfEveryVertexThatHasIt() {
        // side comes first in the graph, so its slot-sharing group comes first.
        JobGraph graph = graph(
                vertex("side", "side", 1),
                vertex("src", "default", 4),
                vertex("map", "default", 2),
                vertex("sink", "default", 2));
        List<ExecutionSlotSharingGroup> groups = DefaultSlotSharingResolver.INSTANCE.resolve(graph, plan(graph));

        assertThat(groups)
                .containsExactly(
                        group("side", 0, "side#0"),
                        group("default", 0, "map#0", "sink#0", "src#0"),
                        group("default", 1, "map#1", "sink#1", "src#1"),
                        group("default", 2, "src#2"),
                        group("default", 3, "src#3"));
        assertThat(groups.stream().map(ExecutionSlotSharingGroup::load)).containsExactly(1, 3, 3, 1, 1);
    }

    @Test
    void followsThePlanNotTheConfiguredParallelism() {
        JobGraph graph = graph(vertex("src", "default", 4), vertex("map", "default", 4));
        List<ExecutionSlotSharingGroup> groups =
                DefaultSlotSharingResolver.INSTANCE.resolve(graph, plan(graph, Map.of("src", 1, "map", 2)));
        assertThat(groups).containsExactly(group("default", 0, "map#0", "src#0"), group("default", 1, "map#1"));
        assertThat(SlotSharingResolver.groupCount(graph, plan(graph, Map.of("src", 1, "map", 2))))
                .isEqualTo(2);
    }

    @Test
    void followsAnExplicitSlotSharingGroupOrder() {
        JobGraph graph = JobGraph.builder()
                .addVertices(vertex("a", "first", 1), vertex("b", "second", 1))
                .addSlotSharingGroupOrder("second", "first")
                .build();
        assertThat(DefaultSlotSharingResolver.INSTANCE.resolve(graph, plan(graph)))
                .extracting(ExecutionSlotSharingGroup::id)
                .containsExactly("second#0", "first#0");
    }

    /** A group from {@code vertex#index} strings. */
    static ExecutionSlotSharingGroup group(String sharing, int index, String... subtasks) {
        return new ExecutionSlotSharingGroup(
                sharing,
                index,
                java.util.Arrays.stream(subtasks)
                        .map(s -> new SubtaskId(
                                s.substring(0, s.indexOf('#')), Integer.parseInt(s.substring(s.indexOf('#') + 1))))
                        .toList());
    }
}
