package io.github.slotwise.benchmarks;

import io.github.slotwise.flink.FlinkJobGraphs;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
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
 * Chooses every vertex's parallelism for a number of free slots: Flink's {@code
 * SlotSharingSlotAllocator#determineParallelism} against Slotwise's {@link FlinkParallelismSolver}.
 *
 * <p>Job: {@code vertices} vertices spread round-robin over {@code min(slotSharingGroups,
 * vertices)} slot-sharing groups, each with a seeded lower bound in [1, 4] and upper bound up to 200
 * above it. Free slots: half of what the job desires (at least its minimum), so the solver has to
 * share. The Slotwise graph is converted from Flink's {@code JobInformation} by {@code
 * flink-adapter}, with the slot-sharing groups in the hash order Flink's allocator visits them
 * ({@code FlinkJobGraphs.parallelismGroupOrder}), so both answer the same.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ParallelismSolver}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParallelismSolverBenchmark {

    /** Which implementation decides the parallelism. */
    public enum Implementation {
        /** Flink's {@code SlotSharingSlotAllocator#determineParallelism}. */
        FLINK,
        /** Slotwise's {@link FlinkParallelismSolver}. */
        SLOTWISE
    }

    /** The implementation under test. */
    @Param
    public Implementation implementation;

    /** The number of vertices. */
    @Param({"10", "100", "1000"})
    public int vertices;

    /** The number of slot-sharing groups (at most one per vertex). */
    @Param({"1", "20"})
    public int slotSharingGroups;

    JobInformation flinkJob;
    List<PhysicalSlot> flinkSlots;
    JobGraph graph;
    int availableSlots;
    private SlotSharingSlotAllocator flink;
    private final ParallelismSolver slotwise = new FlinkParallelismSolver();

    /** Builds the job (Flink's, then Slotwise's through flink-adapter), the free slots, Flink's allocator. */
    @Setup
    public void setUp() {
        int groups = Math.min(slotSharingGroups, vertices);
        SplittableRandom random = new SplittableRandom(31L * vertices + groups);
        List<FlinkInputs.VertexSpec> specs = new ArrayList<>();
        for (int i = 0; i < vertices; i++) {
            int lower = 1 + random.nextInt(4);
            int upper = lower + random.nextInt(201);
            specs.add(new FlinkInputs.VertexSpec(
                    FlinkInputs.vertexId(i), "v" + i, "ssg-" + (i % groups), lower, upper, 32768));
        }
        flinkJob = FlinkInputs.jobInformation(specs);
        graph = FlinkJobGraphs.fromJobInformation(flinkJob, FlinkJobGraphs.parallelismGroupOrder(flinkJob));
        availableSlots = Math.max(slotwise.minimumSlots(graph), slotwise.desiredSlots(graph) / 2);
        flinkSlots = FlinkInputs.slots(new int[] {availableSlots}, 0);
        flink = SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
                (allocationId, resourceProfile) -> {
                    throw new UnsupportedOperationException();
                },
                (allocationId, cause, timestamp) -> {
                    throw new UnsupportedOperationException();
                },
                allocationId -> false,
                false,
                null,
                false,
                TaskManagerOptions.TaskManagerLoadBalanceMode.NONE);
    }

    /**
     * Decides the parallelism.
     *
     * @return Flink's {@code Optional<VertexParallelism>} or Slotwise's {@code ParallelismResult}
     */
    @Benchmark
    public Object solve() {
        return switch (implementation) {
            case FLINK -> flink.determineParallelism(flinkJob, flinkSlots);
            case SLOTWISE -> slotwise.solve(graph, availableSlots);
        };
    }
}
