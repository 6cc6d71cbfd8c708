package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.instance.SlotSharingGroupId;
import org.apache.flink.runtime.jobgraph.JobType;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.rest.messages.ErrorResponseBody;
import org.apache.flink.runtime.rest.messages.JobPlanInfo;
import org.apache.flink.runtime.rest.messages.ResourceProfileInfo;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobResourceRequirementsBody;
import org.apache.flink.runtime.rest.messages.job.metrics.IOMetricsInfo;
import org.apache.flink.runtime.rest.messages.job.rescales.JobRescaleConfigInfo;
import org.apache.flink.runtime.rest.messages.job.rescales.JobRescaleDetails;
import org.apache.flink.runtime.rest.messages.job.rescales.JobRescalesHistory;
import org.apache.flink.runtime.rest.messages.job.rescales.SchedulerStateSpan;
import org.apache.flink.runtime.rest.util.RestMapperUtils;
import org.apache.flink.runtime.scheduler.adaptive.timeline.TerminalState;
import org.apache.flink.runtime.scheduler.adaptive.timeline.TerminatedReason;
import org.apache.flink.runtime.scheduler.adaptive.timeline.TriggerCause;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The records read what flink-runtime 2.3.0's own REST message classes write: each test builds
 * Flink's message object, serializes it with the mapper Flink's REST endpoint uses ({@link
 * RestMapperUtils#getStrictObjectMapper()}) and parses the JSON with the record.
 */
class FlinkJsonConformanceTest {
    private static final ObjectMapper FLINK = RestMapperUtils.getStrictObjectMapper();

    private final JobID job = new JobID(1, 2);
    private final JobVertexID source = new JobVertexID(3, 4);
    private final JobVertexID window = new JobVertexID(5, 6);
    private final SlotSharingGroupId group = new SlotSharingGroupId(7, 8);

    private static <T> T read(String json, Class<T> type) throws Exception {
        return FlinkRestClient.mapper().readValue(json, type);
    }

    @Test
    void jobDetails() throws Exception {
        IOMetricsInfo metrics = new IOMetricsInfo(0, true, 0, true, 0, true, 0, true, 0, 0, 0.0);
        List<JobDetailsInfo.JobVertexDetailsInfo> vertices = List.of(
                new JobDetailsInfo.JobVertexDetailsInfo(
                        source,
                        group,
                        "Source: numbers",
                        128,
                        2,
                        ExecutionState.RUNNING,
                        1,
                        -1,
                        5,
                        Map.of(ExecutionState.RUNNING, 2),
                        metrics),
                new JobDetailsInfo.JobVertexDetailsInfo(
                        window,
                        group,
                        "Window",
                        256,
                        4,
                        ExecutionState.RUNNING,
                        1,
                        -1,
                        5,
                        Map.of(ExecutionState.RUNNING, 4),
                        metrics));
        JobDetailsInfo flink = new JobDetailsInfo(
                job,
                null,
                "keyed",
                false,
                JobStatus.RUNNING,
                JobType.STREAMING,
                JobManagerOptions.SchedulerType.Adaptive,
                1,
                -1,
                5,
                -1,
                1_700_000_000_000L,
                Map.of(JobStatus.RUNNING, 1L),
                vertices,
                Map.of(ExecutionState.RUNNING, 2),
                plan(),
                null,
                0);

        String json = FLINK.writeValueAsString(flink);
        JobDetails read = read(json, JobDetails.class);

        assertThat(read.jid()).isEqualTo(job.toHexString());
        assertThat(read.name()).isEqualTo("keyed");
        assertThat(read.state()).isEqualTo("RUNNING");
        assertThat(read.jobType()).isEqualTo("STREAMING");
        assertThat(read.schedulerType()).isEqualTo("Adaptive");
        assertThat(read.maxParallelism()).isEqualTo(-1);
        assertThat(read.now()).isEqualTo(1_700_000_000_000L);
        assertThat(read.vertices())
                .containsExactly(
                        new JobDetails.Vertex(
                                source.toHexString(), group.toHexString(), "Source: numbers", 128, 2, "RUNNING"),
                        new JobDetails.Vertex(window.toHexString(), group.toHexString(), "Window", 256, 4, "RUNNING"));
        checkPlan(read.plan());
    }

    @Test
    void jobPlan() throws Exception {
        String json = FLINK.writeValueAsString(new JobPlanInfo(plan()));
        checkPlan(read(json, JobPlan.class).plan());
    }

    private JobPlanInfo.Plan plan() {
        List<JobPlanInfo.Plan.Node> nodes = new ArrayList<>();
        nodes.add(new JobPlanInfo.Plan.Node(
                source.toHexString(),
                "Source: numbers",
                2,
                "",
                "Source: numbers<br/>",
                new JobPlanInfo.RawJson("{}"),
                null));
        nodes.add(new JobPlanInfo.Plan.Node(
                window.toHexString(),
                "Window",
                4,
                "",
                "Window<br/>",
                new JobPlanInfo.RawJson("{}"),
                List.of(new JobPlanInfo.Plan.Node.Input(
                        source.toHexString(), 0, "pipelined_bounded", "HASH", null, null))));
        return new JobPlanInfo.Plan(job.toHexString(), "keyed", "STREAMING", nodes);
    }

    private void checkPlan(JobPlan.Plan plan) {
        assertThat(plan.jid()).isEqualTo(job.toHexString());
        assertThat(plan.type()).isEqualTo("STREAMING");
        assertThat(plan.nodes())
                .extracting(JobPlan.Node::id)
                .containsExactly(source.toHexString(), window.toHexString());
        assertThat(plan.nodes().get(0).inputs()).isEmpty();
        assertThat(plan.nodes().get(1).parallelism()).isEqualTo(4);
        assertThat(plan.nodes().get(1).inputs())
                .containsExactly(new JobPlan.Input(0, source.toHexString(), "HASH", null, null, "pipelined_bounded"));
    }

    @Test
    void resourceRequirementsBothWays() throws Exception {
        JobResourceRequirementsBody flink =
                new JobResourceRequirementsBody(org.apache.flink.runtime.jobgraph.JobResourceRequirements.newBuilder()
                        .setParallelismForJobVertex(source, 1, 2)
                        .setParallelismForJobVertex(window, 2, 8)
                        .build());
        JobResourceRequirements read = read(FLINK.writeValueAsString(flink), JobResourceRequirements.class);
        assertThat(read.vertices().get(window.toHexString()).parallelism())
                .isEqualTo(new JobResourceRequirements.Parallelism(2, 8));
        assertThat(read.vertices()).hasSize(2);

        // what Slotwise PUTs, Flink's endpoint parses
        Map<String, JobResourceRequirements.VertexRequirements> mine = new LinkedHashMap<>();
        mine.put(source.toHexString(), vertexRequirements(1, 3));
        mine.put(window.toHexString(), vertexRequirements(1, 6));
        String json = FlinkRestClient.mapper().writeValueAsString(new JobResourceRequirements(mine));
        org.apache.flink.runtime.jobgraph.JobResourceRequirements parsedByFlink = FLINK.readValue(
                        json, JobResourceRequirementsBody.class)
                .asJobResourceRequirements()
                .orElseThrow();
        assertThat(parsedByFlink.getParallelism(window).getUpperBound()).isEqualTo(6);
        assertThat(parsedByFlink.getParallelism(source).getLowerBound()).isEqualTo(1);
    }

    private static JobResourceRequirements.VertexRequirements vertexRequirements(int lower, int upper) {
        return new JobResourceRequirements.VertexRequirements(new JobResourceRequirements.Parallelism(lower, upper));
    }

    @Test
    void errorBody() throws Exception {
        String json = FLINK.writeValueAsString(new ErrorResponseBody(List.of("Job not found.")));
        assertThat(json).isEqualTo("{\"errors\":[\"Job not found.\"]}");
    }

    @Test
    void rescaleHistoryAndDetails() throws Exception {
        ResourceProfileInfo unknown = new ResourceProfileInfo(1.0, 0, 0, 0, 0, Map.of());
        Map<JobVertexID, JobRescaleDetails.VertexParallelismRescaleInfo> vertices = new LinkedHashMap<>();
        vertices.put(
                window,
                new JobRescaleDetails.VertexParallelismRescaleInfo(window, "Window", group, "default", 8, 1, 2, 4));
        Map<SlotSharingGroupId, JobRescaleDetails.SlotSharingGroupRescaleInfo> slots = Map.of(
                group,
                new JobRescaleDetails.SlotSharingGroupRescaleInfo(group, "default", unknown, 8, 1, 2, 4, unknown));
        List<SchedulerStateSpan> states = List.of(
                new SchedulerStateSpan("Executing", 1000L, 1500L, 500L, null),
                new SchedulerStateSpan("Restarting", 1500L, 1600L, 100L, null),
                new SchedulerStateSpan("WaitingForResources", 1600L, 1700L, 100L, null),
                new SchedulerStateSpan("CreatingExecutionGraph", 1700L, 1710L, 10L, null),
                new SchedulerStateSpan("Executing", 1710L, 1710L, 0L, null));
        JobRescaleDetails completed = new JobRescaleDetails(
                "0123456789abcdef0123456789abcdef",
                "fedcba9876543210fedcba9876543210",
                2,
                vertices,
                slots,
                states,
                1000L,
                1710L,
                TerminalState.COMPLETED,
                TriggerCause.NEW_RESOURCE_AVAILABLE,
                TerminatedReason.SUCCEEDED);
        JobRescaleDetails inProgress = new JobRescaleDetails(
                "11111111111111111111111111111111",
                "fedcba9876543210fedcba9876543210",
                3,
                Map.of(),
                Map.of(),
                List.of(),
                2000L,
                null,
                null,
                TriggerCause.RECOVERABLE_FAILOVER,
                null);
        JobRescalesHistory history = new JobRescalesHistory(2);
        history.add(inProgress);
        history.add(completed);

        String json = FLINK.writeValueAsString(history);
        assertThat(json).startsWith("[{");
        RescaleHistory read = read(json, RescaleHistory.class);

        assertThat(read.rescales()).hasSize(2);
        assertThat(read.chronological())
                .extracting(RescaleDetails::rescaleAttemptId)
                .containsExactly(2L, 3L);
        RescaleDetails r = read.rescales().get(1);
        assertThat(r.rescaleUuid()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(r.resourceRequirementsUuid()).isEqualTo("fedcba9876543210fedcba9876543210");
        assertThat(r.triggerCause()).isEqualTo("NEW_RESOURCE_AVAILABLE");
        assertThat(r.terminalState()).isEqualTo("COMPLETED");
        assertThat(r.terminatedReason()).isEqualTo("SUCCEEDED");
        assertThat(r.completed()).isTrue();
        assertThat(r.startTimestampInMillis()).isEqualTo(1000L);
        assertThat(r.endTimestampInMillis()).isEqualTo(1710L);
        assertThat(r.executingSince()).hasValue(1710L);
        assertThat(r.vertices()).containsOnlyKeys(window.toHexString());
        assertThat(r.vertices().get(window.toHexString()))
                .isEqualTo(new RescaleDetails.VertexRescale(
                        window.toHexString(), "Window", group.toHexString(), "default", 8, 1, 2, 4));
        assertThat(r.slots().get(group.toHexString()))
                .isEqualTo(new RescaleDetails.SlotSharingGroupRescale(group.toHexString(), "default", 8, 1, 2, 4));
        assertThat(r.schedulerStates())
                .extracting(RescaleDetails.SchedulerStateSpan::state)
                .containsExactly(
                        "Executing", "Restarting", "WaitingForResources", "CreatingExecutionGraph", "Executing");

        RescaleDetails open = read.rescales().get(0);
        assertThat(open.completed()).isFalse();
        assertThat(open.terminalState()).isNull();
        assertThat(open.endTimestampInMillis()).isNull();

        // GET /jobs/:jobid/rescales/details/:rescaleuuid answers one JobRescaleDetails
        assertThat(read(FLINK.writeValueAsString(completed), RescaleDetails.class))
                .isEqualTo(r);
    }

    @Test
    void rescaleConfig() throws Exception {
        JobRescaleConfigInfo flink = new JobRescaleConfigInfo(
                10, SchedulerExecutionMode.REACTIVE, -1L, 0L, 50_000L, 30_000L, 60_000L, 0L, 2);
        RescaleConfig read = read(FLINK.writeValueAsString(flink), RescaleConfig.class);
        assertThat(read).isEqualTo(new RescaleConfig(10, "REACTIVE", -1L, 0L, 50_000L, 30_000L, 60_000L, 0L, 2));
    }
}
