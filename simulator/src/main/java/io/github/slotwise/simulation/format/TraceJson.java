package io.github.slotwise.simulation.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.Durations;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.simulation.ClusterTrace;
import io.github.slotwise.simulation.TraceEvent;
import io.github.slotwise.simulation.TraceEvent.CheckpointCompleted;
import io.github.slotwise.simulation.TraceEvent.CheckpointFailed;
import io.github.slotwise.simulation.TraceEvent.RequirementsChanged;
import io.github.slotwise.simulation.TraceEvent.TaskManagerJoined;
import io.github.slotwise.simulation.TraceEvent.TaskManagerKilled;
import io.github.slotwise.simulation.TraceEvent.TaskManagerStopped;
import io.github.slotwise.simulation.format.TraceDocument.BoundsDocument;
import io.github.slotwise.simulation.format.TraceDocument.EventDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes cluster traces as JSON (docs/trace-format.md). Reading is as strict as {@link
 * ScenarioReader}: unknown fields, fields that do not belong to an event's type, wrong types and
 * values the model rejects are each an {@link InputException} naming the file, the line and column,
 * the field and the value. Durations are in Flink's syntax ({@code "30 s"}, {@code "5 min"}, see
 * {@link FlinkConfig#parseDuration}) or milliseconds as a JSON integer.
 */
public final class TraceJson {
    /** The start of a trace that names none. */
    public static final Instant DEFAULT_START = Instant.EPOCH;

    /** Classpath folder of the example traces. */
    static final String EXAMPLES = "/traces/";

    /** The example traces, by file name. */
    public static final List<String> EXAMPLE_NAMES =
            List.of("startup-one-by-one.json", "sigkill-scale-down.json", "autoscaler.json");

    /** How the model names what it rejects: an event by index, or a field of the trace. */
    private static final Pattern MODEL_PATH = Pattern.compile("^(events\\[\\d+\\])|^ClusterTrace\\.(\\w+)");

    private TraceJson() {}

    /** Reads the trace file at {@code path}; its name in messages is the path as given. */
    public static ClusterTrace read(Path path) {
        return parse(path.toString(), StrictJson.readFile(path, "trace"));
    }

    /** Reads one of the {@link #EXAMPLE_NAMES} through the same parser as a file. */
    public static ClusterTrace readExample(String name) {
        return parse("example trace " + name, StrictJson.readResource(EXAMPLES + name));
    }

    /**
     * Parses trace JSON.
     *
     * @param source the file's name in messages
     * @param json the file's bytes (UTF-8, UTF-16 or UTF-32, as JSON allows)
     */
    public static ClusterTrace parse(String source, byte[] json) {
        return new Reader(source, json).toModel(StrictJson.parse(source, json, TraceDocument.class));
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** Turns the document into a trace; failures name the JSON path and, found lazily, its location. */
    private static final class Reader {
        private final String source;
        private final StrictJson.PathErrors errors;

        Reader(String source, byte[] json) {
            this.source = source;
            this.errors = new StrictJson.PathErrors(source, json);
        }

        ClusterTrace toModel(TraceDocument doc) {
            Instant start = doc.start() == null ? DEFAULT_START : doc.start();
            if (doc.end() == null) {
                throw new InputException(source + ": missing field 'end'");
            }
            List<EventDocument> docs = doc.events() == null ? List.of() : doc.events();
            List<TraceEvent> events = new ArrayList<>(docs.size());
            for (int i = 0; i < docs.size(); i++) {
                events.add(event(start, docs.get(i), "events[" + i + "]"));
            }
            try {
                return new ClusterTrace(
                        start, Durations.plus(start, doc.end()), events, Optional.ofNullable(doc.checkpointInterval()));
            } catch (IllegalArgumentException e) {
                // whole-trace checks name the event as "events[i] ..." or the field: point at it
                Matcher m = MODEL_PATH.matcher(e.getMessage());
                String path = !m.find() ? "" : m.group(1) != null ? m.group(1) : m.group(2);
                throw failure(path, e.getMessage());
            }
        }

        private TraceEvent event(Instant start, EventDocument e, String path) {
            if (e.at() == null) {
                throw failure(path, path + ": missing field 'at'");
            }
            if (e.type() == null) {
                throw failure(path, path + ": missing field 'type'");
            }
            Instant at = Durations.plus(start, e.at()); // past the end of time: rejected as after the end
            String type = "a '" + e.type() + "' event";
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("taskManager", e.taskManager());
            given.put("slots", e.slots());
            given.put("bounds", e.bounds());
            List<String> takes =
                    switch (e.type()) {
                        case JOIN -> List.of("taskManager", "slots");
                        case STOP, KILL -> List.of("taskManager");
                        case CHECKPOINT_COMPLETED, CHECKPOINT_FAILED -> List.of();
                        case REQUIREMENTS -> List.of("bounds");
                    };
            for (Map.Entry<String, Object> field : given.entrySet()) {
                boolean wanted = takes.contains(field.getKey());
                if (!wanted && field.getValue() != null) {
                    List<String> fields = new ArrayList<>(List.of("at", "type"));
                    fields.addAll(takes);
                    throw failure(
                            path + "." + field.getKey(),
                            path + "." + field.getKey() + ": not allowed in " + type + " (its fields: "
                                    + String.join(", ", fields) + ")");
                }
                if (wanted && field.getValue() == null) {
                    throw failure(path, path + ": missing field '" + field.getKey() + "' for " + type);
                }
            }
            return model(path, () -> switch (e.type()) {
                case JOIN -> new TaskManagerJoined(at, e.taskManager(), e.slots());
                case STOP -> new TaskManagerStopped(at, e.taskManager());
                case KILL -> new TaskManagerKilled(at, e.taskManager());
                case CHECKPOINT_COMPLETED -> new CheckpointCompleted(at);
                case CHECKPOINT_FAILED -> new CheckpointFailed(at);
                case REQUIREMENTS -> new RequirementsChanged(at, bounds(e.bounds(), path + ".bounds"));
            });
        }

        private Map<String, VertexBounds> bounds(Map<String, BoundsDocument> docs, String path) {
            Map<String, VertexBounds> bounds = new LinkedHashMap<>();
            docs.forEach((vertex, b) -> {
                String where = path + "." + vertex;
                if (b.upperBound() == null) {
                    throw failure(where, where + ": missing field 'upperBound'");
                }
                int lower = b.lowerBound() == null ? 1 : b.lowerBound();
                bounds.put(vertex, model(where, () -> new VertexBounds(lower, b.upperBound())));
            });
            return bounds;
        }

        private <T> T model(String path, Supplier<T> build) {
            return errors.model(path, build);
        }

        InputException failure(String path, String message) {
            return errors.failure(path, message);
        }
    }

    /** An ISO-8601 instant such as {@code "2026-01-01T00:00:00Z"}. */
    static final class InstantText extends StdDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw JsonMappingException.from(
                        p, "expected an ISO-8601 instant such as \"2026-01-01T00:00:00Z\", got " + token(p));
            }
            try {
                return Instant.parse(p.getText());
            } catch (DateTimeParseException e) {
                throw JsonMappingException.from(
                        p,
                        "expected an ISO-8601 instant such as \"2026-01-01T00:00:00Z\", got \"" + p.getText() + "\"");
            }
        }
    }

    /**
     * A duration in Flink's syntax ({@link FlinkConfig#parseDuration}: {@code "30 s"}, {@code "5 min"},
     * {@code "100 ms"}, a string of digits for milliseconds, or ISO-8601 such as {@code "PT30S"}), or
     * milliseconds as a JSON integer; never negative.
     */
    static final class DurationText extends StdDeserializer<Duration> {
        private static final long serialVersionUID = 1L;
        private static final String EXPECTED =
                "expected a duration such as \"30 s\", \"5 min\" or \"100 ms\" (or milliseconds as an integer)";

        DurationText() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                    throw JsonMappingException.from(p, EXPECTED + ", got " + token(p));
                }
                long ms = p.getLongValue();
                if (ms < 0) {
                    throw JsonMappingException.from(p, "a duration must not be negative, got " + ms);
                }
                return Duration.ofMillis(ms);
            }
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw JsonMappingException.from(p, EXPECTED + ", got " + token(p));
            }
            String key = String.valueOf(p.currentName());
            try {
                return FlinkConfig.parseDuration(key, p.getText());
            } catch (IllegalArgumentException e) {
                // "<key>: cannot parse ...": the path in front of the message names the field already
                String message = e.getMessage();
                throw JsonMappingException.from(
                        p, message.startsWith(key + ": ") ? message.substring(key.length() + 2) : message);
            }
        }
    }

    private static String token(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return "\"" + InputException.oneLine(p.getText()) + "\"";
        }
        if (t == JsonToken.START_OBJECT) {
            return "an object";
        }
        if (t == JsonToken.START_ARRAY) {
            return "an array";
        }
        return InputException.oneLine(p.getText());
    }

    // ---- writing ---------------------------------------------------------------------------------

    /**
     * Writes a trace in the format {@link #parse} reads, one event per line; times become offsets
     * from the start, durations Flink's syntax in their highest exact unit ({@link #format}).
     */
    public static String write(ClusterTrace trace) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"start\": ").append(quote(trace.start().toString())).append(",\n");
        out.append("  \"end\": ").append(quote(format(trace.duration()))).append(",\n");
        trace.checkpointInterval().ifPresent(i -> out.append("  \"checkpointInterval\": ")
                .append(quote(format(i)))
                .append(",\n"));
        out.append("  \"events\": [");
        List<TraceEvent> events = trace.events();
        for (int i = 0; i < events.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append("    ").append(event(trace.start(), events.get(i)));
        }
        out.append(events.isEmpty() ? "]\n" : "\n  ]\n").append("}\n");
        return out.toString();
    }

    private static String event(Instant start, TraceEvent e) {
        String at = "{\"at\": " + quote(format(Duration.between(start, e.time()))) + ", \"type\": ";
        if (e instanceof TaskManagerJoined j) {
            return at + "\"join\", \"taskManager\": " + quote(j.taskManagerId()) + ", \"slots\": " + j.slots() + "}";
        } else if (e instanceof TaskManagerStopped s) {
            return at + "\"stop\", \"taskManager\": " + quote(s.taskManagerId()) + "}";
        } else if (e instanceof TaskManagerKilled k) {
            return at + "\"kill\", \"taskManager\": " + quote(k.taskManagerId()) + "}";
        } else if (e instanceof CheckpointCompleted) {
            return at + "\"checkpoint-completed\"}";
        } else if (e instanceof CheckpointFailed) {
            return at + "\"checkpoint-failed\"}";
        } else if (e instanceof RequirementsChanged r) {
            List<String> bounds = new ArrayList<>();
            r.bounds()
                    .forEach((vertex, b) -> bounds.add(quote(vertex) + ": {\"lowerBound\": " + b.lowerBound()
                            + ", \"upperBound\": " + b.upperBound() + "}"));
            return at + "\"requirements\", \"bounds\": {" + String.join(", ", bounds) + "}}";
        }
        throw new IllegalStateException("unknown trace event " + e);
    }

    /**
     * A non-negative duration in Flink's syntax, in the highest unit that expresses it exactly (as
     * Flink's {@code TimeUtils.formatWithHighestUnit}): "30 s", "90 s", "5 min", "1500 ms"; zero is
     * "0 s". Durations too long to count in that unit fall back to ISO-8601.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0 s";
        }
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        try {
            if (nanos == 0) {
                if (seconds % 86_400 == 0) {
                    return seconds / 86_400 + " d";
                } else if (seconds % 3600 == 0) {
                    return seconds / 3600 + " h";
                } else if (seconds % 60 == 0) {
                    return seconds / 60 + " min";
                }
                return seconds + " s";
            } else if (nanos % 1_000_000 == 0) {
                return Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000) + " ms";
            } else if (nanos % 1000 == 0) {
                return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000) + " \u00b5s";
            }
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos) + " ns";
        } catch (ArithmeticException e) {
            return d.toString();
        }
    }

    private static String quote(String s) {
        try {
            return StrictJson.MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a string as JSON", e);
        }
    }
}
