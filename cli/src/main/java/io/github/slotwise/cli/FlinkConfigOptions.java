package io.github.slotwise.cli;

import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.simulation.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --flink-config FILE} and {@code -D key=value}: a Flink user's own configuration, read by
 * {@link FlinkSettings} (a picocli mixin shared by plan, simulate, compare and replay).
 */
final class FlinkConfigOptions {
    /** The registry-style name of the policy a configuration sets. */
    static final String POLICY_NAME = "flink-config";

    @Option(
            names = "--flink-config",
            paramLabel = "FILE",
            description = "A Flink configuration: config.yaml (Flink 2.x, nested or flat keys) or the legacy"
                    + " flink-conf.yaml. Its adaptive-scheduler timing keys, scheduler-mode, checkpoint interval,"
                    + " restart strategy, taskmanager.load-balance.mode, prefer-minimal-taskmanagers, local"
                    + " recovery and heartbeat.timeout are used; other keys are listed as ignored.")
    Path file;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description = "A Flink configuration key, overriding --flink-config as in Flink (repeatable),"
                    + " e.g. -Dheartbeat.timeout=20s.")
    List<String> properties = new ArrayList<>();

    /** Whether a configuration was given at all. */
    boolean given() {
        return file != null || !properties.isEmpty();
    }

    /** The settings, if a configuration was given; bad input is an InputException. */
    Optional<FlinkSettings> settings() {
        return given() ? Optional.of(FlinkSettings.load(Optional.ofNullable(file), properties)) : Optional.empty();
    }

    /** The settings given, or Flink's defaults. */
    FlinkSettings settingsOrDefaults() {
        return FlinkSettings.load(Optional.ofNullable(file), properties);
    }

    /** The policy the configuration sets, with Flink's parallelism solver. */
    static Policy policy(FlinkSettings settings) {
        return new Policy(
                POLICY_NAME,
                "Flink " + settings.read().flinkVersion() + " rules with the configuration's keys",
                new FlinkRescaleDecider(settings.policy()));
    }

    /** The simulator's settings: the configuration's, else the defaults. */
    static SimulationConfig simulationConfig(Optional<FlinkSettings> settings) {
        return settings.map(FlinkSettings::simulationConfig).orElseGet(SimulationConfig::defaults);
    }

    /** Says on standard error which keys were ignored, so that reports stay as they are. */
    static void warnIgnored(Optional<FlinkSettings> settings, PrintWriter err) {
        settings.filter(s -> !s.ignoredKeys().isEmpty())
                .ifPresent(s -> err.println("slotwise: Flink configuration keys ignored (Slotwise does not model"
                        + " them): " + String.join(", ", s.ignoredKeys())));
    }
}
