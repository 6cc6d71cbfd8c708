package com.example.slotwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * This project's strategies in Slotwise's JMH suites, by name, beside Flink's and Slotwise's: JMH
 * itself runs them (in this JVM, one short iteration: a smoke test, not a measurement). For real
 * figures run the same from the command line with forks, e.g.
 *
 * <pre>{@code
 * java -cp benchmarks.jar:slotwise-examples.jar org.openjdk.jmh.Main AssignerBenchmark \
 *     -p assigner=flink-default,example-round-robin -p rescale=0to8192,8192to12288
 * }</pre>
 */
class JmhSuitesTest {

    @Test
    void theAssignerAndTheDeciderRunInTheSuitesByName() throws Exception {
        Options options = new OptionsBuilder()
                .include("io.github.slotwise.benchmarks.(AssignerBenchmark|RescaleDeciderBenchmark).*")
                .param("assigner", "flink-default", RoundRobinAssigner.NAME)
                .param("rescale", "0to2048", "2048to4096")
                .param("policy", "flink-2", GrowByHalfDecider.NAME)
                .param("checkpointInterval", "10s")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> scores = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "") + " "
                    + (r.getParams().getParam("assigner") != null
                            ? r.getParams().getParam("assigner") + " "
                                    + r.getParams().getParam("rescale")
                            : r.getParams().getParam("policy"));
            scores.put(name, r.getPrimaryResult().getScore());
        }
        assertThat(scores)
                .containsOnlyKeys(
                        "assign flink-default 0to2048",
                        "assign flink-default 2048to4096",
                        "assign example-round-robin 0to2048",
                        "assign example-round-robin 2048to4096",
                        "replay flink-2",
                        "replay grow-by-half");
        assertThat(scores.values()).allSatisfy(s -> assertThat(s).isPositive().isFinite());
    }
}
