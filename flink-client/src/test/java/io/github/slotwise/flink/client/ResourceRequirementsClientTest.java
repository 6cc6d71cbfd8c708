package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.slotwise.parallelism.VertexBounds;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ResourceRequirementsClient} against a stub on 127.0.0.1 that answers PUTs from a queue. */
class ResourceRequirementsClientTest {
    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final String PATH = "/jobs/" + JOB + "/resource-requirements";
    private static final String CONFLICT = "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException:"
            + " Another update to the job [%s] resource requirements is in progress.\\n\\tat Dispatcher\"]}";

    private HttpServer server;
    private final Deque<int[]> statuses = new ArrayDeque<>();
    private final Deque<String> bodies = new ArrayDeque<>();
    private final List<String> received = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private ResourceRequirementsClient api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, exchange -> {
            try (exchange) {
                synchronized (this) {
                    received.add(exchange.getRequestMethod() + " "
                            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                }
                int status = statuses.isEmpty() ? 200 : statuses.poll()[0];
                String body = bodies.isEmpty() ? "{}" : bodies.poll();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        FlinkRestClient rest = new FlinkRestClient(
                java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        api = new ResourceRequirementsClient(
                rest,
                new ResourceRequirementsClient.Retry(4, Duration.ofMillis(50), Duration.ofMillis(120)),
                waits::add);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String body) {
        statuses.add(new int[] {status});
        bodies.add(body);
    }

    private static Map<String, VertexBounds> bounds() {
        Map<String, VertexBounds> m = new LinkedHashMap<>();
        m.put("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", new VertexBounds(1, 1));
        m.put("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", new VertexBounds(1, 64));
        return m;
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        ResourceRequirementsClient.Retry r =
                new ResourceRequirementsClient.Retry(6, Duration.ofMillis(200), Duration.ofSeconds(1));
        assertThat(List.of(r.backoff(1), r.backoff(2), r.backoff(3), r.backoff(4)))
                .containsExactly(
                        Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new ResourceRequirementsClient.Retry(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessage("retry attempts must be >= 1, got 0");
        assertThatThrownBy(() -> new ResourceRequirementsClient.Retry(1, Duration.ofMillis(5), Duration.ofMillis(1)))
                .hasMessage("retry maxBackoff PT0.001S < firstBackoff PT0.005S");
    }

    @Test
    void aConflictIsRetriedWithBackoffAndEveryVertexIsSent() throws Exception {
        answer(409, CONFLICT);
        answer(409, CONFLICT);
        answer(200, "{}");

        ResourceRequirementsClient.UpdateOutcome outcome = api.put(JOB, bounds());

        assertThat(outcome).isEqualTo(new ResourceRequirementsClient.UpdateOutcome(3, 2));
        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(received).hasSize(3).allSatisfy(r -> assertThat(r)
                .isEqualTo("PUT {\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":{\"parallelism\":{\"lowerBound\":1,"
                        + "\"upperBound\":1}},\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\":{\"parallelism\":"
                        + "{\"lowerBound\":1,\"upperBound\":64}}}"));
    }

    @Test
    void conflictsThroughEveryAttemptFailClearly() {
        for (int i = 0; i < 4; i++) {
            answer(409, CONFLICT);
        }
        assertThatThrownBy(() -> api.put(JOB, bounds()))
                .isInstanceOfSatisfying(
                        SteeringException.class, e -> assertThat(e.kind()).isEqualTo(SteeringException.Kind.CONFLICT))
                .hasMessage("job " + JOB + ": another update of its resource requirements was in progress at each of 4"
                        + " attempts (HTTP 409); try again later");
        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(120));
    }

    @Test
    void flinksOtherRefusalsAreNamedAndNotRetried() {
        answer(
                400,
                "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException: The request is"
                        + " incomplete, missing job vertex [aaaa] resource requirements.\\n\\tat x\"]}");
        assertThatThrownBy(() -> api.put(JOB, bounds()))
                .isInstanceOfSatisfying(
                        SteeringException.class, e -> assertThat(e.kind()).isEqualTo(SteeringException.Kind.REFUSED))
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("missing job vertex [aaaa]");
        assertThat(waits).isEmpty();

        answer(
                500,
                "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\n"
                        + "java.lang.UnsupportedOperationException: Cannot change the parallelism of a job running in"
                        + " reactive mode.\\n\\tat AdaptiveScheduler\\nEnd of exception on server side>\"]}");
        assertThatThrownBy(() -> api.put(JOB, bounds()))
                .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                        .isEqualTo(SteeringException.Kind.REACTIVE_MODE))
                .hasMessageContaining("runs in Reactive Mode");

        answer(
                500,
                "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\n"
                        + "java.lang.UnsupportedOperationException: The DefaultScheduler does not support changing the"
                        + " parallelism without a job restart.\\nEnd of exception on server side>\"]}");
        assertThatThrownBy(() -> api.get(JOB))
                .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                        .isEqualTo(SteeringException.Kind.NOT_ADAPTIVE))
                .hasMessageContaining("jobmanager.scheduler: adaptive");

        answer(
                500,
                "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\n"
                        + "org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job ("
                        + JOB
                        + ")\\nEnd of exception on server side>\"]}");
        assertThatThrownBy(() -> api.get(JOB))
                .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                        .isEqualTo(SteeringException.Kind.JOB_NOT_FOUND))
                .hasMessageContaining("has no such job");
        assertThat(waits).isEmpty();
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> api.put("nope", bounds())).hasMessageContaining("job id 'nope'");
        assertThatThrownBy(() -> api.put(JOB, Map.of())).hasMessageContaining("name no vertex");
        assertThat(received).isEmpty();
    }
}
