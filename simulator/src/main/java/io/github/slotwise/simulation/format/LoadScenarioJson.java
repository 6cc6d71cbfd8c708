package io.github.slotwise.simulation.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.model.Limits;
import io.github.slotwise.registry.Registry;
import io.github.slotwise.rescale.Durations;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.simulation.Autoscaler;
import io.github.slotwise.simulation.AutoscalerType;
import io.github.slotwise.simulation.Autoscalers;
import io.github.slotwise.simulation.CapacityModel;
import io.github.slotwise.simulation.InputRate;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.LoadScenario.Loss;
import io.github.slotwise.simulation.LoadScenario.Removal;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.SimulationLimits;
import io.github.slotwise.simulation.StateModel;
import io.github.slotwise.simulation.family.Distribution;
import io.github.slotwise.simulation.family.ScenarioFamily;
import io.github.slotwise.simulation.family.Variation;
import io.github.slotwise.simulation.family.Variation.LossProcess;
import io.github.slotwise.simulation.family.Variation.Noise;
import io.github.slotwise.simulation.format.LoadScenarioDocument.CapacityDocument;
import io.github.slotwise.simulation.format.LoadScenarioDocument.LossDocument;
import io.github.slotwise.simulation.format.LoadScenarioDocument.LossProcessDocument;
import io.github.slotwise.simulation.format.LoadScenarioDocument.PointDocument;
import io.github.slotwise.simulation.format.LoadScenarioDocument.RateDocument;
import io.github.slotwise.simulation.format.LoadScenarioDocument.RateVaryDocument;
import io.github.slotwise.simulation.format.LoadScenarioDocument.StateDocument;
import io.github.slotwise.simulation.format.LoadScenarioDocument.VaryDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes load scenarios ({@link LoadScenario}) as JSON (docs/trace-format.md, "Load
 * scenarios"). Reading is as strict as {@link TraceJson}: unknown fields, fields that do not belong to
 * a type, missing required fields, wrong types and values the model rejects are each an {@link
 * InputException} naming the file, the line and column, the field and the value. Durations are in
 * Flink's syntax ({@code "30 s"}, {@code "5 min"}) or milliseconds as a JSON integer.
 */
public final class LoadScenarioJson {
    /** Classpath folder of the built-in scenarios' loads, one file per {@link Scenarios#names()}. */
    static final String EXAMPLES = "/loads/";

    /** How the model names the field it rejects: {@code LoadScenario.end}, {@code LoadScenario.losses[2]}. */
    private static final Pattern MODEL_PATH = Pattern.compile("^LoadScenario\\.(\\w+(?:\\[\\d+\\])?)");

    private LoadScenarioJson() {}

    /**
     * Top-level fields only a load scenario has: a file with any of them is read as one, any other as
     * a cluster trace (so that a trace with a typo is reported as a trace).
     */
    public static final List<String> LOAD_ONLY_FIELDS = List.of(
            "inputRate",
            "capacity",
            "autoscaler",
            "initialTaskManagers",
            "slotsPerTaskManager",
            "provisioningDelay",
            "joinInterval",
            "removal",
            "losses",
            "sampleInterval",
            "integrationStep",
            "state",
            "vary");

    /**
     * Whether a JSON document is a load scenario rather than a cluster trace: an object with any of
     * {@link #LOAD_ONLY_FIELDS}. This is how the CLI tells its two simulation formats apart.
     *
     * @param source how messages name the document
     * @param json the document's bytes
     * @return true for a load scenario, false for anything else (read it as a trace)
     * @throws InputException if the bytes are not JSON
     */
    public static boolean isLoadScenario(String source, byte[] json) {
        JsonNode root;
        try {
            root = StrictJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InputException(StrictJson.describe(source, e));
        } catch (IOException e) {
            throw new InputException(source + ": cannot read JSON: " + e.getMessage());
        }
        return root != null && root.isObject() && LOAD_ONLY_FIELDS.stream().anyMatch(root::has);
    }

    /** Reads the load scenario file at {@code path}; its name in messages is the path as given. */
    public static LoadScenario read(Path path) {
        return parse(path.toString(), StrictJson.readFile(path, "load scenario"));
    }

    /**
     * Reads the load scenario file at {@code path}, with the autoscaler types of {@code autoscalers}
     * (e.g. {@link Autoscalers#load(ClassLoader)} over plugin jars).
     *
     * @param path the file
     * @param autoscalers the types its {@code autoscaler.type} may name
     * @return the load scenario
     */
    public static LoadScenario read(Path path, Registry<AutoscalerType> autoscalers) {
        return parse(path.toString(), StrictJson.readFile(path, "load scenario"), autoscalers);
    }

    /**
     * Reads the family of days declared by the load scenario file at {@code path}: the file's day is
     * the base, its {@code vary} object the variation and seed (docs/trace-format.md, "Families of
     * days"); a file without {@code vary} is a family whose every sample is its day.
     *
     * @param path the file
     * @return the family
     */
    public static ScenarioFamily readFamily(Path path) {
        return readFamily(path, Autoscalers.standard());
    }

    /**
     * Reads a family of days as {@link #readFamily(Path)}, with the autoscaler types of {@code
     * autoscalers} (e.g. over plugin jars).
     *
     * @param path the file
     * @param autoscalers the types its {@code autoscaler.type} may name
     * @return the family
     */
    public static ScenarioFamily readFamily(Path path, Registry<AutoscalerType> autoscalers) {
        return parseFamily(path.toString(), StrictJson.readFile(path, "load scenario"), autoscalers);
    }

    /**
     * Parses a load scenario file as a family of days, as {@link #readFamily(Path)}.
     *
     * @param source the file's name in messages
     * @param json the file's bytes
     * @return the family
     */
    public static ScenarioFamily parseFamily(String source, byte[] json) {
        return parseFamily(source, json, Autoscalers.standard());
    }

    /**
     * Parses a load scenario file as a family of days, with the autoscaler types of {@code
     * autoscalers}.
     *
     * @param source the file's name in messages
     * @param json the file's bytes
     * @param autoscalers the types its {@code autoscaler.type} may name
     * @return the family
     */
    public static ScenarioFamily parseFamily(String source, byte[] json, Registry<AutoscalerType> autoscalers) {
        Limits.checkNotNull("autoscalers", autoscalers);
        Reader reader = new Reader(source, json, autoscalers);
        LoadScenarioDocument doc = StrictJson.parse(source, json, LoadScenarioDocument.class);
        LoadScenario base = reader.toModel(doc);
        return doc.vary() == null ? ScenarioFamily.of(base) : reader.family(base, doc.vary());
    }

    /** Reads the load of the built-in scenario {@code name} ({@link Scenarios#names()}) from its file. */
    public static LoadScenario readExample(String name) {
        return parse("example load " + name + ".json", StrictJson.readResource(EXAMPLES + name + ".json"));
    }

    /**
     * Parses load scenario JSON.
     *
     * @param source the file's name in messages
     * @param json the file's bytes (UTF-8, UTF-16 or UTF-32, as JSON allows)
     */
    public static LoadScenario parse(String source, byte[] json) {
        return parse(source, json, Autoscalers.standard());
    }

    /**
     * Parses load scenario JSON whose {@code autoscaler.type} names one of {@code autoscalers}.
     *
     * @param source the file's name in messages
     * @param json the file's bytes
     * @param autoscalers the autoscaler types, built-in and plugins'
     * @return the load scenario
     */
    public static LoadScenario parse(String source, byte[] json, Registry<AutoscalerType> autoscalers) {
        return new Reader(source, json, autoscalers)
                .toModel(StrictJson.parse(source, json, LoadScenarioDocument.class));
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** Turns the document into a load scenario; failures name the JSON path and, found lazily, its location. */
    private static final class Reader {
        private final String source;
        private final StrictJson.PathErrors errors;
        private final Registry<AutoscalerType> autoscalers;

        Reader(String source, byte[] json, Registry<AutoscalerType> autoscalers) {
            this.source = source;
            this.errors = new StrictJson.PathErrors(source, json);
            this.autoscalers = autoscalers;
        }

        LoadScenario toModel(LoadScenarioDocument doc) {
            Instant start = doc.start() == null ? TraceJson.DEFAULT_START : doc.start();
            required("", "end", doc.end());
            required("", "inputRate", doc.inputRate());
            required("", "capacity", doc.capacity());
            required("", "autoscaler", doc.autoscaler());
            LoadScenario.Builder b = LoadScenario.builder()
                    .start(start)
                    .end(Durations.plus(start, doc.end()))
                    .inputRate(rate(doc.inputRate(), "inputRate"))
                    .capacity(capacity(doc.capacity(), "capacity"))
                    .autoscaler(autoscaler(doc.autoscaler(), "autoscaler"));
            if (doc.initialTaskManagers() != null) {
                b.initialTaskManagers(doc.initialTaskManagers());
            }
            if (doc.slotsPerTaskManager() != null) {
                b.slotsPerTaskManager(doc.slotsPerTaskManager());
            }
            if (doc.provisioningDelay() != null) {
                b.provisioningDelay(doc.provisioningDelay());
            }
            if (doc.joinInterval() != null) {
                b.joinInterval(doc.joinInterval());
            }
            if (doc.removal() != null) {
                b.removal(doc.removal().removal);
            }
            List<LossDocument> losses = doc.losses() == null ? List.of() : doc.losses();
            for (int i = 0; i < losses.size(); i++) {
                b.addLosses(loss(losses.get(i), "losses[" + i + "]"));
            }
            b.checkpointInterval(Optional.ofNullable(doc.checkpointInterval()));
            if (doc.state() != null) {
                b.state(state(doc.state(), "state"));
            }
            if (doc.sampleInterval() != null) {
                b.sampleInterval(doc.sampleInterval());
            }
            if (doc.integrationStep() != null) {
                b.integrationStep(doc.integrationStep());
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                Matcher m = MODEL_PATH.matcher(e.getMessage());
                throw failure(m.find() ? m.group(1) : "", e.getMessage());
            }
        }

        ScenarioFamily family(LoadScenario base, VaryDocument d) {
            Variation.Builder v = Variation.builder();
            String path = "vary";
            if (d.inputRate() != null) {
                RateVaryDocument r = d.inputRate();
                String at = path + ".inputRate";
                distribution(r.mean(), at + ".mean", Kind.NUMBER).ifPresent(v::rateMean);
                distribution(r.amplitude(), at + ".amplitude", Kind.NUMBER).ifPresent(v::rateAmplitude);
                distribution(r.period(), at + ".period", Kind.DURATION).ifPresent(v::ratePeriodSeconds);
                distribution(r.phase(), at + ".phase", Kind.DURATION).ifPresent(v::ratePhaseSeconds);
                if (r.noise() != null) {
                    String where = at + ".noise";
                    required(where, "relative", r.noise().relative());
                    required(where, "every", r.noise().every());
                    Distribution relative = distribution(r.noise().relative(), where + ".relative", Kind.NUMBER)
                            .orElseThrow();
                    v.noise(model(where, () -> new Noise(relative, r.noise().every())));
                }
            }
            if (d.losses() != null) {
                if (d.losses().isEmpty()) {
                    throw failure(
                            path + ".losses",
                            path + ".losses: must not be empty (leave it out to keep the scripted losses)");
                }
                for (int i = 0; i < d.losses().size(); i++) {
                    LossProcessDocument l = d.losses().get(i);
                    String where = path + ".losses[" + i + "]";
                    required(where, "perDay", l.perDay());
                    Distribution perDay = distribution(l.perDay(), where + ".perDay", Kind.NUMBER)
                            .orElseThrow();
                    Distribution count = distribution(l.count(), where + ".count", Kind.NUMBER)
                            .orElse(new Distribution.Fixed(1));
                    Removal removal = l.removal() == null ? Removal.KILL : l.removal().removal;
                    v.addLosses(model(where, () -> new LossProcess(perDay, count, removal)));
                }
            }
            distribution(d.initialTaskManagers(), path + ".initialTaskManagers", Kind.NUMBER)
                    .ifPresent(v::initialTaskManagers);
            distribution(d.provisioningDelay(), path + ".provisioningDelay", Kind.DURATION)
                    .ifPresent(v::provisioningDelaySeconds);
            if (d.state() != null) {
                Map<String, JsonNode> perVertex =
                        d.state().perVertex() == null ? Map.of() : d.state().perVertex();
                for (Map.Entry<String, JsonNode> e : perVertex.entrySet()) {
                    distribution(e.getValue(), path + ".state.perVertex." + e.getKey(), Kind.NUMBER)
                            .ifPresent(x -> v.putStateBytes(e.getKey(), x));
                }
                distribution(d.state().downloadBytesPerSecond(), path + ".state.downloadBytesPerSecond", Kind.NUMBER)
                        .ifPresent(v::downloadBytesPerSecond);
            }
            long seed = d.seed() == null ? 0 : d.seed();
            Variation variation = v.build();
            return model(path, () -> new ScenarioFamily(base, variation, seed));
        }

        /** What the values of a distribution are: plain numbers, or durations (in seconds in the model). */
        private enum Kind {
            NUMBER,
            DURATION
        }

        /**
         * A distribution: absent, a plain value (fixed), or {@code {"type": "uniform", "min", "max"}},
         * {@code {"type": "normal", "mean", "stddev", "min", "max"}}, {@code {"type": "choice", "values"}}.
         */
        private Optional<Distribution> distribution(JsonNode node, String path, Kind kind) {
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isObject()) {
                double value = value(node, path, kind);
                return Optional.of(model(path, () -> new Distribution.Fixed(value)));
            }
            JsonNode type = node.get("type");
            if (type == null || type.isNull()) {
                throw failure(path, path + ": missing field 'type' (one of uniform, normal, choice)");
            }
            List<String> fields =
                    switch (type.isTextual() ? type.textValue() : "") {
                        case "uniform" -> List.of("type", "min", "max");
                        case "normal" -> List.of("type", "mean", "stddev", "min", "max");
                        case "choice" -> List.of("type", "values");
                        default -> throw failure(
                                path + ".type", path + ".type: expected one of [uniform, normal, choice], got " + type);
                    };
            for (var names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.contains(name)) {
                    throw failure(
                            path + "." + name,
                            path + "." + name + ": not allowed in a '" + type.textValue()
                                    + "' distribution (its fields: " + String.join(", ", fields) + ")");
                }
            }
            for (String name : fields) {
                if (node.get(name) == null || node.get(name).isNull()) {
                    throw failure(
                            path,
                            path + ": missing field '" + name + "' for a '" + type.textValue() + "' distribution");
                }
            }
            return Optional.of(
                    switch (type.textValue()) {
                        case "uniform" -> {
                            double min = value(node.get("min"), path + ".min", kind);
                            double max = value(node.get("max"), path + ".max", kind);
                            yield model(path, () -> new Distribution.Uniform(min, max));
                        }
                        case "normal" -> {
                            double mean = value(node.get("mean"), path + ".mean", kind);
                            double stddev = value(node.get("stddev"), path + ".stddev", kind);
                            double min = value(node.get("min"), path + ".min", kind);
                            double max = value(node.get("max"), path + ".max", kind);
                            yield model(path, () -> new Distribution.Normal(mean, stddev, min, max));
                        }
                        default -> {
                            JsonNode values = node.get("values");
                            if (!values.isArray() || values.isEmpty()) {
                                throw failure(
                                        path + ".values",
                                        path + ".values: expected a non-empty array, got "
                                                + StrictJson.shortened(values.toString()));
                            }
                            List<Double> list = new ArrayList<>();
                            for (int i = 0; i < values.size(); i++) {
                                list.add(value(values.get(i), path + ".values[" + i + "]", kind));
                            }
                            yield model(path, () -> new Distribution.Choice(list));
                        }
                    });
        }

        /** One value of a distribution: a finite number, or a duration in seconds. */
        private double value(JsonNode node, String path, Kind kind) {
            if (kind == Kind.NUMBER) {
                if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
                    throw failure(
                            path,
                            path + ": expected a number or a distribution object such as {\"type\": \"uniform\","
                                    + " \"min\": 1, \"max\": 3}, got " + StrictJson.shortened(node.toString()));
                }
                return node.doubleValue();
            }
            Duration d;
            if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
                d = Duration.ofMillis(node.longValue());
            } else if (node.isTextual()) {
                try {
                    d = FlinkConfig.parseDuration(path, node.textValue());
                } catch (IllegalArgumentException e) {
                    throw failure(path, e.getMessage());
                }
            } else {
                throw failure(
                        path,
                        path + ": expected a duration such as \"30 s\" or \"5 min\" (or milliseconds as an"
                                + " integer), or a distribution object, got " + StrictJson.shortened(node.toString()));
            }
            try {
                SimulationLimits.checkDuration(path, d);
            } catch (IllegalArgumentException e) {
                throw failure(path, e.getMessage());
            }
            return d.getSeconds() + d.getNano() / 1e9;
        }

        private InputRate rate(RateDocument r, String path) {
            required(path, "type", r.type());
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("recordsPerSecond", r.recordsPerSecond());
            given.put("mean", r.mean());
            given.put("amplitude", r.amplitude());
            given.put("period", r.period());
            given.put("phase", r.phase());
            given.put("points", r.points());
            String type = "a '" + r.type() + "' input rate";
            return switch (r.type()) {
                case CONSTANT -> {
                    fields(path, type, given, List.of("recordsPerSecond"), List.of());
                    yield model(path, () -> new InputRate.Constant(r.recordsPerSecond()));
                }
                case SINE -> {
                    fields(path, type, given, List.of("mean", "amplitude", "period"), List.of("phase"));
                    Duration phase = r.phase() == null ? Duration.ZERO : r.phase();
                    yield model(path, () -> new InputRate.SineWave(r.mean(), r.amplitude(), r.period(), phase));
                }
                case PIECEWISE_LINEAR -> {
                    fields(path, type, given, List.of("points"), List.of());
                    List<InputRate.Point> points = new ArrayList<>();
                    for (int i = 0; i < r.points().size(); i++) {
                        PointDocument p = r.points().get(i);
                        String where = path + ".points[" + i + "]";
                        required(where, "at", p.at());
                        required(where, "recordsPerSecond", p.recordsPerSecond());
                        points.add(model(where, () -> new InputRate.Point(p.at(), p.recordsPerSecond())));
                    }
                    yield model(path, () -> new InputRate.PiecewiseLinear(points));
                }
            };
        }

        private CapacityModel capacity(CapacityDocument c, String path) {
            required(path, "perSubtask", c.perSubtask());
            Map<String, Double> perVertex = c.perVertex() == null ? Map.of() : c.perVertex();
            OptionalDouble perSource =
                    c.perSource() == null ? OptionalDouble.empty() : OptionalDouble.of(c.perSource());
            OptionalDouble perSink = c.perSink() == null ? OptionalDouble.empty() : OptionalDouble.of(c.perSink());
            return model(path, () -> new CapacityModel(c.perSubtask(), perVertex, perSource, perSink));
        }

        private StateModel state(StateDocument d, String path) {
            long perKeyGroup = d.bytesPerKeyGroup() == null ? 0 : d.bytesPerKeyGroup();
            Map<String, Long> perVertex = d.perVertex() == null ? Map.of() : d.perVertex();
            model(path + ".bytesPerKeyGroup", () -> KeyedState.perKeyGroup(perKeyGroup));
            KeyedState keyed = model(path + ".perVertex", () -> new KeyedState(perKeyGroup, perVertex));
            boolean local = d.localRecovery() == null ? RestoreModel.DEFAULT.localRecovery() : d.localRecovery();
            long download = d.downloadBytesPerSecond() == null
                    ? RestoreModel.DEFAULT_DOWNLOAD_BYTES_PER_SECOND
                    : d.downloadBytesPerSecond();
            Duration restore =
                    d.restorePerGigabyte() == null ? RestoreModel.DEFAULT_RESTORE_PER_GIGABYTE : d.restorePerGigabyte();
            model(path + ".downloadBytesPerSecond", () -> RestoreModel.DEFAULT.withDownloadBytesPerSecond(download));
            return new StateModel(
                    keyed, model(path + ".restorePerGigabyte", () -> new RestoreModel(local, download, restore)));
        }

        private Autoscaler autoscaler(JsonNode a, String path) {
            if (!a.isObject()) {
                throw failure(path, path + ": expected an object, got " + a);
            }
            JsonNode typeNode = a.get("type");
            if (typeNode == null || typeNode.isNull()) {
                throw failure(path, path + ": missing field 'type'");
            }
            AutoscalerType type = typeNode.isTextual()
                    ? autoscalers.find(typeNode.textValue()).map(e -> e.value()).orElse(null)
                    : null;
            if (type == null) {
                throw failure(
                        path + ".type",
                        path + ".type: expected one of [" + String.join(", ", autoscalers.names()) + "], got "
                                + typeNode);
            }
            JsonAutoscalerFields fields =
                    new JsonAutoscalerFields(a, path, "a '" + type.name() + "' autoscaler", true, errors);
            Autoscaler autoscaler = model(path, () -> type.read(fields));
            if (autoscaler == null) {
                throw failure(path, path + ": autoscaler type '" + type.name() + "' returned null");
            }
            fields.rejectUnasked();
            return autoscaler;
        }

        private Loss loss(LossDocument l, String path) {
            required(path, "at", l.at());
            required(path, "count", l.count());
            Removal removal = l.removal() == null ? Removal.KILL : l.removal().removal;
            return model(path, () -> new Loss(l.at(), l.count(), removal));
        }

        /** Checks that a typed object has the fields its type needs, and no others. */
        private void fields(
                String path, String type, Map<String, Object> given, List<String> required, List<String> optional) {
            List<String> takes = new ArrayList<>(List.of("type"));
            takes.addAll(required);
            takes.addAll(optional);
            for (Map.Entry<String, Object> field : given.entrySet()) {
                if (field.getValue() != null && !takes.contains(field.getKey())) {
                    String where = path + "." + field.getKey();
                    throw failure(
                            where,
                            where + ": not allowed in " + type + " (its fields: " + String.join(", ", takes) + ")");
                }
            }
            for (String field : required) {
                if (given.get(field) == null) {
                    throw failure(path, path + ": missing field '" + field + "' for " + type);
                }
            }
        }

        private void required(String path, String field, Object value) {
            if (value == null || (value instanceof JsonNode node && node.isNull())) {
                // a top-level field is missing from the whole file: no line to point at
                throw path.isEmpty()
                        ? new InputException(source + ": missing field '" + field + "'")
                        : failure(path, path + ": missing field '" + field + "'");
            }
        }

        private <T> T model(String path, Supplier<T> build) {
            return errors.model(path, build);
        }

        InputException failure(String path, String message) {
            return errors.failure(path, message);
        }
    }

    // ---- writing ---------------------------------------------------------------------------------

    /**
     * Writes a load scenario in the format {@link #parse} reads, every field explicit; times become
     * offsets from the start, durations Flink's syntax in their highest exact unit ({@link
     * TraceJson#format}), numbers their shortest exact decimal form.
     */
    public static String write(LoadScenario load) {
        List<String> fields = new ArrayList<>();
        fields.add(field("start", quote(load.start().toString())));
        fields.add(field("end", duration(load.duration())));
        fields.add(field("initialTaskManagers", String.valueOf(load.initialTaskManagers())));
        fields.add(field("slotsPerTaskManager", String.valueOf(load.slotsPerTaskManager())));
        fields.add(field("inputRate", rate(load.inputRate())));
        fields.add(field("capacity", capacity(load.capacity())));
        fields.add(field("autoscaler", autoscaler(load.autoscaler())));
        fields.add(field("provisioningDelay", duration(load.provisioningDelay())));
        fields.add(field("joinInterval", duration(load.joinInterval())));
        fields.add(field("removal", quote(load.removal().toString())));
        if (!load.losses().isEmpty()) {
            List<String> losses = new ArrayList<>();
            for (Loss l : load.losses()) {
                losses.add("    {\"at\": " + duration(l.at()) + ", \"count\": " + l.count() + ", \"removal\": "
                        + quote(l.removal().toString()) + "}");
            }
            fields.add(field("losses", "[\n" + String.join(",\n", losses) + "\n  ]"));
        }
        load.checkpointInterval().ifPresent(i -> fields.add(field("checkpointInterval", duration(i))));
        load.state().ifPresent(st -> fields.add(field("state", state(st))));
        fields.add(field("sampleInterval", duration(load.sampleInterval())));
        fields.add(field("integrationStep", duration(load.integrationStep())));
        return "{\n" + String.join(",\n", fields) + "\n}\n";
    }

    private static String rate(InputRate rate) {
        if (rate instanceof InputRate.Constant c) {
            return object("type", quote("constant"), "recordsPerSecond", number(c.recordsPerSecond()));
        } else if (rate instanceof InputRate.SineWave s) {
            return object(
                    "type",
                    quote("sine"),
                    "mean",
                    number(s.mean()),
                    "amplitude",
                    number(s.amplitude()),
                    "period",
                    duration(s.period()),
                    "phase",
                    duration(s.phase()));
        } else if (rate instanceof InputRate.PiecewiseLinear p) {
            List<String> points = new ArrayList<>();
            for (InputRate.Point point : p.points()) {
                points.add(object("at", duration(point.at()), "recordsPerSecond", number(point.recordsPerSecond())));
            }
            return object("type", quote("piecewise-linear"), "points", "[" + String.join(", ", points) + "]");
        }
        throw new IllegalStateException("unknown input rate " + rate);
    }

    private static String capacity(CapacityModel c) {
        List<String> kv = new ArrayList<>(List.of("perSubtask", number(c.perSubtask())));
        if (!c.perVertex().isEmpty()) {
            List<String> vertices = new ArrayList<>();
            c.perVertex().forEach((v, cap) -> vertices.add(quote(v) + ": " + number(cap)));
            kv.addAll(List.of("perVertex", "{" + String.join(", ", vertices) + "}"));
        }
        c.perSource().ifPresent(x -> kv.addAll(List.of("perSource", number(x))));
        c.perSink().ifPresent(x -> kv.addAll(List.of("perSink", number(x))));
        return object(kv.toArray(String[]::new));
    }

    private static String state(StateModel s) {
        List<String> kv = new ArrayList<>(
                List.of("bytesPerKeyGroup", String.valueOf(s.keyedState().bytesPerKeyGroup())));
        if (!s.keyedState().totalBytes().isEmpty()) {
            List<String> vertices = new ArrayList<>();
            s.keyedState().totalBytes().forEach((v, bytes) -> vertices.add(quote(v) + ": " + bytes));
            kv.addAll(List.of("perVertex", "{" + String.join(", ", vertices) + "}"));
        }
        kv.addAll(List.of(
                "localRecovery",
                String.valueOf(s.restore().localRecovery()),
                "downloadBytesPerSecond",
                String.valueOf(s.restore().downloadBytesPerSecond()),
                "restorePerGigabyte",
                duration(s.restore().restorePerGigabyte())));
        return object(kv.toArray(String[]::new));
    }

    private static String autoscaler(Autoscaler a) {
        if (a instanceof Autoscaler.Fixed f) {
            return object(
                    "type",
                    quote("fixed"),
                    "taskManagers",
                    String.valueOf(f.taskManagers()),
                    "syncPeriod",
                    duration(f.syncPeriod()));
        } else if (a instanceof Autoscaler.Threshold t) {
            return object(
                    "type",
                    quote("threshold"),
                    "metric",
                    quote(t.metric().toString()),
                    "scaleUpAbove",
                    number(t.scaleUpAbove()),
                    "scaleDownBelow",
                    number(t.scaleDownBelow()),
                    "step",
                    String.valueOf(t.step()),
                    "cooldown",
                    duration(t.cooldown()),
                    "minTaskManagers",
                    String.valueOf(t.minTaskManagers()),
                    "maxTaskManagers",
                    String.valueOf(t.maxTaskManagers()),
                    "syncPeriod",
                    duration(t.syncPeriod()));
        } else if (a instanceof Autoscaler.Hpa h) {
            List<String> kv = new ArrayList<>(List.of(
                    "type",
                    quote("hpa"),
                    "metric",
                    quote(h.metric().toString()),
                    "target",
                    number(h.target()),
                    "tolerance",
                    number(h.tolerance()),
                    "scaleUpStabilization",
                    duration(h.scaleUpStabilization()),
                    "scaleDownStabilization",
                    duration(h.scaleDownStabilization())));
            h.scaleUpLimit().ifPresent(l -> kv.addAll(List.of("scaleUpLimit", limit(l))));
            h.scaleDownLimit().ifPresent(l -> kv.addAll(List.of("scaleDownLimit", limit(l))));
            kv.addAll(List.of(
                    "minTaskManagers",
                    String.valueOf(h.minTaskManagers()),
                    "maxTaskManagers",
                    String.valueOf(h.maxTaskManagers()),
                    "syncPeriod",
                    duration(h.syncPeriod())));
            return object(kv.toArray(String[]::new));
        } else if (a instanceof Autoscaler.KedaLag k) {
            List<String> kv = new ArrayList<>(List.of(
                    "type",
                    quote(Autoscaler.KedaLag.TYPE),
                    "lagThreshold",
                    number(k.lagThreshold()),
                    "activationLagThreshold",
                    number(k.activationLagThreshold())));
            k.partitions().ifPresent(p -> kv.addAll(List.of("partitions", String.valueOf(p))));
            kv.addAll(List.of(
                    "cooldownPeriod",
                    duration(k.cooldownPeriod()),
                    "minTaskManagers",
                    String.valueOf(k.minTaskManagers()),
                    "maxTaskManagers",
                    String.valueOf(k.maxTaskManagers()),
                    "syncPeriod",
                    duration(k.syncPeriod())));
            return object(kv.toArray(String[]::new));
        } else if (a instanceof Autoscaler.BusyTime b) {
            return object(
                    "type",
                    quote(Autoscaler.BusyTime.TYPE),
                    "busyAbove",
                    number(b.busyAbove()),
                    "scaleUpFactor",
                    number(b.scaleUpFactor()),
                    "lagGrowthFactor",
                    number(b.lagGrowthFactor()),
                    "idleBelow",
                    number(b.idleBelow()),
                    "scaleDownFactor",
                    number(b.scaleDownFactor()),
                    "cooldown",
                    duration(b.cooldown()),
                    "minTaskManagers",
                    String.valueOf(b.minTaskManagers()),
                    "maxTaskManagers",
                    String.valueOf(b.maxTaskManagers()),
                    "syncPeriod",
                    duration(b.syncPeriod()));
        }
        throw new IllegalArgumentException("cannot write autoscaler type '" + a.type() + "' ("
                + a.getClass().getName() + "): only the built-in types are written");
    }

    private static String limit(Autoscaler.ChangeLimit l) {
        return object("taskManagers", String.valueOf(l.taskManagers()), "period", duration(l.period()));
    }

    /** A one-line object from alternating names and JSON values. */
    private static String object(String... namesAndValues) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(quote(namesAndValues[i]) + ": " + namesAndValues[i + 1]);
        }
        return "{" + String.join(", ", fields) + "}";
    }

    private static String field(String name, String value) {
        return "  " + quote(name) + ": " + value;
    }

    private static String duration(Duration d) {
        return quote(TraceJson.format(d));
    }

    /** The shortest decimal that reads back as the same double: 3050, 0.7, 1.0E-5. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.valueOf(v);
    }

    private static String quote(String s) {
        try {
            return StrictJson.MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a string as JSON", e);
        }
    }
}
