package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.OptimalStateLocalitySlotAssigner;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Slot assignment on a rescale with local recovery at maxParallelism 32768: Flink's {@code
 * StateLocalitySlotAssigner} against Slotwise's Flink-compatible {@link
 * FlinkStateLocalitySlotAssigner} and the {@link OptimalStateLocalitySlotAssigner}, or any
 * registered assigner by name ({@code -p assigner=flink-state-locality,my-assigner}; see {@link
 * AssignerBenchmark}).
 *
 * <p>Flink scores every new subtask against every old subtask of its vertex ({@code O(p_new *
 * p_old)} range intersections, each allocating); Slotwise sweeps the {@code <= p_old + p_new - 1}
 * overlapping pairs. {@value AssignerBenchmark#FLINK_RUNTIME_STATE_LOCALITY} and {@code
 * flink-state-locality} give the same assignment: Flink's group ids come from {@link
 * FlinkInputs#pinnedIdResolver} (Flink's default resolver, random UUIDs replaced by ids in resolver
 * order) and its allocation ids are in pool order, so Flink's tie-breaks are Slotwise's. Registered
 * assigners solve the Flink-free {@link AssignmentProblem}, Flink the same problem as Flink objects
 * ({@link AssignmentScenario}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StateLocalityBenchmark -p
 * rescale=8192to12288}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StateLocalityBenchmark {
    /**
     * The assigner under test: a registry name, or a {@code flink-runtime:} baseline. The defaults are
     * what BENCHMARKS.md calls FLINK, SLOTWISE and OPTIMAL.
     */
    @Param({AssignerBenchmark.FLINK_RUNTIME_STATE_LOCALITY, "flink-state-locality", "optimal-state-locality"})
    public String assigner;

    /** The rescale, {@code OLDtoNEW}. */
    @Param({"4096to6144", "8192to6144", "32768to16384", "8192to12288"})
    public String rescale;

    /** TaskManager slot counts, cycled: {@code "4/8/16/32"}, or e.g. {@code "32"}. */
    @Param({AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS})
    public String taskManagerSlots;

    AssignmentProblem problem;
    private Supplier<Object> run;

    /** Builds the input and resolves the assigner by name. */
    @Setup
    public void setUp() {
        problem = AssignmentProblem.rescale(rescale, taskManagerSlots);
        run = AssignerUnderTest.of(assigner, problem, () -> AssignmentScenario.rescale(rescale, taskManagerSlots));
    }

    /**
     * Assigns every group to a slot.
     *
     * @return Flink's slot assignments or Slotwise's {@code Assignment}
     */
    @Benchmark
    public Object assign() {
        return run.get();
    }
}
