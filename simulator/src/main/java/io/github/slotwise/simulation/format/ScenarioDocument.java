package io.github.slotwise.simulation.format;

import io.github.slotwise.model.DistributionPattern;
import java.util.List;

/**
 * The scenario file as Jackson reads it: plain records that mirror the JSON one to one. They hold no
 * rules; {@link ScenarioReader} turns them into model values through the model's builders, so every
 * validation message comes from the model. Absent or {@code null} fields are {@code null} here and
 * take the model's defaults.
 *
 * @param job the job graph (required)
 * @param slots the slot pool (required)
 * @param previous where subtasks ran before; absent on a first start
 * @param reactive whether to run in Reactive Mode; the {@code --reactive} flag overrides it
 * @param assigner the slot assigner's name; the {@code --assigner} flag overrides it
 */
public record ScenarioDocument(
        JobDocument job, SlotsDocument slots, List<PlacementDocument> previous, Boolean reactive, String assigner) {

    /** {@code job}: vertices, edges and an optional slot-sharing group order. */
    record JobDocument(List<VertexDocument> vertices, List<EdgeDocument> edges, List<String> slotSharingGroupOrder) {}

    /** {@code job.vertices[i]}. */
    record VertexDocument(
            String id,
            String name,
            Integer parallelism,
            Integer maxParallelism,
            Integer lowerBound,
            Integer upperBound,
            String slotSharingGroup,
            String coLocationGroup,
            Boolean keyed) {}

    /** {@code job.edges[i]}. */
    record EdgeDocument(String source, String target, DistributionPattern pattern) {}

    /** {@code slots}: TaskManagers and an optional slot order. */
    record SlotsDocument(List<TaskManagerDocument> taskManagers, List<String> slotOrder) {}

    /** {@code slots.taskManagers[i]}. */
    record TaskManagerDocument(String id, Integer slots, List<String> slotIds, String location) {}

    /**
     * {@code previous[i]}: one subtask's previous slot and state size, and optionally the key groups
     * it held as {@code [first, last]}.
     */
    record PlacementDocument(String vertex, Integer subtask, String slot, Long stateBytes, List<Integer> keyGroups) {}
}
