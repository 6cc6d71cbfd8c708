package io.github.slotwise.benchmarks;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
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
 * share. Flink visits groups with equal ranges in the hash order of their random ids; the Slotwise
 * graph gets that order as {@code slotSharingGroupOrder}, so both answer the same.
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

    JobGraph graph;
    int availableSlots;
    FlinkInputs.Job flinkJob;
    List<PhysicalSlot> flinkSlots;
    private SlotSharingSlotAllocator flink;
    private final ParallelismSolver slotwise = new FlinkParallelismSolver();

    /** Builds the job on both sides, the free slots, and Flink's allocator. */
    @Setup
    public void setUp() {
        int groups = Math.min(slotSharingGroups, vertices);
        SplittableRandom random = new SplittableRandom(31L * vertices + groups);
        List<JobVertex> list = new ArrayList<>();
        for (int i = 0; i < vertices; i++) {
            int lower = 1 + random.nextInt(4);
            int upper = lower + random.nextInt(201);
            list.add(JobVertex.builder()
                    .id(FlinkInputs.vertexId(i).toHexString())
                    .name("v" + i)
                    .slotSharingGroup("ssg-" + (i % groups))
                    .parallelism(upper)
                    .lowerBound(lower)
                    .upperBound(upper)
                    .maxParallelism(32768)
                    .build());
        }
        JobGraph inFirstAppearanceOrder =
                JobGraph.builder().addAllVertices(list).build();
        flinkJob = FlinkInputs.job(inFirstAppearanceOrder);
        graph = JobGraph.builder()
                .from(inFirstAppearanceOrder)
                .slotSharingGroupOrder(flinkGroupOrder(inFirstAppearanceOrder, flinkJob))
                .build();
        availableSlots = Math.max(slotwise.minimumSlots(graph), slotwise.desiredSlots(graph) / 2);
        flinkSlots = FlinkInputs.slots(io.github.slotwise.model.SlotPool.builder()
                .addTaskManagers(taskManager(availableSlots))
                .build());
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
                org.apache.flink.configuration.TaskManagerOptions.TaskManagerLoadBalanceMode.NONE);
    }

    private static io.github.slotwise.model.TaskManager taskManager(int slots) {
        var tm = io.github.slotwise.model.TaskManager.builder().id("tm").numberOfSlots(slots);
        for (int k = 0; k < slots; k++) {
            tm.addExplicitSlotIds(FlinkInputs.allocationId(k).toHexString());
        }
        return tm.build();
    }

    /**
     * The order in which Flink's {@code determineParallelism} meets the slot-sharing groups before
     * its stable sort by range: the iteration order of its {@code HashMap} keyed by group.
     */
    static List<String> flinkGroupOrder(JobGraph graph, FlinkInputs.Job job) {
        Map<JobVertexID, String> groupOfVertex = new HashMap<>();
        graph.vertices().forEach(v -> groupOfVertex.put(job.vertexId(v.id()), v.slotSharingGroup()));
        List<String> order = new ArrayList<>();
        for (var group : SlotSharingSlotAllocator.SlotSharingGroupMetaInfo.from(
                        job.information().getVertices())
                .keySet()) {
            order.add(groupOfVertex.get(group.getJobVertexIds().iterator().next()));
        }
        return order;
    }

    /**
     * Decides the parallelism.
     *
     * @return Flink's {@code Optional<VertexParallelism>} or Slotwise's {@code ParallelismResult}
     */
    @Benchmark
    public Object solve() {
        return switch (implementation) {
            case FLINK -> flink.determineParallelism(flinkJob.information(), flinkSlots);
            case SLOTWISE -> slotwise.solve(graph, availableSlots);
        };
    }
}
