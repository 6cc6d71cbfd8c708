package io.github.slotwise.cli;

import static io.github.slotwise.cli.BadInputAssert.assertBadInput;
import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static io.github.slotwise.cli.SlotwiseCliTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.slotwise.cli.SlotwiseCliTest.Run;
import io.github.slotwise.registry.Policies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path dir;

    // startup-one-by-one (see SimulateCommandTest for flink-2's figures by hand). Reactive Mode
    // starts at once on 2 slots and takes every slot, 10 at the end: 10/10/10/10, never "desired"
    // since its upper bounds are the maxParallelism 128.
    @Test
    void oneRowPerPolicyInTheOrderGiven() {
        Run r = run("compare", "--scenario", "trace/startup-one-by-one", "--policies", "reactive,flink-2");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Simulation: trace/startup-one-by-one",
                        "simulator: heartbeat timeout 50 s, restart cost 10 s, assigner flink-default",
                        "policy rescales restarts restart downtime s downtime s slot-s used slot-s available"
                                + " utilization peak skew key groups moved to desired s final parallelism",
                        "reactive 3 0 40 40 2320 2750 84.4 % 1.0313 297 - 10/10/10/10",
                        "flink-2 1 0 20 20 1960 2750 71.3 % 1.0313 106 55 4/4/6/2");
    }

    @Test
    void theDefaultPoliciesAreFlinksPresetsAndFlink2sStrategies() {
        Run r = run("compare", "--scenario", "trace/sigkill-scale-down");

        assertThat(r.exitCode()).isZero();
        List<String> policies = new ArrayList<>();
        for (String line : r.outLines()) {
            String first = line.split(" ")[0];
            if (Policies.names().contains(first)) {
                policies.add(first);
            }
        }
        assertThat(String.join(",", policies)).isEqualTo(CompareCommand.DEFAULT_POLICIES);
    }

    @Test
    void eachScenarioGetsItsTable() {
        Run r = run(
                "compare",
                "--scenario",
                "trace/startup-one-by-one,trace/sigkill-scale-down,trace/autoscaler",
                "--policies",
                "flink-2");

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Simulation: trace/startup-one-by-one",
                        "flink-2 1 0 20 20 1960 2750 71.3 % 1.0313 106 55 4/4/6/2",
                        "Simulation: trace/sigkill-scale-down",
                        "flink-2 0 1 20 81 2576 2620 98.3 % 1.0313 95 10 4/4/4/2",
                        "Simulation: trace/autoscaler");
    }

    // "all" is every built-in load scenario; their tables show the lag and TaskManager-hours. The
    // blog day's flink-2 row has the figures docs/trace-format.md reports.
    @Test
    void allIsEveryLoadScenarioWithTheLoadColumns() {
        Run r = run("compare", "--scenario", "all", "--policies", "flink-2");

        assertThat(r.exitCode()).isZero();
        List<String> titles =
                r.outLines().stream().filter(l -> l.startsWith("Simulation: ")).toList();
        assertThat(titles)
                .containsExactly(
                        "Simulation: reactive-blog-day",
                        "Simulation: startup-one-by-one",
                        "Simulation: spot-day",
                        "Simulation: flapping-autoscaler");
        assertThat(r.outLines())
                .contains("policy rescales restarts restart downtime s downtime s slot-s used slot-s available"
                        + " utilization peak skew key groups moved to desired s peak lag lag-seconds TM-hours")
                .anyMatch(l -> l.startsWith("flink-2 12 12 250 982 ") && l.endsWith(" 279212 2.13e8 62.13"));
    }

    @Test
    void eachRowEqualsWhatSimulateReports() throws Exception {
        Run r = run(
                "compare", "--scenario", "trace/autoscaler", "--policies", "flink-2,reactive+keygroup-skip", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode comparisons = r.json().get("comparisons");
        assertThat(comparisons).hasSize(1);
        assertThat(comparisons.at("/0/input/name").asText()).isEqualTo("trace/autoscaler");
        JsonNode runs = comparisons.get(0).get("runs");
        assertThat(runs).hasSize(2);
        for (JsonNode row : runs) {
            String policy = row.get("policy").asText();
            JsonNode single = run("simulate", "--scenario", "trace/autoscaler", "--policy", policy, "--json")
                    .json();
            assertThat(row.get("summary")).as(policy).isEqualTo(single.get("summary"));
            assertThat(row.get("decider").asText())
                    .isEqualTo(single.at("/policy/decider").asText());
        }
    }

    @Test
    void aTraceFile() throws Exception {
        Path trace = write(dir, "two-steps.json", SimulateCommandTest.TWO_STEPS);

        Run r = run("compare", trace.toString(), "--policies", "reactive");

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines())
                .contains("Simulation: " + trace, "reactive 0 0 10 10 180 240 75.0 % 1.0000 0 - 2/2/2/2");
    }

    @Test
    void allPolicies() throws Exception {
        Run r = run("compare", "--scenario", "trace/startup-one-by-one", "--policies", "all", "--json");

        assertThat(r.json().at("/comparisons/0/runs")).hasSize(Policies.names().size());
    }

    @Test
    void progressCountsEverySimulation() {
        Run r = run(
                "compare",
                "--scenario",
                "trace/sigkill-scale-down,trace/autoscaler",
                "--policies",
                "flink-2,reactive",
                "--progress");

        // each simulation's start, the tenths of its simulated time done, and the end
        assertThat(r.errLines())
                .anyMatch(l -> l.matches("slotwise: \\[\\d/4] \\d0 % \\(\\d+:\\d\\d:\\d\\d simulated\\)"));
        assertThat(r.errLines().stream().filter(l -> !l.contains(" % (")).toList())
                .hasSize(5)
                .startsWith(
                        "slotwise: [1/4] simulating trace/sigkill-scale-down with flink-2",
                        "slotwise: [2/4] simulating trace/sigkill-scale-down with reactive",
                        "slotwise: [3/4] simulating trace/autoscaler with flink-2",
                        "slotwise: [4/4] simulating trace/autoscaler with reactive");
    }

    @Test
    void badInput() throws Exception {
        assertBadInput(
                run("compare", "--policies", "flink-2,flink-9"),
                "--policies: unknown policy 'flink-9'; closest: flink-2, flink-1.17, flink-1.18 (25 policies are known);"
                        + " 'slotwise simulate --list' lists them");
        assertBadInput(run("compare", "--policies", "flink-2,,reactive"), "--policies: empty policy name");
        assertBadInput(run("compare", "--scenario", "all,monday"), "--scenario: unknown scenario 'monday'");
        assertBadInput(run("compare", "--scenario", ""), "--scenario: empty scenario name");
        assertBadInput(run("compare", dir.resolve("none.json").toString()), "none.json: no such file");
        Path broken = write(dir, "broken.json", "{\"end\": 5");
        assertBadInput(run("compare", broken.toString()), broken + " line 1 column ");
        assertBadInput(run("compare", "--chart", dir.resolve("c.jpg").toString()), "unknown chart format '.jpg'");
        assertBadInput(
                run(
                        "compare",
                        "--chart",
                        dir.resolve("missing").resolve("c.svg").toString()),
                "cannot write: directory ");
        assertBadInput(run("compare", "--frobnicate"), "Unknown option: '--frobnicate'", "slotwise compare --help");
    }

    @Test
    void help() {
        Run r = run("compare", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("Usage: slotwise compare", "--policies=A,B,...", "--scenario=NAME[,NAME...]", "--chart=FILE");
    }
}
