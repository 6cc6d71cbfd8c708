package org.apache.flink.runtime.scheduler.adaptive;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
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
import org.apache.flink.runtime.clusterframework.types.ResourceProfile;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.scheduler.ExecutionGraphHandler;
import org.apache.flink.runtime.scheduler.OperatorCoordinatorHandler;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotwiseTestSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.ReactiveScaleUpController;
import org.apache.flink.runtime.scheduler.adaptive.scalingpolicy.ScaleUpController;
import org.apache.flink.runtime.scheduler.exceptionhistory.ExceptionHistoryEntry;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
import org.apache.flink.runtime.util.ResourceCounter;
import org.apache.flink.util.clock.Clock;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/**
 * Flink 1.17.2's adaptive scheduler reduced to its rescale decisions, for the 1.17 rescale differential
 * test: Flink's own {@link WaitingForResources}, {@link Executing} and {@link Restarting} states, run on
 * a {@link ManualMainThread}, with this class as their {@code AdaptiveScheduler}.
 *
 * <p>It does what {@code AbstractAdaptiveSchedulerHarness} does for 1.18 to 2.3, but stands alone:
 * 1.17's states have other contexts (a {@code ResourceConsumer} instead of a {@code
 * ResourceListener}, {@code canScaleUp} instead of {@code shouldRescale}, {@code
 * hasDesiredResources(ResourceCounter)}, transitions without the previous graph, failures without
 * labels) and there are no resource requirements (FLIP-291 came with 1.18).
 *
 * <ul>
 *   <li>Flink's: the three states (Executing checks for a scale-up on entry and on new slots, and
 *       restarts with backoff 0 if it may; WaitingForResources with its stabilization deadline and
 *       resource-wait timeout; Restarting's backoff and its way back through WaitingForResources),
 *       {@link ReactiveScaleUpController} built from a configuration with {@code
 *       min-parallelism-increase}, 1.17's {@code SlotSharingSlotAllocator#determineParallelism} and
 *       {@code #calculateRequiredSlots}.
 *   <li>Restated from 1.17's {@code AdaptiveScheduler}: {@code canScaleUp} (only with a free slot,
 *       the parallelism {@code determineParallelism} finds on all slots, a larger sum, then the
 *       controller), {@code hasDesiredResources(ResourceCounter)} over the free slots, {@code
 *       hasSufficientResources} over all slots, {@code runIfState}, {@code transitionToState}, and a
 *       restart strategy that always restarts after the given backoff. The running job holds as many
 *       slots as its plan's slot-sharing groups need (what it reserved); the others are free.
 *   <li>Modelled: CreatingExecutionGraph (one main-thread callback later, Executing with the
 *       parallelism of the available slots, or failed without the minimum); building, deploying and
 *       cancelling a graph take no time.
 * </ul>
 *
 * <p>Version-specific test support (flink-test-support/src/lines/flink-1.17): the line 1.17.
 */
final class AdaptiveScheduler117Harness implements Executing.Context, WaitingForResources.Context, Restarting.Context {

    static final Logger LOG = NOPLogger.NOP_LOGGER;

    /** The rescale settings 1.17's {@code AdaptiveScheduler} is built with. */
    record Settings(
            Duration initialResourceAllocationTimeout,
            Duration resourceStabilizationTimeout,
            int minParallelismIncrease,
            Duration restartBackoff) {}

    /** What the scheduler did: when, what (RESCALE, RESTART, STOP, FAIL), and the parallelism if any. */
    record Action(Instant at, String what, Map<String, Integer> parallelism) {
        @Override
        public String toString() {
            return at + " " + what + (parallelism == null ? "" : " " + parallelism);
        }
    }

    private final ManualMainThread mainThread;
    private final Settings settings;
    private final JobGraph jobGraph;
    private final JobGraphJobInformation jobInformation;
    private final SlotSharingSlotAllocator slotAllocator;
    private final ScaleUpController scaleUpController;
    private final OperatorCoordinatorHandler operatorCoordinatorHandler = noOp(OperatorCoordinatorHandler.class);
    private final SlotInfo slot = new SlotwiseTestSlot(new AllocationID(), SlotwiseTestSlot.location("tm"), 0);
    private final Map<ExecutionGraph, Map<JobVertexID, Integer>> graphs = new IdentityHashMap<>();
    private final List<Action> actions = new ArrayList<>();

    private int slots;
    private int slotsInUse;
    private State state = new Marker("Created");
    private boolean isTransitioningState;
    private boolean handlingTaskFailure;

    AdaptiveScheduler117Harness(
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
        this.scaleUpController = new ReactiveScaleUpController(configuration);
    }

    // ---- what the test drives ------------------------------------------------------------------

    void startScheduling() {
        if (!(state instanceof Marker m) || !m.name.equals("Created")) {
            throw new IllegalStateException("already started: " + state);
        }
        goToWaitingForResources();
    }

    void slotsAdded(int count) {
        slots += count;
        state.tryRun(
                ResourceConsumer.class, ResourceConsumer::notifyNewResourcesAvailable, "notifyNewResourcesAvailable");
    }

    /** Idle slots leave silently; if the job's tasks ran in some, that is a task failure of the running job. */
    void slotsLost(int count, boolean runningTasksLost) {
        slots -= count;
        if (runningTasksLost && state instanceof Executing executing) {
            handlingTaskFailure = true;
            try {
                executing.onFailure(new RuntimeException("TaskManager lost"));
            } finally {
                handlingTaskFailure = false;
            }
        }
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

    private void record(String what, Map<JobVertexID, Integer> parallelism) {
        Map<String, Integer> byId = null;
        if (parallelism != null) {
            byId = new TreeMap<>();
            for (Map.Entry<JobVertexID, Integer> e : parallelism.entrySet()) {
                byId.put(e.getKey().toHexString(), e.getValue());
            }
        }
        actions.add(new Action(mainThread.now(), what, byId));
    }

    // ---- the resource predicates (AdaptiveScheduler 1.17) -----------------------------------------

    private Collection<SlotInfo> allSlots() {
        return Collections.nCopies(slots, slot);
    }

    private Collection<SlotInfo> freeSlots() {
        return Collections.nCopies(Math.max(0, slots - slotsInUse), slot);
    }

    /** 1.17 counts the free slots against the desired resources, profile by profile. */
    @Override
    public boolean hasDesiredResources(ResourceCounter desiredResources) {
        ResourceCounter outstanding = desiredResources;
        Iterator<SlotInfo> free = freeSlots().iterator();
        while (!outstanding.isEmpty() && free.hasNext()) {
            ResourceProfile profile = free.next().getResourceProfile();
            outstanding =
                    outstanding.subtract(outstanding.containsResource(profile) ? profile : ResourceProfile.UNKNOWN, 1);
        }
        return outstanding.isEmpty();
    }

    @Override
    public boolean hasSufficientResources() {
        return slotAllocator.determineParallelism(jobInformation, allSlots()).isPresent();
    }

    /**
     * 1.17's check: only with a free slot; the parallelism all slots allow must exist and have a larger
     * sum than the running one, and the controller must agree.
     */
    @Override
    public boolean canScaleUp(ExecutionGraph executionGraph) {
        if (freeSlots().isEmpty()) {
            return false;
        }
        Optional<? extends VertexParallelism> potential =
                slotAllocator.determineParallelism(jobInformation, allSlots());
        if (potential.isEmpty()) {
            return false;
        }
        int current = sum(graphs.get(executionGraph));
        int next = sum(potential.get().getMaxParallelismForVertices());
        return next > current && scaleUpController.canScaleUp(current, next);
    }

    private static int sum(Map<JobVertexID, Integer> parallelism) {
        int total = 0;
        for (int p : parallelism.values()) {
            total += p;
        }
        return total;
    }

    @Override
    public FailureResult howToHandleFailure(Throwable failure) {
        return FailureResult.canRestart(failure, settings.restartBackoff());
    }

    // ---- running callbacks in a state ----------------------------------------------------------

    @Override
    public ScheduledFuture<?> runIfState(State expectedState, Runnable action, Duration delay) {
        return mainThread.schedule(() -> runIfState(expectedState, action), delay);
    }

    @Override
    public void runIfState(State expectedState, Runnable action) {
        if (isState(expectedState)) {
            action.run();
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

    // ---- state transitions ---------------------------------------------------------------------

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
    public void goToWaitingForResources() {
        slotsInUse = 0;
        ResourceCounter desired = slotAllocator.calculateRequiredSlots(jobInformation.getVertices());
        transitionToState(
                WaitingForResources.class,
                () -> new WaitingForResources(
                        this,
                        LOG,
                        desired,
                        settings.initialResourceAllocationTimeout(),
                        settings.resourceStabilizationTimeout(),
                        clock()));
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

    /** Modelled CreatingExecutionGraph: one main-thread callback later, Executing or failed. */
    @Override
    public void goToCreatingExecutionGraph() {
        Marker creating = new Marker("CreatingExecutionGraph");
        transitionToState(CreatingExecutionGraph.class, () -> creating);
        runIfState(
                creating,
                () -> {
                    Optional<? extends VertexParallelism> plan =
                            slotAllocator.determineParallelism(jobInformation, allSlots());
                    if (plan.isEmpty()) {
                        record("FAIL", null);
                        transitionToState(Finished.class, () -> new Marker("Failed"));
                    } else {
                        Map<JobVertexID, Integer> parallelism = plan.get().getMaxParallelismForVertices();
                        record("RESCALE", parallelism);
                        ExecutionGraph graph = runningGraph(parallelism);
                        graphs.put(graph, parallelism);
                        slotsInUse = slotsOf(plan.get());
                        transitionToState(
                                Executing.class,
                                () -> new Executing(
                                        graph,
                                        (ExecutionGraphHandler) null,
                                        operatorCoordinatorHandler,
                                        LOG,
                                        this,
                                        getClass().getClassLoader(),
                                        new ArrayList<>()));
                    }
                },
                Duration.ZERO);
    }

    /** The slots the job reserves: per slot-sharing group, its largest vertex parallelism. */
    private int slotsOf(VertexParallelism plan) {
        int total = 0;
        for (org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup g : jobGraph.getSlotSharingGroups()) {
            int most = 0;
            for (JobVertexID id : g.getJobVertexIds()) {
                most = Math.max(most, plan.getMaxParallelismForVertices().getOrDefault(id, 0));
            }
            total += most;
        }
        return total;
    }

    /** A restart: STOP for a task failure, RESTART to rescale. */
    @Override
    public void goToRestarting(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            Duration backoffTime,
            List<ExceptionHistoryEntry> failureCollection) {
        record(handlingTaskFailure ? "STOP" : "RESTART", null);
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

    // ---- stubs ----------------------------------------------------------------------------------

    /** A running graph that deploys nothing and whose {@code cancel()} completes its termination at once. */
    private ExecutionGraph runningGraph(Map<JobVertexID, Integer> parallelism) {
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
            case "toString" -> "ExecutionGraph" + parallelism;
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
        public void handleGlobalFailure(Throwable cause) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Logger getLogger() {
            return LOG;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
