package io.github.slotwise.cli;

import static io.github.slotwise.cli.BadInputAssert.assertBadInput;
import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static io.github.slotwise.cli.SlotwiseCliTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.slotwise.cli.SlotwiseCliTest.Run;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.Summary;
import io.github.slotwise.simulation.format.ScenarioReader;
import io.github.slotwise.simulation.format.TraceJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    /** One TaskManager of 2 slots for a minute, then a second one for 30 s. */
    static final String TWO_STEPS =
            """
            {"end": "90 s",
             "events": [
               {"at": "0 s", "type": "join", "taskManager": "tm-1", "slots": 2},
               {"at": "1 min", "type": "join", "taskManager": "tm-2", "slots": 2}
             ]}
            """;

    @TempDir
    Path dir;

    // Reactive Mode waits for no stabilization: the job starts at 0 on 2 slots (every vertex at 2)
    // and, when tm-2 joins at 1 min, waits the 60 s executing stabilization of Flink 2.x, which the
    // trace's end at 90 s cuts off; so 1 deployment, 0 rescales.
    // Slot-seconds: used 2 x 90 = 180, available 2 x 60 + 4 x 30 = 240, 75 %.
    // Downtime: the 10 s restart cost of the first deployment. count: 128 / 2 = 64 each, skew 1.
    @Test
    void aSmallTraceByHand() throws Exception {
        Path trace = write(dir, "two-steps.json", TWO_STEPS);

        Run r = run("simulate", trace.toString(), "--policy", "reactive");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Simulation: " + trace,
                        "scenario: cluster trace " + trace,
                        "job: built-in word count (wordcount.json): source, tokenize, count, sink",
                        "trace: 1 min 30 s, 2 event(s), no periodic checkpoints",
                        "policy: reactive (Flink 2.x Reactive Mode: every vertex up to its maxParallelism, waits for"
                                + " slots forever)",
                        "simulator: heartbeat timeout 50 s, restart cost 10 s, assigner flink-default",
                        "Timeline (parallelism: source/tokenize/count/sink; moved: key groups that changed slot;"
                                + " all 4 entries):",
                        "time slots parallelism decision reason moved event | why",
                        "Summary:",
                        "deployments: 1, the first at 0:00:00",
                        "rescales: 0",
                        "restarts after failures: 0",
                        "restart downtime: 10 s",
                        "downtime: 10 s (restarting 10 s, stalled 0 s, not deployed 0 s)",
                        "slot-seconds: 180 used of 240 available (75.0 %)",
                        "peak key-group skew: 1.0000 (count at parallelism 2 of 128 key groups, from 0:00:00)",
                        "key groups moved: 0",
                        "time to desired parallelism: not reached",
                        "final parallelism: 2/2/2/2",
                        "final scheduler state: EXECUTING");
        assertThat(r.outLines())
                .anyMatch(l -> l.startsWith("0:00:00 2 2/2/2/2 RESCALE "))
                .anyMatch(l -> l.startsWith("0:01:00 4 2/2/2/2 WAIT "));
    }

    // The example trace startup-one-by-one, with Flink 2.x: the job starts at 10 s on 2 slots
    // (10 s submission stabilization), tm-2 joins in the 30 s cooldown, and tm-3 at 45 s makes the
    // desired 6 slots: rescale to 4/4/6/2, processing from 55 s. Slots available: 2 x 20 + 4 x 25
    // + 6 x 75 + 8 x 120 + 10 x 120 = 2750; used: 2 x 35 + 6 x 315 = 1960. count at 6: 22 / (128 / 6).
    @Test
    void theExampleStartupTraceWithTheDefaultPolicy() {
        Run r = run("simulate", "--scenario", "trace/startup-one-by-one");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Simulation: trace/startup-one-by-one",
                        "policy: flink-2 (Flink 2.x: 30 s cooldown, 60 s executing stabilization, rescale on"
                                + " checkpoints)",
                        "deployments: 2, the first at 0:00:10",
                        "rescales: 1",
                        "restarts after failures: 0",
                        "restart downtime: 20 s",
                        "slot-seconds: 1960 used of 2750 available (71.3 %)",
                        "peak key-group skew: 1.0313 (count at parallelism 6 of 128 key groups, from 0:00:45)",
                        "time to desired parallelism: 55 s",
                        "final parallelism: 4/4/6/2");
        assertThat(r.outLines())
                .anyMatch(l -> l.startsWith("0:00:10 2 2/2/2/2 RESCALE RESOURCES_STABILIZED - "))
                .anyMatch(l -> l.startsWith("0:00:45 6 4/4/6/2 RESCALE "));
        assertThat(r.out()).doesNotContain("\u001b").matches("\\p{ASCII}*");
        assertThat(run("simulate", "--scenario", "trace/startup-one-by-one").out())
                .isEqualTo(r.out());
    }

    // sigkill-scale-down: tm-3 is killed at 5 min; the job is stalled until the 50 s heartbeat
    // timeout, stops at 5:50, waits 1 s backoff and 10 s stabilization, restarts at 6:01 on 4 slots.
    // Used: 6 x 350 + 4 x (480 - 361) = 2576; available: 6 x 350 + 4 x 130 = 2620.
    @Test
    void theHeartbeatStallIsDowntime() {
        Run r = run("simulate", "--scenario", "trace/sigkill-scale-down");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .contains(
                        "trace: 8 min, 4 event(s), a checkpoint every 30 s (also the policy's interval)",
                        "rescales: 0",
                        "restarts after failures: 1",
                        "downtime: 1 min 21 s (restarting 20 s, stalled 50 s, not deployed 11 s)",
                        "slot-seconds: 2576 used of 2620 available (98.3 %)",
                        "final parallelism: 4/4/4/2");
        assertThat(r.outLines())
                .anyMatch(l -> l.startsWith("0:05:00 6 4/4/6/2 - - - TaskManager 'tm-3' killed"))
                .anyMatch(l -> l.startsWith("0:05:50 4 - STOP TASKS_LOST - "))
                .anyMatch(l -> l.startsWith("0:06:01 4 4/4/4/2 RESCALE RESOURCES_STABILIZED "));
    }

    // The default: the blog post's day under Flink 2.x. The figures are those docs/trace-format.md
    // reports for it (and core's ScenariosTest checks).
    @Test
    void theDefaultIsTheBlogPostsDay() {
        Run r = run("simulate");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Simulation: reactive-blog-day",
                        "job: built-in word count, configured parallelism 30: source, count, sink",
                        "load: 1 d, TaskManagers of 2 slot(s), 1 at the start, an HPA for 1 to 15 TaskManagers,"
                                + " removal kill, 0 scripted loss(es), no periodic checkpoints",
                        "policy: flink-2 (Flink 2.x: 30 s cooldown, 60 s executing stabilization, rescale on"
                                + " checkpoints)",
                        "rescales: 12",
                        "restarts after failures: 12",
                        "downtime: 16 min 22 s (restarting 4 min 10 s, stalled 10 min, not deployed 2 min 12 s)",
                        "peak lag: 279212 records at 4:13:11",
                        "lag-seconds: 2.13e8 record-seconds",
                        "TaskManager-hours: 62.13",
                        "autoscaler changes: 12 up, 12 down");
    }

    // A load file by hand: 2 TaskManagers of 2 slots, a constant 1000 records/s, 500 per subtask.
    // Reactive Mode starts at once on 4 slots, 4/4/4 (128 key groups: 32 each), 2000 records/s,
    // processing from 10 s: the backlog grows 1000/s to 10 000 at 10 s and drains by 20 s; its
    // integral is the triangle 20 s x 10 000 / 2 = 100 000 record-seconds. TM-hours: 2 x 10 min.
    @Test
    void aLoadScenarioFileByHand() throws Exception {
        Path load = write(dir, "load.json", LOAD);

        Run r = run("simulate", load.toString(), "--policy", "reactive");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Simulation: " + load,
                        "scenario: load scenario " + load,
                        "job: built-in word count, configured parallelism 30: source, count, sink",
                        "load: 10 min, TaskManagers of 2 slot(s), 2 at the start, a fixed 2 TaskManager(s), removal"
                                + " stop, 0 scripted loss(es), no periodic checkpoints",
                        "deployments: 1, the first at 0:00:00",
                        "slot-seconds: 2400 used of 2400 available (100.0 %)",
                        "final parallelism: 4/4/4",
                        "peak lag: 10000 records at 0:00:10",
                        "lag-seconds: 1.00e5 record-seconds",
                        "final lag: 0 records",
                        "TaskManager-hours: 0.33",
                        "peak TaskManagers: 2",
                        "autoscaler changes: 0 up, 0 down");

        JsonNode doc = run("simulate", load.toString(), "--policy", "reactive", "--json")
                .json();
        assertThat(doc.at("/input/kind").asText()).isEqualTo("load");
        assertThat(doc.at("/summary/load/peakLag").asDouble()).isEqualTo(10_000.0);
        assertThat(doc.at("/summary/load/peakLagOffsetMs").asLong()).isEqualTo(10_000);
        assertThat(doc.at("/summary/load/lagSeconds").asDouble()).isEqualTo(100_000.0);
        assertThat(doc.at("/summary/load/taskManagerHours").asDouble()).isEqualTo(2 * 10 / 60.0);
    }

    /** The load file of {@link #aLoadScenarioFileByHand}. */
    static final String LOAD =
            """
            {"end": "10 min", "initialTaskManagers": 2, "slotsPerTaskManager": 2,
             "inputRate": {"type": "constant", "recordsPerSecond": 1000},
             "capacity": {"perSubtask": 500},
             "autoscaler": {"type": "fixed", "taskManagers": 2}}
            """;

    @Test
    void repeatsAreLeftOutUnlessTheFullTimelineIsAsked() {
        Run r = run("simulate", "--scenario", "trace/autoscaler");
        Run full = run("simulate", "--scenario", "trace/autoscaler", "--full-timeline");

        assertThat(r.out()).contains("repeats left out: --full-timeline shows all");
        long periodic = full.outLines().stream()
                .filter(l -> l.contains("periodic checkpoint completed | running at"))
                .count();
        assertThat(periodic).isGreaterThan(30);
        assertThat(r.outLines().stream().filter(l -> l.contains("periodic checkpoint completed | running at")))
                .hasSizeLessThan(5);
        assertThat(full.out()).contains("all ").doesNotContain("repeats left out");
    }

    @Test
    void jsonHasEveryEntryAndTheSimulatorsFigures() throws Exception {
        Run r = run("simulate", "--scenario", "trace/sigkill-scale-down", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode doc = r.json();

        // the same run through the core, independently of the cli's code
        SimulationResult expected = new Simulator()
                .run(
                        ScenarioReader.readBuiltIn().graph(),
                        TraceJson.readExample("sigkill-scale-down.json"),
                        // Flink 2.x with the trace's 30 s checkpoint interval, as the cli sets it
                        new FlinkRescaleDecider(RescalePolicy.builder()
                                .from(RescalePolicy.FLINK_2)
                                .checkpointInterval(Duration.ofSeconds(30))
                                .build()),
                        SimulationConfig.defaults());
        Summary s = expected.summary();
        assertThat(doc.at("/input/name").asText()).isEqualTo("trace/sigkill-scale-down");
        assertThat(doc.at("/input/kind").asText()).isEqualTo("trace");
        assertThat(doc.at("/input/checkpointIntervalMs").asLong()).isEqualTo(30_000);
        assertThat(doc.at("/input/durationMs").asLong()).isEqualTo(480_000);
        assertThat(doc.at("/policy/name").asText()).isEqualTo("flink-2");
        assertThat(doc.at("/policy/decider").asText()).isEqualTo(expected.deciderName());
        assertThat(doc.get("timeline")).hasSize(expected.timeline().size());
        JsonNode summary = doc.get("summary");
        assertThat(summary.get("deployments").asInt())
                .isEqualTo(s.deployments())
                .isEqualTo(2);
        assertThat(summary.get("rescales").asInt()).isEqualTo(s.rescales()).isZero();
        assertThat(summary.get("failureRestarts").asInt())
                .isEqualTo(s.failureRestarts())
                .isEqualTo(1);
        assertThat(summary.get("restartDowntimeMs").asLong()).isEqualTo(20_000);
        assertThat(summary.get("stalledMs").asLong()).isEqualTo(50_000);
        assertThat(summary.get("notDeployedMs").asLong()).isEqualTo(11_000);
        assertThat(summary.get("downtimeMs").asLong()).isEqualTo(s.downtime().toMillis());
        assertThat(summary.get("slotSecondsUsed").asDouble()).isEqualTo(2576.0);
        assertThat(summary.get("slotSecondsAvailable").asDouble()).isEqualTo(2620.0);
        assertThat(summary.get("utilization").asDouble()).isEqualTo(s.utilization());
        assertThat(summary.at("/peakKeyGroupSkew/skew").asDouble()).isEqualTo(22 / (128 / 6.0));
        assertThat(summary.at("/peakKeyGroupSkew/vertex").asText()).isEqualTo("count");
        assertThat(summary.get("keyGroupsMoved").asLong())
                .isEqualTo(expected.timeline().stream()
                        .mapToLong(e -> e.keyGroupsMoved().orElse(0))
                        .sum());
        assertThat(summary.get("timeToDesiredParallelismMs").asLong()).isEqualTo(10_000);
        assertThat(summary.at("/finalParallelism/count").asInt()).isEqualTo(4);
        assertThat(summary.get("finalState").asText()).isEqualTo("EXECUTING");
        assertThat(doc.get("chart").isNull()).isTrue();

        JsonNode stop = null;
        for (JsonNode e : doc.get("timeline")) {
            if (e.at("/decision/action").asText().equals("STOP")) {
                assertThat(stop).as("one STOP").isNull();
                stop = e;
            }
        }
        assertThat(stop.get("offsetMs").asLong()).isEqualTo(350_000);
        assertThat(stop.at("/decision/action").asText()).isEqualTo("STOP");
        assertThat(stop.at("/decision/reason").asText()).isEqualTo("TASKS_LOST");
        assertThat(stop.get("running").isNull()).isTrue();
    }

    @Test
    void aJobFromAScenarioFile() throws Exception {
        Path job = write(
                dir,
                "job.json",
                """
                {"job": {"vertices": [{"id": "keyed", "parallelism": 3, "maxParallelism": 8, "keyed": true}]},
                 "slots": {}}
                """);
        Path trace = write(dir, "two-steps.json", TWO_STEPS);

        Run r = run("simulate", trace.toString(), "--job", job.toString(), "--policy", "reactive");

        // Reactive Mode: up to maxParallelism 8; 2 slots, then the stabilization cut off by the end.
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .contains(
                        "job: " + job + ": keyed",
                        "peak key-group skew: 1.0000 (keyed at parallelism 2 of 8 key groups, from 0:00:00)",
                        "final parallelism: 2");
    }

    @Test
    void listShowsScenariosAndPolicies() {
        Run r = run("simulate", "--list");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains(BuiltInScenarios.names()).contains(Policies.names());
    }

    @Test
    void progressGoesToStandardErrorOnlyWhenAsked() throws Exception {
        Run quiet = run("simulate", "--scenario", "trace/startup-one-by-one", "--json");
        Run loud = run("simulate", "--scenario", "trace/startup-one-by-one", "--json", "--progress");

        assertThat(quiet.err()).isEmpty();
        List<String> fractions =
                loud.errLines().stream().filter(l -> l.contains(" % (")).toList();
        assertThat(fractions)
                .isNotEmpty()
                .allMatch(l -> l.matches("slotwise: \\[1/1] [1-9]0 % \\(0:0\\d:\\d\\d simulated\\)"))
                .isSortedAccordingTo(java.util.Comparator.naturalOrder());
        assertThat(loud.errLines().stream().filter(l -> !l.contains(" % (")).toList())
                .hasSize(2)
                .first()
                .isEqualTo("slotwise: [1/1] simulating trace/startup-one-by-one with flink-2");
        assertThat(loud.errLines().get(loud.errLines().size() - 1))
                .matches("slotwise: 1 simulation\\(s\\) done in \\d+\\.\\d s");
        assertThat(loud.out()).isEqualTo(quiet.out());
        assertThat(loud.json().get("summary")).isNotNull();
    }

    @Test
    void help() {
        Run r = run("simulate", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains(
                        "Usage: slotwise simulate",
                        "[TRACE.json]",
                        "--policy=NAME",
                        "--scenario=NAME",
                        "--chart=FILE",
                        "--json",
                        "--list",
                        "--[no-]progress");
    }

    @Nested
    class BadInput {
        @Test
        void missingTrace() {
            Path file = dir.resolve("missing.json");
            assertBadInput(run("simulate", file.toString()), file + ": no such file");
        }

        @Test
        void malformedTrace() throws Exception {
            Path file = write(dir, "broken.json", "{\"end\": \"1 min\", \"events\": [}");
            assertBadInput(run("simulate", file.toString()), file + " line 1 column ", "Unexpected close marker");
        }

        @Test
        void aTraceThatDoesNotFitThePolicy() throws Exception {
            // Reactive Mode takes no requirement changes: the simulator names the event
            Path file = write(
                    dir,
                    "requirements.json",
                    """
                    {"end": "1 min", "events": [
                      {"at": "0 s", "type": "join", "taskManager": "tm-1", "slots": 2},
                      {"at": "10 s", "type": "requirements", "bounds": {"count": {"upperBound": 2}}}]}
                    """);
            Run r = run("simulate", file.toString(), "--policy", "reactive");
            assertBadInput(r, file + " with policy reactive: events[1]");
        }

        @Test
        void badLoadScenarios() throws Exception {
            Path file = write(dir, "load.json", LOAD.replace("\"fixed\"", "\"k8s\""));
            assertBadInput(run("simulate", file.toString()), file + " line ", "autoscaler.type: expected one of");
            // a load whose capacity names vertices the job has not
            Path job = write(dir, "job.json", "{\"job\": {\"vertices\": [{\"id\": \"only\"}]}, \"slots\": {}}");
            Path named = write(
                    dir,
                    "named.json",
                    LOAD.replace("\"perSubtask\": 500", "\"perSubtask\": 500, \"perVertex\": {\"sink\": 9}"));
            assertBadInput(
                    run("simulate", named.toString(), "--job", job.toString()),
                    named + " with policy flink-2: CapacityModel.perVertex names vertex 'sink'");
        }

        @Test
        void unknownPolicyNamesTheClosestOnes() {
            assertBadInput(
                    run("simulate", "--policy", "flink-2+keygroupaware"),
                    "--policy: policy 'flink-2+keygroupaware': 'keygroupaware' is neither a parallelism solver, a"
                            + " rescale gate nor a slot assigner; closest: keygroup-aware,",
                    "; 'slotwise simulate --list' lists them");
        }

        @Test
        void unknownScenarioNamesTheClosestOnes() {
            assertBadInput(
                    run("simulate", "--scenario", "spot"),
                    "--scenario: unknown scenario 'spot'; closest: spot-day, state/spot-day-50gb-local,"
                            + " state/spot-day-50gb-remote"
                            + " ('slotwise simulate --list' lists them)");
        }

        @Test
        void aTraceAndAScenario() throws Exception {
            Path file = write(dir, "two-steps.json", TWO_STEPS);
            assertBadInput(
                    run("simulate", file.toString(), "--scenario", "trace/autoscaler"),
                    "give a file or --scenario, not both");
        }

        @Test
        void missingJobFile() {
            Path file = dir.resolve("job.json");
            assertBadInput(run("simulate", "--job", file.toString()), file + ": no such file");
        }

        @Test
        void badChartFiles() throws Exception {
            assertBadInput(
                    run("simulate", "--chart", dir.resolve("chart.gif").toString()),
                    "--chart " + dir.resolve("chart.gif") + ": unknown chart format '.gif'; use a file name ending in"
                            + " .png or .svg");
            assertBadInput(run("simulate", "--chart", dir.resolve("chart").toString()), "no file extension");
            Path nowhere = dir.resolve("no-such-dir").resolve("chart.png");
            assertBadInput(
                    run("simulate", "--chart", nowhere.toString()),
                    "--chart " + nowhere + ": cannot write: directory ",
                    "does not exist");
            Path isDir = java.nio.file.Files.createDirectory(dir.resolve("dir.png"));
            assertBadInput(run("simulate", "--chart", isDir.toString()), "is a directory, not a file");
        }

        @Test
        void usageErrors() {
            assertBadInput(run("simulate", "--bogus"), "Unknown option: '--bogus'", "slotwise simulate --help");
            assertBadInput(run("simulate", "--policy"), "--policy");
            assertBadInput(run("simulate", "a.json", "b.json"), "b.json");
        }
    }
}
