package io.github.slotwise.simulation.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.simulation.AutoscalerFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@link AutoscalerFields} over one JSON object: type checks and failures located in the file,
 * and the fields asked for recorded so that {@link #rejectUnasked} can name any other.
 */
final class JsonAutoscalerFields implements AutoscalerFields {
    private static final String DURATION =
            "expected a duration such as \"30 s\", \"5 min\" or \"100 ms\" (or milliseconds as an integer)";

    private final JsonNode object;
    private final String path;
    /** {@code " for a 'hpa' autoscaler"} at the top, empty for nested objects. */
    private final String missingSuffix;
    /** {@code "a 'hpa' autoscaler"}, for the message about fields the type does not take. */
    private final String owner;

    private final StrictJson.PathErrors errors;
    private final Set<String> asked = new LinkedHashSet<>(List.of("type"));
    private final List<JsonAutoscalerFields> nested = new ArrayList<>();

    JsonAutoscalerFields(JsonNode object, String path, String owner, boolean top, StrictJson.PathErrors errors) {
        this.object = object;
        this.path = path;
        this.owner = owner;
        this.missingSuffix = top ? " for " + owner : "";
        this.errors = errors;
        if (!top) {
            asked.clear();
        }
    }

    private JsonNode field(String name) {
        asked.add(name);
        JsonNode n = object.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private JsonNode required(String name) {
        JsonNode n = field(name);
        if (n == null) {
            throw errors.failure(path, path + ": missing field '" + name + "'" + missingSuffix);
        }
        return n;
    }

    private RuntimeException wrongType(String name, String expected, JsonNode n) {
        String where = path + "." + name;
        return errors.failure(where, where + ": expected " + expected + ", got " + n);
    }

    @Override
    public double number(String name) {
        return toNumber(name, required(name));
    }

    @Override
    public OptionalDouble optionalNumber(String name) {
        JsonNode n = field(name);
        return n == null ? OptionalDouble.empty() : OptionalDouble.of(toNumber(name, n));
    }

    private double toNumber(String name, JsonNode n) {
        if (!n.isNumber()) {
            throw wrongType(name, "a number", n);
        }
        return n.doubleValue();
    }

    @Override
    public int integer(String name) {
        return toInteger(name, required(name));
    }

    @Override
    public OptionalInt optionalInteger(String name) {
        JsonNode n = field(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(toInteger(name, n));
    }

    private int toInteger(String name, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(name, "an integer", n);
        }
        return n.intValue();
    }

    @Override
    public Optional<Duration> optionalDuration(String name) {
        JsonNode n = field(name);
        if (n == null) {
            return Optional.empty();
        }
        String where = path + "." + name;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            if (n.longValue() < 0) {
                throw errors.failure(where, where + ": a duration must not be negative, got " + n.longValue());
            }
            return Optional.of(Duration.ofMillis(n.longValue()));
        }
        if (!n.isTextual()) {
            throw errors.failure(where, where + ": " + DURATION + ", got " + n);
        }
        try {
            return Optional.of(FlinkConfig.parseDuration(name, n.textValue()));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw errors.failure(
                    where,
                    where + ": " + (message.startsWith(name + ": ") ? message.substring(name.length() + 2) : message));
        }
    }

    @Override
    public Optional<String> optionalChoice(String name, List<String> choices) {
        JsonNode n = field(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isTextual() || !choices.contains(n.textValue())) {
            throw wrongType(name, "one of " + choices, n);
        }
        return Optional.of(n.textValue());
    }

    @Override
    public Optional<AutoscalerFields> optionalObject(String name) {
        JsonNode n = field(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw wrongType(name, "an object", n);
        }
        JsonAutoscalerFields child = new JsonAutoscalerFields(n, path + "." + name, owner, false, errors);
        nested.add(child);
        return Optional.of(child);
    }

    @Override
    public RuntimeException failure(String message) {
        return errors.failure(path, path + ": " + message);
    }

    /** Rejects the first field nobody asked for, here or in a nested object. */
    void rejectUnasked() {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!asked.contains(name)) {
                String where = path + "." + name;
                throw errors.failure(
                        where, where + ": not allowed in " + owner + " (its fields: " + String.join(", ", asked) + ")");
            }
        }
        nested.forEach(JsonAutoscalerFields::rejectUnasked);
    }
}
