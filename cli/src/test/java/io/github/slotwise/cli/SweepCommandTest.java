package io.github.slotwise.cli;

import static io.github.slotwise.cli.BadInputAssert.assertBadInput;
import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.slotwise.cli.SlotwiseCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    private static final String[] SMALL = {
        "sweep", "--family", "family/spot-day", "--policies", "flink-2,reactive", "--samples", "2", "--no-progress"
    };

    @TempDir
    Path dir;

    private static String[] with(String... more) {
        String[] args = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return args;
    }

    @Test
    void theOutputIsByteIdenticalWhateverTheThreads() {
        for (String format : new String[] {"--csv", "--seed=0"}) {
            Run one = run(with(format, "--threads", "1"));
            Run three = run(with(format, "--threads", "3"));
            assertThat(one.exitCode()).as(one.err()).isZero();
            assertThat(three.out()).as(format).isEqualTo(one.out());
        }
    }

    @Test
    void theTextHasATablePerMetricWithTheBaselineAndTheDifference() {
        Run r = run(with("--threads", "2"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .startsWith("Sweep: 2 days of each family, baseline flink-2 with flink-default, bootstrap seed 0\n")
                .contains(
                        "\nRescales\n",
                        "\nDowntime (s)\n",
                        "\nLag-seconds (record-seconds)\n",
                        "\nTaskManager-hours\n",
                        "\nKey groups moved\n");
        assertThat(r.outLines())
                .contains("family policy assigner mean p50 p90 p99 vs baseline 95% CI (t)"
                        + " 95% CI (bootstrap) lower/equal/higher");
        assertThat(r.outLines().stream().filter(l -> l.startsWith("family/spot-day flink-2 flink-default")))
                .hasSize(5)
                .allMatch(l -> l.endsWith(" baseline"));
        // Reactive Mode restarts without the submission stabilization: less downtime on both days (two
        // days are too few for the t interval to exclude 0)
        assertThat(r.outLines().stream()
                        .filter(l -> l.startsWith("family/spot-day reactive flink-default"))
                        .toList()
                        .get(1))
                .matches(".* -\\d+\\.\\d \\[-[\\d.]+, [-+][\\d.]+\\] \\[-[\\d.]+, -[\\d.]+\\] 2/0/0");
    }

    @Test
    void jsonAndCsvCarryEveryRow() throws Exception {
        Run json = run(with("--json"));
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("samples").asInt()).isEqualTo(2);
        assertThat(root.get("rows")).hasSize(2 * 5);
        assertThat(root.get("rows").get(0).get("difference").isNull()).isTrue();
        assertThat(root.get("rows").get(5).get("difference").get("equal").asInt()
                        + root.get("rows").get(5).get("difference").get("lower").asInt()
                        + root.get("rows")
                                .get(5)
                                .get("difference")
                                .get("higher")
                                .asInt())
                .isEqualTo(2);
    }

    @Test
    void theSeedChangesTheDaysAndTheChartIsDrawn() throws Exception {
        Path chart = dir.resolve("sweep.png");
        Run seed0 = run(with("--csv"));
        Run seed1 = run(with("--csv", "--seed", "1", "--chart", chart.toString()));
        assertThat(seed1.exitCode()).as(seed1.err()).isZero();
        assertThat(seed1.out()).isNotEqualTo(seed0.out());
        assertThat(seed0.out().lines()).hasSize(1 + 2 * 5);
        assertThat(Files.readAllBytes(chart)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aFamilyFileIsSampled() throws Exception {
        Path file = dir.resolve("family.json");
        Files.writeString(
                file,
                "{\"end\": \"2 h\", \"initialTaskManagers\": 2, \"slotsPerTaskManager\": 2,"
                        + " \"inputRate\": {\"type\": \"constant\", \"recordsPerSecond\": 3000},"
                        + " \"capacity\": {\"perSubtask\": 1000},"
                        + " \"autoscaler\": {\"type\": \"hpa\", \"target\": 0.7, \"maxTaskManagers\": 8},"
                        + " \"vary\": {\"seed\": 3, \"inputRate\": {\"noise\": {\"relative\": 0.2, \"every\": \"10 min\"}},"
                        + " \"losses\": [{\"perDay\": 12}]}}");
        Run r = run("sweep", file.toString(), "--samples", "3", "--policies", "flink-2,reactive", "--csv");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(1)).allMatch(l -> l.startsWith(file + ","));
        // the days differ
        assertThat(r.out().lines().filter(l -> l.contains(",flink-2,") && l.contains(",lag-seconds,")))
                .singleElement()
                .satisfies(l -> assertThat(l.split(",")[6]).isNotEqualTo("0.0")); // stddev
    }

    @Test
    void badInputIsOneLine() {
        assertBadInput(run("sweep", "--samples", "1"), "--samples must be between 2 and 10000000, got 1");
        assertBadInput(run("sweep", "--threads", "0"), "--threads must be between 1 and 1024, got 0");
        assertBadInput(run("sweep", "--family", "family/spot"), "--family: no built-in family named 'family/spot'");
        assertBadInput(run("sweep", "--family", "family/spot-day,"), "--family: empty family name");
        assertBadInput(
                run("sweep", "--baseline", "reactive"),
                "--baseline: 'reactive' is not one of --policies: flink-2, flink-2+keygroup-aware");
        assertBadInput(
                run("sweep", "--baseline-assigner", "optimal-state-locality"),
                "--baseline-assigner: 'optimal-state-locality' is not one of --assigners: flink-default");
        assertBadInput(run("sweep", "--json", "--csv"), "--json and --csv: choose one");
        assertBadInput(run("sweep", "--policies", "flink-3"), "--policies:");
        assertBadInput(run("sweep", "--chart", "x.gif"), "--chart x.gif: unknown chart format '.gif'");
        assertBadInput(run("sweep", dir.resolve("missing.json").toString()), "missing.json");
        assertBadInput(run("sweep", "--family", "family/spot-day", "--family", "family/reactive-blog-day"), "--family");
    }

    @Test
    void flinkWithoutTheEngineOnTheClassPathSaysHowToRunIt() {
        // module cli does not depend on sweep-flink: no engine here
        assertBadInput(
                run(with("--flink", "http://127.0.0.1:8081")),
                "--flink: no Flink sweep engine on the class path; run with module sweep-flink's job jar and"
                        + " Flink's lib folder: java -cp"
                        + " \"cli/target/slotwise.jar:sweep-flink/target/slotwise-sweep-flink.jar:$FLINK_HOME/lib/*\""
                        + " io.github.slotwise.cli.SlotwiseCli sweep --flink http://127.0.0.1:8081 ...");
    }

    @Test
    void pluginsDoNotTravelToFlink() {
        // rejected before the plugin is even looked at, whatever it is
        assertBadInput(
                run(with("--plugin", dir.resolve("acme.jar").toString(), "--flink", "http://127.0.0.1:8081")),
                "--plugin cannot be combined with --flink: a plugin's strategies do not travel to the Flink"
                        + " cluster");
    }
}
