package org.apache.flink.runtime.scheduler.adaptive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.runtime.executiongraph.ExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.scheduler.ExecutionGraphHandler;
import org.apache.flink.runtime.scheduler.OperatorCoordinatorHandler;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.EnforceMinimalIncreaseRescalingController;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.RescalingController;
import org.apache.flink.runtime.scheduler.exceptionhistory.ExceptionHistoryEntry;
import org.apache.flink.util.clock.Clock;

/**
 * Flink 1.18.1's adaptive scheduler reduced to its rescale decisions, for the 1.18 rescale
 * differential test: Flink's own {@link WaitingForResources}, {@link Executing} and {@link Restarting}
 * states, run on a {@link ManualMainThread}, with this class as their {@code AdaptiveScheduler}; what it
 * has in common with the 1.20 and 2.x harnesses is in {@link AbstractAdaptiveSchedulerHarness}.
 *
 * <ul>
 *   <li>Flink's: the three states (Executing evaluates at once, on entry, new slots and new
 *       requirements, and restarts with backoff 0 when its controller agrees; WaitingForResources with
 *       its stabilization deadline and resource-wait timeout; Restarting's backoff and its way back
 *       through WaitingForResources), the rescaling controller {@link
 *       EnforceMinimalIncreaseRescalingController} built from a configuration with {@code
 *       min-parallelism-increase}, 1.18's {@code SlotSharingSlotAllocator#determineParallelism} (with
 *       its FLINK-33960 lower-bound rule) and {@code #calculateRequiredSlots}, {@code
 *       AdaptiveScheduler#hasDesiredResources(ResourceCounter, Collection)}, {@code
 *       DefaultVertexParallelismStore#applyJobResourceRequirements}.
 *   <li>Restated from 1.18's {@code AdaptiveScheduler}: {@code shouldRescale} (the parallelism {@code
 *       determineParallelism} finds on all slots, filtered by the controller) here; the rest in the
 *       common base, as for 1.20.
 *   <li>The clock: WaitingForResources gets one that reads the manual main thread; 1.18's Executing
 *       has no clock (no scaling intervals).
 * </ul>
 *
 * <p>Version-specific test support (flink-test-support/src/lines/flink-1.18): the line 1.18.
 */
final class AdaptiveScheduler118Harness extends AbstractAdaptiveSchedulerHarness {

    /** The rescale settings 1.18's {@code AdaptiveScheduler} is built with. */
    record Settings(
            Duration initialResourceAllocationTimeout,
            Duration resourceStabilizationTimeout,
            int minParallelismIncrease,
            Duration restartBackoff) {}

    private final Settings settings;
    private final RescalingController rescalingController;
    private final Map<ExecutionGraph, VertexParallelism> graphs = new IdentityHashMap<>();

    AdaptiveScheduler118Harness(
            ManualMainThread mainThread,
            Settings settings,
            JobGraph jobGraph,
            VertexParallelismStore store,
            SlotSharingSlotAllocator slotAllocator) {
        super(mainThread, jobGraph, store, slotAllocator);
        this.settings = settings;
        Configuration configuration = new Configuration();
        configuration.set(JobManagerOptions.MIN_PARALLELISM_INCREASE, settings.minParallelismIncrease());
        this.rescalingController = new EnforceMinimalIncreaseRescalingController(configuration);
    }

    /** The clock handed to WaitingForResources: the manual main thread's time. */
    private Clock clock() {
        Instant start = mainThread.now();
        return new Clock() {
            @Override
            public long absoluteTimeMillis() {
                return mainThread.now().toEpochMilli();
            }

            @Override
            public long relativeTimeMillis() {
                return Duration.between(start, mainThread.now()).toMillis();
            }

            @Override
            public long relativeTimeNanos() {
                return Duration.between(start, mainThread.now()).toNanos();
            }
        };
    }

    // ---- the rescale check (AdaptiveScheduler 1.18) -----------------------------------------------

    @Override
    public boolean shouldRescale(ExecutionGraph executionGraph) {
        VertexParallelism current = graphs.get(executionGraph);
        return slotAllocator
                .determineParallelism(jobInformation(), allSlots())
                .filter(p -> rescalingController.shouldRescale(current, p))
                .isPresent();
    }

    // ---- the states ----------------------------------------------------------------------------------

    @Override
    Duration restartBackoff() {
        return settings.restartBackoff();
    }

    @Override
    public void goToWaitingForResources(ExecutionGraph previousExecutionGraph) {
        transitionToState(
                WaitingForResources.class,
                () -> new WaitingForResources(
                        this,
                        LOG,
                        settings.initialResourceAllocationTimeout(),
                        settings.resourceStabilizationTimeout(),
                        clock(),
                        previousExecutionGraph));
    }

    /** Executing with a stub graph; the graph's parallelism is kept here ({@link #shouldRescale}). */
    @Override
    Supplier<State> executing(VertexParallelism parallelism) {
        ExecutionGraph graph = runningGraph(parallelism, Map.of());
        graphs.put(graph, parallelism);
        return () -> new Executing(
                graph,
                (ExecutionGraphHandler) null,
                operatorCoordinatorHandler,
                LOG,
                this,
                getClass().getClassLoader(),
                new ArrayList<>());
    }

    /** A restart: STOP for a task failure, RESTART to rescale. */
    @Override
    public void goToRestarting(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            Duration backoffTime,
            List<ExceptionHistoryEntry> failureCollection) {
        record(handlingTaskFailure() ? "STOP" : "RESTART", null, stateName());
        transitionToState(
                Restarting.class,
                () -> new Restarting(
                        this,
                        executionGraph,
                        executionGraphHandler,
                        operatorCoordinatorHandler,
                        LOG,
                        backoffTime,
                        getClass().getClassLoader(),
                        failureCollection));
    }

    @Override
    Marker marker(String name) {
        return new Marker(name) {};
    }
}
