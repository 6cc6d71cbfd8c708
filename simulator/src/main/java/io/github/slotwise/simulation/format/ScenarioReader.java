package io.github.slotwise.simulation.format;

import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.simulation.format.ScenarioDocument.EdgeDocument;
import io.github.slotwise.simulation.format.ScenarioDocument.JobDocument;
import io.github.slotwise.simulation.format.ScenarioDocument.PlacementDocument;
import io.github.slotwise.simulation.format.ScenarioDocument.SlotsDocument;
import io.github.slotwise.simulation.format.ScenarioDocument.TaskManagerDocument;
import io.github.slotwise.simulation.format.ScenarioDocument.VertexDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a scenario file: strict JSON into {@link ScenarioDocument} records, then into model values
 * through their builders. Every failure is an {@link InputException} with a one-line message that
 * names the file, the JSON line and column or field path, and the offending value.
 */
public final class ScenarioReader {
    /** Classpath resource of the built-in example. */
    static final String BUILT_IN_RESOURCE = "/scenarios/wordcount.json";

    /** How the built-in example is named in reports. */
    public static final String BUILT_IN_NAME = "built-in example (wordcount.json)";

    /** The slot-sharing group of a vertex that names none, as in Flink. */
    public static final String DEFAULT_SLOT_SHARING_GROUP = "default";

    private ScenarioReader() {}

    /** Reads the scenario file at {@code path}; its name in messages is the path as given. */
    public static Scenario readFile(Path path) {
        String source = path.toString();
        return parse(source, StrictJson.readFile(path, "scenario"));
    }

    /** Reads the built-in example through the same parser as a file. */
    public static Scenario readBuiltIn() {
        return parse(BUILT_IN_NAME, StrictJson.readResource(BUILT_IN_RESOURCE));
    }

    /**
     * Parses scenario JSON.
     *
     * @param source the file's name in messages
     * @param json the file's bytes (UTF-8, UTF-16 or UTF-32, as JSON allows)
     */
    public static Scenario parse(String source, byte[] json) {
        return toModel(source, StrictJson.parse(source, json, ScenarioDocument.class));
    }

    private static Scenario toModel(String source, ScenarioDocument doc) {
        JobDocument job = required(source, doc.job(), "job");
        SlotsDocument slots = required(source, doc.slots(), "slots");
        JobGraph graph = jobGraph(source, job);
        SlotPool pool = slotPool(source, slots);
        PreviousPlacement previous = previous(source, orEmpty(doc.previous()));
        model(source, "previous", () -> {
            previous.checkAgainst(graph);
            return previous;
        });
        return new Scenario(
                source,
                graph,
                pool,
                previous,
                Optional.ofNullable(doc.reactive()),
                Optional.ofNullable(doc.assigner()));
    }

    private static JobGraph jobGraph(String source, JobDocument job) {
        JobGraph.Builder graph = JobGraph.builder();
        List<VertexDocument> vertices = orEmpty(job.vertices());
        for (int i = 0; i < vertices.size(); i++) {
            VertexDocument v = vertices.get(i);
            graph.addVertices(model(source, "job.vertices[" + i + "]", () -> vertex(v)));
        }
        List<EdgeDocument> edges = orEmpty(job.edges());
        for (int i = 0; i < edges.size(); i++) {
            EdgeDocument e = edges.get(i);
            graph.addEdges(
                    model(source, "job.edges[" + i + "]", () -> new JobEdge(e.source(), e.target(), e.pattern())));
        }
        graph.slotSharingGroupOrder(orEmpty(job.slotSharingGroupOrder()));
        return model(source, "job", graph::build);
    }

    private static JobVertex vertex(VertexDocument v) {
        JobVertex.Builder b = JobVertex.builder();
        if (v.id() != null) {
            b.id(v.id());
        }
        if (v.name() != null) {
            b.name(v.name());
        }
        if (v.parallelism() != null) {
            b.parallelism(v.parallelism());
        }
        if (v.maxParallelism() != null) {
            b.maxParallelism(v.maxParallelism());
        }
        if (v.lowerBound() != null) {
            b.lowerBound(v.lowerBound());
        }
        if (v.upperBound() != null) {
            b.upperBound(v.upperBound());
        }
        b.slotSharingGroup(v.slotSharingGroup() == null ? DEFAULT_SLOT_SHARING_GROUP : v.slotSharingGroup());
        if (v.coLocationGroup() != null) {
            b.coLocationGroup(v.coLocationGroup());
        }
        if (v.keyed() != null) {
            b.keyed(v.keyed());
        }
        return b.build();
    }

    private static SlotPool slotPool(String source, SlotsDocument slots) {
        SlotPool.Builder pool = SlotPool.builder();
        List<TaskManagerDocument> tms = orEmpty(slots.taskManagers());
        for (int i = 0; i < tms.size(); i++) {
            TaskManagerDocument tm = tms.get(i);
            pool.addTaskManagers(model(source, "slots.taskManagers[" + i + "]", () -> taskManager(tm)));
        }
        pool.slotOrder(orEmpty(slots.slotOrder()));
        return model(source, "slots", pool::build);
    }

    private static TaskManager taskManager(TaskManagerDocument tm) {
        TaskManager.Builder b = TaskManager.builder();
        if (tm.id() != null) {
            b.id(tm.id());
        }
        if (tm.slots() != null) {
            b.numberOfSlots(tm.slots());
        }
        b.explicitSlotIds(orEmpty(tm.slotIds()));
        if (tm.location() != null) {
            b.location(tm.location());
        }
        return b.build();
    }

    private static PreviousPlacement previous(String source, List<PlacementDocument> placements) {
        PreviousPlacement.Builder previous = PreviousPlacement.builder();
        for (int i = 0; i < placements.size(); i++) {
            PlacementDocument p = placements.get(i);
            String path = "previous[" + i + "]";
            int subtask = required(source, p.subtask(), path + ".subtask");
            long stateBytes = p.stateBytes() == null ? 0 : p.stateBytes();
            List<Integer> keyGroups = p.keyGroups();
            if (keyGroups == null) {
                previous.addPlacements(
                        model(source, path, () -> SubtaskPlacement.of(p.vertex(), subtask, p.slot(), stateBytes)));
            } else {
                if (keyGroups.size() != 2 || keyGroups.contains(null)) {
                    throw new InputException(source + ": " + path + ".keyGroups: must be [first, last], two key"
                            + " groups, got " + keyGroups);
                }
                previous.addPlacements(model(
                        source,
                        path,
                        () -> SubtaskPlacement.of(
                                p.vertex(),
                                subtask,
                                p.slot(),
                                stateBytes,
                                new KeyGroupRange(keyGroups.get(0), keyGroups.get(1)))));
            }
        }
        return model(source, "previous", previous::build);
    }

    /**
     * Runs one model construction, turning its validation failure into an {@link InputException}
     * that carries the model's message behind the file name and the JSON path.
     */
    private static <T> T model(String source, String path, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            // The model rejects bad values with IllegalArgumentException, and null required values
            // of its records with Limits.checkNotNull("<field>", value).
            throw new InputException(source + ": " + path + ": " + e.getMessage());
        }
    }

    private static <T> T required(String source, T value, String path) {
        if (value == null) {
            throw new InputException(source + ": missing field '" + path + "'");
        }
        return value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
