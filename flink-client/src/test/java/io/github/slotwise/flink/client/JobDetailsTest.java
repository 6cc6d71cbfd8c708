package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import org.junit.jupiter.api.Test;

/** The plan's edges and keyed vertices, as import and steering read them. */
class JobDetailsTest {
    private static JobDetails details(String json) throws Exception {
        return FlinkRestClient.mapper().readValue(json, JobDetails.class);
    }

    private static final String JOB =
            """
            {"jid": "j1", "vertices": [
               {"id": "a", "name": "Source", "parallelism": 2, "maxParallelism": 128},
               {"id": "b", "name": "Count", "parallelism": 2, "maxParallelism": 128},
               {"id": "c", "name": "Sink", "parallelism": 2, "maxParallelism": 128}],
             "plan": {"nodes": [
               {"id": "c", "inputs": [{"id": "b", "ship_strategy": "forward"}, {"id": "x", "ship_strategy": "HASH"}]},
               {"id": "b", "inputs": [{"id": "a", "ship_strategy": "HASH"}]},
               {"id": "a", "inputs": []}]}}
            """;

    @Test
    void edgesFollowThePlanOrderAndItsShipStrategies() throws Exception {
        JobDetails d = details(JOB);
        // the input from 'x', a vertex the job does not list, is left out
        assertThat(d.edges())
                .containsExactly(
                        new JobEdge("b", "c", DistributionPattern.POINTWISE),
                        new JobEdge("a", "b", DistributionPattern.ALL_TO_ALL));
        assertThat(d.shipStrategies()).containsExactly("FORWARD", "HASH");
    }

    @Test
    void keyedVerticesAreThoseWithAHashInputFromAKnownOrUnknownSource() throws Exception {
        // 'c' has a HASH input from 'x': it is still after a keyBy
        assertThat(details(JOB).hashPartitionedVertices()).containsExactly("c", "b");
    }

    @Test
    void withoutAPlanThereAreNoEdgesAndNoKeyedVertices() throws Exception {
        JobDetails d = details("{\"jid\": \"j1\", \"vertices\": [{\"id\": \"a\", \"parallelism\": 1}]}");
        assertThat(d.edges()).isEmpty();
        assertThat(d.hashPartitionedVertices()).isEmpty();
        assertThat(d.shipStrategies()).isEmpty();
    }
}
