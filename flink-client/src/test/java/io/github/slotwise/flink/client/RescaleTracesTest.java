package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.TraceEvent;
import io.github.slotwise.simulation.format.InputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RescaleTracesTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "bring-your-cluster");
    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String G = "11111111111111111111111111111111";

    private static JobImport.Result job() {
        JobDetails details = new JobDetails(
                "0123456789abcdef0123456789abcdef",
                "j",
                "RUNNING",
                "STREAMING",
                "Adaptive",
                -1,
                0,
                List.of(
                        new JobDetails.Vertex(A, G, "source", 128, 2, "RUNNING"),
                        new JobDetails.Vertex(B, G, "window", 128, 2, "RUNNING")),
                new JobPlan.Plan(
                        "0123456789abcdef0123456789abcdef",
                        "j",
                        "STREAMING",
                        List.of(
                                new JobPlan.Node(A, 2, "", "", "source", List.of()),
                                new JobPlan.Node(
                                        B,
                                        2,
                                        "",
                                        "",
                                        "window",
                                        List.of(new JobPlan.Input(0, A, "HASH", null, null, "pipelined_bounded"))))));
        return JobImport.toScenario(details, Optional.empty(), Optional.empty(), JobImport.Options.defaults());
    }

    private static RescaleDetails rescale(
            String cause, long start, String state, Integer lower, Integer upper, Integer parallelism) {
        Map<String, RescaleDetails.VertexRescale> vertices = new LinkedHashMap<>();
        for (String v : List.of(A, B)) {
            vertices.put(v, new RescaleDetails.VertexRescale(v, v, G, "default", upper, lower, null, parallelism));
        }
        Map<String, RescaleDetails.SlotSharingGroupRescale> slots =
                Map.of(G, new RescaleDetails.SlotSharingGroupRescale(G, "default", upper, lower, null, parallelism));
        return new RescaleDetails(
                Long.toHexString(start)
                        + "0".repeat(32 - Long.toHexString(start).length()),
                "r",
                1,
                vertices,
                slots,
                List.of(new RescaleDetails.SchedulerStateSpan("Executing", start + 500, start + 500, 0L, null)),
                start,
                start + 500,
                state,
                cause,
                state == null ? null : "SUCCEEDED");
    }

    @Test
    void rebuildsTheClusterFromTheSlotsEachRescaleUsed() {
        List<RescaleDetails> newestFirst = new ArrayList<>(List.of(
                rescale("INITIAL_SCHEDULE", 1_000, "COMPLETED", 1, 4, 2),
                rescale("NEW_RESOURCE_AVAILABLE", 11_000, "COMPLETED", 1, 4, 4),
                rescale("RECOVERABLE_FAILOVER", 21_000, "COMPLETED", 1, 4, 3),
                rescale("RECOVERABLE_FAILOVER", 31_000, "COMPLETED", 1, 4, 3),
                rescale("UPDATE_REQUIREMENT", 41_000, "COMPLETED", 1, 2, 2),
                rescale("NEW_RESOURCE_AVAILABLE", 51_000, null, 1, 2, null)));
        java.util.Collections.reverse(newestFirst);
        RescaleTraces.Converted c = RescaleTraces.convert(
                new RescaleHistory(newestFirst), job().scenario().graph(), 2, Optional.empty(), Duration.ofMinutes(1));

        assertThat(c.trace().start()).isEqualTo(java.time.Instant.ofEpochMilli(1_000));
        assertThat(c.trace().events())
                .extracting(RescaleTracesTest::describe)
                .containsExactly(
                        "0 join tm-1 2",
                        "10000 join tm-2 2",
                        // 4 -> 3 slots: tm-2 (2) goes, 1 slot comes back
                        "20000 stop tm-2",
                        "20000 join tm-3 1",
                        // a failover without lost slots: the first TaskManager is replaced
                        "30000 stop tm-1",
                        "30000 join tm-4 2",
                        "40000 requirements {" + A + "=1..2, " + B + "=1..2}");
        assertThat(c.flinkRescales())
                .extracting(
                        RescaleTraces.FlinkRescale::triggerCause,
                        f -> f.parallelism().get(B),
                        RescaleTraces.FlinkRescale::slots)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("INITIAL_SCHEDULE", 2, 2),
                        org.assertj.core.groups.Tuple.tuple("NEW_RESOURCE_AVAILABLE", 4, 4),
                        org.assertj.core.groups.Tuple.tuple("RECOVERABLE_FAILOVER", 3, 3),
                        org.assertj.core.groups.Tuple.tuple("RECOVERABLE_FAILOVER", 3, 3),
                        org.assertj.core.groups.Tuple.tuple("UPDATE_REQUIREMENT", 2, 2));
        assertThat(c.flinkRescales().get(1).executingAt()).isEqualTo(Duration.ofMillis(10_500));
        assertThat(c.skipped()).containsExactly("+50.000 s NEW_RESOURCE_AVAILABLE in progress: not compared");
        assertThat(c.graph().vertex(B).upperBound())
                .as("the oldest rescale's desired parallelism")
                .isEqualTo(4);
        assertThat(c.trace().end()).isEqualTo(java.time.Instant.ofEpochMilli(51_000 + 500 + 60_000));
    }

    private static String describe(TraceEvent e) {
        long at = e.time().toEpochMilli() - 1_000;
        if (e instanceof TraceEvent.TaskManagerJoined j) {
            return at + " join " + j.taskManagerId() + " " + j.slots();
        } else if (e instanceof TraceEvent.TaskManagerStopped s) {
            return at + " stop " + s.taskManagerId();
        } else if (e instanceof TraceEvent.RequirementsChanged r) {
            Map<String, String> b = new LinkedHashMap<>();
            r.bounds().forEach((id, vb) -> b.put(id, vb.lowerBound() + ".." + vb.upperBound()));
            return at + " requirements " + b;
        }
        return e.toString();
    }

    @Test
    void aHistoryOfAnotherJobIsRejected() {
        RescaleDetails foreign = new RescaleDetails(
                "x",
                "r",
                1,
                Map.of(
                        "cccccccccccccccccccccccccccccccc",
                        new RescaleDetails.VertexRescale(
                                "cccccccccccccccccccccccccccccccc", "c", G, "default", 1, 1, null, 1)),
                Map.of(),
                List.of(),
                5L,
                6L,
                "COMPLETED",
                "INITIAL_SCHEDULE",
                "SUCCEEDED");
        assertThatThrownBy(() -> RescaleTraces.convert(
                        new RescaleHistory(List.of(foreign)),
                        job().scenario().graph(),
                        1,
                        Optional.empty(),
                        Duration.ZERO))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("names vertex cccccccccccccccccccccccccccccccc, which the job does not have");
        assertThatThrownBy(() -> RescaleTraces.convert(
                        new RescaleHistory(List.of()), job().scenario().graph(), 1, Optional.empty(), Duration.ZERO))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("the rescale history is empty");
    }

    @Test
    void theSavedMiniClusterRunReplaysAlike() {
        FlinkDocuments docs = FlinkDocuments.read(
                EXAMPLE.resolve("details.json"),
                Optional.of(EXAMPLE.resolve("requirements.json")),
                Optional.of(EXAMPLE.resolve("taskmanagers.json")),
                Optional.of(EXAMPLE.resolve("history.json")));
        JobImport.Result imported = JobImport.toScenario(
                docs.details(), docs.requirements(), docs.taskManagers(), JobImport.Options.defaults());
        RescaleTraces.Converted c = RescaleTraces.convert(
                docs.history().orElseThrow(),
                imported.scenario().graph(),
                1,
                Optional.of(Duration.ofSeconds(1)),
                Duration.ofMinutes(5));
        io.github.slotwise.flink.config.FlinkSettings settings =
                io.github.slotwise.flink.config.FlinkSettings.of("test", RescaleHistoryMiniClusterTest.configuration());
        Replay.Result replay = Replay.run(
                c,
                new FlinkRescaleDecider(settings.policy()),
                SimulationConfig.defaults()
                        .withHeartbeatTimeout(settings.heartbeatTimeout())
                        .withRestartCost(RescaleHistoryMiniClusterTest.RESTART_COST));
        assertThat(replay.agreements()).isEqualTo(6);
        assertThat(replay.rows()).hasSize(6);
    }
}
