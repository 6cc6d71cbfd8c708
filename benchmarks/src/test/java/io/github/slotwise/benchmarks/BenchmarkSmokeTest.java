package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every JMH benchmark once through JMH itself, in this JVM, with no warmup, one very short
 * measurement iteration and the smallest parameters: a broken benchmark (setup that throws, a
 * parameter that no longer parses, a missing Flink class) fails the build, in seconds. The numbers
 * mean nothing; {@code BENCHMARKS.md} has the real ones.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsAndProducesAResult() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(getClass().getPackageName() + "\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .param("parallelism", "128")
                .param("vertices", "10")
                .param("slotSharingGroups", "1")
                .param("rescale", "4096to6144")
                .param("cache", "WARM", "COLD")
                .param("family", "family/spot-day")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertThat(score)
                    .as("%s %s", r.getParams().getBenchmark(), r.getParams())
                    .isPositive()
                    .isFinite();
            ran.add(r.getParams().getBenchmark());
        }
        assertThat(ran).isEqualTo(allBenchmarks()).hasSizeGreaterThanOrEqualTo(6);
        // Every implementation of every benchmark ran (one result per parameter combination).
        assertThat(results).hasSizeGreaterThanOrEqualTo(2 + 2 + 2 + 2 + 3 + 2);
        // The scaling suite ran with warm and with cold caches.
        assertThat(results.stream()
                        .map(r -> r.getParams().getParam("cache"))
                        .filter(java.util.Objects::nonNull)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("WARM", "COLD");
    }

    /** Every {@code @Benchmark} method JMH's annotation processor found in this module. */
    private static Set<String> allBenchmarks() {
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        return entries.stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toCollection(TreeSet::new));
    }
}
