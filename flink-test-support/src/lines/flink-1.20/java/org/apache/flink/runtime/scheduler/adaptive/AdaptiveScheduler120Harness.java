package org.apache.flink.runtime.scheduler.adaptive;

import java.lang.reflect.Field;
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
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.EnforceParallelismChangeRescalingController;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.RescalingController;
import org.apache.flink.runtime.scheduler.exceptionhistory.ExceptionHistoryEntry;
import org.apache.flink.util.clock.Clock;

/**
 * Flink 1.20.3's adaptive scheduler reduced to its rescale decisions (FLIP-322), for the 1.20 rescale
 * differential test: Flink's own {@link WaitingForResources}, {@link Executing} and {@link Restarting}
 * states, run on a {@link ManualMainThread}, with this class as their {@code AdaptiveScheduler}; what it
 * has in common with flink-adapter's 2.3 harness is in {@link AbstractAdaptiveSchedulerHarness}, shared
 * test support.
 *
 * <ul>
 *   <li>Flink's: the three states (scaling-interval.min and .max in Executing, the submission
 *       stabilization deadline and resource-wait timeout in WaitingForResources, Restarting's backoff
 *       and its way back through WaitingForResources), both rescaling controllers ({@link
 *       EnforceMinimalIncreaseRescalingController} built from a configuration with {@code
 *       min-parallelism-increase}, {@link EnforceParallelismChangeRescalingController}), {@code
 *       SlotSharingSlotAllocator#determineParallelism} and {@code #calculateRequiredSlots}, {@code
 *       AdaptiveScheduler#hasDesiredResources(ResourceCounter, Collection)}, {@code
 *       DefaultVertexParallelismStore#applyJobResourceRequirements}.
 *   <li>Restated from 1.20's {@code AdaptiveScheduler}: {@code shouldRescale} (the parallelism
 *       {@code determineParallelism} finds on all slots, filtered by the controller) here; in the
 *       common base {@code hasSufficientResources}, {@code hasDesiredResources} (Flink passes the free
 *       slots: while WaitingForResources, its only caller, no slot is in use, so they are all the
 *       slots), {@code updateJobResourceRequirements}, {@code runIfState}, {@code transitionToState},
 *       a restart strategy that always allows a restart after the given backoff.
 *   <li>Modelled, in the common base: CreatingExecutionGraph, as in flink-adapter's 2.3 harness (one
 *       main-thread callback later, Executing with the parallelism of the available slots, or failed
 *       without the minimum); graph building, deployment and cancellation take no time.
 *   <li>The clock. WaitingForResources takes a {@code Clock}: it gets one that reads the manual main
 *       thread. Executing measures the time since the last rescale with {@code Instant.now() -
 *       lastRescale}, which cannot be injected; it only ever compares that duration with
 *       scaling-interval.min and scaling-interval.max (strictly greater than). So before every call
 *       into an Executing (an event or one of its scheduled callbacks) this class sets Executing's
 *       {@code lastRescale} field such that {@code Instant.now() - lastRescale} falls on the same side
 *       of both bounds as the simulated time since the (re)start: an hour below min, half-way between
 *       min and max, or an hour above max. Flink's comparisons then come out as at the simulated time,
 *       unless the call takes more wall time than that margin (half the min–max gap, at least 0.5 s in
 *       the test), which every call checks.
 * </ul>
 */
final class AdaptiveScheduler120Harness extends AbstractAdaptiveSchedulerHarness {

    private static final Duration FAR = Duration.ofHours(1);
    private static final Field LAST_RESCALE = lastRescaleField();

    /** The rescale settings, as 1.20's {@code AdaptiveScheduler.Settings} holds them. */
    record Settings(
            Duration initialResourceAllocationTimeout,
            Duration resourceStabilizationTimeout,
            Duration scalingIntervalMin,
            Duration scalingIntervalMax, // null if unset
            int minParallelismIncrease,
            Duration restartBackoff) {}

    private final Settings settings;
    private final RescalingController rescalingController;
    private final RescalingController forceRescalingController = new EnforceParallelismChangeRescalingController();
    private final Map<ExecutionGraph, VertexParallelism> graphs = new IdentityHashMap<>();

    private Instant executingSince;

    AdaptiveScheduler120Harness(
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

    // ---- the clocks ----------------------------------------------------------------------------------

    /**
     * The clock handed to 1.20's {@code WaitingForResources} (its stabilization deadline): the manual
     * main thread's time, relative times counted from now.
     */
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

    /** Runs a call into the current state, with Executing's clock aligned to the simulated one. */
    @Override
    void callState(Runnable call) {
        if (state() instanceof Executing executing) {
            Duration simulated = Duration.between(executingSince, mainThread.now());
            try {
                LAST_RESCALE.set(executing, Instant.now().minus(sameComparisons(simulated)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            long wallClockStart = System.nanoTime();
            call.run();
            Duration wall = Duration.ofNanos(System.nanoTime() - wallClockStart);
            if (wall.compareTo(margin()) >= 0) {
                throw new IllegalStateException("a call into Flink's Executing took " + wall
                        + " of wall time, more than the " + margin() + " margin of its clock alignment; rerun");
            }
        } else {
            call.run();
        }
    }

    /**
     * A duration that 1.20's Executing compares with scaling-interval.min and .max exactly as it
     * would compare {@code simulated} (those two comparisons are all it does with the time since the
     * last rescale), as far from both bounds as possible: an hour below min, half-way between min and
     * max, an hour above max (or above min when max is unset).
     */
    private Duration sameComparisons(Duration simulated) {
        Duration min = settings.scalingIntervalMin();
        Duration max = settings.scalingIntervalMax();
        if (simulated.compareTo(min) <= 0) {
            return min.minus(FAR);
        } else if (max == null) {
            return min.plus(FAR);
        } else if (simulated.compareTo(max) <= 0) {
            return min.plus(max.minus(min).dividedBy(2));
        } else {
            return max.plus(FAR);
        }
    }

    /** How much wall time a call into Executing may take before its comparisons could flip. */
    private Duration margin() {
        Duration max = settings.scalingIntervalMax();
        if (max == null) {
            return FAR;
        }
        Duration half = max.minus(settings.scalingIntervalMin()).dividedBy(2);
        return half.compareTo(FAR) < 0 ? half : FAR;
    }

    private static Field lastRescaleField() {
        try {
            Field f = Executing.class.getDeclaredField("lastRescale");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Flink 1.20's Executing has no lastRescale field", e);
        }
    }

    // ---- the rescale check (AdaptiveScheduler 1.20) -----------------------------------------------

    @Override
    public boolean shouldRescale(ExecutionGraph executionGraph, boolean forceRescale) {
        VertexParallelism current = graphs.get(executionGraph);
        return slotAllocator
                .determineParallelism(jobInformation(), allSlots())
                .filter(p -> (forceRescale ? forceRescalingController : rescalingController).shouldRescale(current, p))
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
        return () -> {
            executingSince = mainThread.now();
            return new Executing(
                    graph,
                    (ExecutionGraphHandler) null,
                    operatorCoordinatorHandler,
                    LOG,
                    this,
                    getClass().getClassLoader(),
                    new ArrayList<>(),
                    settings.scalingIntervalMin(),
                    settings.scalingIntervalMax(),
                    Instant.now()); // Executing.Factory passes Instant.now(); callState realigns it
        };
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
