package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CapacityModelTest {
    private static final JobVertex KEYED_128 = JobVertex.builder()
            .id("count")
            .slotSharingGroup("g")
            .parallelism(128)
            .maxParallelism(128)
            .keyed(true)
            .build();
    private static final JobVertex SOURCE = JobVertex.builder()
            .id("source")
            .slotSharingGroup("g")
            .parallelism(128)
            .maxParallelism(128)
            .build();

    @Test
    void aKeyedVertexIsLimitedByItsHottestSubtask() {
        CapacityModel model = CapacityModel.uniform(100);
        // M = 128, p = 96: 32 subtasks hold 2 key groups, 64 hold 1; the hot ones saturate at
        // 2/128 of the input = 100/s, so the vertex takes 6400/s: what 64 subtasks would
        assertThat(model.vertexCapacity(KEYED_128, 96)).isEqualTo(64 * 100.0);
        // p divides M: perSubtask x p
        assertThat(model.vertexCapacity(KEYED_128, 64)).isEqualTo(64 * 100.0);
        assertThat(model.vertexCapacity(KEYED_128, 32)).isEqualTo(32 * 100.0);
        assertThat(model.vertexCapacity(KEYED_128, 128)).isEqualTo(128 * 100.0);
        // p = 65 .. 127 all have a subtask with 2 key groups
        assertThat(model.vertexCapacity(KEYED_128, 65)).isEqualTo(64 * 100.0);
        assertThat(model.vertexCapacity(KEYED_128, 127)).isEqualTo(64 * 100.0);
        // p = 10: ceil(12.8) = 13 key groups on the hottest subtask
        assertThat(model.vertexCapacity(KEYED_128, 10)).isEqualTo(100.0 * 128 / 13);
    }

    @Test
    void aNonKeyedVertexSpreadsEvenly() {
        assertThat(CapacityModel.uniform(100).vertexCapacity(SOURCE, 96)).isEqualTo(9600.0);
        assertThat(CapacityModel.uniform(100).vertexCapacity(SOURCE, 1)).isEqualTo(100.0);
    }

    @Test
    void theJobProcessesWhatItsSlowestVertexDoes() {
        JobGraph graph = JobGraph.builder().addVertices(SOURCE, KEYED_128).build();
        CapacityModel model = new CapacityModel(100, Map.of("source", 60.0));
        assertThat(model.perSubtaskOf("source")).isEqualTo(60.0);
        assertThat(model.perSubtaskOf("count")).isEqualTo(100.0);
        // source: 60 x 96 = 5760 < count: 6400
        assertThat(model.jobCapacity(graph, Map.of("source", 96, "count", 96))).isEqualTo(5760.0);
        // source: 60 x 128 = 7680 < count: 12 800
        assertThat(model.jobCapacity(graph, Map.of("source", 128, "count", 128)))
                .isEqualTo(7680.0);
        // source 6000 > count at 50: 128 / ceil(2.56) = 42.67 subtasks' worth
        assertThat(model.jobCapacity(graph, Map.of("source", 100, "count", 50))).isEqualTo(100.0 * 128 / 3);
        assertThatThrownBy(() -> model.jobCapacity(graph, Map.of("source", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'count'");
    }

    @Test
    void capacitiesMustBePositiveAndNameTheJobsVertices() {
        assertThatThrownBy(() -> CapacityModel.uniform(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CapacityModel.perSubtask");
        assertThatThrownBy(() -> new CapacityModel(1, Map.of("a", -2.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vertex 'a'");
        JobGraph graph = JobGraph.builder().addVertices(SOURCE).build();
        assertThatThrownBy(() -> new CapacityModel(1, Map.of("sink", 2.0)).checkAgainst(graph))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sink'")
                .hasMessageContaining("source");
    }

    /**
     * A sink at parallelism 3 of 1000 records/s per subtask caps the word count at 3000 records/s; with
     * 4000 arriving the lag grows from the end of the 10 s start-up to the end (590 s), and the result
     * names the sink, not the capacity panel.
     */
    @Test
    void theVertexThatCapsTheJobWhileTheLagGrowsIsNamed() {
        CapacityModel byRole = CapacityModel.byRole(5000, 5000, 1000);
        JobGraph job = Scenarios.wordCount(3);
        assertThat(byRole.bottleneck(job, Map.of("source", 3, "count", 3, "sink", 3))
                        .id())
                .isEqualTo("sink");
        LoadScenario load = LoadScenario.builder()
                .start(Traces.T0)
                .end(Traces.T0.plusSeconds(600))
                .initialTaskManagers(3)
                .inputRate(new InputRate.Constant(4000))
                .capacity(byRole)
                .autoscaler(Autoscaler.fixed(3))
                .build();
        LoadFigures f = new Simulator()
                .run(
                        job,
                        load,
                        io.github.slotwise.registry.Policies.byName("flink-2").decider(),
                        SimulationConfig.defaults())
                .load()
                .orElseThrow();
        assertThat(f.bottleneck()).contains(new LoadFigures.Bottleneck("sink", 3, 3000.0, 590.0));
        assertThat(f.samples().get(f.samples().size() - 1).bottleneck()).contains("sink");
    }

    @Test
    void rolesFitAnyJobAndAVertexNamedWinsOverItsRole() {
        CapacityModel m = new CapacityModel(100, Map.of("sink", 7.0), OptionalDouble.of(300), OptionalDouble.of(200));
        JobGraph job = Scenarios.wordCount(4);
        assertThat(m.perSubtaskOf(job, "source")).isEqualTo(300.0);
        assertThat(m.perSubtaskOf(job, "count")).isEqualTo(100.0);
        assertThat(m.perSubtaskOf(job, "sink")).isEqualTo(7.0);
        // a lone vertex is both a source and a sink: the lower of the two
        JobGraph lone = JobGraph.builder().addVertices(SOURCE).build();
        assertThat(m.perSubtaskOf(lone, "source")).isEqualTo(200.0);
        assertThatThrownBy(() -> CapacityModel.byRole(1, 0, 1))
                .hasMessage("CapacityModel.perSource must be a finite" + " number > 0, got 0.0");
    }
}
