package io.github.slotwise.benchmarks;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Simulates days of a built-in scenario family ({@link Families}) through a registry policy, as one
 * cell of a sweep does: the days are the family's samples 0 to {@link #DAYS} − 1, drawn once in
 * {@link #setUp()}, and every invocation simulates all of them with {@link Simulator#run(JobGraph,
 * LoadScenario, RescaleDecider, SimulationConfig)} and {@link SimulationConfig#defaults()} (with the
 * policy's own assigner, if it names one). The score is per simulated day: the mean over those
 * days. Drawing a day ({@code ScenarioFamily.sample}) is not measured.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SimulatorBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
// 16 s: on two cores the JIT compiles this workload for ~12 s (methods a deployment runs reach
// C2 late, -XX:+PrintCompilation), and a shorter warm-up measures part of that
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
public class SimulatorBenchmark {
    /** Days simulated per invocation: samples 0 to {@code DAYS − 1} of the family. */
    public static final int DAYS = 8;

    /** The built-in family whose days are simulated ({@link Families#names()}). */
    @Param({"family/reactive-blog-day", "family/spot-day", "family/spot-day-50gb-local"})
    public String family;

    /** The registry policy that decides (any name {@link Strategies#policy} resolves). */
    @Param({"flink-2", "flink-2+keygroup-aware"})
    public String policy;

    private JobGraph graph;
    private List<LoadScenario> days;
    private RescaleDecider decider;
    private SimulationConfig config;

    /** Draws the days and resolves the policy by name. */
    @Setup
    public void setUp() {
        NamedFamily f = Families.byName(family);
        graph = f.graph();
        days = new ArrayList<>();
        for (int k = 0; k < DAYS; k++) {
            days.add(f.family().sample(k));
        }
        Policy p = Strategies.standard().policy(policy);
        decider = p.decider();
        SimulationConfig defaults = SimulationConfig.defaults();
        config = p.assigner().map(defaults::withAssigner).orElse(defaults);
    }

    /**
     * Simulates one day.
     *
     * @param k the sample, 0 to {@link #DAYS} − 1
     * @return its result
     */
    SimulationResult simulate(int k) {
        return new Simulator().run(graph, days.get(k), decider, config);
    }

    /**
     * Simulates every day once; the score is per day.
     *
     * @param blackhole takes every result, so that nothing is optimised away
     */
    @Benchmark
    @OperationsPerInvocation(DAYS)
    public void simulateDays(Blackhole blackhole) {
        for (int k = 0; k < DAYS; k++) {
            blackhole.consume(simulate(k));
        }
    }
}
