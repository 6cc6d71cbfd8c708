package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
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
 * Slot assignment on a first start (no previous placement) at maxParallelism 32768: Flink's {@code
 * DefaultSlotAssigner} (default resolver, simple zip matcher), which the adaptive scheduler uses
 * when there is nothing to recover locally, against Slotwise's {@link FlinkDefaultSlotAssigner}, or
 * any registered assigner by name ({@code -p assigner=flink-default,my-assigner}). Both defaults zip
 * the execution slot-sharing groups with the free slots in order; Slotwise also computes its metrics
 * and an explanation line per group. Registered assigners solve the Flink-free {@link
 * AssignmentProblem}, Flink the same problem as Flink objects ({@link AssignmentScenario}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ColdStartAssignment}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ColdStartAssignmentBenchmark {
    /**
     * The assigner under test: a registry name, or a {@code flink-runtime:} baseline. The defaults are
     * what BENCHMARKS.md calls FLINK and SLOTWISE.
     */
    @Param({AssignerBenchmark.FLINK_RUNTIME_DEFAULT, "flink-default"})
    public String assigner;

    /** The parallelism of both vertices, i.e. the number of execution slot-sharing groups. */
    @Param({"1024", "8192", "32768"})
    public int parallelism;

    /** TaskManager slot counts, cycled: {@code "4/8/16/32"}, or e.g. {@code "32"}. */
    @Param({AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS})
    public String taskManagerSlots;

    AssignmentProblem problem;
    private Supplier<Object> run;

    /** Builds the input and resolves the assigner by name. */
    @Setup
    public void setUp() {
        problem = AssignmentProblem.coldStart(parallelism, taskManagerSlots);
        run = AssignerUnderTest.of(
                assigner, problem, () -> AssignmentScenario.coldStart(parallelism, taskManagerSlots));
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
