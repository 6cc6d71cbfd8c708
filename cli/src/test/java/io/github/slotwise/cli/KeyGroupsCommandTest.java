package io.github.slotwise.cli;

import static io.github.slotwise.cli.BadInputAssert.assertBadInput;
import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.slotwise.cli.SlotwiseCliTest.Run;
import org.junit.jupiter.api.Test;

class KeyGroupsCommandTest {
    // M = 128 over P = 6: start(i) = ceil(128 i / 6) = 0, 22, 43, 64, 86, 107; sizes 22 21 21 22 21 21.
    // Mean 21.33, max 22: skew 22 / 21.333 = 1.03125. Divisors of 128 around 6: 4 and 8.
    // alignDown: ceil(128 / ceil(128 / 6)) = ceil(128 / 22) = 6. The autoscaler scans up from 6:
    // BALANCED takes 7 (128 / 7 = 18 < 128 / 6 = 21), EVENLY_SPREAD the next divisor, 8.
    @Test
    void smallParallelismListsEveryRange() {
        Run r = run("keygroups", "--max-parallelism", "128", "--parallelism", "6");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Key groups: 128 over 6 subtask(s)",
                        "subtask first last key groups",
                        "0 0 21 22",
                        "1 22 42 21",
                        "2 43 63 21",
                        "3 64 85 22",
                        "4 86 106 21",
                        "5 107 127 21",
                        "Skew:",
                        "key groups per subtask: min 21, max 22, mean 21.3333",
                        "hot subtasks: 2 of 6 hold 22 key group(s), 4 hold 21",
                        "skew: 1.0313 (the hottest subtask's key groups over the mean)",
                        "Parallelism without skew (divisors of 128):",
                        "at or below 6: 4",
                        "at or above 6: 8",
                        "key-group-aware (alignDown): 6 (the fewest subtasks whose hottest holds 22 key group(s):"
                                + " ceil(128 / 22))",
                        "flink-autoscaler BALANCED: 7 (target 6, a scale-up)",
                        "flink-autoscaler EVENLY_SPREAD: 8 (target 6, a scale-up)");
        assertThat(r.out()).doesNotContain("...", "left out");
    }

    // M = 128 over P = 96: 128 - 96 = 32 subtasks hold 2, 64 hold 1; mean 4/3, skew 2 / (4/3) = 1.5.
    // alignDown: ceil(128 / 2) = 64; the autoscaler cannot lower 128 / p below 1, so it takes 128.
    @Test
    void largeParallelismIsCompact() {
        Run r = run("keygroups", "--max-parallelism", "128", "--parallelism", "96");

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines())
                .containsSubsequence(
                        "Key groups: 128 over 96 subtask(s)",
                        "0 0 1 2",
                        "1 2 2 1",
                        "2 3 3 1",
                        "3 4 5 2",
                        "... ... ... ...",
                        "92 123 123 1",
                        "93 124 125 2",
                        "94 126 126 1",
                        "95 127 127 1",
                        "(subtasks 4 to 91 left out: --all-ranges lists every one)",
                        "key groups per subtask: min 1, max 2, mean 1.3333",
                        "hot subtasks: 32 of 96 hold 2 key group(s), 64 hold 1",
                        "skew: 1.5000 (the hottest subtask's key groups over the mean)",
                        "at or below 96: 64",
                        "at or above 96: 128",
                        "key-group-aware (alignDown): 64 (the fewest subtasks whose hottest holds 2 key group(s):"
                                + " ceil(128 / 2))",
                        "flink-autoscaler BALANCED: 128 (target 96, a scale-up)",
                        "flink-autoscaler EVENLY_SPREAD: 128 (target 96, a scale-up)");
        assertThat(r.outLines()).doesNotContain("4 6 6 1");

        Run all = run("keygroups", "--max-parallelism", "128", "--parallelism", "96", "--all-ranges");
        assertThat(all.outLines())
                .contains("4 6 6 1", "90 120 121 2", "91 122 122 1")
                .doesNotContain("... ... ... ...");
    }

    @Test
    void balancedParallelismHasNoHotSubtasks() {
        Run r = run("keygroups", "--max-parallelism", "128", "--parallelism", "64");

        assertThat(r.outLines())
                .contains(
                        "hot subtasks: none: all 64 hold 2 key group(s)",
                        "skew: 1.0000 (the hottest subtask's key groups over the mean; balanced)",
                        "at or below 64: 64",
                        "at or above 64: 64",
                        "flink-autoscaler BALANCED: 64 (target 64, a scale-up)");
    }

    // A scale-down from 100 to 96 scans [96, 100] only: no divisor of 128 and no p with 128 / p < 1.
    @Test
    void aScaleDownNeverTurnsIntoAScaleUp() {
        Run r = run("keygroups", "--max-parallelism", "128", "--parallelism", "96", "--current", "100");

        assertThat(r.outLines())
                .contains(
                        "flink-autoscaler BALANCED: 96 (target 96, running at 100)",
                        "flink-autoscaler EVENLY_SPREAD: 96 (target 96, running at 100)");
    }

    @Test
    void jsonHasEveryRangeAndTheSameFigures() throws Exception {
        Run r = run("keygroups", "--max-parallelism", "128", "--parallelism", "96", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode doc = r.json();
        assertThat(doc.get("maxParallelism").asInt()).isEqualTo(128);
        assertThat(doc.get("parallelism").asInt()).isEqualTo(96);
        JsonNode ranges = doc.get("ranges");
        assertThat(ranges).hasSize(96);
        int next = 0;
        int twos = 0;
        for (int i = 0; i < ranges.size(); i++) {
            JsonNode range = ranges.get(i);
            assertThat(range.get("subtask").asInt()).isEqualTo(i);
            assertThat(range.get("first").asInt()).isEqualTo(next);
            assertThat(range.get("keyGroups").asInt())
                    .isEqualTo(range.get("last").asInt() - next + 1)
                    .isBetween(1, 2);
            twos += range.get("keyGroups").asInt() == 2 ? 1 : 0;
            next = range.get("last").asInt() + 1;
        }
        assertThat(next).isEqualTo(128);
        assertThat(twos).isEqualTo(32).isEqualTo(doc.get("hotSubtasks").asInt());
        assertThat(doc.at("/keyGroupsPerSubtask/min").asInt()).isEqualTo(1);
        assertThat(doc.at("/keyGroupsPerSubtask/max").asInt()).isEqualTo(2);
        assertThat(doc.at("/keyGroupsPerSubtask/mean").asDouble()).isEqualTo(128.0 / 96);
        assertThat(doc.get("skew").asDouble()).isEqualTo(1.5);
        assertThat(doc.get("balanced").asBoolean()).isFalse();
        assertThat(doc.at("/withoutSkew/atOrBelow").asInt()).isEqualTo(64);
        assertThat(doc.at("/withoutSkew/atOrAbove").asInt()).isEqualTo(128);
        assertThat(doc.get("keyGroupAware").asInt()).isEqualTo(64);
        assertThat(doc.at("/autoscaler/target").asInt()).isEqualTo(96);
        assertThat(doc.at("/autoscaler/current").isNull()).isTrue();
        assertThat(doc.at("/autoscaler/BALANCED").asInt()).isEqualTo(128);
        assertThat(doc.at("/autoscaler/EVENLY_SPREAD").asInt()).isEqualTo(128);
    }

    @Test
    void theExtremesWork() {
        assertThat(run("keygroups", "--max-parallelism", "1", "--parallelism", "1")
                        .outLines())
                .contains("0 0 0 1", "skew: 1.0000 (the hottest subtask's key groups over the mean; balanced)");
        Run r = run("keygroups", "--max-parallelism", "32768", "--parallelism", "32767");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).contains("at or below 32767: 16384", "at or above 32767: 32768");
    }

    @Test
    void badNumbersNameTheOptionAndValue() {
        assertBadInput(
                run("keygroups", "--max-parallelism", "40000", "--parallelism", "6"),
                "--max-parallelism 40000: must be in [1, 32768]");
        assertBadInput(
                run("keygroups", "--max-parallelism", "0", "--parallelism", "1"),
                "--max-parallelism 0: must be in [1, 32768]");
        assertBadInput(
                run("keygroups", "--max-parallelism", "128", "--parallelism", "200"),
                "--parallelism 200: must be in [1, 128]");
        assertBadInput(
                run("keygroups", "--max-parallelism", "128", "--parallelism", "0"),
                "--parallelism 0: must be in [1, 128]");
        assertBadInput(
                run("keygroups", "--max-parallelism", "128", "--parallelism", "6", "--current", "129"),
                "--current 129: must be in [1, 128]");
        assertBadInput(
                run("keygroups", "--max-parallelism", "lots", "--parallelism", "6"),
                "'--max-parallelism'",
                "'lots' is not an int");
        assertBadInput(run("keygroups", "--parallelism", "6"), "Missing required option", "--max-parallelism");
        assertBadInput(run("keygroups", "--max-parallelism", "128"), "Missing required option", "--parallelism");
    }

    @Test
    void help() {
        Run r = run("keygroups", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains(
                        "Usage: slotwise keygroups",
                        "--max-parallelism=M",
                        "--parallelism=P",
                        "--current=C",
                        "--all-ranges",
                        "--json");
    }
}
