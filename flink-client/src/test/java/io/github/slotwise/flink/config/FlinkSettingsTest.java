package io.github.slotwise.flink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.simulation.format.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkSettingsTest {
    @TempDir
    Path dir;

    private static final String CONFIG_YAML =
            """
            # Flink 2.x config.yaml: nested and flat keys mix
            jobmanager:
              scheduler: adaptive
              adaptive-scheduler:
                executing:
                  cooldown-after-rescaling: 10 s
                submission.resource-stabilization-timeout: 5s
            execution.checkpointing.interval: 20 s
            taskmanager:
              numberOfTaskSlots: 2
              load-balance.mode: tasks
            heartbeat.timeout: 20000
            rest.port: 8081
            pipeline.jars: [a.jar, b.jar]
            """;

    @Test
    void readsNestedAndFlatKeysOfConfigYaml() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), CONFIG_YAML);
        Map<String, String> flat = FlinkConfigFiles.readFile(file);
        assertThat(flat)
                .containsEntry("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "10 s")
                .containsEntry("jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout", "5s")
                .containsEntry("taskmanager.load-balance.mode", "tasks")
                .containsEntry("heartbeat.timeout", "20000")
                .containsEntry("pipeline.jars", "a.jar;b.jar");

        FlinkSettings settings = FlinkSettings.load(Optional.of(file), List.of());
        assertThat(settings.policy().cooldownAfterRescaling()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.policy().submissionResourceStabilizationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.policy().checkpointInterval()).hasValue(Duration.ofSeconds(20));
        assertThat(settings.policy().reactive()).isFalse();
        assertThat(settings.assigner()).isEqualTo("flink-tasks");
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.slotsPerTaskManager()).isEqualTo(2);
        assertThat(settings.simulationConfig().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.ignoredKeys()).containsExactly("rest.port", "pipeline.jars");
        assertThat(settings.explanation()).contains("ignored (Slotwise does not model them): rest.port, pipeline.jars");
    }

    @Test
    void dynamicPropertiesOverrideTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), CONFIG_YAML);
        FlinkSettings settings = FlinkSettings.load(
                Optional.of(file),
                List.of(
                        "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=1 min",
                        "scheduler-mode=reactive",
                        "execution.state-recovery.from-local=true"));
        assertThat(settings.policy().cooldownAfterRescaling()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.policy().reactive()).isTrue();
        assertThat(settings.assigner()).isEqualTo("flink-state-locality");
    }

    @Test
    void readsTheLegacyFlinkConfYaml() throws IOException {
        Path file = Files.writeString(
                dir.resolve("flink-conf.yaml"),
                """
                jobmanager.adaptive-scheduler.resource-wait-timeout: 2 min
                jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers: true
                execution.target: embedded
                state.backend.local-recovery: false
                """);
        FlinkSettings settings = FlinkSettings.load(Optional.of(file), List.of());
        assertThat(settings.policy().submissionResourceWaitTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.assigner()).isEqualTo("flink-minimal-taskmanagers");
        assertThat(settings.ignoredKeys()).isEmpty();
    }

    @Test
    void withoutAFileTheDefaultsApply() {
        FlinkSettings settings = FlinkSettings.load(Optional.empty(), List.of());
        assertThat(settings.assigner()).isEqualTo("flink-default");
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(50));
        assertThat(settings.policy().cooldownAfterRescaling()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badValuesAreNamedWithKeyAndValueInOneLine() {
        assertThatThrownBy(() -> FlinkSettings.load(Optional.empty(), List.of("heartbeat.timeout=soon")))
                .isInstanceOf(InputException.class)
                .hasMessage("-D: heartbeat.timeout: cannot parse 'soon' as a duration such as '30 s', '5 min' or"
                        + " '100 ms': it does not start with a number and is no ISO-8601 duration either");
        assertThatThrownBy(() -> FlinkSettings.load(
                        Optional.empty(),
                        List.of("taskmanager.load-balance.mode=even", "execution.state-recovery.from-local=yes")))
                .isInstanceOf(InputException.class)
                .hasMessage("-D: 2 bad Flink configuration values: taskmanager.load-balance.mode: unknown value"
                        + " 'even'; Flink knows NONE, MIN_RESOURCES, SLOTS, TASKS (any case);"
                        + " execution.state-recovery.from-local: cannot parse 'yes' as a boolean (true or false)");
        assertThatThrownBy(() -> FlinkSettings.load(
                        Optional.empty(),
                        List.of("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=-1")))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(
                        "-D: jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling:" + " cannot parse '-1'");
        assertThatThrownBy(() -> FlinkSettings.load(Optional.empty(), List.of("heartbeat.timeout")))
                .isInstanceOf(InputException.class)
                .hasMessage("-D heartbeat.timeout: expected key=value, e.g. -Dheartbeat.timeout=20s");
    }

    @Test
    void malformedFilesAreNamed() throws IOException {
        Path twice =
                Files.writeString(dir.resolve("twice.yaml"), "heartbeat:\n  timeout: 1 s\nheartbeat.timeout: 2 s\n");
        assertThatThrownBy(() -> FlinkConfigFiles.readFile(twice))
                .isInstanceOf(InputException.class)
                .hasMessage(twice + ": key 'heartbeat.timeout' is given twice (once nested, once flat)");
        Path dup = Files.writeString(dir.resolve("dup.yaml"), "a: 1\na: 2\n");
        assertThatThrownBy(() -> FlinkConfigFiles.readFile(dup))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(dup + " line 2 column")
                .hasMessageContaining("Duplicate field 'a'");
        Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
        assertThatThrownBy(() -> FlinkConfigFiles.readFile(list))
                .isInstanceOf(InputException.class)
                .hasMessage(list + ": a Flink configuration is a map of keys to values, got a array");
        assertThatThrownBy(() -> FlinkConfigFiles.readFile(dir.resolve("missing.yaml")))
                .isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("missing.yaml") + ": no such file");
    }
}
