package io.github.slotwise.flink.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.simulation.format.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a Flink user's configuration into the flat {@code key -> value} map that Flink itself works
 * with (and that {@link io.github.slotwise.rescale.FlinkConfig} reads): a Flink 2.x {@code
 * config.yaml} (standard YAML; nested maps are flattened with dots, so {@code jobmanager:
 * {adaptive-scheduler: {...}}} and {@code jobmanager.adaptive-scheduler.x: ...} are the same key), a
 * legacy {@code flink-conf.yaml} (flat {@code key: value} lines, which are YAML too), and {@code -D
 * key=value} dynamic properties, which override the file as they do in Flink.
 *
 * <p>The YAML is parsed by Jackson's YAML module (SnakeYAML underneath). As in Flink, a list becomes
 * its elements joined by {@code ;} and a key without a value is absent. A key given twice is an
 * error (YAML forbids it; Flink's parser rejects it too), whether spelled nested or flat.
 */
public final class FlinkConfigFiles {
    private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private FlinkConfigFiles() {}

    /**
     * Reads {@code config.yaml} or {@code flink-conf.yaml}.
     *
     * @param file the file
     * @return the keys and values, flattened, in file order
     * @throws InputException naming the file (and line where known) if it is missing, unreadable, not
     *     YAML, not a map at the top, or names a key twice
     */
    public static Map<String, String> readFile(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the Flink configuration: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses the text of a {@code config.yaml} or {@code flink-conf.yaml}.
     *
     * @param source the file name, for messages
     * @param yaml the text
     * @return the keys and values, flattened, in file order
     * @throws InputException naming the source if the text is not YAML, not a map at the top, or names
     *     a key twice
     */
    public static Map<String, String> parse(String source, String yaml) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(yaml, "yaml");
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " line " + e.getLocation().getLineNr() + " column "
                            + e.getLocation().getColumnNr();
            throw new InputException(source + where + ": not a Flink configuration (YAML): " + e.getOriginalMessage());
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return flat;
        }
        if (!root.isObject()) {
            throw new InputException(source + ": a Flink configuration is a map of keys to values, got a "
                    + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        flatten(source, "", root, flat);
        return ImmutableMap.copyOf(flat);
    }

    private static void flatten(String source, String prefix, JsonNode node, Map<String, String> flat) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(source, key + ".", value, flat);
                continue;
            }
            if (value.isNull()) {
                continue;
            }
            String text;
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
                text = String.join(";", items);
            } else {
                text = value.asText();
            }
            if (flat.containsKey(key)) {
                throw new InputException(source + ": key '" + key + "' is given twice (once nested, once flat)");
            }
            flat.put(key, text);
        }
    }

    /**
     * Parses {@code -D key=value} dynamic properties, in order; a later one for the same key wins.
     *
     * @param definitions each {@code key=value}; the value may be empty or contain {@code =}
     * @return the keys and values
     * @throws InputException naming the definition if it has no {@code =} or an empty key
     */
    public static Map<String, String> parseDynamicProperties(List<String> definitions) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String d : definitions) {
            int eq = d.indexOf('=');
            if (eq < 0) {
                throw new InputException("-D " + d + ": expected key=value, e.g. -Dheartbeat.timeout=20s");
            }
            String key = d.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new InputException("-D " + d + ": the key is empty; expected key=value");
            }
            properties.remove(key);
            properties.put(key, d.substring(eq + 1).strip());
        }
        return properties;
    }

    /**
     * Flink's precedence: the file's keys, then the dynamic properties, which override them.
     *
     * @param file the keys from the file, possibly empty
     * @param dynamicProperties the {@code -D} keys
     * @return the merged map, file order first, then new keys in {@code -D} order
     */
    public static Map<String, String> merge(Map<String, String> file, Map<String, String> dynamicProperties) {
        Map<String, String> merged = new LinkedHashMap<>(file);
        merged.putAll(dynamicProperties);
        return ImmutableMap.copyOf(merged);
    }
}
