package io.github.slotwise.benchmarks;

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
 * Any slot assigner by its registry name, a user's included, on a Flink-free {@link
 * AssignmentProblem} of up to 32768 subtasks: the suite to put one's own strategy beside Flink's and
 * Slotwise's.
 *
 * <p>{@code assigner} takes any name {@link io.github.slotwise.registry.Strategies#standard()}
 * resolves, so an assigner registered by a jar on the classpath runs as soon as the jar is there:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar:my-assigners.jar org.openjdk.jmh.Main AssignerBenchmark \
 *     -p assigner=flink-state-locality,my-round-robin -p rescale=8192to12288
 * }</pre>
 *
 * <p>Two more names run Flink's own classes (flink-runtime is in the benchmarks jar) on the same
 * problem built as Flink objects ({@code AssignmentScenario}, same shape and state sizes): {@value
 * #FLINK_RUNTIME_STATE_LOCALITY} and {@value #FLINK_RUNTIME_DEFAULT}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AssignerBenchmark {
    /** The name that runs Flink's {@code StateLocalitySlotAssigner} (flink-runtime). */
    public static final String FLINK_RUNTIME_STATE_LOCALITY = "flink-runtime:state-locality";

    /** The name that runs Flink's {@code DefaultSlotAssigner} (flink-runtime). */
    public static final String FLINK_RUNTIME_DEFAULT = "flink-runtime:default";

    /** The assigner under test: a registry name, or one of the {@code flink-runtime:} baselines. */
    @Param({"flink-default", "flink-state-locality", "optimal-state-locality", FLINK_RUNTIME_STATE_LOCALITY})
    public String assigner;

    /** The rescale, {@code OLDtoNEW}; {@code 0toN} is a cold start. */
    @Param({"0to8192", "8192to12288"})
    public String rescale;

    /** TaskManager slot counts, cycled: {@code "4/8/16/32"}, or e.g. {@code "32"}. */
    @Param({AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS})
    public String taskManagerSlots;

    private Supplier<Object> run;

    /** Builds the problem and resolves the assigner by name. */
    @Setup
    public void setUp() {
        run = AssignerUnderTest.of(
                assigner,
                AssignmentProblem.rescale(rescale, taskManagerSlots),
                () -> AssignmentScenario.rescale(rescale, taskManagerSlots));
    }

    /**
     * Assigns every group to a slot.
     *
     * @return the assignment (Slotwise's {@code Assignment}, or Flink's slot assignments)
     */
    @Benchmark
    public Object assign() {
        return run.get();
    }
}
