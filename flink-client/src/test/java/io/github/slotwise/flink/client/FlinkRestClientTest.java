package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkRestClientTest {
    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final String SOURCE = "bc764cd8ddf7a0cff126f51c16239658";
    private static final String WINDOW = "20ba6b65f97481d5570070de90e4e791";
    private static final String GROUP = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    /** A trimmed answer of Flink 2.3's GET /jobs/:jobid, with fields Slotwise ignores. */
    private static final String DETAILS =
            """
            {"jid":"%1$s","name":"keyed","isStoppable":false,"state":"RUNNING","job-type":"STREAMING",
             "schedulerType":"Adaptive","start-time":1,"end-time":-1,"duration":5,"maxParallelism":-1,
             "now":1700000000000,"timestamps":{"RUNNING":1},
             "vertices":[
              {"id":"%2$s","slotSharingGroupId":"%4$s","name":"Source: numbers","maxParallelism":128,
               "parallelism":2,"status":"RUNNING","start-time":1,"end-time":-1,"duration":4,
               "tasks":{"RUNNING":2},"metrics":{"read-bytes":0}},
              {"id":"%3$s","slotSharingGroupId":"%4$s","name":"Window","maxParallelism":256,
               "parallelism":4,"status":"RUNNING","start-time":1,"end-time":-1,"duration":4,
               "tasks":{"RUNNING":4},"metrics":{"read-bytes":0}}],
             "status-counts":{"RUNNING":2},
             "plan":{"jid":"%1$s","name":"keyed","type":"STREAMING","nodes":[
              {"id":"%3$s","parallelism":4,"operator":"","operator_strategy":"","description":"Window",
               "inputs":[{"num":0,"id":"%2$s","ship_strategy":"HASH","exchange":"pipelined_bounded"}],
               "optimizer_properties":{}},
              {"id":"%2$s","parallelism":2,"operator":"","operator_strategy":"","description":"Source: numbers",
               "optimizer_properties":{}}]},
             "pending-operators":0}
            """
                    .formatted(JOB, SOURCE, WINDOW, GROUP);

    @Test
    void readsJobDetailsWithVerticesAndPlan() throws IOException {
        try (RestStub stub = new RestStub().on("GET /jobs/" + JOB, 200, DETAILS)) {
            JobDetails details = new FlinkRestClient(stub.base()).jobDetails(JOB.toUpperCase());

            assertThat(details.jid()).isEqualTo(JOB);
            assertThat(details.state()).isEqualTo("RUNNING");
            assertThat(details.schedulerType()).isEqualTo("Adaptive");
            assertThat(details.maxParallelism()).isEqualTo(-1);
            assertThat(details.vertices())
                    .extracting(
                            JobDetails.Vertex::id, JobDetails.Vertex::parallelism, JobDetails.Vertex::maxParallelism)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(SOURCE, 2, 128),
                            org.assertj.core.groups.Tuple.tuple(WINDOW, 4, 256));
            assertThat(details.vertices().get(1).slotSharingGroupId()).isEqualTo(GROUP);
            JobPlan.Node window = details.plan().nodes().get(0);
            assertThat(window.inputs()).singleElement().satisfies(input -> {
                assertThat(input.id()).isEqualTo(SOURCE);
                assertThat(input.shipStrategy()).isEqualTo("HASH");
                assertThat(input.localStrategy()).isNull();
            });
            assertThat(details.plan().nodes().get(1).inputs()).isEmpty();
            assertThat(stub.requests())
                    .singleElement()
                    .extracting(RestStub.Request::path)
                    .isEqualTo("/jobs/" + JOB);
        }
    }

    @Test
    void readsThePlanBehindAProxyPath() throws IOException {
        String plan = "{\"plan\":{\"jid\":\"" + JOB + "\",\"name\":\"j\",\"type\":\"STREAMING\",\"nodes\":[]}}";
        try (RestStub stub = new RestStub().on("GET /flink/jobs/" + JOB + "/plan", 200, plan)) {
            URI base = URI.create(stub.base() + "/flink/");
            JobPlan read = new FlinkRestClient(base).jobPlan(JOB);
            assertThat(read.plan().jid()).isEqualTo(JOB);
            assertThat(read.plan().nodes()).isEmpty();
        }
    }

    @Test
    void anErrorStatusNamesUrlStatusAndFlinksFirstLines() throws IOException {
        String body = "{\"errors\":[\"org.apache.flink.runtime.rest.NotFoundException: Job " + JOB
                + " not found\\n\\tat org.apache.flink.Foo(Foo.java:1)\",\"second\"]}";
        try (RestStub stub = new RestStub().on("GET /jobs/" + JOB, 404, body)) {
            FlinkRestClient client = new FlinkRestClient(stub.base());
            assertThatThrownBy(() -> client.jobDetails(JOB)).isInstanceOfSatisfying(FlinkRestException.class, e -> {
                assertThat(e.getMessage())
                        .isEqualTo("GET " + stub.base() + "/jobs/" + JOB
                                + ": HTTP 404, Flink says: org.apache.flink.runtime.rest.NotFoundException:"
                                + " Job " + JOB + " not found | second");
                assertThat(e.status()).hasValue(404);
                assertThat(e.flinkErrors()).hasSize(2);
                assertThat(e.uri()).isEqualTo(URI.create(stub.base() + "/jobs/" + JOB));
            });
        }
    }

    @Test
    void anErrorWithoutFlinksBodyShowsAnExcerpt() throws IOException {
        try (RestStub stub = new RestStub().on("GET /jobs/" + JOB, 502, "<html>\nBad gateway\n</html>")) {
            assertThatThrownBy(() -> new FlinkRestClient(stub.base()).jobDetails(JOB))
                    .isInstanceOf(FlinkRestException.class)
                    .hasMessageEndingWith(": HTTP 502: <html> Bad gateway </html>");
        }
    }

    @Test
    void anAnswerThatIsNotTheExpectedJsonSaysSo() throws IOException {
        try (RestStub stub = new RestStub().on("GET /jobs/" + JOB, 200, "{\"jid\": [1,")) {
            assertThatThrownBy(() -> new FlinkRestClient(stub.base()).jobDetails(JOB))
                    .isInstanceOf(FlinkRestException.class)
                    .hasMessageContaining("the answer is not the JSON expected for JobDetails")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aRefusedConnectionSaysSo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        FlinkRestClient client = new FlinkRestClient(URI.create("http://127.0.0.1:" + port));
        assertThatThrownBy(() -> client.get("/overview"))
                .isInstanceOfSatisfying(
                        FlinkRestException.class, e -> assertThat(e.status()).isEmpty())
                .hasMessage("GET http://127.0.0.1:" + port + "/overview: connection refused"
                        + " (is Flink's REST endpoint, rest.port, listening at 127.0.0.1:" + port + "?)");
    }

    @Test
    void aSlowAnswerTimesOut() throws IOException {
        try (RestStub stub = new RestStub().on("GET /overview", 200, "{}", 3_000)) {
            FlinkRestClient client = new FlinkRestClient(stub.base(), Duration.ofSeconds(2), Duration.ofMillis(200));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get("/overview"))
                    .isInstanceOf(FlinkRestException.class)
                    .hasMessage("GET " + stub.base() + "/overview: no answer within 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    void putsResourceRequirementsAsFlinkWritesThem() throws IOException {
        String path = "/jobs/" + JOB + "/resource-requirements";
        String current = "{\"" + SOURCE + "\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":2}},\"" + WINDOW
                + "\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":4}}}";
        try (RestStub stub = new RestStub().on("GET " + path, 200, current).on("PUT " + path, 200, "{}")) {
            FlinkRestClient client = new FlinkRestClient(stub.base());
            JobResourceRequirements read = client.resourceRequirements(JOB);
            assertThat(read.vertices()).containsOnlyKeys(SOURCE, WINDOW);
            assertThat(read.vertices().get(WINDOW).parallelism())
                    .isEqualTo(new JobResourceRequirements.Parallelism(1, 4));

            client.updateResourceRequirements(
                    JOB,
                    new JobResourceRequirements(Map.of(
                            WINDOW,
                            new JobResourceRequirements.VertexRequirements(
                                    new JobResourceRequirements.Parallelism(2, 8)))));
            RestStub.Request put = stub.requests().get(1);
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.contentType()).isEqualTo("application/json");
            JsonNode sent = FlinkRestClient.mapper().readTree(put.body());
            assertThat(sent)
                    .isEqualTo(FlinkRestClient.mapper()
                            .readTree("{\"" + WINDOW + "\":{\"parallelism\":{\"lowerBound\":2,\"upperBound\":8}}}"));
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> FlinkRestClient.checkJobId("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("job id 'abc' is not a Flink job id");
        assertThatThrownBy(() -> FlinkRestClient.parseBase("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Flink REST URL 'localhost:8081' must be an absolute http:// or https:// URL");
        assertThatThrownBy(() -> FlinkRestClient.parseBase("http://exa mple"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Flink REST URL 'http://exa mple' is not a URL");
        assertThatThrownBy(() ->
                        new FlinkRestClient(URI.create("http://127.0.0.1:1"), Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connect timeout must be positive, got PT0S");
    }
}
