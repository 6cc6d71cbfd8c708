package io.github.slotwise.benchmarks;

import io.github.slotwise.keygroup.KeyGroupPartitioning;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Computes the key-group range of every subtask of an operator with max parallelism 32768, once
 * with Flink's {@code KeyGroupRangeAssignment} (one validated call and one {@code KeyGroupRange}
 * per subtask) and once with Slotwise's {@link KeyGroupPartitioning} (validated once, no
 * allocation per range). Both return the sum of all range starts and ends, so the JIT cannot drop
 * the work, and both sums are equal.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KeyGroupRanges}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyGroupRangesBenchmark {

    /** Which implementation computes the ranges. */
    public enum Implementation {
        /** Flink's {@code KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex}, per subtask. */
        FLINK,
        /** Slotwise's {@link KeyGroupPartitioning#forEachRange}. */
        SLOTWISE
    }

    /** The number of key groups. */
    public static final int MAX_PARALLELISM = 32768;

    /** The implementation under test. */
    @Param
    public Implementation implementation;

    /** The number of subtasks, i.e. of ranges computed per invocation. */
    @Param({"128", "1024", "8192", "32768"})
    public int parallelism;

    /**
     * Computes all ranges of (32768, parallelism).
     *
     * @return the sum of all range starts and ends, as a checksum
     */
    @Benchmark
    public long allRanges() {
        return switch (implementation) {
            case FLINK -> flink(MAX_PARALLELISM, parallelism);
            case SLOTWISE -> slotwise(MAX_PARALLELISM, parallelism);
        };
    }

    static long flink(int maxParallelism, int parallelism) {
        long checksum = 0;
        for (int i = 0; i < parallelism; i++) {
            var range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, i);
            checksum += range.getStartKeyGroup() + range.getEndKeyGroup();
        }
        return checksum;
    }

    static long slotwise(int maxParallelism, int parallelism) {
        ChecksumConsumer consumer = new ChecksumConsumer();
        new KeyGroupPartitioning(maxParallelism, parallelism).forEachRange(consumer);
        return consumer.checksum;
    }

    private static final class ChecksumConsumer implements KeyGroupPartitioning.RangeConsumer {
        long checksum;

        @Override
        public void accept(int subtask, int startKeyGroup, int endKeyGroup) {
            checksum += startKeyGroup + endKeyGroup;
        }
    }
}
