package io.github.slotwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotwiseCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run of the command line. */
    record Run(int exitCode, String out, String err) {
        /** Standard output with every run of spaces collapsed to one, line by line. */
        List<String> outLines() {
            return Arrays.stream(out.split("\n"))
                    .map(l -> l.strip().replaceAll(" +", " "))
                    .toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SlotwiseCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, String json) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    // A scenario whose only group needs 5 slots at least, on 2 slots: valid, but no plan.
    static final String TOO_FEW_SLOTS =
            """
            {"job": {"vertices": [{"id": "a", "parallelism": 8, "lowerBound": 5, "keyed": true}]},
             "slots": {"taskManagers": [{"id": "tm-0", "slots": 2}]}}
            """;

    @Nested
    class BuiltInExample {
        // One slot-sharing group, 12 slots, upper bounds 4/4/6/2: range 6 - 1 = 5, so the group
        // takes 1 + min(5, 11 / 1) = 6 slots and each vertex min(upper bound, 6): 4, 4, 6, 2.
        // count: 128 key groups over 6 subtasks = 21 or 22 each, skew 22 / (128 / 6) = 1.03125.
        // flink-default zips execution slot-sharing group i onto the i-th slot in pool order:
        // groups 0-1 hold 4 subtasks, 2-3 hold 3 (sink has 2), 4-5 hold count only.
        @Test
        void textReportShowsTheParallelismPlan() {
            Run r = run("plan");

            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.outLines())
                    .contains(
                            "Scenario: built-in example (wordcount.json)",
                            "mode: declared requirements",
                            "assigner: flink-default",
                            "slots: 12 on 3 TaskManager(s)",
                            "Parallelism: 6 of 12 slots used",
                            "source Kafka source default no 4 [1, 4] 128 (auto) - -",
                            "tokenize Tokenize default no 4 [1, 4] 128 (auto) - -",
                            "count Count words default yes 6 [1, 6] 128 21..22 1.0313",
                            "sink Print sink default no 2 [1, 2] 128 (auto) - -",
                            "default source, tokenize, count, sink 6",
                            "12 slots for 1 slot-sharing group(s): 1 reserved for lower bounds, 6 desired",
                            "group 'default' (range 5 = 6 - 1): 1 + min(5, 11 free / 1 groups) = 6 slots",
                            "6 slot(s) left unused: every group is at its upper bound");
        }

        @Test
        void textReportShowsTheAssignmentAndItsMetrics() {
            Run r = run("plan");

            assertThat(r.outLines())
                    .containsSubsequence(
                            "Assignment: flink-default, 6 slot(s) on 2 TaskManager(s)",
                            "slot TaskManager location group subtasks",
                            "tm-0/0 tm-0 rack-a default#0 source#0 tokenize#0 count#0 sink#0",
                            "tm-0/1 tm-0 rack-a default#1 source#1 tokenize#1 count#1 sink#1",
                            "tm-0/2 tm-0 rack-a default#2 source#2 tokenize#2 count#2",
                            "tm-0/3 tm-0 rack-a default#3 source#3 tokenize#3 count#3",
                            "tm-1/0 tm-1 rack-a default#4 count#4",
                            "tm-1/1 tm-1 rack-a default#5 count#5",
                            "unused slots: tm-1/2 tm-1/3 tm-2/0 tm-2/1 tm-2/2 tm-2/3",
                            "Metrics:",
                            "TaskManagers used: 2",
                            "tasks per TaskManager: max 14, min 2",
                            "locality score: 0",
                            "key groups kept: 0",
                            "key groups moved: 0",
                            "state bytes moved: 0",
                            "key-group skew: count 1.0313",
                            "Why (flink-default):");
        }

        @Test
        void textReportIsPlainAsciiAndDeterministic() {
            String first = run("plan").out();

            assertThat(first).doesNotContain("\u001b").matches("\\p{ASCII}*");
            assertThat(run("plan").out()).isEqualTo(first);
        }

        @Test
        void jsonHasTheSameNumbersAsTheText() throws Exception {
            Run text = run("plan");
            Run r = run("plan", "--json");

            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).isEmpty();
            JsonNode doc = r.json();
            assertThat(doc.get("scenario").asText()).isEqualTo("built-in example (wordcount.json)");
            assertThat(doc.get("mode").asText()).isEqualTo("declared");
            assertThat(doc.get("assigner").asText()).isEqualTo("flink-default");
            assertThat(doc.at("/slots/available").asInt()).isEqualTo(12);
            JsonNode parallelism = doc.get("parallelism");
            assertThat(parallelism.get("status").asText()).isEqualTo("PLAN");
            assertThat(parallelism.get("slotsUsed").asInt()).isEqualTo(6);
            assertThat(ids(parallelism.get("vertices"), "id")).containsExactly("source", "tokenize", "count", "sink");
            assertThat(ints(parallelism.get("vertices"), "parallelism")).containsExactly(4, 4, 6, 2);
            assertThat(ints(parallelism.get("vertices"), "upperBound")).containsExactly(4, 4, 6, 2);
            assertThat(ints(parallelism.get("vertices"), "maxParallelism")).containsExactly(128, 128, 128, 128);
            JsonNode count = parallelism.get("vertices").get(2);
            assertThat(count.at("/keyGroupsPerSubtask/min").asInt()).isEqualTo(21);
            assertThat(count.at("/keyGroupsPerSubtask/max").asInt()).isEqualTo(22);
            assertThat(count.at("/keyGroupsPerSubtask/skew").asDouble()).isEqualTo(1.03125);
            assertThat(parallelism
                            .get("vertices")
                            .get(0)
                            .get("keyGroupsPerSubtask")
                            .isNull())
                    .isTrue();
            assertThat(parallelism.at("/slotSharingGroups/0/slots").asInt()).isEqualTo(6);
            assertThat(ids(parallelism.get("explanation"), null))
                    .allSatisfy(line -> assertThat(text.out()).contains(line));

            JsonNode assignment = doc.get("assignment");
            assertThat(ids(assignment.get("slots"), "slot"))
                    .containsExactly("tm-0/0", "tm-0/1", "tm-0/2", "tm-0/3", "tm-1/0", "tm-1/1");
            assertThat(ids(assignment.get("slots").get(0).get("subtasks"), null))
                    .containsExactly("source#0", "tokenize#0", "count#0", "sink#0");
            assertThat(ids(assignment.get("unusedSlots"), null)).hasSize(6);
            JsonNode metrics = assignment.get("metrics");
            assertThat(metrics.get("taskManagersUsed").asInt()).isEqualTo(2);
            assertThat(metrics.get("maxTasksPerTaskManager").asInt()).isEqualTo(14);
            assertThat(metrics.get("minTasksPerTaskManager").asInt()).isEqualTo(2);
            assertThat(metrics.get("localityScore").asLong()).isZero();
            assertThat(metrics.get("keyGroupsKept").asLong()).isZero();
            assertThat(metrics.get("keyGroupsMoved").asLong()).isZero();
            assertThat(metrics.get("stateBytesMoved").asLong()).isZero();
            assertThat(metrics.at("/keyGroupSkew/count").asDouble()).isEqualTo(1.03125);
            assertThat(ids(assignment.get("explanation"), null)).isNotEmpty().allSatisfy(line -> assertThat(text.out())
                    .contains(line));
        }

        @Test
        void jsonFieldOrderIsFixed() throws Exception {
            JsonNode doc = run("plan", "--json").json();

            assertThat(ids(fieldNames(doc), null))
                    .containsExactly(
                            "scenario", "mode", "assigner", "slots", "previousPlacements", "parallelism", "assignment");
            assertThat(run("plan", "--json").out())
                    .isEqualTo(run("plan", "--json").out());
        }

        // Reactive Mode: every upper bound becomes the vertex's maxParallelism, 128 for all four
        // (count's explicit one, the others derived from parallelism 4, 4 and 2, at least 128). The
        // group's range 128 - 1 exceeds the 11 free slots, so it takes all 12 and every vertex runs
        // at min(128, 12) = 12; count's 128 key groups split into 10 or 11, skew 11 / (128 / 12).
        @Test
        void reactiveModeTakesEverySlot() throws Exception {
            Run r = run("plan", "--reactive");

            assertThat(r.exitCode()).isZero();
            assertThat(r.outLines())
                    .contains(
                            "mode: Reactive Mode (lower bound 1, upper bound = maxParallelism)",
                            "Parallelism: 12 of 12 slots used",
                            "source Kafka source default no 12 [1, 128] 128 (auto) - -",
                            "tokenize Tokenize default no 12 [1, 128] 128 (auto) - -",
                            "count Count words default yes 12 [1, 128] 128 10..11 1.0313",
                            "sink Print sink default no 12 [1, 128] 128 (auto) - -",
                            "default source, tokenize, count, sink 12",
                            "tm-2/3 tm-2 rack-b default#11 source#11 tokenize#11 count#11 sink#11",
                            "unused slots: none",
                            "TaskManagers used: 3",
                            "tasks per TaskManager: max 16, min 16");

            JsonNode doc = run("plan", "--reactive", "--json").json();
            assertThat(doc.get("mode").asText()).isEqualTo("reactive");
            assertThat(ints(doc.at("/parallelism/vertices"), "parallelism")).containsExactly(12, 12, 12, 12);
            assertThat(doc.at("/assignment/slots").size()).isEqualTo(12);
        }
    }

    @Nested
    class Scenarios {
        @TempDir
        Path dir;

        @Test
        void notEnoughSlotsIsExitOneWithTheMissingCount() throws Exception {
            Path file = write(dir, "small.json", TOO_FEW_SLOTS);

            Run r = run("plan", file.toString());

            assertThat(r.exitCode()).isEqualTo(SlotwiseCli.EXIT_NO_PLAN).isEqualTo(1);
            assertThat(r.err()).isEmpty();
            assertThat(r.outLines())
                    .contains(
                            "Parallelism: NOT ENOUGH SLOTS, 5 required, 2 available, 3 missing",
                            "a a default yes - [5, 8] 128 (auto) - -",
                            "default a -",
                            "1 slot-sharing group(s) need at least 5 slots (sum of each group's highest lower"
                                    + " bound), 2 available: 3 missing",
                            "Assignment: none, the job cannot run on these slots");

            Run json = run("plan", "--json", file.toString());
            assertThat(json.exitCode()).isEqualTo(1);
            JsonNode doc = json.json();
            assertThat(doc.at("/parallelism/status").asText()).isEqualTo("NOT_ENOUGH_SLOTS");
            assertThat(doc.at("/parallelism/requiredSlots").asInt()).isEqualTo(5);
            assertThat(doc.at("/parallelism/availableSlots").asInt()).isEqualTo(2);
            assertThat(doc.at("/parallelism/missingSlots").asInt()).isEqualTo(3);
            assertThat(doc.at("/parallelism/vertices/0/parallelism").isNull()).isTrue();
            assertThat(doc.get("assignment").isNull()).isTrue();
        }

        @Test
        void scenarioChoosesModeAndAssignerUnlessAFlagOverrides() throws Exception {
            String json = new String(
                            SlotwiseCliTest.class
                                    .getResourceAsStream("/scenarios/wordcount.json")
                                    .readAllBytes(),
                            StandardCharsets.UTF_8)
                    .replace("\"reactive\": false", "\"reactive\": true")
                    .replace("\"assigner\": \"flink-default\"", "\"assigner\": \"flink-tasks\"");
            Path file = write(dir, "reactive.json", json);

            JsonNode fromScenario = run("plan", "--json", file.toString()).json();
            assertThat(fromScenario.get("mode").asText()).isEqualTo("reactive");
            assertThat(fromScenario.get("assigner").asText()).isEqualTo("flink-tasks");
            assertThat(fromScenario.at("/assignment/assigner").asText()).isEqualTo("flink-tasks");

            JsonNode overridden = run("plan", "--json", "--no-reactive", "--assigner", "flink-slots", file.toString())
                    .json();
            assertThat(overridden.get("mode").asText()).isEqualTo("declared");
            assertThat(overridden.get("assigner").asText()).isEqualTo("flink-slots");
            assertThat(ints(overridden.at("/parallelism/vertices"), "parallelism"))
                    .containsExactly(4, 4, 6, 2);
        }

        @Test
        void theDocumentedFullExamplePlans() throws Exception {
            String doc = Files.readString(Path.of("..", "docs", "scenario-format.md"));
            String json = doc.substring(doc.indexOf("```json\n") + 8, doc.indexOf("```", doc.indexOf("```json\n") + 8));
            Path file = write(dir, "scenario.json", json);

            Run r = run("plan", "--json", file.toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.json().at("/slots/available").asInt()).isEqualTo(6);
            assertThat(r.json().get("previousPlacements").asInt()).isEqualTo(2);
            assertThat(r.json().at("/assignment/metrics/keyGroupsKept").asLong())
                    .isPositive();
        }

        @Test
        void everyRegisteredAssignerPlansTheBuiltInExample() throws Exception {
            for (String name : new Planner.AssignerNames()) {
                Run r = run("plan", "--json", "--assigner", name);
                assertThat(r.exitCode()).as(name).isZero();
                assertThat(r.json().at("/assignment/slots").size()).as(name).isEqualTo(6);
            }
        }

        @Test
        void previousPlacementFeedsTheMetrics() throws Exception {
            // count ran at parallelism 2 in tm-0/0 and tm-0/1; now subtasks 0 and 1 (of 6) land
            // there again with flink-default, keeping key groups 0..21 and 64..85 of the old ranges.
            String json = new String(
                            SlotwiseCliTest.class
                                    .getResourceAsStream("/scenarios/wordcount.json")
                                    .readAllBytes(),
                            StandardCharsets.UTF_8)
                    .replace(
                            "\"reactive\": false",
                            "\"previous\": [{\"vertex\": \"count\", \"subtask\": 0, \"slot\": \"tm-0/0\","
                                    + " \"stateBytes\": 6400}, {\"vertex\": \"count\", \"subtask\": 1,"
                                    + " \"slot\": \"tm-0/1\", \"stateBytes\": 6400}], \"reactive\": false");
            Path file = write(dir, "rescale.json", json);

            Run r = run("plan", "--json", file.toString());

            assertThat(r.exitCode()).isZero();
            JsonNode metrics = r.json().at("/assignment/metrics");
            // old ranges [0, 63] and [64, 127]; new subtask 0 = [0, 21] in tm-0/0 keeps 22 of the
            // first; new subtask 1 = [22, 42] in tm-0/1 shares nothing with [64, 127].
            assertThat(metrics.get("localityScore").asLong()).isEqualTo(22 * (6400 / 64));
            assertThat(metrics.get("keyGroupsKept").asLong()).isEqualTo(22);
            assertThat(metrics.get("keyGroupsMoved").asLong()).isEqualTo(128 - 22);
            assertThat(metrics.get("stateBytesMoved").asLong()).isEqualTo(12800 - 22 * 100);
            assertThat(r.json().get("previousPlacements").asInt()).isEqualTo(2);
        }
    }

    @Nested
    class BadInput {
        @TempDir
        Path dir;

        /** Asserts exit code 2, nothing on stdout and exactly one stderr line containing every part. */
        private void assertBadInput(Run r, String... parts) {
            assertThat(r.exitCode())
                    .as(r.err())
                    .isEqualTo(SlotwiseCli.EXIT_BAD_INPUT)
                    .isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).endsWith("\n");
            assertThat(r.errLines().get(0)).startsWith("slotwise: ").contains(parts);
            assertThat(r.err()).doesNotContain("\tat ", "Exception");
        }

        @Test
        void missingFile() {
            Path file = dir.resolve("missing.json");
            assertBadInput(run("plan", file.toString()), file + ": no such file");
        }

        @Test
        void unreadableFile() {
            // A directory cannot be read as a file, whoever runs the test (root reads mode-000 files).
            assertBadInput(run("plan", dir.toString()), dir.toString(), "is a directory");
        }

        @Test
        void malformedJson() throws Exception {
            Path file = write(dir, "broken.json", "{\n  \"job\": {\n    \"vertices\": [}\n}");
            assertBadInput(run("plan", file.toString()), file + " line 3 column 18: ", "Unexpected close marker '}'");
        }

        @Test
        void emptyFile() throws Exception {
            Path file = write(dir, "empty.json", "");
            assertBadInput(run("plan", file.toString()), file + ": the file is empty");
        }

        @Test
        void unknownField() throws Exception {
            Path file = write(dir, "typo.json", TOO_FEW_SLOTS.replace("\"lowerBound\"", "\"lowerbound\""));
            assertBadInput(run("plan", file.toString()), "unknown field 'lowerbound' in job.vertices[0]");
        }

        @Test
        void wrongJsonType() throws Exception {
            Path file = write(dir, "type.json", TOO_FEW_SLOTS.replace("\"slots\": 2", "\"slots\": \"2\""));
            assertBadInput(run("plan", file.toString()), "slots.taskManagers[0].slots: expected an integer, got \"2\"");
        }

        @Test
        void unknownAssignerFlag() {
            assertBadInput(
                    run("plan", "--assigner", "fastest"),
                    "--assigner: unknown slot assigner 'fastest'; closest: ",
                    "; known: flink-default, ",
                    "flink-state-locality");
        }

        @Test
        void unknownAssignerInScenario() throws Exception {
            Path file = write(dir, "assigner.json", TOO_FEW_SLOTS.replaceFirst("\\{", "{\"assigner\": \"nope\", "));
            assertBadInput(
                    run("plan", file.toString()),
                    file + ": assigner: unknown slot assigner 'nope'; closest: ",
                    "; known: flink-default, ");
        }

        @Test
        void negativeSlotCount() throws Exception {
            Path file = write(dir, "negative.json", TOO_FEW_SLOTS.replace("\"slots\": 2", "\"slots\": -3"));
            assertBadInput(
                    run("plan", file.toString()),
                    "slots.taskManagers[0]: taskManager 'tm-0': numberOfSlots must be >= 0, got -3");
        }

        @Test
        void duplicateVertexId() throws Exception {
            Path file = write(
                    dir,
                    "duplicate.json",
                    "{\"job\": {\"vertices\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}, \"slots\": {}}");
            assertBadInput(run("plan", file.toString()), "job: duplicate vertex id 'a'");
        }

        @Test
        void boundsBeyondMaxParallelism() throws Exception {
            Path file = write(
                    dir,
                    "bounds.json",
                    TOO_FEW_SLOTS.replace("\"parallelism\": 8", "\"parallelism\": 8, \"maxParallelism\": 4"));
            assertBadInput(run("plan", file.toString()), "vertex 'a': ", "> maxParallelism 4");
        }

        @Test
        void badInputWinsOverJson() throws Exception {
            Path file = write(dir, "typo.json", "{\"job\": {}, \"slots\": {}, \"extra\": true}");
            assertBadInput(run("plan", "--json", file.toString()), "unknown field 'extra'");
        }

        @Test
        void unknownFlagIsAUsageError() {
            assertBadInput(run("plan", "--bogus"), "Unknown option: '--bogus'", "slotwise plan --help");
            assertBadInput(run("--bogus"), "Unknown option: '--bogus'");
        }

        @Test
        void missingAssignerValueAndExtraArgumentsAreUsageErrors() {
            assertBadInput(run("plan", "--assigner"), "--assigner");
            assertBadInput(run("plan", "a.json", "b.json"), "b.json");
            assertBadInput(run("plot"), "plot");
        }

        @Test
        void noSubcommandIsAUsageError() {
            assertBadInput(run(), "subcommand");
        }
    }

    @Nested
    class Help {
        @Test
        void topLevelHelp() {
            Run r = run("--help");

            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("Usage: slotwise", "plan", "Exit codes");
        }

        @Test
        void planHelpListsTheAssigners() {
            Run r = run("plan", "--help");

            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out())
                    .contains("Usage: slotwise plan", "--json", "--[no-]reactive", "--assigner=NAME")
                    .contains(new Planner.AssignerNames());
        }

        @Test
        void version() {
            Run r = run("--version");

            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).startsWith("slotwise ").doesNotContain("${");
        }
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(field == null ? n.asText() : n.get(field).asText()));
        return result;
    }

    private static List<Integer> ints(JsonNode array, String field) {
        List<Integer> result = new ArrayList<>();
        array.forEach(n -> result.add(n.get(field).asInt()));
        return result;
    }

    private static JsonNode fieldNames(JsonNode object) {
        var names = JSON.createArrayNode();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
