package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RescaleDeciderBenchmarkTest {

    @ParameterizedTest
    @EnumSource(RescaleDeciderBenchmark.Preset.class)
    void theTraceHasTenThousandEventsAndReplaysToTheSameDecisions(RescaleDeciderBenchmark.Preset preset) {
        RescaleDeciderBenchmark benchmark = new RescaleDeciderBenchmark();
        benchmark.policy = preset;
        benchmark.setUp();
        int first = benchmark.replay();
        // every event gives at least one decision; timers due before an event can add more
        assertThat(first).isGreaterThanOrEqualTo(RescaleDeciderBenchmark.EVENTS);
        assertThat(benchmark.replay()).isEqualTo(first);
    }
}
