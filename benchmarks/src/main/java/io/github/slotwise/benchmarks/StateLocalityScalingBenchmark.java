package io.github.slotwise.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How Slotwise's state-locality assigners scale: the same rescale shape, {@code p/2 -> p} at
 * maxParallelism 32768 ({@link AssignmentProblem}), for {@code p} from 1024 to 32768. Linear time
 * means a constant time per subtask: divide the score by {@code p}. Flink's assigner is left out of
 * the defaults: it is quadratic and takes seconds per call at the top end (see {@link
 * StateLocalityBenchmark}). {@code assigner} takes any registered name, as in {@link
 * AssignerBenchmark}, to see how one's own assigner scales: {@code -p assigner=my-assigner}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StateLocalityScaling}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StateLocalityScalingBenchmark {

    /**
     * The assigner under test, by registry name (a plugin's on the class path too); the defaults are
     * what BENCHMARKS.md calls SLOTWISE and OPTIMAL. A {@code flink-runtime:} baseline works as well,
     * but Flink's state-locality assigner takes seconds per call at the top end.
     */
    @Param({"flink-state-locality", "optimal-state-locality"})
    public String assigner;

    /** The new parallelism; the old one is half of it. */
    @Param({"1024", "2048", "4096", "8192", "16384", "32768"})
    public int parallelism;

    /**
     * What the caches hold when a call starts: {@code WARM} repeats the call on the same input, so a
     * small input stays in the CPU caches from one call to the next; {@code COLD} first reads a
     * buffer twice the size of a large L3 cache (64 MiB) before every call, so every size starts
     * from memory, as a rescale that comes after minutes of other work does.
     */
    @Param({"WARM"})
    public Cache cache;

    /** Whether the caches are flushed before each call. */
    public enum Cache {
        /** Back-to-back calls on the same input. */
        WARM,
        /** The caches flushed before each call (the flush is not timed). */
        COLD
    }

    private static final int FLUSH_BYTES = 64 << 20;
    private long[] flush;

    /** Keeps the flush from being optimised away. */
    public long flushed;

    /** TaskManager slot counts, cycled: {@code "4/8/16/32"}, or e.g. {@code "32"}. */
    @Param({AssignmentProblem.DEFAULT_TASK_MANAGER_SLOTS})
    public String taskManagerSlots;

    AssignmentProblem problem;
    private Supplier<Object> run;

    /** Builds the input and resolves the assigner by name. */
    @Setup
    public void setUp() {
        problem = AssignmentProblem.of(parallelism / 2, parallelism, AssignmentProblem.parseSizes(taskManagerSlots));
        run = AssignerUnderTest.of(
                assigner, problem, () -> AssignmentScenario.rescale(parallelism / 2, parallelism, taskManagerSlots));
        flush = cache == Cache.COLD ? new long[FLUSH_BYTES / Long.BYTES] : null;
    }

    /** Before each call in {@code COLD} mode: reads (and writes) 64 MiB, outside the timing. */
    @Setup(Level.Invocation)
    public void flushCaches() {
        if (flush == null) {
            return;
        }
        long sum = flushed;
        for (int i = 0; i < flush.length; i += 8) { // one long per 64-byte line
            sum += flush[i];
            flush[i] = sum;
        }
        flushed = sum;
    }

    /**
     * Assigns every group to a slot.
     *
     * @return the assignment
     */
    @Benchmark
    public Object assign() {
        return run.get();
    }
}
