package io.github.slotwise.simulation.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.simulation.Autoscaler;
import io.github.slotwise.simulation.CapacityModel;
import io.github.slotwise.simulation.InputRate;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.LoadScenario.Removal;
import io.github.slotwise.simulation.StateModel;
import io.github.slotwise.simulation.family.Distribution.Choice;
import io.github.slotwise.simulation.family.Distribution.Fixed;
import io.github.slotwise.simulation.family.Distribution.Normal;
import io.github.slotwise.simulation.family.Distribution.Uniform;
import io.github.slotwise.simulation.family.ScenarioFamily;
import io.github.slotwise.simulation.family.Variation;
import io.github.slotwise.simulation.family.Variation.LossProcess;
import io.github.slotwise.simulation.family.Variation.Noise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code vary} object of load scenario files: docs/trace-format.md's example and its errors. */
class FamilyJsonTest {
    private static final String MARKER = "<!-- checked by FamilyJsonTest";

    @Test
    void theDocumentedExampleReadsAsTheFamilyBuiltInJava() throws IOException {
        String example = documentedExample();
        ScenarioFamily read = LoadScenarioJson.parseFamily("example", example.getBytes(StandardCharsets.UTF_8));
        Instant start = Instant.EPOCH;
        LoadScenario base = LoadScenario.builder()
                .start(start)
                .end(start.plus(Duration.ofDays(1)))
                .initialTaskManagers(3)
                .slotsPerTaskManager(2)
                .inputRate(new InputRate.SineWave(6000, 2000, Duration.ofDays(1), Duration.ofHours(18)))
                .capacity(CapacityModel.byRole(1000, 2500, 4000))
                .autoscaler(Autoscaler.hpa(0.7, 2, 15))
                .checkpointInterval(Duration.ofMinutes(1))
                .state(new StateModel(
                        new KeyedState(0, Map.of("count", 50_000_000_000L)),
                        RestoreModel.DEFAULT.withLocalRecovery(true)))
                .build();
        Variation variation = Variation.builder()
                .rateMean(new Uniform(5000, 7000))
                .rateAmplitude(new Normal(2000, 500, 1000, 3000))
                .ratePhaseSeconds(new Uniform(0, 86_400))
                .noise(new Noise(new Uniform(0, 0.1), Duration.ofMinutes(5)))
                .addLosses(new LossProcess(new Uniform(3, 7), new Choice(List.of(1.0, 2.0, 3.0)), Removal.KILL))
                .addLosses(new LossProcess(new Fixed(2), new Fixed(1), Removal.STOP))
                .provisioningDelaySeconds(new Uniform(20, 60))
                .putStateBytes("count", new Uniform(20e9, 80e9))
                .build();
        assertThat(read).isEqualTo(new ScenarioFamily(base, variation, 7));
        // the base is what plain reading gives: simulate and compare run it
        assertThat(LoadScenarioJson.parse("example", example.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(base);
        assertThat(read.sample(3).losses()).anyMatch(l -> l.removal() == Removal.STOP);
    }

    @Test
    void aFileWithoutVaryIsAFamilyOfItsOneDay() {
        ScenarioFamily f = LoadScenarioJson.parseFamily("x", bytes(base("")));
        assertThat(f.variation().isEmpty()).isTrue();
        assertThat(f.sample(5)).isEqualTo(f.base());
    }

    @Test
    void errorsNameTheFieldAndTheValue() {
        assertThat(error("\"vary\": {\"inputRate\": {\"mean\": {\"type\": \"gamma\"}}}"))
                .isEqualTo("x line 1 column 218: vary.inputRate.mean.type: expected one of [uniform, normal,"
                        + " choice], got \"gamma\"");
        assertThat(error("\"vary\": {\"inputRate\": {\"mean\": {\"type\": \"uniform\", \"min\": 1}}}"))
                .isEqualTo("x line 1 column 209: vary.inputRate.mean: missing field 'max' for a 'uniform'"
                        + " distribution");
        assertThat(error("\"vary\": {\"inputRate\": {\"mean\": {\"type\": \"uniform\", \"min\": 1, \"max\": 2,"
                        + " \"mode\": 1}}}"))
                .isEqualTo("x line 1 column 257: vary.inputRate.mean.mode: not allowed in a 'uniform' distribution"
                        + " (its fields: type, min, max)");
        assertThat(
                        error(
                                "\"vary\": {\"inputRate\": {\"phase\": {\"type\": \"uniform\", \"min\": \"0 s\", \"max\": \"1 x\"}}}"))
                .startsWith("x line 1 column 251: vary.inputRate.phase.max: cannot parse '1 x' as a duration");
        assertThat(error("\"vary\": {\"inputRate\": {\"mean\": \"many\"}}"))
                .isEqualTo("x line 1 column 209: vary.inputRate.mean: expected a number or a distribution object"
                        + " such as {\"type\": \"uniform\", \"min\": 1, \"max\": 3}, got \"many\"");
        assertThat(
                        error(
                                "\"vary\": {\"inputRate\": {\"amplitude\": {\"type\": \"uniform\", \"min\": 0, \"max\": 200}}}"))
                .isEqualTo("x line 1 column 186: vary: ScenarioFamily: inputRate.amplitude up to 200.0 may exceed the"
                        + " mean down to 100.0: the rate would go below 0");
        assertThat(error("\"vary\": {\"losses\": []}"))
                .isEqualTo("x line 1 column 197: vary.losses: must not be empty (leave it out to keep the scripted"
                        + " losses)");
        assertThat(error("\"vary\": {\"losses\": [{\"perDay\": 1, \"count\": 0.5}]}"))
                .startsWith("x line 1 column 198: vary.losses[0]: LossProcess.count must be whole numbers between 1");
        assertThat(error("\"vary\": {\"seeds\": 1}")).startsWith("x line 1 column 198: unknown field 'seeds' in vary");
        // found by the file fuzz: an explicit null is a missing field, not an internal error
        assertThat(error("\"vary\": {\"losses\": [{\"perDay\": null}]}"))
                .isEqualTo("x line 1 column 198: vary.losses[0]: missing field 'perDay'");
        assertThat(error("\"vary\": {\"inputRate\": {\"noise\": {\"relative\": null, \"every\": \"5 min\"}}}"))
                .endsWith("vary.inputRate.noise: missing field 'relative'");
        // and a duration in milliseconds beyond the simulator's limit is rejected, not an overflow
        assertThat(error("\"vary\": {\"provisioningDelay\": {\"type\": \"uniform\", \"min\": 0, \"max\":"
                        + " 4611686018427387903}}"))
                .endsWith("vary.provisioningDelay.max must be at most 36500 d (100 years), got 4611686018427387903 ms");
        assertThat(error("\"vary\": {\"state\": {\"perVertex\": {\"count\": 5}}}"))
                .endsWith("vary: ScenarioFamily: varying state needs a base with state (and a checkpointInterval)");
    }

    private static String error(String vary) {
        try {
            LoadScenarioJson.parseFamily("x", bytes(base(vary)));
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + vary);
    }

    private static String base(String vary) {
        return "{\"end\": \"1 h\", \"inputRate\": {\"type\": \"sine\", \"mean\": 100, \"amplitude\": 50, \"period\":"
                + " \"1 h\"}, \"capacity\": {\"perSubtask\": 10}, \"autoscaler\": {\"type\": \"fixed\","
                + " \"taskManagers\": 2}" + (vary.isEmpty() ? "" : ", " + vary) + "}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The json block after the marker in docs/trace-format.md. */
    static String documentedExample() throws IOException {
        Path doc = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("docs/trace-format.md"))) {
                doc = d.resolve("docs/trace-format.md");
                break;
            }
        }
        assertThat(doc)
                .as("docs/trace-format.md above " + Path.of("").toAbsolutePath())
                .isNotNull();
        List<String> lines = Files.readAllLines(doc);
        int marker = 0;
        while (!lines.get(marker).startsWith(MARKER)) {
            marker++;
        }
        assertThat(lines.get(marker + 1)).isEqualTo("```json");
        int end = marker + 2;
        while (!lines.get(end).equals("```")) {
            end++;
        }
        return String.join("\n", lines.subList(marker + 2, end));
    }
}
