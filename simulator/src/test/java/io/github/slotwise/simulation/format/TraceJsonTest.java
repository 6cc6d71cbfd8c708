package io.github.slotwise.simulation.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.simulation.ClusterTrace;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceJsonTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ClusterTrace parse(String json) {
        return TraceJson.parse("t.json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(String json) {
        try {
            parse(json);
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an InputException for " + json);
    }

    /** A trace with one event line; the event is on line 3, starting at column 5. */
    private static String withEvent(String event) {
        return "{\"end\": \"10 min\",\n  \"events\": [\n    " + event + "\n  ]\n}";
    }

    // ---- the examples ------------------------------------------------------------------------

    private static SimulationResult simulate(String example, RescalePolicy policy) {
        ClusterTrace trace = TraceJson.readExample(example);
        JobGraph wordCount = ScenarioReader.readBuiltIn().graph();
        RescalePolicy matching = trace.checkpointInterval()
                .map(i -> RescalePolicy.builder()
                        .from(policy)
                        .checkpointInterval(i)
                        .build())
                .orElse(policy);
        return new Simulator().run(wordCount, trace, new FlinkRescaleDecider(matching), SimulationConfig.defaults());
    }

    private static List<Long> rescaleSeconds(SimulationResult r) {
        return r.rescales().stream()
                .map(e -> Duration.between(T0, e.time()).getSeconds())
                .toList();
    }

    @Test
    void everyExampleParsesAndSimulatesWithReactiveModeAndFlink2() {
        for (String name : TraceJson.EXAMPLE_NAMES) {
            for (RescalePolicy policy : List.of(RescalePolicy.REACTIVE, RescalePolicy.FLINK_2)) {
                SimulationResult r = simulate(name, policy);
                assertThat(r.timeline()).as(name).isNotEmpty();
                assertThat(r.summary().firstStart()).as(name).isPresent();
            }
        }
    }

    @Test
    void startUpOneByOneRestartsOncePerTaskManagerOutsideTheCooldownInReactiveMode() {
        // TaskManagers at 0, 20 s, 45 s, 2 min, 4 min: the two inside the first cooldown make one
        // rescale after the 60 s executing stabilization (20 s + 60 s); each later one its own
        SimulationResult r = simulate("startup-one-by-one.json", RescalePolicy.REACTIVE);
        assertThat(rescaleSeconds(r)).containsExactly(0L, 80L, 180L, 300L);
        assertThat(r.summary().rescales()).isEqualTo(3);
        assertThat(r.summary().finalParallelism())
                .hasValueSatisfying(p -> assertThat(p.get("count")).isEqualTo(10));
    }

    @Test
    void sigkillScaleDownStallsFiftySecondsThenRestarts() {
        for (RescalePolicy policy : List.of(RescalePolicy.REACTIVE, RescalePolicy.FLINK_2)) {
            SimulationResult r = simulate("sigkill-scale-down.json", policy);
            assertThat(r.summary().stalledTime()).isEqualTo(Duration.ofSeconds(50));
            assertThat(r.summary().failureRestarts()).isEqualTo(1);
        }
        // Reactive Mode redeploys after the 1 s backoff; 2.x waits 10 s more for the submission
        // stabilization, as 4 of its 6 desired slots are only sufficient
        assertThat(rescaleSeconds(simulate("sigkill-scale-down.json", RescalePolicy.REACTIVE)))
                .containsExactly(0L, 351L);
        assertThat(rescaleSeconds(simulate("sigkill-scale-down.json", RescalePolicy.FLINK_2)))
                .containsExactly(0L, 361L);
    }

    @Test
    void autoscalerTraceShowsGracefulAndKilledScaleDownsAndATransientLoss() {
        SimulationResult r = simulate("autoscaler.json", RescalePolicy.REACTIVE);
        // With checkpoints every 30 s the trigger delay is 90 s, and Reactive Mode never has its desired
        // resources: a scale-up waits for the 60 s executing stabilization, then for the next
        // checkpoint. tm-3 (3 min) and tm-4 (4 min) make one rescale at 4 min 10 s, tm-5 (10 min) one
        // at 11 min 20 s. The graceful stop at 15 min and the kill noticed at 18 min 50 s each restart
        // the job after the 1 s backoff; tm-2's 30 s loss at 22 min is never noticed.
        assertThat(rescaleSeconds(r)).containsExactly(0L, 250L, 680L, 901L, 1131L);
        assertThat(r.summary().failureRestarts()).isEqualTo(2);
        assertThat(r.summary().stalledTime()).isEqualTo(Duration.ofSeconds(50 + 30));
    }

    // ---- round trips -----------------------------------------------------------------------------

    @Test
    void writeThenReadGivesTheSameTrace() {
        ClusterTrace everything = new ClusterTrace(
                        T0,
                        T0.plusSeconds(3600),
                        List.of(
                                new TraceEvent.TaskManagerJoined(T0, "tm \"quoted\"", 3),
                                new TraceEvent.TaskManagerKilled(T0.plusSeconds(60), "tm \"quoted\""),
                                new TraceEvent.CheckpointCompleted(T0.plusMillis(60_500)),
                                new TraceEvent.CheckpointFailed(T0.plusNanos(61_000_000_001L)),
                                new TraceEvent.RequirementsChanged(
                                        T0.plusSeconds(70),
                                        Map.of("count", new VertexBounds(2, 8), "sink", new VertexBounds(1, 1))),
                                new TraceEvent.TaskManagerJoined(T0.plusSeconds(80), "tm \"quoted\"", 1),
                                new TraceEvent.TaskManagerStopped(T0.plusSeconds(3600), "tm \"quoted\"")))
                .withCheckpointInterval(Duration.ofSeconds(30));
        assertThat(parse(TraceJson.write(everything))).isEqualTo(everything);
        ClusterTrace empty = new ClusterTrace(T0, T0, List.of());
        assertThat(TraceJson.write(empty))
                .isEqualTo("{\n  \"start\": \"2026-01-01T00:00:00Z\",\n  \"end\": \"0 s\",\n  \"events\": []\n}\n");
        assertThat(parse(TraceJson.write(empty))).isEqualTo(empty);
    }

    @Test
    void theExamplesAreWrittenTheWayTheWriterWritesThem() throws Exception {
        for (String name : TraceJson.EXAMPLE_NAMES) {
            String file;
            try (var in = TraceJson.class.getResourceAsStream(TraceJson.EXAMPLES + name)) {
                file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(TraceJson.write(TraceJson.readExample(name))).as(name).isEqualTo(file);
        }
    }

    @Test
    void durationsUseFlinksSyntaxAndTheStartDefaultsToTheEpoch() {
        ClusterTrace t = parse("{\"end\": \"10 min\", \"checkpointInterval\": \"30000\", \"events\": ["
                + "{\"at\": 1500, \"type\": \"join\", \"taskManager\": \"a\", \"slots\": 1},"
                + "{\"at\": \"PT1M\", \"type\": \"checkpoint-failed\"},"
                + "{\"at\": \"90 seconds\", \"type\": \"checkpoint-completed\"},"
                + "{\"at\": \"2min\", \"type\": \"requirements\", \"bounds\": {\"v\": {\"upperBound\": 3}}}]}");
        assertThat(t.start()).isEqualTo(Instant.EPOCH);
        assertThat(t.end()).isEqualTo(Instant.EPOCH.plusSeconds(600));
        assertThat(t.checkpointInterval()).contains(Duration.ofSeconds(30)); // digits alone are milliseconds
        assertThat(t.events())
                .containsExactly(
                        new TraceEvent.TaskManagerJoined(Instant.EPOCH.plusMillis(1500), "a", 1),
                        new TraceEvent.CheckpointFailed(Instant.EPOCH.plusSeconds(60)),
                        new TraceEvent.CheckpointCompleted(Instant.EPOCH.plusSeconds(90)),
                        new TraceEvent.RequirementsChanged(
                                Instant.EPOCH.plusSeconds(120), Map.of("v", new VertexBounds(1, 3))));
        assertThat(parse("{\"end\": \"0 s\", \"events\": null}").events()).isEmpty();
    }

    @Test
    void durationsAreWrittenInTheirHighestExactUnit() {
        assertThat(TraceJson.format(Duration.ZERO)).isEqualTo("0 s");
        assertThat(TraceJson.format(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(TraceJson.format(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(TraceJson.format(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(TraceJson.format(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(TraceJson.format(Duration.ofDays(3))).isEqualTo("3 d");
        assertThat(TraceJson.format(Duration.ofMillis(1500))).isEqualTo("1500 ms");
        assertThat(TraceJson.format(Duration.ofNanos(2000))).isEqualTo("2 \u00b5s");
        assertThat(TraceJson.format(Duration.ofNanos(61_000_000_001L))).isEqualTo("61000000001 ns");
        assertThat(TraceJson.format(Duration.ofSeconds(Long.MAX_VALUE, 5)))
                .isEqualTo("PT2562047788015215H30M7.000000005S");
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Test
    void unknownFieldsAreRejectedWithTheirPlace() {
        assertThat(failure(withEvent("{\"at\": \"PT0S\", \"type\": \"join\", \"taskManager\": \"a\", \"slot\": 1}")))
                .isEqualTo("t.json line 3 column 66: unknown field 'slot' in events[0] (known fields: at, bounds,"
                        + " slots, taskManager, type)");
        assertThat(failure("{\"end\": \"PT1M\", \"description\": \"x\"}"))
                .startsWith("t.json line 1 column 36: unknown field 'description' (known fields:");
    }

    @Test
    void badDurationsAndTimesNameTheFieldAndValue() {
        assertThat(failure(withEvent("{\"at\": \"30 x\", \"type\": \"kill\", \"taskManager\": \"a\"}")))
                .startsWith("t.json line 3 column 12: events[0].at: cannot parse '30 x' as a duration such as '30 s',"
                        + " '5 min' or '100 ms': unknown time unit 'x'; closest: d, h, m");
        assertThat(failure("{\"end\": \"-PT1M\"}"))
                .isEqualTo("t.json line 1 column 9: end: cannot parse '-PT1M' as a duration such as '30 s', '5 min'"
                        + " or '100 ms': negative durations are not supported");
        assertThat(failure("{\"end\": \"-5 s\"}"))
                .endsWith("(Flink's duration syntax has no sign: durations are never negative)");
        assertThat(failure("{\"end\": -5}"))
                .isEqualTo("t.json line 1 column 9: end: a duration must not be negative, got -5");
        assertThat(failure("{\"end\": 1.5}"))
                .startsWith("t.json line 1 column 9: end: expected a duration")
                .endsWith("got 1.5");
        assertThat(failure("{\"end\": true}")).endsWith("got true");
        assertThat(failure("{\"start\": \"yesterday\", \"end\": \"PT1M\"}"))
                .isEqualTo("t.json line 1 column 11: start: expected an ISO-8601 instant such as"
                        + " \"2026-01-01T00:00:00Z\", got \"yesterday\"");
        assertThat(failure("{\"checkpointInterval\": \"0 s\", \"end\": \"1 min\"}"))
                .isEqualTo("t.json line 1 column 24: ClusterTrace.checkpointInterval must be positive, got 0 ms");
    }

    @Test
    void typesAndFieldsPerTypeAreChecked() {
        assertThat(failure(withEvent("{\"at\": \"PT0S\", \"type\": \"joined\"}")))
                .isEqualTo("t.json line 3 column 28: events[0].type: expected one of [join, stop, kill,"
                        + " checkpoint-completed, checkpoint-failed, requirements], got \"joined\"");
        assertThat(failure(withEvent("{\"at\": \"PT0S\", \"type\": \"kill\", \"taskManager\": \"a\", \"slots\": 2}")))
                .isEqualTo("t.json line 3 column 65: events[0].slots: not allowed in a 'kill' event (its fields:"
                        + " at, type, taskManager)");
        assertThat(failure(withEvent("{\"at\": \"PT0S\", \"type\": \"join\", \"taskManager\": \"a\"}")))
                .isEqualTo("t.json line 3 column 5: events[0]: missing field 'slots' for a 'join' event");
        assertThat(failure(withEvent("{\"type\": \"checkpoint-failed\"}")))
                .isEqualTo("t.json line 3 column 5: events[0]: missing field 'at'");
        assertThat(failure(withEvent("{\"at\": 0, \"type\": \"join\", \"taskManager\": \"a\", \"slots\": 0}")))
                .isEqualTo("t.json line 3 column 5: events[0]: TaskManagerJoined.slots must be >= 1, got 0");
        assertThat(
                        failure(
                                withEvent(
                                        "{\"at\": 0, \"type\": \"requirements\", \"bounds\": {\"v\": {\"lowerBound\": 3, \"upperBound\": 2}}}")))
                .isEqualTo("t.json line 3 column 55: events[0].bounds.v: lowerBound 3 > upperBound 2");
        assertThat(failure(withEvent("{\"at\": 0, \"type\": \"requirements\", \"bounds\": {}}")))
                .isEqualTo("t.json line 3 column 5: events[0]: RequirementsChanged.bounds must name at least one"
                        + " vertex");
        assertThat(failure(withEvent("{\"at\": 0, \"type\": \"join\", \"taskManager\": \"a\", \"slots\": \"2\"}")))
                .isEqualTo("t.json line 3 column 60: events[0].slots: expected an integer, got \"2\"");
        assertThat(failure("{}")).isEqualTo("t.json: missing field 'end'");
        assertThat(failure("")).isEqualTo("t.json: the file is empty, expected a JSON object");
    }

    @Test
    void wholeTraceChecksPointAtTheEvent() {
        String json = "{\"end\": \"PT1M\", \"events\": [\n"
                + "  {\"at\": 0, \"type\": \"join\", \"taskManager\": \"a\", \"slots\": 1},\n"
                + "  {\"at\": 5, \"type\": \"join\", \"taskManager\": \"a\", \"slots\": 1}\n"
                + "]}";
        assertThat(failure(json))
                .isEqualTo("t.json line 3 column 3: events[1] (join of 'a' (1 slot) at 5 ms): TaskManager 'a' joins but"
                        + " is already present (it joined at events[0])");
        assertThat(failure(withEvent("{\"at\": \"PT11M\", \"type\": \"checkpoint-completed\"}")))
                .isEqualTo("t.json line 3 column 5: events[0] (checkpoint-completed at 11 min): after the end, 10 min"
                        + " after the start");
        assertThat(failure(withEvent("{\"at\": \"PT1M\", \"type\": \"stop\", \"taskManager\": \"a\"}")))
                .endsWith("TaskManager 'a' is not present")
                .startsWith("t.json line 3 column 5: events[0] (stop of 'a' at 1 min)");
    }

    @Test
    void filesAreReadOrRejectedByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.json");
        Files.writeString(file, TraceJson.write(TraceJson.readExample("sigkill-scale-down.json")));
        assertThat(TraceJson.read(file)).isEqualTo(TraceJson.readExample("sigkill-scale-down.json"));
        assertThatThrownBy(() -> TraceJson.read(dir.resolve("nope.json")))
                .isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("nope.json") + ": no such file");
        assertThatThrownBy(() -> TraceJson.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessage(dir + ": is a directory, not a trace file");
    }
}
