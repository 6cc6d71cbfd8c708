package io.github.slotwise.benchmarks;

import io.github.slotwise.keygroup.KeyGroups;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
 * Routes {@value #KEYS} string keys to subtasks of an operator with max parallelism 32768: Flink's
 * {@code KeyGroupRangeAssignment.assignKeyToParallelOperator} against Slotwise's {@link
 * KeyGroups#subtaskForKey} (murmur hash, key group, subtask; Slotwise also validates its arguments).
 * Both return the sum of the subtasks, which is equal.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KeyToSubtask}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyToSubtaskBenchmark {

    /** Which implementation routes the keys. */
    public enum Implementation {
        /** Flink's {@code KeyGroupRangeAssignment.assignKeyToParallelOperator}. */
        FLINK,
        /** Slotwise's {@link KeyGroups#subtaskForKey}. */
        SLOTWISE
    }

    /** The number of key groups. */
    public static final int MAX_PARALLELISM = 32768;

    /** Keys routed per invocation. */
    public static final int KEYS = 4096;

    /** The implementation under test. */
    @Param
    public Implementation implementation;

    /** The operator's parallelism. */
    @Param({"128", "1024", "8192", "32768"})
    public int parallelism;

    private String[] keys;

    /** Makes the keys (their hash codes are cached by the first call, as in a long-running job). */
    @Setup
    public void setUp() {
        keys = keys();
    }

    static String[] keys() {
        String[] result = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            result[i] = "user-" + (i * 7919L);
        }
        return result;
    }

    /**
     * Routes every key.
     *
     * @return the sum of the subtask indexes, as a checksum
     */
    @Benchmark
    public long route() {
        return switch (implementation) {
            case FLINK -> flink(keys, parallelism);
            case SLOTWISE -> slotwise(keys, parallelism);
        };
    }

    static long flink(String[] keys, int parallelism) {
        long checksum = 0;
        for (String key : keys) {
            checksum += KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, parallelism);
        }
        return checksum;
    }

    static long slotwise(String[] keys, int parallelism) {
        long checksum = 0;
        for (String key : keys) {
            checksum += KeyGroups.subtaskForKey(key, MAX_PARALLELISM, parallelism);
        }
        return checksum;
    }
}
