package io.github.slotwise.simulation.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SubtaskPlacement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioReaderTest {
    private static final String SLOTS = "\"slots\": {\"taskManagers\": [{\"id\": \"tm-0\", \"slots\": 2}]}";

    private static Scenario parse(String json) {
        return ScenarioReader.parse("s.json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(String json) {
        try {
            parse(json);
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an InputException for " + json);
    }

    @Test
    void builtInExampleIsTheKeyedWordCountOnThreeTaskManagers() {
        Scenario s = ScenarioReader.readBuiltIn();

        assertThat(s.source()).isEqualTo(ScenarioReader.BUILT_IN_NAME);
        assertThat(s.graph().vertices())
                .extracting(JobVertex::id, JobVertex::parallelism, JobVertex::upperBound, JobVertex::keyed)
                .containsExactly(
                        tuple("source", 4, 4, false),
                        tuple("tokenize", 4, 4, false),
                        tuple("count", 6, 6, true),
                        tuple("sink", 2, 2, false));
        assertThat(s.graph().vertex("count").maxParallelism()).hasValue(128);
        assertThat(s.graph().slotSharingGroups()).hasSize(1);
        assertThat(s.graph().edges())
                .containsExactly(
                        new JobEdge("source", "tokenize", DistributionPattern.POINTWISE),
                        new JobEdge("tokenize", "count", DistributionPattern.ALL_TO_ALL),
                        new JobEdge("count", "sink", DistributionPattern.POINTWISE));
        assertThat(s.pool().size()).isEqualTo(12);
        assertThat(s.pool().slots().get(0)).isEqualTo(new Slot("tm-0/0", "tm-0"));
        assertThat(s.pool().taskManagerById().get("tm-2").location()).hasValue("rack-b");
        assertThat(s.previous().isEmpty()).isTrue();
        assertThat(s.reactive()).hasValue(false);
        assertThat(s.assigner()).hasValue("flink-default");
    }

    @Test
    void absentAndNullFieldsTakeTheModelDefaults() {
        Scenario s = parse("{\"job\": {\"vertices\": [{\"id\": \"a\", \"name\": null, \"parallelism\": 3,"
                + " \"maxParallelism\": null, \"coLocationGroup\": null}], \"edges\": null}, " + SLOTS
                + ", \"previous\": null, \"reactive\": null}");

        JobVertex a = s.graph().vertex("a");
        assertThat(a.name()).isEqualTo("a");
        assertThat(a.lowerBound()).isEqualTo(1);
        assertThat(a.upperBound()).isEqualTo(3);
        assertThat(a.maxParallelismAutoDerived()).isTrue();
        assertThat(a.slotSharingGroup()).isEqualTo(ScenarioReader.DEFAULT_SLOT_SHARING_GROUP);
        assertThat(a.coLocationGroup()).isEmpty();
        assertThat(a.keyed()).isFalse();
        assertThat(s.graph().edges()).isEmpty();
        assertThat(s.reactive()).isEmpty();
        assertThat(s.assigner()).isEmpty();
    }

    @Test
    void readsExplicitSlotIdsSlotOrderAndPreviousPlacements() {
        Scenario s = parse("{\"job\": {\"vertices\": [{\"id\": \"a\", \"parallelism\": 2, \"keyed\": true}]},"
                + " \"slots\": {\"taskManagers\": [{\"id\": \"tm\", \"slots\": 2, \"slotIds\": [\"x\", \"y\"]}],"
                + " \"slotOrder\": [\"y\", \"x\"]},"
                + " \"previous\": [{\"vertex\": \"a\", \"subtask\": 1, \"slot\": \"x\", \"stateBytes\": 10},"
                + " {\"vertex\": \"a\", \"subtask\": 0, \"slot\": \"gone\"}]}");

        assertThat(s.pool().slots()).extracting(Slot::id).containsExactly("y", "x");
        assertThat(s.previous().placements())
                .containsExactly(SubtaskPlacement.of("a", 1, "x", 10), SubtaskPlacement.of("a", 0, "gone", 0));
    }

    @Test
    void readsExplicitKeyGroupRangesOfPreviousPlacements() {
        String head = "{\"job\": {\"vertices\": [{\"id\": \"a\", \"parallelism\": 2, \"maxParallelism\": 128}]},"
                + " \"slots\": {\"taskManagers\": [{\"id\": \"tm\", \"slots\": 2}]}, \"previous\": [";
        Scenario s = parse(
                head + "{\"vertex\": \"a\", \"subtask\": 0, \"slot\": \"tm/0\", \"keyGroups\": [0, 63]},"
                        + " {\"vertex\": \"a\", \"subtask\": 1, \"slot\": \"tm/1\", \"stateBytes\": 5, \"keyGroups\": [64, 64]}]}");
        assertThat(s.previous().placements())
                .containsExactly(
                        SubtaskPlacement.of("a", 0, "tm/0", 0, new KeyGroupRange(0, 63)),
                        SubtaskPlacement.of("a", 1, "tm/1", 5, new KeyGroupRange(64, 64)));
        assertThat(failure(head + "{\"vertex\": \"a\", \"subtask\": 0, \"slot\": \"x\", \"keyGroups\": [3]}]}"))
                .isEqualTo("s.json: previous[0].keyGroups: must be [first, last], two key groups, got [3]");
        assertThat(failure(head + "{\"vertex\": \"a\", \"subtask\": 0, \"slot\": \"x\", \"keyGroups\": [5, 2]}]}"))
                .isEqualTo("s.json: previous[0]: startKeyGroup 5 > endKeyGroup 2");
        assertThat(failure(head + "{\"vertex\": \"a\", \"subtask\": 0, \"slot\": \"x\", \"keyGroups\": [100, 128]}]}"))
                .isEqualTo("s.json: previous: previous placement of a#0: keyGroupRange [100, 128] is outside [0, 128)"
                        + " of vertex 'a' (maxParallelism 128)");
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThat(failure("{\n  \"job\": {,\n}"))
                .startsWith("s.json line 2 column 11: ")
                .contains("Unexpected character (','");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}]}, " + SLOTS + "} trailing"))
                .startsWith("s.json line 1 column ")
                .contains("'trailing'");
        assertThat(failure("{\"job\": {}, \"job\": {}}")).contains("Duplicate field 'job'");
    }

    @Test
    void emptyOrNonObjectDocumentsAreRejected() {
        assertThat(failure("")).isEqualTo("s.json: the file is empty, expected a JSON object");
        assertThat(failure("null")).isEqualTo("s.json: expected a JSON object, got null");
        assertThat(failure("[]")).isEqualTo("s.json line 1 column 1: expected an object, got an array");
    }

    @Test
    void unknownFieldsAreNamedWithTheirPlace() {
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}]}, " + SLOTS + ", \"jobb\": 1}"))
                .startsWith("s.json line 1 column ")
                .contains("unknown field 'jobb' (known fields: assigner, job, previous, reactive, slots)");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\", \"paralelism\": 2}]}, " + SLOTS + "}"))
                .contains("unknown field 'paralelism' in job.vertices[0] (known fields: ");
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRejectedNotCoerced() {
        String vertex = "{\"job\": {\"vertices\": [{\"id\": \"a\", %s}]}, " + SLOTS + "}";
        assertThat(failure(vertex.formatted("\"parallelism\": \"2\"")))
                .endsWith("job.vertices[0].parallelism: expected an integer, got \"2\"");
        assertThat(failure(vertex.formatted("\"parallelism\": 2.5")))
                .endsWith("job.vertices[0].parallelism: expected an integer, got 2.5");
        assertThat(failure(vertex.formatted("\"parallelism\": 99999999999")))
                .contains("job.vertices[0].parallelism: ")
                .contains("99999999999");
        assertThat(failure(vertex.formatted("\"keyed\": \"true\"")))
                .endsWith("job.vertices[0].keyed: expected true or false, got \"true\"");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": 5}]}, " + SLOTS + "}"))
                .endsWith("job.vertices[0].id: expected a string, got 5");
        assertThat(failure("{\"job\": {\"vertices\": {}}, " + SLOTS + "}"))
                .endsWith("job.vertices: expected an array, got an object");
        assertThat(failure("{\"job\": {\"vertices\": [null]}, " + SLOTS + "}"))
                .endsWith("job.vertices[0]: null is not allowed here");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}], \"edges\": [{\"source\": \"a\","
                        + " \"target\": \"a\", \"pattern\": \"FORWARD\"}]}, " + SLOTS + "}"))
                .endsWith("job.edges[0].pattern: expected one of [POINTWISE, ALL_TO_ALL], got \"FORWARD\"");
    }

    @Test
    void modelValidationMessagesArePassedOnBehindTheJsonPath() {
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\", \"upperBound\": 200}]}, " + SLOTS + "}"))
                .isEqualTo("s.json: job.vertices[0]: vertex 'a': upperBound 200 > auto-derived maxParallelism 128");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}, " + SLOTS + "}"))
                .isEqualTo("s.json: job: duplicate vertex id 'a'");
        assertThat(failure("{\"job\": {\"vertices\": [{\"name\": \"a\"}]}, " + SLOTS + "}"))
                .isEqualTo("s.json: job.vertices[0]: JobVertex: id is required but not set");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}], \"edges\": [{\"source\": \"a\","
                        + " \"target\": \"b\", \"pattern\": \"POINTWISE\"}]}, " + SLOTS + "}"))
                .isEqualTo("s.json: job: edge.target names unknown vertex 'b'");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}], \"edges\": [{\"source\": \"a\","
                        + " \"target\": \"b\"}]}, " + SLOTS + "}"))
                .isEqualTo("s.json: job.edges[0]: edge.pattern must not be null");
        String job = "{\"job\": {\"vertices\": [{\"id\": \"a\"}]}, ";
        assertThat(failure(job + "\"slots\": {\"taskManagers\": [{\"id\": \"tm-0\", \"slots\": -1}]}}"))
                .isEqualTo("s.json: slots.taskManagers[0]: taskManager 'tm-0': numberOfSlots must be >= 0, got -1");
        assertThat(failure(job + "\"slots\": {\"taskManagers\": [{\"id\": \"t\", \"slots\": 1},"
                        + " {\"id\": \"t\", \"slots\": 1}]}}"))
                .isEqualTo("s.json: slots: duplicate taskManager id 't'");
        assertThat(failure(job + SLOTS + ", \"previous\": [{\"vertex\": \"b\", \"subtask\": 0, \"slot\": \"x\"}]}"))
                .isEqualTo("s.json: previous: previous placement names unknown vertex 'b'");
        assertThat(failure(job + SLOTS + ", \"previous\": [{\"vertex\": \"a\", \"subtask\": 0, \"slot\": \"x\","
                        + " \"stateBytes\": -4}]}"))
                .isEqualTo("s.json: previous[0]: placement of a#0: stateSizeBytes must be >= 0, got -4");
    }

    @Test
    void missingRequiredPartsAreNamed() {
        assertThat(failure("{" + SLOTS + "}")).isEqualTo("s.json: missing field 'job'");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}]}}")).isEqualTo("s.json: missing field 'slots'");
        assertThat(failure("{\"job\": {\"vertices\": [{\"id\": \"a\"}]}, " + SLOTS
                        + ", \"previous\": [{\"vertex\": \"a\", \"slot\": \"x\"}]}"))
                .isEqualTo("s.json: missing field 'previous[0].subtask'");
    }

    @Test
    void fileProblemsAreOneLineMessages(@TempDir Path dir) {
        assertThatThrownBy(() -> ScenarioReader.readFile(dir.resolve("nope.json")))
                .isInstanceOf(InputException.class)
                .hasMessage(dir.resolve("nope.json") + ": no such file");
        assertThatThrownBy(() -> ScenarioReader.readFile(dir))
                .isInstanceOf(InputException.class)
                .hasMessage(dir + ": is a directory, not a scenario file");
    }

    @Test
    void readsAFileThroughTheSameParser(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("one.json");
        Files.writeString(file, "{\"job\": {\"vertices\": [{\"id\": \"a\"}]}, " + SLOTS + ", \"assigner\": \"x\"}");

        Scenario s = ScenarioReader.readFile(file);

        assertThat(s.source()).isEqualTo(file.toString());
        assertThat(s.assigner()).isEqualTo(Optional.of("x"));
    }

    @Test
    void multiLineMessagesAreFoldedIntoOne() {
        assertThat(new InputException("a\n  b\r\nc").getMessage()).isEqualTo("a b c");
        assertThat(new InputException(null).getMessage()).isEqualTo("invalid input");
    }
}
