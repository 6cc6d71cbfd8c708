package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.OptimalStateLocalitySlotAssigner;
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
 * Slot assignment on a rescale with local recovery at maxParallelism 32768: Flink's {@code
 * StateLocalitySlotAssigner} against Slotwise's Flink-compatible {@link
 * FlinkStateLocalitySlotAssigner} and the {@link OptimalStateLocalitySlotAssigner}.
 *
 * <p>Flink scores every new subtask against every old subtask of its vertex ({@code O(p_new *
 * p_old)} range intersections, each allocating); Slotwise sweeps the {@code <= p_old + p_new - 1}
 * overlapping pairs. FLINK and SLOTWISE give the same assignment: Flink's group ids come from {@link
 * FlinkInputs#pinnedIdResolver} (Flink's default resolver, random UUIDs replaced by ids in resolver
 * order) and its allocation ids are in pool order, so Flink's tie-breaks are Slotwise's. The job and
 * cluster are {@link AssignmentScenario}'s.
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

    /** Which implementation assigns the slots. */
    public enum Implementation {
        /** Flink's {@code StateLocalitySlotAssigner}, through flink-runtime. */
        FLINK,
        /** Slotwise's Flink-compatible {@link FlinkStateLocalitySlotAssigner}. */
        SLOTWISE,
        /** Slotwise's {@link OptimalStateLocalitySlotAssigner} (not Flink's algorithm). */
        OPTIMAL
    }

    /** The implementation under test. */
    @Param
    public Implementation implementation;

    /** The rescale, {@code OLDtoNEW}. */
    @Param({"4096to6144", "8192to6144", "32768to16384", "8192to12288"})
    public String rescale;

    /** TaskManager slot counts, cycled: {@code "4/8/16/32"}, or e.g. {@code "32"}. */
    @Param({AssignmentScenario.DEFAULT_TASK_MANAGER_SLOTS})
    public String taskManagerSlots;

    AssignmentScenario scenario;
    private SlotAssigner flink;
    private io.github.slotwise.assignment.SlotAssigner slotwise;

    /** Builds both sides' inputs and the assigner under test. */
    @Setup
    public void setUp() {
        scenario = AssignmentScenario.rescale(rescale, taskManagerSlots);
        flink = FlinkInputs.stateLocalityAssigner(FlinkInputs.pinnedIdResolver());
        slotwise = implementation == Implementation.OPTIMAL
                ? new OptimalStateLocalitySlotAssigner()
                : new FlinkStateLocalitySlotAssigner();
    }

    /**
     * Assigns every group to a slot.
     *
     * @return Flink's slot assignments or Slotwise's {@code Assignment}
     */
    @Benchmark
    public Object assign() {
        return implementation == Implementation.FLINK
                ? flink.assignSlots(
                        scenario.flinkJob, scenario.flinkSlots, scenario.flinkParallelism, scenario.flinkAllocations)
                : slotwise.assign(scenario.request);
    }
}
