package io.github.slotwise.cli;

import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.Summary;
import io.github.slotwise.simulation.format.LoadScenarioJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator is a library: a plain Java run of the same files gives the figures the CLI prints,
 * with no CLI logic repeated (the checkpoint interval reaches the decider, and the cost-aware gate
 * the state world, inside the simulator).
 */
class JavaAndCliAgreeTest {
    @TempDir
    Path dir;

    @Test
    void aJavaRunAndTheCliGiveTheSameFiguresForTheSameFile() throws Exception {
        // the stateful spot day: periodic checkpoints (the policy's trigger delay) and state (the gate's world)
        Path file = dir.resolve("load.json");
        Files.writeString(file, LoadScenarioJson.write(LoadScenarioJson.readExample("spot-day-50gb-local")));
        // the last policy names its slot assigner: the simulator's config takes it the same way
        for (String policy :
                new String[] {"flink-2", "flink-2+cost-aware", "flink-1.20", "flink-2+optimal-state-locality"}) {
            SlotwiseCliTest.Run cli = run("simulate", file.toString(), "--policy", policy, "--json");
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            JsonNode summary = new ObjectMapper().readTree(cli.out()).get("summary");

            LoadScenario load = LoadScenarioJson.read(file);
            var result = new Simulator()
                    .run(
                            Scenarios.wordCount(Jobs.LOAD_JOB_PARALLELISM),
                            load,
                            Policies.byName(policy).decider(),
                            SimulationConfig.defaults().forPolicy(Policies.byName(policy)));
            Summary s = result.summary();
            LoadFigures l = result.load().orElseThrow();

            assertThat(summary.get("rescales").asInt()).as(policy).isEqualTo(s.rescales());
            assertThat(summary.get("failureRestarts").asInt()).as(policy).isEqualTo(s.failureRestarts());
            assertThat(summary.get("downtimeMs").asLong())
                    .as(policy)
                    .isEqualTo(s.downtime().toMillis());
            assertThat(summary.get("keyGroupsMoved").asLong()).as(policy).isEqualTo(s.keyGroupsMoved());
            assertThat(summary.get("peakKeyGroupSkew").get("skew").asDouble())
                    .as(policy)
                    .isEqualTo(s.peakSkew().orElseThrow().skew());
            assertThat(summary.get("stateBytesDownloaded").asLong()).as(policy).isEqualTo(s.stateBytesDownloaded());
            assertThat(summary.get("load").get("peakLag").asDouble()).as(policy).isEqualTo(l.peakBacklog());
            assertThat(summary.get("load").get("replayedRecords").asDouble())
                    .as(policy)
                    .isEqualTo(l.replayedRecords());
            JsonNode bottleneck = summary.get("load").get("bottleneck");
            assertThat(bottleneck.isNull() ? null : bottleneck.get("vertex").asText())
                    .as(policy)
                    .isEqualTo(
                            l.bottleneck().map(LoadFigures.Bottleneck::vertex).orElse(null));
            assertThat(new ObjectMapper()
                            .readTree(cli.out())
                            .at("/policy/assigner")
                            .asText())
                    .as(policy)
                    .isEqualTo(policy.endsWith("optimal-state-locality") ? "optimal-state-locality" : "flink-default");
            // and the decider the simulator ran is the policy's, by name
            assertThat(result.deciderName())
                    .isEqualTo(Policies.byName(policy).decider().name());
        }
    }
}
