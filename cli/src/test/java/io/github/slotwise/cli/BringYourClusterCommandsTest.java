package io.github.slotwise.cli;

import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.slotwise.cli.SlotwiseCliTest.Run;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, replay and --flink-config/-D on the command line: exit codes, one-line errors, outputs. */
class BringYourClusterCommandsTest {
    private static final String JOB = "c6c1e21ea5a2c81b30099a151127e37f";

    @TempDir
    Path dir;

    private static Path example(String file) {
        return ReadmeTest.readme()
                .getParent()
                .resolve("docs/examples/bring-your-cluster")
                .resolve(file);
    }

    /** A JDK HTTP server on 127.0.0.1, port 0, answering the saved example's documents. */
    private static HttpServer flink(Map<String, Integer> statusByPath) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, Path> files = Map.of(
                "/jobs/" + JOB,
                example("details.json"),
                "/jobs/" + JOB + "/resource-requirements",
                example("requirements.json"),
                "/taskmanagers",
                example("taskmanagers.json"));
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                int status = statusByPath.getOrDefault(path, files.containsKey(path) ? 200 : 404);
                byte[] body = status == 200
                        ? Files.readAllBytes(files.get(path))
                        : ("{\"errors\":[\"Job " + JOB + " not found\\n\\tat Some.frame\"]}")
                                .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }

    @Test
    void importsALiveJobIntoAScenario() throws Exception {
        HttpServer server = flink(Map.of());
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Run r = run("import", "--rest", url, "--job", JOB, "--keyed", "Source: numbers");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.json().path("job").path("vertices")).hasSize(2);
            assertThat(r.json()
                            .path("job")
                            .path("vertices")
                            .get(0)
                            .path("keyed")
                            .asBoolean())
                    .isTrue();
            assertThat(r.json()
                            .path("job")
                            .path("vertices")
                            .get(1)
                            .path("upperBound")
                            .asInt())
                    .as("today's requirements, no history asked for")
                    .isEqualTo(1);
            assertThat(r.json().path("slots").path("taskManagers")).hasSize(2);
            assertThat(r.errLines())
                    .contains("slotwise: assumed: keyed vertices as given: 'Source: numbers'"
                            + " (bc764cd8ddf7a0cff126f51c16239658)");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnknownJobIsOneLineWithFlinksMessage() throws Exception {
        HttpServer server = flink(Map.of("/jobs/" + JOB, 404));
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Run r = run("import", "--rest", url, "--job", JOB);
            assertThat(r.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
            assertThat(r.errLines())
                    .containsExactly("slotwise: GET " + url + "/jobs/" + JOB + ": HTTP 404, Flink says: Job " + JOB
                            + " not found");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionIsOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Run r = run("replay", "--rest", "http://127.0.0.1:" + port, "--job", JOB);
        assertThat(r.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(r.errLines()).singleElement().asString().contains("connection refused");
    }

    @Test
    void badSourcesAreUsageErrors() {
        assertThat(run("import").errLines())
                .containsExactly("slotwise: give --rest URL --job JOBID, or --details FILE (a saved GET /jobs/JOBID)");
        assertThat(run("import", "--rest", "http://127.0.0.1:1", "--job", "x").errLines())
                .containsExactly("slotwise: job id 'x' is not a Flink job id (32 hex digits, as 'flink list' and"
                        + " GET /jobs show them)");
        Run r = run("replay", "--details", example("details.json").toString());
        assertThat(r.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(r.errLines())
                .containsExactly("slotwise: replay needs the rescale history: --rest (fetched) or --history FILE");
    }

    @Test
    void replayWhatIfAnotherPolicy() {
        Run r = run(
                "replay",
                "--details",
                example("details.json").toString(),
                "--history",
                example("history.json").toString(),
                "--flink-config",
                example("config.yaml").toString(),
                "--policy",
                "flink-2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("against flink-2 (");
        // Flink's defaults (30 s cooldown, 60 s stabilization) would not have followed this life
        assertThat(r.out()).containsPattern("Agreement: [0-5] of 6 completed rescales");
    }

    @Test
    void dynamicPropertiesReachTheSimulation() {
        Run r = run("simulate", "-Dheartbeat.timeout=20s", "-Dscheduler-mode=reactive", "-Dcustom.key=1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("heartbeat timeout 20 s").contains("flink-config");
        assertThat(r.errLines())
                .containsExactly(
                        "slotwise: Flink configuration keys ignored (Slotwise does not model them): custom.key");

        Run bad = run("simulate", "-Dheartbeat.timeout=soon");
        assertThat(bad.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(bad.errLines())
                .singleElement()
                .asString()
                .startsWith("slotwise: -D: heartbeat.timeout: cannot parse 'soon'");

        Run noEquals = run("plan", "-Dheartbeat.timeout");
        assertThat(noEquals.errLines())
                .containsExactly("slotwise: -D heartbeat.timeout: expected key=value, e.g. -Dheartbeat.timeout=20s");
    }

    @Test
    void planTakesTheConfigurationsAssigner() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), "taskmanager:\n  load-balance.mode: SLOTS\n");
        Run r = run("plan", "--flink-config", config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("assigner: flink-slots");
        Run flag = run("plan", "--flink-config", config.toString(), "--assigner", "flink-tasks");
        assertThat(flag.out()).contains("assigner: flink-tasks");
    }
}
