package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.registry.Strategies;
import java.util.function.Supplier;

/**
 * What the assignment suites' {@code assigner} parameter names: a slot assigner of the registry
 * ({@link Strategies#standard()}: the built-ins and every plugin jar on the JMH class path, found
 * through {@code META-INF/services}), run on the Flink-free {@link AssignmentProblem}; or one of
 * the {@code flink-runtime:} baselines, Flink's own assigner run on the same problem built as Flink
 * objects ({@link AssignmentScenario}).
 */
final class AssignerUnderTest {
    /** The prefix of the names that run Flink's classes. */
    static final String FLINK_RUNTIME = "flink-runtime:";

    private AssignerUnderTest() {}

    /**
     * The call a benchmark measures.
     *
     * @param name a registry name, or {@link AssignerBenchmark#FLINK_RUNTIME_STATE_LOCALITY} or
     *     {@link AssignerBenchmark#FLINK_RUNTIME_DEFAULT}
     * @param problem the Flink-free problem, for a registry name
     * @param flinkScenario the same problem as Flink objects, built only for a baseline
     * @return the call: Slotwise's {@code Assignment}, or Flink's slot assignments
     * @throws IllegalArgumentException naming an unknown name and the known ones
     */
    static Supplier<Object> of(String name, AssignmentProblem problem, Supplier<AssignmentScenario> flinkScenario) {
        if (name.startsWith(FLINK_RUNTIME)) {
            return FlinkBaseline.of(name, flinkScenario.get());
        }
        SlotAssigner assigner = Strategies.standard().slotAssigners().byName(name);
        return () -> assigner.assign(problem.request());
    }

    /** Flink's assigners; a class of its own, so Flink's classes load only when a baseline is asked for. */
    static final class FlinkBaseline {
        private FlinkBaseline() {}

        static Supplier<Object> of(String name, AssignmentScenario scenario) {
            org.apache.flink.runtime.scheduler.adaptive.allocator.SlotAssigner flink =
                    switch (name) {
                        case AssignerBenchmark.FLINK_RUNTIME_STATE_LOCALITY -> FlinkInputs.stateLocalityAssigner(
                                FlinkInputs.pinnedIdResolver());
                        case AssignerBenchmark.FLINK_RUNTIME_DEFAULT -> FlinkInputs.defaultAssigner();
                        default -> throw new IllegalArgumentException("unknown Flink baseline '" + name + "'; known: "
                                + AssignerBenchmark.FLINK_RUNTIME_STATE_LOCALITY + ", "
                                + AssignerBenchmark.FLINK_RUNTIME_DEFAULT);
                    };
            return () -> flink.assignSlots(
                    scenario.flinkJob, scenario.flinkSlots, scenario.flinkParallelism, scenario.flinkAllocations);
        }
    }
}
