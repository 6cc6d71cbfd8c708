package io.github.slotwise.benchmarks;

import io.github.slotwise.registry.Strategies;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.Transition;
import io.github.slotwise.simulation.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replays a 10,000-event trace ({@link DeciderTrace}: slots joining and leaving, checkpoints, and the
 * wake-ups the decider asks for) through the decider of any registered policy, by name: a preset
 * ({@code flink-2}), a composition ({@code flink-2+keygroup-aware+cost-aware}), or a plugin's
 * preset or named policy on the class path ({@code -p policy=flink-2,my-decider}).
 *
 * <p>The trace is recorded once in {@link #setUp()} by running the decider, so the measured method
 * replays exactly the events a caller would deliver. The policy gets the trace's checkpoint interval
 * as the simulator gives it ({@link Simulator#deciderFor}: Flink 2.x derives its rescale trigger
 * delay from it). There is no Flink side: Flink's {@code DefaultStateTransitionManager} needs its
 * scheduler around it (flink-adapter's differential test builds one as test code), so this suite
 * measures Slotwise's and users' deciders.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RescaleDecider}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RescaleDeciderBenchmark {
    /** Events in the trace, wake-ups included. */
    public static final int EVENTS = 10_000;

    /** The random walk's seed. */
    public static final long SEED = 42;

    /** The registry policy under test (any name {@link Strategies#policy} resolves). */
    @Param({"flink-1.20", "flink-2", "reactive"})
    public String policy;

    /**
     * The job's checkpoint interval, as Flink's {@code execution.checkpointing.interval} ({@code 10s},
     * {@code 1 min}), or {@code none}: no periodic checkpointing.
     */
    @Param({"10s"})
    public String checkpointInterval;

    /** The number of events; {@link #EVENTS} unless a test asks for fewer. */
    int events = EVENTS;

    private RescaleDecider decider;
    private DeciderState initial;
    private List<RescaleEvent> trace;
    private List<Instant> times;

    /** Resolves the policy by name and records the trace. */
    @Setup
    public void setUp() {
        decider = decider(policy, checkpointInterval);
        DeciderTrace t = DeciderTrace.record(decider, events, SEED);
        initial = t.initial();
        trace = t.events();
        times = t.times();
    }

    /**
     * The decider a run uses: the policy's, with the checkpoint interval.
     *
     * @param policy a registry policy name
     * @param checkpointInterval a duration, or {@code none}
     * @return the decider
     * @throws IllegalArgumentException naming an unknown policy or a malformed interval
     */
    static RescaleDecider decider(String policy, String checkpointInterval) {
        Optional<Duration> interval = checkpointInterval.equals("none")
                ? Optional.empty()
                : Optional.of(FlinkConfig.parseDuration("checkpointInterval", checkpointInterval));
        return Simulator.deciderFor(Strategies.standard().policy(policy).decider(), interval);
    }

    /** Replays the whole trace; returns the number of decisions so that nothing is optimised away. */
    @Benchmark
    public int replay() {
        DeciderState state = initial;
        int decisions = 0;
        for (int i = 0; i < trace.size(); i++) {
            Transition t = decider.decide(state, trace.get(i), times.get(i));
            state = t.state();
            decisions += t.decisions().size();
        }
        return decisions;
    }
}
