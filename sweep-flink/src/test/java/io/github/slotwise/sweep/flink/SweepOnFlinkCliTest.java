package io.github.slotwise.sweep.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.cli.SlotwiseCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slotwise sweep --flink REST-URL}, the real command line, against a MiniCluster that answers
 * REST on 127.0.0.1: it prints byte for byte what the same command prints without {@code --flink}.
 * The engine comes from this module's classes (a folder), so nothing is shipped: the MiniCluster
 * shares the test's class path.
 */
class SweepOnFlinkCliTest {
    private static MiniCluster cluster;
    private static String rest;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackMiniCluster.start();
        rest = cluster.getRestAddress().get().toString();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SlotwiseCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command on the MiniCluster and locally: both succeed, with the same standard output. */
    private static String sameOnFlinkAsLocally(String... args) {
        List<String> onFlink = new ArrayList<>(Arrays.asList(args));
        onFlink.addAll(List.of("--flink", rest));
        Run remote = run(onFlink.toArray(String[]::new));
        Run local = run(args);
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(remote.exitCode()).as(remote.err()).isZero();
        assertThat(remote.err()).isEmpty();
        assertThat(remote.out()).isNotEmpty().isEqualTo(local.out());
        return remote.out();
    }

    @Test
    void aBuiltInFamilyAsCsvIsByteIdenticalToTheLocalRun() {
        String csv = sameOnFlinkAsLocally(
                "sweep", "--family", "family/spot-day", "--samples", "4", "--csv", "--no-progress");
        assertThat(csv.lines().skip(1)).isNotEmpty().allMatch(l -> l.startsWith("family/spot-day,"));
    }

    @Test
    void aFamilyFileAsJsonIsByteIdenticalToTheLocalRun() throws Exception {
        Path file = dir.resolve("family.json");
        Files.writeString(
                file,
                "{\"end\": \"2 h\", \"initialTaskManagers\": 2, \"slotsPerTaskManager\": 2,"
                        + " \"inputRate\": {\"type\": \"constant\", \"recordsPerSecond\": 3000},"
                        + " \"capacity\": {\"perSubtask\": 1000},"
                        + " \"autoscaler\": {\"type\": \"hpa\", \"target\": 0.7, \"maxTaskManagers\": 8},"
                        + " \"vary\": {\"seed\": 3, \"inputRate\": {\"noise\": {\"relative\": 0.2, \"every\":"
                        + " \"10 min\"}}, \"losses\": [{\"perDay\": 12}]}}");
        String json = sameOnFlinkAsLocally(
                "sweep",
                file.toString(),
                "--family",
                "family/reactive-blog-day",
                "--policies",
                "flink-2,reactive",
                "--samples",
                "3",
                "--seed",
                "7",
                "--threads",
                "1",
                "--json",
                "--no-progress");
        assertThat(json).contains("\"" + file + "\"", "\"family/reactive-blog-day\"");
    }

    @Test
    void progressCountsTheDaysAsTheirFiguresComeBack() {
        Run r = run("sweep", "--samples", "2", "--policies", "flink-2", "--csv", "--progress", "--flink", rest);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("slotwise: sweep of 2 simulations done in ");
    }

    @Test
    void aBadUrlIsOneLineThatQuotesIt() {
        assertBadInput(
                run("sweep", "--samples", "2", "--flink", "ftp://127.0.0.1:8081"),
                "the Flink REST URL must be an http or https URL such as http://localhost:8081, got"
                        + " 'ftp://127.0.0.1:8081'");
        assertBadInput(
                run("sweep", "--samples", "2", "--flink", "http://127.0.0.1"),
                "the Flink REST URL must name a host and a port (1 to 65535), such as http://localhost:8081, got"
                        + " 'http://127.0.0.1'");
        assertBadInput(
                run("sweep", "--samples", "2", "--flink", "http://127.0.0.1:99999"), "got 'http://127.0.0.1:99999'");
        assertBadInput(
                run("sweep", "--samples", "2", "--flink", "http://[127.0.0.1:8081"),
                "--flink: 'http://[127.0.0.1:8081' is not a URL such as http://localhost:8081");
    }

    @Test
    void aClusterThatIsNotThereIsOneLineSoon() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        long start = System.nanoTime();
        Run r = run("sweep", "--samples", "2", "--policies", "flink-2", "--flink", url);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertBadInput(r, "--flink: cannot reach the Flink cluster at " + url + ": ");
        assertThat(seconds).as("the client's retries are short").isLessThan(20);
    }

    @Test
    void pluginsAreRejectedBeforeAnything() {
        assertBadInput(
                run("sweep", "--plugin", dir.resolve("acme.jar").toString(), "--flink", rest),
                "--plugin cannot be combined with --flink");
    }

    private static void assertBadInput(Run r, String part) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("slotwise: ").contains(part).doesNotContain("\tat ");
    }
}
