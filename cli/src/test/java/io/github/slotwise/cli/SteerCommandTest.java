package io.github.slotwise.cli;

import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.slotwise.cli.SlotwiseCliTest.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slotwise steer} against a stand-in for Flink's REST API on 127.0.0.1: a source and a keyed
 * vertex with 128 key groups on 96 registered slots (the MiniCluster test runs the same classes
 * against a real Flink).
 */
class SteerCommandTest {
    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final String SOURCE = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String KEYED = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String GROUP = "cccccccccccccccccccccccccccccccc";

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> puts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String key = exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status = 200;
                String answer;
                if (exchange.getRequestMethod().equals("PUT")) {
                    puts.add(body);
                    answers.put("GET /jobs/" + JOB + "/resource-requirements", body);
                    answer = "{}";
                } else {
                    answer = answers.get(key);
                    if (answer == null) {
                        status = 404;
                        answer = "{\"errors\":[\"Not found: " + key + "\"]}";
                    }
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        answers.put("GET /overview", "{\"taskmanagers\":3,\"slots-total\":96,\"slots-available\":0}");
        answers.put(
                "GET /jobs/" + JOB,
                "{\"jid\":\"" + JOB + "\",\"name\":\"counts\",\"state\":\"RUNNING\","
                        + "\"vertices\":[{\"id\":\"" + SOURCE + "\",\"slotSharingGroupId\":\"" + GROUP
                        + "\",\"name\":\"Source\","
                        + "\"maxParallelism\":128,\"parallelism\":1,\"status\":\"RUNNING\"},{\"id\":\"" + KEYED
                        + "\",\"slotSharingGroupId\":\"" + GROUP + "\",\"name\":\"keyed map\",\"maxParallelism\":128,"
                        + "\"parallelism\":96,\"status\":\"RUNNING\"}],\"plan\":{\"jid\":\"" + JOB
                        + "\",\"name\":\"counts\","
                        + "\"type\":\"STREAMING\",\"nodes\":[{\"id\":\"" + KEYED
                        + "\",\"parallelism\":96,\"operator\":\"\","
                        + "\"description\":\"keyed map\",\"inputs\":[{\"num\":0,\"id\":\"" + SOURCE
                        + "\",\"ship_strategy\":\"HASH\",\"exchange\":\"pipelined_bounded\"}]},{\"id\":\"" + SOURCE
                        + "\",\"parallelism\":1,\"operator\":\"\",\"description\":\"Source\"}]}}");
        answers.put(
                "GET /jobs/" + JOB + "/resource-requirements",
                "{\"" + SOURCE + "\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":1}},\"" + KEYED
                        + "\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":128}}}");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String rest() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void dryRunPrintsCurrentProposedAndWhyAndSendsNothing() {
        Path state = dir.resolve("state.json");
        Run r = run(
                "steer",
                "--rest",
                rest(),
                "--job",
                JOB,
                "--policy",
                "flink-2+keygroup-aware",
                "--state",
                state.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains(
                        "job " + JOB + " (counts): 96 registered slots on 3 TaskManager(s); policy"
                                + " flink-2+keygroup-aware planned over the current bounds",
                        "  " + SOURCE + " (Source): [1, 1] kept; Flink's rule on 96 slots: 1 -> 1; upper bound already"
                                + " the target",
                        "  " + KEYED + " (keyed map): [1, 128] -> [1, 64]; Flink's rule on 96 slots: 96 -> 64 (hottest"
                                + " subtask 2 -> 2 of 128 key groups); upper bound set to the target",
                        "dry run: nothing sent (--apply sends these bounds)");
        assertThat(puts).isEmpty();
        assertThat(Files.exists(state)).isFalse();
    }

    @Test
    void applyThenResetPutsBackTheBoundsFound() {
        Path state = dir.resolve("state.json");
        Run applied = run("steer", "--rest", rest(), "--job", JOB, "--apply", "--state", state.toString());
        assertThat(applied.exitCode()).isZero();
        assertThat(applied.out()).contains("sent: PUT /jobs/" + JOB + "/resource-requirements with 2 vertices");
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0)).contains("\"" + KEYED + "\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":64}}");
        assertThat(Files.exists(state)).isTrue();

        Run again = run("steer", "--rest", rest(), "--job", JOB, "--apply", "--state", state.toString());
        assertThat(again.out())
                .contains("planned over the bounds found before steering", "no change: Flink's rule already runs");
        assertThat(puts).hasSize(1);

        Run reset = run("steer", "--rest", rest(), "--job", JOB, "--reset", "--state", state.toString());
        assertThat(reset.exitCode()).isZero();
        assertThat(reset.out()).contains(KEYED + " (keyed map): [1, 64] -> [1, 128], the bounds found before steering");
        assertThat(puts.get(1)).contains("\"" + KEYED + "\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":128}}");
        assertThat(Files.exists(state)).isFalse();
    }

    @Test
    void watchRunsARoundWhenTheRegisteredSlotsChangeAndStopsAfterItsPolls() {
        Run r = run(
                "steer",
                "--rest",
                rest(),
                "--job",
                JOB,
                "--watch",
                "--period",
                "10ms",
                "--max-polls",
                "3",
                "--state",
                dir.resolve("s.json").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("job ")).count()).isEqualTo(1); // the slots never changed
    }

    @Test
    void failuresAreOneLineWithExitCode2() {
        Run badJob = run("steer", "--rest", rest(), "--job", "xyz");
        assertThat(badJob.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(badJob.err())
                .startsWith("slotwise: job id 'xyz' is not a Flink job id")
                .hasLineCount(1);

        Run unknown = run("steer", "--rest", rest(), "--job", "ffffffffffffffffffffffffffffffff");
        assertThat(unknown.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("has no such job").hasLineCount(1);

        Run policy = run("steer", "--rest", rest(), "--job", JOB, "--policy", "nope");
        assertThat(policy.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(policy.err()).contains("unknown policy 'nope'");

        Run both = run("steer", "--rest", rest(), "--job", JOB, "--apply", "--dry-run");
        assertThat(both.err()).contains("--dry-run and --apply exclude each other");

        Run period = run("steer", "--rest", rest(), "--job", JOB, "--watch", "--period", "0s");
        assertThat(period.err()).contains("--period '0s': must be positive");

        Run nothing = run(
                "steer",
                "--rest",
                rest(),
                "--job",
                JOB,
                "--reset",
                "--state",
                dir.resolve("none.json").toString());
        assertThat(nothing.exitCode()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(nothing.err()).contains("nothing to reset");
    }
}
