package io.github.slotwise.benchmarks;

import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.registry.Strategies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * SlotSharingSlotAllocator#determineParallelism} ({@value #FLINK_RUNTIME}) against Slotwise's {@link
 * FlinkParallelismSolver} ({@code flink}), or any registered solver by name, a plugin's on the class
 * path included:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar:my-strategies.jar org.openjdk.jmh.Main ParallelismSolver \
 *     -p solver=flink,keygroup-aware,my-solver
 * }</pre>
 *
 * <p>The problem is the Flink-free {@link SolverProblem}; the baseline gets the same job built as
 * Flink's {@code JobInformation} (vertex {@code v<i>} is {@code FlinkInputs.vertexId(i)}, the same
 * bounds and groups) and the same number of free slots.
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
    /** The name that runs Flink's {@code SlotSharingSlotAllocator#determineParallelism} (flink-runtime). */
    public static final String FLINK_RUNTIME = "flink-runtime:determine-parallelism";

    /**
     * The solver under test: a registry name, or {@value #FLINK_RUNTIME}. The defaults are what
     * BENCHMARKS.md calls FLINK and SLOTWISE.
     */
    @Param({FLINK_RUNTIME, "flink"})
    public String solver;

    /** The number of vertices. */
    @Param({"10", "100", "1000"})
    public int vertices;

    /** The number of slot-sharing groups (at most one per vertex). */
    @Param({"1", "20"})
    public int slotSharingGroups;

    SolverProblem problem;
    private Supplier<Object> run;

    /** Builds the problem and resolves the solver by name. */
    @Setup
    public void setUp() {
        problem = SolverProblem.of(vertices, slotSharingGroups);
        if (solver.equals(FLINK_RUNTIME)) {
            run = FlinkBaseline.of(problem);
        } else {
            ParallelismSolver chosen =
                    Strategies.standard().parallelismSolvers().byName(solver);
            SolverProblem p = problem;
            run = () -> chosen.solve(p.graph(), p.availableSlots());
        }
    }

    /**
     * Decides the parallelism.
     *
     * @return Flink's {@code Optional<VertexParallelism>} or Slotwise's {@code ParallelismResult}
     */
    @Benchmark
    public Object solve() {
        return run.get();
    }

    /** Flink's rule; a class of its own, so Flink's classes load only when the baseline is asked for. */
    static final class FlinkBaseline {
        private FlinkBaseline() {}

        /** The problem's job as Flink's {@code JobInformation}: vertex {@code v<i>} has id {@code vertexId(i)}. */
        static JobInformation jobInformation(SolverProblem problem) {
            List<FlinkInputs.VertexSpec> specs = new ArrayList<>();
            List<JobVertex> list = problem.graph().vertices();
            for (int i = 0; i < list.size(); i++) {
                JobVertex v = list.get(i);
                specs.add(new FlinkInputs.VertexSpec(
                        FlinkInputs.vertexId(i),
                        v.id(),
                        v.slotSharingGroup(),
                        v.lowerBound(),
                        v.upperBound(),
                        v.effectiveMaxParallelism()));
            }
            return FlinkInputs.jobInformation(specs);
        }

        static Supplier<Object> of(SolverProblem problem) {
            JobInformation job = jobInformation(problem);
            List<PhysicalSlot> slots = FlinkInputs.slots(new int[] {problem.availableSlots()}, 0);
            SlotSharingSlotAllocator flink = SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
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
            return () -> flink.determineParallelism(job, slots);
        }
    }
}
