package io.github.slotwise.simulation.format;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one place where the CLI reads JSON: strict mapping, files and classpath resources, and every
 * Jackson failure turned into one {@link InputException} line naming the file, line, column, field
 * and value. Scenario, trace and load-scenario readers all go through it.
 */
public final class StrictJson {
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

    private StrictJson() {}

    /**
     * Reads a file's bytes.
     *
     * @param path the file
     * @param kind what the file should be, for messages ("scenario", "trace")
     * @throws InputException if it is missing, a directory or unreadable
     */
    public static byte[] readFile(Path path, String kind) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new InputException(source + ": is a directory, not a " + kind + " file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(source + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(source + ": cannot read file: permission denied");
        } catch (IOException e) {
            throw new InputException(source + ": cannot read file: " + e.getMessage());
        }
    }

    /** Reads a classpath resource that ships in the jar. */
    static byte[] readResource(String resource) {
        try (InputStream in = StrictJson.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Maps JSON to a document type.
     *
     * @param source the file's name in messages
     * @param json the bytes (UTF-8, UTF-16 or UTF-32, as JSON allows)
     * @throws InputException on any syntax or mapping error, or a top-level {@code null}
     */
    static <T> T parse(String source, byte[] json, Class<T> type) {
        T doc;
        try {
            doc = MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new InputException(describe(source, e));
        } catch (IOException e) {
            throw new InputException(source + ": cannot read JSON: " + e.getMessage());
        }
        if (doc == null) {
            throw new InputException(source + ": expected a JSON object, got null");
        }
        return doc;
    }

    public static String describe(String source, JsonProcessingException e) {
        String where = source + location(e.getLocation());
        if (!(e instanceof JsonMappingException m)) {
            // Syntax: Jackson's own message names the character and what it expected; its limits
            // name the Java method that sets them, which is no business of the file's author.
            return where + ": " + InputException.oneLine(withoutJavaNames(e.getOriginalMessage()));
        }
        String original = String.valueOf(m.getOriginalMessage());
        if (original.startsWith("Trailing token")) {
            JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
            return where + ": " + found(parser, parser == null ? null : parser.currentToken())
                    + " after the end of the document: a file holds one JSON object";
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

    /** "... (1000, from `StreamReadConstraints.getMaxNestingDepth()`)" becomes "... (1000)". */
    static String withoutJavaNames(String message) {
        return String.valueOf(message).replaceAll(", from `[^`]*`", "").replaceAll("\\s*\\(?`[^`]*`\\)?", "");
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
        return v instanceof String s ? "\"" + shortened(s) + "\"" : shortened(String.valueOf(v));
    }

    /** A value quoted in a message: whole up to 60 characters, else its start and its length. */
    static String shortened(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "... (" + s.length() + " characters)";
    }

    private static String found(JsonParser parser, JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "\"" + text(parser) + "\"";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                String text = parser == null ? "" : text(parser);
                yield text.isBlank() || text.equals("invalid input") ? "a number" : text;
            }
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String text(JsonParser parser) {
        try {
            return shortened(InputException.oneLine(parser.getText()));
        } catch (IOException e) {
            return "a value that cannot be read";
        }
    }

    /**
     * Failures at JSON paths such as {@code events[2].slots} of one document, located in the file
     * when possible; the locations are read only when a failure needs them.
     */
    static final class PathErrors {
        private final String source;
        private final byte[] json;
        private Map<String, JsonLocation> locations;

        PathErrors(String source, byte[] json) {
            this.source = source;
            this.json = json;
        }

        /** A failure at {@code path}: {@code source line L column C: message}. */
        InputException failure(String path, String message) {
            JsonLocation loc = locations().get(pointer(path));
            String where = loc == null || loc.getLineNr() < 1
                    ? ""
                    : " line " + loc.getLineNr() + " column " + loc.getColumnNr();
            return new InputException(source + where + ": " + message);
        }

        /** Builds a model value; what the model rejects becomes a failure at {@code path}. */
        <T> T model(String path, Supplier<T> build) {
            try {
                return build.get();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw failure(path, path + ": " + e.getMessage());
            }
        }

        private static String pointer(String path) {
            return path.isEmpty()
                    ? ""
                    : "/" + path.replace("[", "/").replace("]", "").replace('.', '/');
        }

        /** Where each value starts, by JSON pointer. */
        private Map<String, JsonLocation> locations() {
            if (locations == null) {
                locations = new HashMap<>();
                try (JsonParser p = MAPPER.createParser(json)) {
                    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                        if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                            continue;
                        }
                        // at the start of an object or array the context is already the new one
                        var context = t.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
                        locations.putIfAbsent(context.pathAsPointer().toString(), p.currentTokenLocation());
                    }
                } catch (IOException e) {
                    // the document was read once already; without locations the message still names the path
                }
            }
            return locations;
        }
    }
}
