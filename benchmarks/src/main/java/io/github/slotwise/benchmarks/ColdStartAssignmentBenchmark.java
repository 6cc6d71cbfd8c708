package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotAssigner;
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
 * when there is nothing to recover locally, against Slotwise's {@link FlinkDefaultSlotAssigner}. Both
 * zip the execution slot-sharing groups with the free slots in order; Slotwise also computes its
 * metrics and an explanation line per group. The job and cluster are {@link AssignmentScenario}'s.
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

    /** Which implementation assigns the slots. */
    public enum Implementation {
        /** Flink's {@code DefaultSlotAssigner}, through flink-runtime. */
        FLINK,
        /** Slotwise's Flink-compatible {@link FlinkDefaultSlotAssigner}. */
        SLOTWISE
    }

    /** The implementation under test. */
    @Param
    public Implementation implementation;

    /** The parallelism of both vertices, i.e. the number of execution slot-sharing groups. */
    @Param({"1024", "8192", "32768"})
    public int parallelism;

    /** TaskManager slot counts, cycled: {@code "4/8/16/32"}, or e.g. {@code "32"}. */
    @Param({AssignmentScenario.DEFAULT_TASK_MANAGER_SLOTS})
    public String taskManagerSlots;

    AssignmentScenario scenario;
    private SlotAssigner flink;
    private FlinkDefaultSlotAssigner slotwise;

    /** Builds both sides' inputs and assigners. */
    @Setup
    public void setUp() {
        scenario = AssignmentScenario.coldStart(parallelism, taskManagerSlots);
        flink = FlinkInputs.defaultAssigner();
        slotwise = new FlinkDefaultSlotAssigner(false);
    }

    /**
     * Assigns every group to a slot.
     *
     * @return Flink's slot assignments or Slotwise's {@code Assignment}
     */
    @Benchmark
    public Object assign() {
        return switch (implementation) {
            case FLINK -> flink.assignSlots(
                    scenario.flinkJob, scenario.flinkSlots, scenario.flinkParallelism, scenario.flinkAllocations);
            case SLOTWISE -> slotwise.assign(scenario.request);
        };
    }
}
