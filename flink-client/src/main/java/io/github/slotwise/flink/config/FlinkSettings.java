package io.github.slotwise.flink.config;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.FlinkSlotsBalancedSlotAssigner;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.FlinkTasksBalancedSlotAssigner;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.format.InputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What Slotwise takes from a Flink configuration: the adaptive scheduler's rescale policy (read by
 * core's {@link FlinkConfig}: timing keys, Reactive Mode, checkpoint interval, restart strategy) and
 * the settings around it that decide where tasks go and how fast a lost TaskManager is noticed.
 *
 * <ul>
 *   <li>{@code taskmanager.load-balance.mode} ({@code NONE}, {@code MIN_RESOURCES}, {@code SLOTS},
 *       {@code TASKS}; default {@code NONE}), {@code
 *       jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers} (default true, applied by Flink
 *       only in application mode: {@code execution.target: embedded}) and {@code
 *       execution.state-recovery.from-local} (deprecated key {@code state.backend.local-recovery};
 *       default false) choose the slot assigner, as Flink 2.3's {@code SlotSharingSlotAllocator}
 *       does.
 *   <li>{@code heartbeat.timeout} (default 50 s): when a killed TaskManager is noticed.
 *   <li>{@code taskmanager.numberOfTaskSlots} (default 1): slots per TaskManager, used when a trace
 *       is made from a rescale history.
 * </ul>
 *
 * <p>Every other key is listed in {@link #ignoredKeys()}; every bad value is reported before
 * anything is built, in one {@link InputException} naming the key and the value.
 *
 * @param configuration the merged keys and values read
 * @param read the policy and how core's {@link FlinkConfig} read it
 * @param assigner the slot assigner's registry name
 * @param heartbeatTimeout {@code heartbeat.timeout}
 * @param slotsPerTaskManager {@code taskmanager.numberOfTaskSlots}
 * @param notes where each of these settings came from
 * @param ignoredKeys the keys present that Slotwise does not read, in configuration order
 */
public record FlinkSettings(
        Map<String, String> configuration,
        FlinkConfig.Read read,
        String assigner,
        Duration heartbeatTimeout,
        int slotsPerTaskManager,
        List<String> notes,
        List<String> ignoredKeys) {

    /** {@code taskmanager.load-balance.mode}. */
    public static final String LOAD_BALANCE_MODE = "taskmanager.load-balance.mode";
    /** {@code jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers}. */
    public static final String PREFER_MINIMAL = "jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers";
    /** {@code execution.target}. */
    public static final String EXECUTION_TARGET = "execution.target";
    /** {@code execution.state-recovery.from-local}. */
    public static final String LOCAL_RECOVERY = "execution.state-recovery.from-local";
    /** The deprecated key of {@link #LOCAL_RECOVERY}. */
    public static final String LOCAL_RECOVERY_DEPRECATED = "state.backend.local-recovery";
    /** {@code heartbeat.timeout}. */
    public static final String HEARTBEAT_TIMEOUT = "heartbeat.timeout";
    /** {@code taskmanager.numberOfTaskSlots}. */
    public static final String SLOTS_PER_TASK_MANAGER = "taskmanager.numberOfTaskSlots";

    private static final Set<String> MODES = Set.of("NONE", "MIN_RESOURCES", "SLOTS", "TASKS");

    /**
     * Copies the collections.
     *
     * @param configuration the keys and values read
     * @param read the policy
     * @param assigner the slot assigner's name
     * @param heartbeatTimeout the heartbeat timeout
     * @param slotsPerTaskManager slots per TaskManager
     * @param notes where the settings came from
     * @param ignoredKeys the keys not read
     */
    public FlinkSettings {
        configuration = ImmutableMap.copyOf(configuration);
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(assigner, "assigner");
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        notes = ImmutableList.copyOf(notes);
        ignoredKeys = ImmutableList.copyOf(ignoredKeys);
    }

    /**
     * Reads a configuration file (if any) and {@code -D} overrides, the way the CLI's {@code
     * --flink-config FILE} and {@code -D key=value} do.
     *
     * @param file a {@code config.yaml} or {@code flink-conf.yaml}, or empty
     * @param dynamicProperties {@code key=value} overrides, applied after the file
     * @return the settings
     * @throws InputException for a missing or malformed file, a malformed {@code -D}, or a bad value
     *     (naming the key and value)
     */
    public static FlinkSettings load(Optional<Path> file, List<String> dynamicProperties) {
        Map<String, String> fromFile = file.map(FlinkConfigFiles::readFile).orElse(Map.of());
        Map<String, String> merged =
                FlinkConfigFiles.merge(fromFile, FlinkConfigFiles.parseDynamicProperties(dynamicProperties));
        String source = file.map(Path::toString).orElse("-D");
        return of(source, merged);
    }

    /**
     * Reads a flat configuration.
     *
     * @param source where it came from, for messages (a file name, or {@code -D})
     * @param configuration the keys and values
     * @return the settings
     * @throws InputException naming the source, the key and the value of every bad value
     */
    public static FlinkSettings of(String source, Map<String, String> configuration) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(configuration, "configuration");
        List<String> errors = new ArrayList<>();
        FlinkConfig.Read read = null;
        try {
            read = FlinkConfig.read(configuration);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> used = new LinkedHashMap<>();

        String mode = "NONE";
        String modeRaw = configuration.get(LOAD_BALANCE_MODE);
        if (modeRaw != null) {
            used.put(LOAD_BALANCE_MODE, modeRaw);
            String upper = modeRaw.strip().toUpperCase(Locale.ROOT);
            if (MODES.contains(upper)) {
                mode = upper;
            } else {
                errors.add(LOAD_BALANCE_MODE + ": unknown value '" + modeRaw
                        + "'; Flink knows NONE, MIN_RESOURCES, SLOTS, TASKS (any case)");
            }
        }
        boolean preferMinimal = bool(configuration, PREFER_MINIMAL, null, true, used, errors);
        if (configuration.get("jobmanager.scheduler") != null) {
            // FlinkConfig checks it (Slotwise models the adaptive scheduler whatever it says)
            used.put("jobmanager.scheduler", configuration.get("jobmanager.scheduler"));
        }
        String target = configuration.get(EXECUTION_TARGET);
        if (target != null) {
            used.put(EXECUTION_TARGET, target);
        }
        boolean applicationMode = target != null && target.strip().equalsIgnoreCase("embedded");
        boolean localRecovery = bool(configuration, LOCAL_RECOVERY, LOCAL_RECOVERY_DEPRECATED, false, used, errors);

        Duration heartbeat = SimulationConfig.DEFAULT_HEARTBEAT_TIMEOUT;
        String heartbeatRaw = configuration.get(HEARTBEAT_TIMEOUT);
        if (heartbeatRaw != null) {
            used.put(HEARTBEAT_TIMEOUT, heartbeatRaw);
            try {
                heartbeat = FlinkConfig.parseDuration(HEARTBEAT_TIMEOUT, heartbeatRaw);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        int slotsPerTaskManager = 1;
        String slotsRaw = configuration.get(SLOTS_PER_TASK_MANAGER);
        if (slotsRaw != null) {
            used.put(SLOTS_PER_TASK_MANAGER, slotsRaw);
            try {
                slotsPerTaskManager = Integer.parseInt(slotsRaw.strip());
                if (slotsPerTaskManager < 1) {
                    errors.add(SLOTS_PER_TASK_MANAGER + ": '" + slotsRaw + "' must be at least 1");
                }
            } catch (NumberFormatException e) {
                errors.add(SLOTS_PER_TASK_MANAGER + ": cannot parse '" + slotsRaw + "' as an integer");
            }
        }
        if (!errors.isEmpty()) {
            throw new InputException(source + ": "
                    + (errors.size() == 1
                            ? errors.get(0)
                            : errors.size() + " bad Flink configuration values: " + String.join("; ", errors)));
        }

        String assigner;
        if (localRecovery) {
            assigner = FlinkStateLocalitySlotAssigner.NAME;
            notes.add("local recovery on: slots are assigned by state locality after the first deployment (" + assigner
                    + "); " + LOAD_BALANCE_MODE + " then decides only the first");
        } else {
            assigner = switch (mode) {
                case "SLOTS" -> FlinkSlotsBalancedSlotAssigner.NAME;
                case "TASKS" -> FlinkTasksBalancedSlotAssigner.NAME;
                default -> applicationMode && preferMinimal
                        ? FlinkDefaultSlotAssigner.MINIMAL_TASK_MANAGERS_NAME
                        : FlinkDefaultSlotAssigner.NAME;
            };
            notes.add(LOAD_BALANCE_MODE + " = " + mode + (modeRaw == null ? " (Flink's default)" : "") + ", "
                    + PREFER_MINIMAL + " = " + preferMinimal
                    + (applicationMode
                            ? " in application mode"
                            : " (applied only in application mode, " + EXECUTION_TARGET + ": embedded)")
                    + ": slot assigner " + assigner);
        }
        notes.add(HEARTBEAT_TIMEOUT + " = " + heartbeat.toMillis() + " ms"
                + (heartbeatRaw == null ? " (Flink's default)" : ""));
        notes.add(
                SLOTS_PER_TASK_MANAGER + " = " + slotsPerTaskManager + (slotsRaw == null ? " (Flink's default)" : ""));

        List<String> ignored = new ArrayList<>();
        for (String key : configuration.keySet()) {
            if (!read.keysRead().containsKey(key)
                    && !used.containsKey(key)
                    && !key.equals(FlinkConfig.FLINK_VERSION_KEY)
                    && !mentioned(read.notes(), key)) {
                ignored.add(key);
            }
        }
        return new FlinkSettings(configuration, read, assigner, heartbeat, slotsPerTaskManager, notes, ignored);
    }

    /** Keys FlinkConfig names in a note ("... ignored: ...") count as read by it. */
    private static boolean mentioned(List<String> notes, String key) {
        return notes.stream().anyMatch(n -> n.startsWith(key + " "));
    }

    private static boolean bool(
            Map<String, String> config,
            String key,
            String deprecatedKey,
            boolean defaultValue,
            Map<String, String> used,
            List<String> errors) {
        String k = key;
        String raw = config.get(key);
        if (raw == null && deprecatedKey != null) {
            k = deprecatedKey;
            raw = config.get(deprecatedKey);
        }
        if (raw == null) {
            return defaultValue;
        }
        used.put(k, raw);
        if (deprecatedKey != null && config.get(deprecatedKey) != null) {
            used.put(deprecatedKey, config.get(deprecatedKey));
        }
        String v = raw.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        errors.add(k + ": cannot parse '" + raw + "' as a boolean (true or false)");
        return defaultValue;
    }

    /**
     * The rescale policy.
     *
     * @return {@code read().policy()}
     */
    public RescalePolicy policy() {
        return read.policy();
    }

    /**
     * The simulator's settings: this heartbeat timeout and slot assigner, the default restart cost.
     *
     * @return the simulation configuration
     */
    public SimulationConfig simulationConfig() {
        return SimulationConfig.defaults()
                .withHeartbeatTimeout(heartbeatTimeout)
                .withAssigner(io.github.slotwise.assignment.SlotAssigners.byName(assigner));
    }

    /**
     * Everything read, one line each: core's notes on the policy, these settings, and the ignored keys.
     *
     * @return the lines
     */
    public List<String> explanation() {
        List<String> lines = new ArrayList<>(read.notes());
        lines.addAll(notes);
        if (!ignoredKeys.isEmpty()) {
            lines.add("ignored (Slotwise does not model them): " + String.join(", ", ignoredKeys));
        }
        return lines;
    }
}
