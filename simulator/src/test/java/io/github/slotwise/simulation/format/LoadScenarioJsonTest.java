package io.github.slotwise.simulation.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.simulation.Autoscaler;
import io.github.slotwise.simulation.BuiltInScenario;
import io.github.slotwise.simulation.CapacityModel;
import io.github.slotwise.simulation.InputRate;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.StateModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadScenarioJsonTest {
    private static final String MINIMAL = "{\"end\": \"1 h\",\n"
            + "  \"inputRate\": {\"type\": \"constant\", \"recordsPerSecond\": 100},\n"
            + "  \"capacity\": {\"perSubtask\": 50},\n"
            + "  \"autoscaler\": {\"type\": \"hpa\", \"target\": 0.7, \"maxTaskManagers\": 5}\n}";

    private static LoadScenario parse(String json) {
        return LoadScenarioJson.parse("l.json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(String json) {
        try {
            parse(json);
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an InputException for " + json);
    }

    /** The minimal file with one line replaced. */
    private static String minimalWith(String line, String replacement) {
        if (!MINIMAL.contains(line)) {
            throw new IllegalArgumentException(line);
        }
        return MINIMAL.replace(line, replacement);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in =
                LoadScenarioJsonTest.class.getResourceAsStream(LoadScenarioJson.EXAMPLES + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- the built-in scenarios' files ---------------------------------------------------------

    @Test
    void everyBuiltInScenarioHasAFileThatReadsAsItsLoad() throws IOException {
        for (BuiltInScenario s : Scenarios.all()) {
            assertThat(LoadScenarioJson.readExample(s.name())).as(s.name()).isEqualTo(s.load());
            // the file is what write() makes of it: a template to copy
            assertThat(resource(s.name())).as(s.name()).isEqualTo(LoadScenarioJson.write(s.load()));
        }
    }

    @Test
    void aParsedExampleSimulatesAsTheBuiltIn() {
        BuiltInScenario startup = Scenarios.byName(Scenarios.STARTUP_ONE_BY_ONE);
        FlinkRescaleDecider reactive = new FlinkRescaleDecider(RescalePolicy.REACTIVE);
        SimulationResult fromFile = new Simulator()
                .run(
                        startup.graph(),
                        LoadScenarioJson.readExample(startup.name()),
                        reactive,
                        SimulationConfig.defaults());
        SimulationResult builtIn =
                new Simulator().run(startup.graph(), startup.load(), reactive, SimulationConfig.defaults());
        assertThat(fromFile).isEqualTo(builtIn);
        assertThat(fromFile.load().orElseThrow().peakTaskManagers()).isEqualTo(8);
    }

    // ---- reading -----------------------------------------------------------------------------

    @Test
    void omittedFieldsTakeTheirDefaults() {
        LoadScenario l = parse(MINIMAL);
        assertThat(l.start()).isEqualTo(Instant.EPOCH);
        assertThat(l.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(l.initialTaskManagers()).isEqualTo(1);
        assertThat(l.slotsPerTaskManager()).isEqualTo(1);
        assertThat(l.inputRate()).isEqualTo(new InputRate.Constant(100));
        assertThat(l.capacity()).isEqualTo(CapacityModel.uniform(50));
        assertThat(l.autoscaler()).isEqualTo(Autoscaler.hpa(0.7, 1, 5));
        assertThat(l.provisioningDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.joinInterval()).isZero();
        assertThat(l.removal()).isEqualTo(LoadScenario.Removal.STOP);
        assertThat(l.losses()).isEmpty();
        assertThat(l.checkpointInterval()).isEmpty();
        assertThat(l.sampleInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.integrationStep()).isEqualTo(Duration.ofSeconds(1));

        LoadScenario threshold = parse(minimalWith(
                "{\"type\": \"hpa\", \"target\": 0.7, \"maxTaskManagers\": 5}",
                "{\"type\": \"threshold\", \"scaleUpAbove\": 0.9, \"scaleDownBelow\": 0.5, \"maxTaskManagers\": 5}"));
        assertThat(threshold.autoscaler())
                .isEqualTo(Autoscaler.threshold(Autoscaler.Metric.UTILIZATION, 0.9, 0.5, 1, Duration.ZERO, 1, 5));
        LoadScenario sine = parse(minimalWith(
                "{\"type\": \"constant\", \"recordsPerSecond\": 100}",
                "{\"type\": \"sine\", \"mean\": 100, \"amplitude\": 50, \"period\": \"1 h\"}"));
        assertThat(sine.inputRate()).isEqualTo(new InputRate.SineWave(100, 50, Duration.ofHours(1), Duration.ZERO));
        LoadScenario loss = parse(
                minimalWith("\"end\": \"1 h\",", "\"end\": \"1 h\", \"losses\": [{\"at\": \"5 min\", \"count\": 2}],"));
        assertThat(loss.losses())
                .containsExactly(new LoadScenario.Loss(Duration.ofMinutes(5), 2, LoadScenario.Removal.KILL));
    }

    @Test
    void everyFieldRoundTrips() {
        LoadScenario full = LoadScenario.builder()
                .start(Instant.parse("2026-03-01T12:00:00Z"))
                .end(Instant.parse("2026-03-01T14:00:00Z"))
                .initialTaskManagers(2)
                .slotsPerTaskManager(4)
                .inputRate(new InputRate.PiecewiseLinear(List.of(
                        new InputRate.Point(Duration.ZERO, 100.5),
                        new InputRate.Point(Duration.ofMinutes(30), 1e-5),
                        new InputRate.Point(Duration.ofMinutes(30), 2000))))
                .capacity(new CapacityModel(123.25, Map.of("count", 99.0)))
                .autoscaler(Autoscaler.hpa(0.6, 2, 9)
                        .withMetric(Autoscaler.Metric.LAG, 20_000)
                        .withStabilization(Duration.ofSeconds(30), Duration.ofMinutes(10))
                        .withLimits(
                                Optional.of(new Autoscaler.ChangeLimit(4, Duration.ofSeconds(15))),
                                Optional.of(new Autoscaler.ChangeLimit(1, Duration.ofMinutes(1)))))
                .provisioningDelay(Duration.ofMillis(1500))
                .joinInterval(Duration.ofSeconds(20))
                .removal(LoadScenario.Removal.KILL)
                .addLosses(new LoadScenario.Loss(Duration.ofMinutes(45), 1, LoadScenario.Removal.STOP))
                .checkpointInterval(Duration.ofSeconds(30))
                .sampleInterval(Duration.ofMinutes(1))
                .integrationStep(Duration.ofMillis(250))
                .build();
        String json = LoadScenarioJson.write(full);
        assertThat(parse(json)).isEqualTo(full);
        assertThat(LoadScenarioJson.write(parse(json))).isEqualTo(json);
        assertThat(json)
                .contains(
                        "\"autoscaler\": {\"type\": \"hpa\", \"metric\": \"lag\", \"target\": 20000, \"tolerance\": 0.1,")
                .contains("\"scaleUpLimit\": {\"taskManagers\": 4, \"period\": \"15 s\"}")
                .contains("{\"at\": \"30 min\", \"recordsPerSecond\": 1.0E-5}")
                .contains("\"provisioningDelay\": \"1500 ms\"");
        LoadScenario fixed = LoadScenario.builder()
                .from(full)
                .autoscaler(Autoscaler.fixed(3))
                .build();
        assertThat(parse(LoadScenarioJson.write(fixed))).isEqualTo(fixed);
    }

    @Test
    void readsFilesAndNamesThemInMessages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("load.json");
        Files.writeString(file, MINIMAL);
        assertThat(LoadScenarioJson.read(file).autoscaler().maxTaskManagers()).isEqualTo(5);
        assertThatThrownBy(() -> LoadScenarioJson.read(dir.resolve("missing.json")))
                .isInstanceOf(InputException.class)
                .hasMessageEndingWith("missing.json: no such file");
        assertThatThrownBy(() -> LoadScenarioJson.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is a directory");
    }

    // ---- errors ------------------------------------------------------------------------------

    @Test
    void jsonErrorsNameTheLineColumnAndField() {
        assertThat(failure(minimalWith("\"end\": \"1 h\",", "\"end\": \"1 h\", \"durartion\": 1,")))
                // Jackson reports an unknown field of a record at the end of its object
                .startsWith("l.json line 5 column 2: unknown field 'durartion' (known fields: autoscaler, capacity,");
        assertThat(failure(minimalWith("\"perSubtask\": 50", "\"perSubtask\": \"50\"")))
                .isEqualTo("l.json line 3 column 30: capacity.perSubtask: expected a number, got \"50\"");
        assertThat(failure(minimalWith("\"type\": \"hpa\"", "\"type\": \"k8s\"")))
                .isEqualTo(
                        "l.json line 4 column 26: autoscaler.type: expected one of [fixed, threshold, hpa, keda, busy-time], got \"k8s\"");
        assertThat(failure(minimalWith("\"target\": 0.7", "\"target\": 0.7, \"metric\": \"cpu\"")))
                .isEqualTo("l.json line 4 column 58: autoscaler.metric: expected one of [utilization, busy, lag],"
                        + " got \"cpu\"");
        assertThat(failure(minimalWith("\"end\": \"1 h\",", "\"end\": \"1 hour and a bit\",")))
                .startsWith("l.json line 1 column 9: end: cannot parse '1 hour and a bit'");
    }

    @Test
    void stateAndCapacityRolesAreReadWithTheirDefaultsAndWrittenBack() {
        LoadScenario l =
                parse(minimalWith("\"perSubtask\": 50", "\"perSubtask\": 50, \"perSource\": 70, \"perSink\": 90")
                        .replace(
                                "\"end\": \"1 h\",",
                                "\"end\": \"1 h\", \"checkpointInterval\": \"1 min\", \"state\": {\"perVertex\":"
                                        + " {\"count\": 1000}, \"localRecovery\": true},"));
        assertThat(l.capacity())
                .isEqualTo(new CapacityModel(50, Map.of(), OptionalDouble.of(70), OptionalDouble.of(90)));
        // defaults: no bytes per key group, 1 Gbit/s, 2 s per GB
        assertThat(l.state())
                .contains(new StateModel(
                        new KeyedState(0, Map.of("count", 1000L)),
                        new RestoreModel(true, 125_000_000L, Duration.ofSeconds(2))));
        assertThat(parse(LoadScenarioJson.write(l))).isEqualTo(l);
    }

    @Test
    void badStateIsNamedByFieldAndValue() {
        String withState = "\"end\": \"1 h\", \"checkpointInterval\": \"1 min\", \"state\": %s,";
        assertThat(failure(minimalWith("\"end\": \"1 h\",", String.format(withState, "{\"bytesPerKeyGroup\": -1}"))))
                .endsWith("state.bytesPerKeyGroup: KeyedState.bytesPerKeyGroup must be in [0, 1099511627776], got -1");
        assertThat(failure(
                        minimalWith("\"end\": \"1 h\",", String.format(withState, "{\"downloadBytesPerSecond\": 0}"))))
                .endsWith("state.downloadBytesPerSecond: RestoreModel.downloadBytesPerSecond must be positive, got 0");
        assertThat(failure(minimalWith(
                        "\"end\": \"1 h\",", String.format(withState, "{\"restorePerGigabyte\": \"2 h\"}"))))
                .endsWith("state.restorePerGigabyte: RestoreModel.restorePerGigabyte must be in [0 s, 1 h], got PT2H");
        assertThat(failure(
                        minimalWith("\"end\": \"1 h\",", String.format(withState, "{\"perVertex\": {\"count\": -5}}"))))
                .endsWith("state.perVertex: KeyedState.totalBytes of vertex 'count' must be in [0, 140737488355328],"
                        + " got -5");
        assertThat(failure(minimalWith("\"end\": \"1 h\",", String.format(withState, "{\"bandwidth\": 5}"))))
                .contains("bandwidth");
        assertThat(failure(minimalWith("\"end\": \"1 h\",", "\"end\": \"1 h\", \"state\": {},")))
                .isEqualTo("l.json line 1 column 25: LoadScenario.state needs a checkpointInterval: state is restored,"
                        + " and records are replayed, from the last completed checkpoint");
    }

    @Test
    void fieldsMustFitTheirType() {
        assertThat(failure(minimalWith("\"recordsPerSecond\": 100", "\"recordsPerSecond\": 100, \"mean\": 5")))
                .isEqualTo("l.json line 2 column 70: inputRate.mean: not allowed in a 'constant' input rate (its"
                        + " fields: type, recordsPerSecond)");
        assertThat(failure(minimalWith("\"target\": 0.7", "\"target\": 0.7, \"cooldown\": \"1 min\"")))
                .startsWith(
                        "l.json line 4 column 60: autoscaler.cooldown: not allowed in a 'hpa' autoscaler (its fields:"
                                + " type, target, maxTaskManagers, metric, tolerance,");
        assertThat(failure(minimalWith("\"target\": 0.7, ", "")))
                .isEqualTo("l.json line 4 column 17: autoscaler: missing field 'target' for a 'hpa' autoscaler");
        assertThat(failure(minimalWith(
                        "{\"type\": \"constant\", \"recordsPerSecond\": 100}",
                        "{\"type\": \"piecewise-linear\", \"points\": [{\"at\": \"1 min\"}]}")))
                .isEqualTo("l.json line 2 column 56: inputRate.points[0]: missing field 'recordsPerSecond'");
        assertThat(failure(minimalWith("\"end\": \"1 h\",\n", ""))).isEqualTo("l.json: missing field 'end'");
        assertThat(failure(minimalWith("\"perSubtask\": 50", "\"perVertex\": {\"a\": 1}")))
                .isEqualTo("l.json line 3 column 15: capacity: missing field 'perSubtask'");
        assertThat(failure(minimalWith(
                        "\"maxTaskManagers\": 5}", "\"maxTaskManagers\": 5, \"scaleUpLimit\": {\"taskManagers\": 4}}")))
                .isEqualTo("l.json line 4 column 86: autoscaler.scaleUpLimit: missing field 'period'");
    }

    @Test
    void valuesTheModelRejectsAreNamedWhereTheyAre() {
        assertThat(failure(minimalWith(
                        "{\"type\": \"constant\", \"recordsPerSecond\": 100}",
                        "{\"type\": \"sine\", \"mean\": 100, \"amplitude\": 150, \"period\": \"1 h\"}")))
                .isEqualTo(
                        "l.json line 2 column 16: inputRate: SineWave.amplitude 150.0 must not exceed the mean 100.0:"
                                + " the rate would go below 0");
        assertThat(failure(minimalWith("\"target\": 0.7", "\"target\": -1")))
                .isEqualTo("l.json line 4 column 17: autoscaler: Hpa.target must be a finite number > 0, got -1.0");
        assertThat(failure(minimalWith(
                        "\"end\": \"1 h\",", "\"end\": \"1 h\", \"losses\": [{\"at\": \"2 h\", \"count\": 1}],")))
                .isEqualTo(
                        "l.json line 1 column 27: LoadScenario.losses[0] at 2 h is after the end, 1 h after the start");
        assertThat(failure(minimalWith("\"end\": \"1 h\",", "\"end\": \"1 h\", \"slotsPerTaskManager\": 0,")))
                .isEqualTo("l.json line 1 column 39: LoadScenario.slotsPerTaskManager must be >= 1, got 0");
        assertThat(failure(minimalWith("\"end\": \"1 h\",", "\"end\": \"1 h\", \"removal\": \"drain\",")))
                .isEqualTo("l.json line 1 column 27: removal: expected one of [stop, kill], got \"drain\"");
    }
}
