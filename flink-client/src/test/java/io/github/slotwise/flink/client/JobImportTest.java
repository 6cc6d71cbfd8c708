package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobVertex;
import io.github.slotwise.simulation.format.InputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobImportTest {
    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String C = "cccccccccccccccccccccccccccccccc";
    private static final String G1 = "11111111111111111111111111111111";
    private static final String G2 = "22222222222222222222222222222222";

    private static JobDetails details() {
        return new JobDetails(
                "0123456789abcdef0123456789abcdef",
                "three",
                "RUNNING",
                "STREAMING",
                "Adaptive",
                -1,
                0,
                List.of(
                        new JobDetails.Vertex(A, G1, "Source", 128, 4, "RUNNING"),
                        new JobDetails.Vertex(B, G1, "Window", 256, 3, "RUNNING"),
                        new JobDetails.Vertex(C, G2, "Sink", 128, 2, "RUNNING")),
                new JobPlan.Plan(
                        "0123456789abcdef0123456789abcdef",
                        "three",
                        "STREAMING",
                        List.of(
                                new JobPlan.Node(A, 4, "", "", "Source", List.of()),
                                new JobPlan.Node(
                                        B,
                                        3,
                                        "",
                                        "",
                                        "Window",
                                        List.of(new JobPlan.Input(0, A, "HASH", null, null, "pipelined_bounded"))),
                                new JobPlan.Node(
                                        C,
                                        2,
                                        "",
                                        "",
                                        "Sink",
                                        List.of(new JobPlan.Input(
                                                0, B, "FORWARD", null, null, "pipelined_bounded"))))));
    }

    @Test
    void buildsTheScenarioAndSaysWhatItAssumed() {
        JobResourceRequirements requirements = new JobResourceRequirements(Map.of(
                B, new JobResourceRequirements.VertexRequirements(new JobResourceRequirements.Parallelism(2, 8))));
        JobImport.Result r = JobImport.toScenario(
                details(),
                Optional.of(requirements),
                Optional.empty(),
                new JobImport.Options(Optional.empty(), Optional.empty(), 4));

        List<JobVertex> vertices = r.scenario().graph().vertices();
        assertThat(vertices).extracting(JobVertex::id).containsExactly(A, B, C);
        JobVertex window = r.scenario().graph().vertex(B);
        assertThat(window.keyed()).isTrue();
        assertThat(window.lowerBound()).isEqualTo(2);
        assertThat(window.upperBound()).isEqualTo(8);
        assertThat(window.effectiveMaxParallelism()).isEqualTo(256);
        assertThat(r.scenario().graph().vertex(A).keyed()).isFalse();
        assertThat(r.scenario().graph().vertex(C).upperBound()).isEqualTo(2);
        assertThat(r.scenario().graph().edges())
                .extracting(e -> e.pattern().name())
                .containsExactly("ALL_TO_ALL", "POINTWISE");
        // groups: max(4, 3) + 2 = 6 slots needed, TaskManagers of 4 slots
        assertThat(r.scenario().pool().slots()).hasSize(8);
        assertThat(r.assumptions())
                .contains(
                        "slot-sharing group " + G1 + " is called 'group-1'",
                        "vertices without resource requirements: lower bound 1, upper bound their current parallelism",
                        "2 TaskManagers of 4 slot(s), just enough for the current parallelism (6 slots): the"
                                + " TaskManagers were not given");
    }

    @Test
    void keyedVerticesCanBeNamed() {
        JobImport.Result r = JobImport.toScenario(
                details(),
                Optional.empty(),
                Optional.of(new TaskManagers(List.of(new TaskManagers.TaskManager("tm-a", 3, 0)))),
                new JobImport.Options(Optional.of(Set.of("Sink", A)), Optional.empty(), 1));
        assertThat(r.scenario().graph().vertices())
                .filteredOn(JobVertex::keyed)
                .extracting(JobVertex::id)
                .containsExactly(A, C);
        assertThat(r.scenario().pool().slots()).hasSize(3);
        assertThatThrownBy(() -> JobImport.toScenario(
                        details(),
                        Optional.empty(),
                        Optional.empty(),
                        new JobImport.Options(Optional.of(Set.of("Map")), Optional.empty(), 1)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("--keyed: 'Map' is no vertex id or name of job");
    }

    @Test
    void requirementsOfAnotherJobAreRejected() {
        JobResourceRequirements foreign = new JobResourceRequirements(Map.of(
                "dddddddddddddddddddddddddddddddd",
                new JobResourceRequirements.VertexRequirements(new JobResourceRequirements.Parallelism(1, 2))));
        assertThatThrownBy(() -> JobImport.toScenario(
                        details(), Optional.of(foreign), Optional.empty(), JobImport.Options.defaults()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("resource requirements name vertex 'dddddddddddddddddddddddddddddddd'");
    }
}
