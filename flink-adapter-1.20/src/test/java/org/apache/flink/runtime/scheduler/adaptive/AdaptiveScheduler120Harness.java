package org.apache.flink.runtime.scheduler.adaptive;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.runtime.checkpoint.CheckpointScheduling;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.clusterframework.types.ResourceProfile;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.ExecutionGraphHandler;
import org.apache.flink.runtime.scheduler.OperatorCoordinatorHandler;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.EnforceMinimalIncreaseRescalingController;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.EnforceParallelismChangeRescalingController;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.RescalingController;
import org.apache.flink.runtime.scheduler.exceptionhistory.ExceptionHistoryEntry;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/**
 * Flink 1.20.3's adaptive scheduler reduced to its rescale decisions (FLIP-322), for the 1.20 rescale
 * differential test: Flink's own {@link WaitingForResources}, {@link Executing} and {@link Restarting}
 * states, run on a {@link ManualMainThread}, with this class as their {@code AdaptiveScheduler}.
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
 *       {@code determineParallelism} finds on all slots, filtered by the controller), {@code
 *       hasSufficientResources}, {@code hasDesiredResources} (Flink passes the free slots: while
 *       WaitingForResources, its only caller, no slot is in use, so they are all the slots), {@code
 *       updateJobResourceRequirements}, {@code runIfState}, {@code transitionToState}, a restart
 *       strategy that always allows a restart after the given backoff.
 *   <li>Modelled: CreatingExecutionGraph, as in flink-adapter's 2.3 harness (one main-thread callback
 *       later, Executing with the parallelism of the available slots, or failed without the
 *       minimum); graph building, deployment and cancellation take no time.
 *   <li>The clock. WaitingForResources takes a {@code Clock}: it gets the manual one. Executing
 *       measures the time since the last rescale with {@code Instant.now() - lastRescale}, which
 *       cannot be injected; it only ever compares that duration with scaling-interval.min and
 *       scaling-interval.max (strictly greater than). So before every call into an Executing (an event
 *       or one of its scheduled callbacks) this class sets Executing's {@code lastRescale} field such
 *       that {@code Instant.now() - lastRescale} falls on the same side of both bounds as the
 *       simulated time since the (re)start: an hour below min, half-way between min and max, or an
 *       hour above max. Flink's comparisons then come out as at the simulated time, unless the call
 *       takes more wall time than that margin (half the min–max gap, at least 0.5 s in the test),
 *       which every call checks.
 * </ul>
 */
final class AdaptiveScheduler120Harness implements Executing.Context, WaitingForResources.Context, Restarting.Context {

    private static final Logger LOG = NOPLogger.NOP_LOGGER;
    private static final Duration FAR = Duration.ofHours(1);
    private static final Field LAST_RESCALE = lastRescaleField();

    /** What the scheduler did, as the differential test compares it. */
    record Action(Instant at, String what, Map<String, Integer> parallelism) {
        @Override
        public String toString() {
            return at + " " + what + (parallelism == null ? "" : " " + parallelism);
        }
    }

    /** The rescale settings, as 1.20's {@code AdaptiveScheduler.Settings} holds them. */
    record Settings(
            Duration initialResourceAllocationTimeout,
            Duration resourceStabilizationTimeout,
            Duration scalingIntervalMin,
            Duration scalingIntervalMax, // null if unset
            int minParallelismIncrease,
            Duration restartBackoff) {}

    private final ManualMainThread mainThread;
    private final Settings settings;
    private final JobGraph jobGraph;
    private final SlotSharingSlotAllocator slotAllocator;
    private final RescalingController rescalingController;
    private final RescalingController forceRescalingController = new EnforceParallelismChangeRescalingController();
    private final SlotInfo slot = new TestSlot();
    private final OperatorCoordinatorHandler operatorCoordinatorHandler = noOp(OperatorCoordinatorHandler.class);
    private final Map<ExecutionGraph, VertexParallelism> graphs = new IdentityHashMap<>();
    private final List<Action> actions = new ArrayList<>();

    private JobGraphJobInformation jobInformation;
    private int slots;
    private State state = new Marker("Created");
    private boolean isTransitioningState;
    private boolean failing;
    private Instant executingSince;

    AdaptiveScheduler120Harness(
            ManualMainThread mainThread,
            Settings settings,
            JobGraph jobGraph,
            VertexParallelismStore store,
            SlotSharingSlotAllocator slotAllocator) {
        this.mainThread = mainThread;
        this.settings = settings;
        this.jobGraph = jobGraph;
        this.jobInformation = new JobGraphJobInformation(jobGraph, store);
        this.slotAllocator = slotAllocator;
        Configuration configuration = new Configuration();
        configuration.set(JobManagerOptions.MIN_PARALLELISM_INCREASE, settings.minParallelismIncrease());
        this.rescalingController = new EnforceMinimalIncreaseRescalingController(configuration);
    }

    // ---- what the test drives ---------------------------------------------------------------------

    void startScheduling() {
        if (!(state instanceof Marker m) || !m.name.equals("Created")) {
            throw new IllegalStateException("already started: " + state);
        }
        goToWaitingForResources(null);
    }

    void slotsAdded(int count) {
        slots += count;
        callState(() -> state.tryRun(
                ResourceListener.class, ResourceListener::onNewResourcesAvailable, "newResourcesAvailable"));
    }

    void slotsLost(int count, boolean runningTasksLost) {
        slots -= count;
        if (runningTasksLost && state instanceof Executing executing) {
            failing = true;
            try {
                callState(() -> executing.onFailure(
                        new RuntimeException("TaskManager lost"), CompletableFuture.completedFuture(Map.of())));
            } finally {
                failing = false;
            }
        }
    }

    /** {@code updateJobResourceRequirements}; whether they changed the store. */
    boolean updateJobResourceRequirements(JobResourceRequirements requirements) {
        Optional<VertexParallelismStore> updated = DefaultVertexParallelismStore.applyJobResourceRequirements(
                jobInformation.getVertexParallelismStore(), requirements);
        if (updated.isPresent()) {
            jobInformation = new JobGraphJobInformation(jobGraph, updated.get());
            callState(() -> state.tryRun(
                    ResourceListener.class,
                    ResourceListener::onNewResourceRequirements,
                    "Current state does not react to desired parallelism changes."));
        }
        return updated.isPresent();
    }

    List<Action> actions() {
        return Collections.unmodifiableList(actions);
    }

    String stateName() {
        return state instanceof Marker m ? m.name : state.getClass().getSimpleName();
    }

    JobGraphJobInformation jobInformation() {
        return jobInformation;
    }

    // ---- the clock of Executing ---------------------------------------------------------------------

    /** Runs a call into the current state, with Executing's clock aligned to the simulated one. */
    private void callState(Runnable call) {
        if (state instanceof Executing executing) {
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

    // ---- the resource predicates and the rescale check (AdaptiveScheduler 1.20) ---------------------

    private Collection<SlotInfo> allSlots() {
        return Collections.nCopies(slots, slot);
    }

    @Override
    public boolean hasDesiredResources() {
        return AdaptiveScheduler.hasDesiredResources(
                slotAllocator.calculateRequiredSlots(jobInformation.getVertices()), allSlots());
    }

    @Override
    public boolean hasSufficientResources() {
        return slotAllocator.determineParallelism(jobInformation, allSlots()).isPresent();
    }

    @Override
    public boolean shouldRescale(ExecutionGraph executionGraph, boolean forceRescale) {
        VertexParallelism current = graphs.get(executionGraph);
        return slotAllocator
                .determineParallelism(jobInformation, allSlots())
                .filter(p -> (forceRescale ? forceRescalingController : rescalingController).shouldRescale(current, p))
                .isPresent();
    }

    // ---- running callbacks in a state ----------------------------------------------------------------

    @Override
    public ScheduledFuture<?> runIfState(State expectedState, Runnable action, Duration delay) {
        return mainThread.schedule(() -> runIfState(expectedState, action), delay);
    }

    @Override
    public void runIfState(State expectedState, Runnable action) {
        if (isState(expectedState)) {
            callState(action);
        }
    }

    @Override
    public boolean isState(State expectedState) {
        return expectedState == state;
    }

    @Override
    public Executor getMainThreadExecutor() {
        return mainThread::execute;
    }

    // ---- state transitions -------------------------------------------------------------------------

    private void transitionToState(Class<? extends State> stateClass, Supplier<State> factory) {
        if (isTransitioningState) {
            throw new IllegalStateException(
                    "State transitions must not be triggered while another state transition is in progress.");
        }
        try {
            isTransitioningState = true;
            state.onLeave(stateClass);
            state = factory.get();
        } finally {
            isTransitioningState = false;
        }
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
                        mainThread.clock(),
                        previousExecutionGraph));
    }

    @Override
    public void goToCreatingExecutionGraph(ExecutionGraph previousExecutionGraph) {
        Marker creating = new Marker("CreatingExecutionGraph");
        transitionToState(CreatingExecutionGraph.class, () -> creating);
        runIfState(
                creating,
                () -> {
                    Optional<VertexParallelism> plan = slotAllocator.determineParallelism(jobInformation, allSlots());
                    if (plan.isEmpty()) {
                        actions.add(new Action(mainThread.now(), "FAIL", null));
                        transitionToState(Finished.class, () -> new Marker("Failed"));
                    } else {
                        goToExecuting(plan.get());
                    }
                },
                Duration.ZERO);
    }

    private void goToExecuting(VertexParallelism parallelism) {
        actions.add(new Action(mainThread.now(), "RESCALE", asMap(parallelism)));
        ExecutionGraph graph = runningGraph();
        graphs.put(graph, parallelism);
        transitionToState(Executing.class, () -> {
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
        });
    }

    @Override
    public void goToRestarting(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            Duration backoffTime,
            List<ExceptionHistoryEntry> failureCollection) {
        actions.add(new Action(mainThread.now(), failing ? "STOP" : "RESTART", null));
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
    public FailureResult howToHandleFailure(Throwable failure, CompletableFuture<Map<String, String>> failureLabels) {
        return FailureResult.canRestart(failure, settings.restartBackoff());
    }

    @Override
    public void goToFinished(ArchivedExecutionGraph archivedExecutionGraph) {
        throw new AssertionError("unexpected goToFinished " + archivedExecutionGraph.getState());
    }

    @Override
    public void goToCanceling(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            List<ExceptionHistoryEntry> failureCollection) {
        throw new AssertionError("unexpected goToCanceling");
    }

    @Override
    public void goToFailing(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            Throwable failureCause,
            List<ExceptionHistoryEntry> failureCollection) {
        throw new AssertionError("unexpected goToFailing", failureCause);
    }

    @Override
    public CompletableFuture<String> goToStopWithSavepoint(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            CheckpointScheduling checkpointScheduling,
            CompletableFuture<String> savepointFuture,
            List<ExceptionHistoryEntry> failureCollection) {
        throw new AssertionError("unexpected goToStopWithSavepoint");
    }

    @Override
    public void archiveFailure(RootExceptionHistoryEntry failure) {}

    @Override
    public ArchivedExecutionGraph getArchivedExecutionGraph(JobStatus jobStatus, Throwable cause) {
        throw new AssertionError("unexpected getArchivedExecutionGraph " + jobStatus);
    }

    // ---- stubs --------------------------------------------------------------------------------------

    static Map<String, Integer> asMap(VertexParallelism parallelism) {
        Map<String, Integer> map = new TreeMap<>();
        for (JobVertexID id : parallelism.getVertices()) {
            map.put(id.toHexString(), parallelism.getParallelism(id));
        }
        return map;
    }

    /**
     * A running execution graph: deploys nothing, and {@code cancel()} completes its termination
     * future with CANCELED at once. Its parallelism is kept by this class ({@link #shouldRescale}).
     */
    private ExecutionGraph runningGraph() {
        CompletableFuture<JobStatus> termination = new CompletableFuture<>();
        JobStatus[] status = {JobStatus.RUNNING};
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getState" -> status[0];
            case "getAllVertices" -> Map.of();
            case "getVerticesTopologically" -> List.of();
            case "getTerminationFuture" -> termination;
            case "getJobID" -> jobGraph.getJobID();
            case "cancel" -> {
                status[0] = JobStatus.CANCELED;
                termination.complete(JobStatus.CANCELED);
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "ExecutionGraph@" + System.identityHashCode(proxy);
            default -> throw new UnsupportedOperationException("ExecutionGraph#" + method.getName());
        };
        return (ExecutionGraph)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ExecutionGraph.class}, handler);
    }

    private static <T> T noOp(Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "no-op " + type.getSimpleName();
                default:
                    if (method.getReturnType() == void.class) {
                        return null;
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "#" + method.getName());
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** A slot of unknown profile; the allocator only counts them. */
    private static final class TestSlot implements SlotInfo {
        private final AllocationID allocationId = new AllocationID();
        private final TaskManagerLocation location =
                new TaskManagerLocation(new ResourceID("tm"), InetAddress.getLoopbackAddress(), 1);

        @Override
        public AllocationID getAllocationId() {
            return allocationId;
        }

        @Override
        public TaskManagerLocation getTaskManagerLocation() {
            return location;
        }

        @Override
        public int getPhysicalSlotNumber() {
            return 0;
        }

        @Override
        public ResourceProfile getResourceProfile() {
            return ResourceProfile.UNKNOWN;
        }

        @Override
        public boolean willBeOccupiedIndefinitely() {
            return true;
        }
    }

    /** Created, CreatingExecutionGraph (modelled) and Failed: states no listener reaches. */
    private static final class Marker implements State {
        final String name;

        Marker(String name) {
            this.name = name;
        }

        @Override
        public void cancel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void suspend(Throwable cause) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobStatus getJobStatus() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ArchivedExecutionGraph getJob() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Logger getLogger() {
            return LOG;
        }

        @Override
        public void handleGlobalFailure(Throwable cause, CompletableFuture<Map<String, String>> failureLabels) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
