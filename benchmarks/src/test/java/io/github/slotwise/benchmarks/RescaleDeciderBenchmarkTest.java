package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.registry.Strategies;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RescaleDeciderBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"flink-1.20", "flink-2", "reactive"})
    void theTraceHasTenThousandEventsAndReplaysToTheSameDecisions(String policy) {
        RescaleDeciderBenchmark benchmark = benchmark(policy, "10s", RescaleDeciderBenchmark.EVENTS);
        int first = benchmark.replay();
        // every event gives at least one decision; timers due before an event can add more
        assertThat(first).isGreaterThanOrEqualTo(RescaleDeciderBenchmark.EVENTS);
        assertThat(benchmark.replay()).isEqualTo(first);
    }

    /**
     * The default parameters are the presets BENCHMARKS.md measured under the enum it had: flink-2
     * with checkpoints every 10 s is the former FLINK_2, reactive without checkpoints the former
     * REACTIVE; the same trace gives the same decisions.
     */
    @Test
    void theNamesGiveTheFormerPresetsDeciders() {
        RescaleDecider formerFlink2 = new FlinkRescaleDecider(RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(10))
                .build());
        assertSameDecisions(RescaleDeciderBenchmark.decider("flink-2", "10s"), formerFlink2);
        assertSameDecisions(
                RescaleDeciderBenchmark.decider("reactive", "none"), new FlinkRescaleDecider(RescalePolicy.REACTIVE));
        assertSameDecisions(
                RescaleDeciderBenchmark.decider("flink-1.20", "10s"),
                new FlinkRescaleDecider(RescalePolicy.FLINK_1_20));
    }

    private static void assertSameDecisions(RescaleDecider byName, RescaleDecider former) {
        DeciderTrace trace = DeciderTrace.record(former, 2_000, RescaleDeciderBenchmark.SEED);
        assertThat(DeciderTrace.record(byName, 2_000, RescaleDeciderBenchmark.SEED))
                .as("the recorded trace")
                .extracting(DeciderTrace::events, DeciderTrace::times)
                .containsExactly(trace.events(), trace.times());
        var a = byName.initialState(trace.graph());
        var b = former.initialState(trace.graph());
        for (int i = 0; i < trace.events().size(); i++) {
            Transition x = byName.decide(a, trace.events().get(i), trace.times().get(i));
            Transition y = former.decide(b, trace.events().get(i), trace.times().get(i));
            assertThat(x.decisions()).as("event %d", i).isEqualTo(y.decisions());
            a = x.state();
            b = y.state();
        }
    }

    /** Every enumerated policy (plugins' presets and named policies on the class path too) runs by name. */
    @Test
    void everyRegisteredPolicyRunsByName() {
        for (String name : Strategies.standard().policyNames()) {
            RescaleDeciderBenchmark b = benchmark(name, "none", 50);
            assertThat(b.replay()).as(name).isGreaterThanOrEqualTo(50);
        }
        assertThat(benchmark("flink-2+keygroup-aware+cost-aware", "1 min", 50).replay())
                .isGreaterThanOrEqualTo(50);
    }

    @Test
    void badNamesAndIntervalsAreRejected() {
        assertThatThrownBy(() -> benchmark("flink-3", "10s", 10)).hasMessageStartingWith("unknown policy 'flink-3'");
        assertThatThrownBy(() -> benchmark("flink-2", "soon", 10)).hasMessageContaining("soon");
        assertThatThrownBy(() -> DeciderTrace.record(new FlinkRescaleDecider(RescalePolicy.FLINK_2), 0, 1))
                .hasMessage("size must be at least 1, got 0");
    }

    private static RescaleDeciderBenchmark benchmark(String policy, String interval, int events) {
        RescaleDeciderBenchmark b = new RescaleDeciderBenchmark();
        b.policy = policy;
        b.checkpointInterval = interval;
        b.events = events;
        b.setUp();
        return b;
    }
}
