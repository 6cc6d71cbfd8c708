package io.github.slotwise.cli;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.github.slotwise.cli.ScenarioDocument.EdgeDocument;
import io.github.slotwise.cli.ScenarioDocument.JobDocument;
import io.github.slotwise.cli.ScenarioDocument.PlacementDocument;
import io.github.slotwise.cli.ScenarioDocument.SlotsDocument;
import io.github.slotwise.cli.ScenarioDocument.TaskManagerDocument;
import io.github.slotwise.cli.ScenarioDocument.VertexDocument;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads a scenario file: strict JSON into {@link ScenarioDocument} records, then into model values
 * through their builders. Every failure is an {@link InputException} with a one-line message that
 * names the file, the JSON line and column or field path, and the offending value.
 */
final class ScenarioReader {
    /** Classpath resource of the built-in example. */
    static final String BUILT_IN_RESOURCE = "/scenarios/wordcount.json";

    /** How the built-in example is named in reports. */
    static final String BUILT_IN_NAME = "built-in example (wordcount.json)";

    /** The slot-sharing group of a vertex that names none, as in Flink. */
    static final String DEFAULT_SLOT_SHARING_GROUP = "default";

    /** Strict JSON: unknown fields, trailing tokens, duplicate keys and coerced scalars are errors. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            // Ids are strings: a number or boolean where a string belongs is an error, not "5".
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private ScenarioReader() {}

    /** Reads the scenario file at {@code path}; its name in messages is the path as given. */
    static Scenario readFile(Path path) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new InputException(source + ": is a directory, not a scenario file");
        }
        byte[] json;
        try {
            json = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(source + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(source + ": cannot read file: permission denied");
        } catch (IOException e) {
            throw new InputException(source + ": cannot read file: " + e.getMessage());
        }
        return parse(source, json);
    }

    /** Reads the built-in example through the same parser as a file. */
    static Scenario readBuiltIn() {
        try (InputStream in = ScenarioReader.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILT_IN_RESOURCE + " is missing from the jar");
            }
            return parse(BUILT_IN_NAME, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses scenario JSON.
     *
     * @param source the file's name in messages
     * @param json the file's bytes (UTF-8, UTF-16 or UTF-32, as JSON allows)
     */
    static Scenario parse(String source, byte[] json) {
        ScenarioDocument doc;
        try {
            doc = MAPPER.readValue(json, ScenarioDocument.class);
        } catch (JsonProcessingException e) {
            throw new InputException(describe(source, e));
        } catch (IOException e) {
            throw new InputException(source + ": cannot read JSON: " + e.getMessage());
        }
        if (doc == null) {
            throw new InputException(source + ": expected a JSON object, got null");
        }
        return toModel(source, doc);
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
            previous.addPlacements(
                    model(source, path, () -> SubtaskPlacement.of(p.vertex(), subtask, p.slot(), stateBytes)));
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
            // of its records with Objects.requireNonNull(value, "<field> must not be null").
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

    // ---- Jackson failures as one line ------------------------------------------------------------

    static String describe(String source, JsonProcessingException e) {
        String where = source + location(e.getLocation());
        if (!(e instanceof JsonMappingException m)) {
            // Syntax: Jackson's own message names the character and what it expected.
            return where + ": " + InputException.oneLine(e.getOriginalMessage());
        }
        String path = path(m.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            String owner = parentPath(m.getPath());
            String in = owner.isEmpty() ? "" : " in " + owner;
            return where + ": unknown field '" + u.getPropertyName() + "'" + in + " (known fields: "
                    + known(u.getKnownPropertyIds()) + ")";
        }
        String at = path.isEmpty() ? "" : path + ": ";
        if (e instanceof InvalidNullException) {
            return where + ": " + at + "null is not allowed here";
        }
        if (e instanceof InvalidFormatException f) {
            return where + ": " + at + "expected " + expected(f.getTargetType()) + ", got " + value(f.getValue());
        }
        if (e instanceof MismatchedInputException mi) {
            JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
            JsonToken token = parser == null ? null : parser.currentToken();
            if (token == null && path.isEmpty()) {
                return source + ": the file is empty, expected a JSON object";
            }
            return where + ": " + at + "expected " + expected(mi.getTargetType()) + ", got " + found(parser, token);
        }
        return where + ": " + at + InputException.oneLine(m.getOriginalMessage());
    }

    private static String location(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return " line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String parentPath(List<JsonMappingException.Reference> refs) {
        return refs.isEmpty() ? "" : path(refs.subList(0, refs.size() - 1));
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "an object";
    }

    private static String value(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static String found(JsonParser parser, JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "\"" + text(parser) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> text(parser);
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String text(JsonParser parser) {
        try {
            return InputException.oneLine(parser.getText());
        } catch (IOException e) {
            return "a value that cannot be read";
        }
    }
}
