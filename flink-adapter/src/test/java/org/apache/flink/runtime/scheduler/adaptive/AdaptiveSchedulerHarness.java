package org.apache.flink.runtime.scheduler.adaptive;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.CheckpointScheduling;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.InternalExecutionGraphAccessor;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.operators.coordination.CoordinatorStoreImpl;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.ExecutionGraphHandler;
import org.apache.flink.runtime.scheduler.OperatorCoordinatorHandler;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotwiseTestSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.adaptive.timeline.Durable;
import org.apache.flink.runtime.scheduler.adaptive.timeline.RescaleTimeline;
import org.apache.flink.runtime.scheduler.exceptionhistory.ExceptionHistoryEntry;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/**
 * Flink 2.3.0's adaptive scheduler reduced to its rescale decisions, for the rescale differential
 * test: Flink's own {@link WaitingForResources}, {@link Executing} and {@link Restarting} states,
 * each with Flink's own {@link DefaultStateTransitionManager}, run on a {@link ManualMainThread}.
 * This class plays the {@code AdaptiveScheduler} around them (it is their {@code Context}).
 *
 * <p>What is Flink's code and what is this harness:
 *
 * <ul>
 *   <li>Flink's: the three states (resource and checkpoint listeners, the failed-checkpoint
 *       countdown, the entry check, the resource-wait timeout, Restarting's choice between
 *       CreatingExecutionGraph and WaitingForResources), the transition manager and its phases, and
 *       the resource predicates' building blocks: {@code SlotSharingSlotAllocator#determineParallelism}
 *       and {@code #calculateRequiredSlots}, {@code AdaptiveScheduler#hasDesiredResources(ResourceCounter,
 *       Collection)}, {@code DefaultVertexParallelismStore#applyJobResourceRequirements}.
 *   <li>Restated from {@code AdaptiveScheduler} (one-liners): {@code hasSufficientResources}, {@code
 *       hasDesiredResources} and {@code getAvailableVertexParallelism} over all slots; {@code
 *       updateJobResourceRequirements} (a new job information and a listener call only if the store
 *       changed); {@code runIfState}; {@code transitionToState}; the restart strategy ({@code
 *       howToHandleFailure} always allows a restart after the given backoff).
 *   <li>Modelled: {@code CreatingExecutionGraph} plans on the available slots (nothing else runs, so
 *       they are all free) and, one main-thread callback later, goes to Executing with that
 *       parallelism or, without even the minimum, fails the job (Flink: NoResourceAvailableException,
 *       Finished). Building the graph, reserving slots, deploying and cancelling take no time: the
 *       execution graph is a stub whose {@code cancel()} completes its termination future at once.
 * </ul>
 */
final class AdaptiveSchedulerHarness implements Executing.Context, WaitingForResources.Context, Restarting.Context {

    private static final Logger LOG = NOPLogger.NOP_LOGGER;

    /**
     * What the scheduler did, as the differential test compares it (the state it left is not
     * compared, only counted).
     */
    record Action(Instant at, String what, Map<String, Integer> parallelism, String from) {
        @Override
        public String toString() {
            return at + " " + what + (parallelism == null ? "" : " " + parallelism);
        }
    }

    /** The rescale settings, as {@code AdaptiveScheduler.Settings} holds them. */
    record Settings(
            Duration submissionResourceWaitTimeout,
            Duration submissionResourceStabilizationTimeout,
            Duration executingCooldownTimeout,
            Duration executingResourceStabilizationTimeout,
            Duration maximumDelayForTriggeringRescale,
            int rescaleOnFailedCheckpointCount,
            Duration restartBackoff) {}

    private final ManualMainThread mainThread;
    private final Settings settings;
    private final JobGraph jobGraph;
    private final SlotSharingSlotAllocator slotAllocator;
    private final SlotInfo slot = new SlotwiseTestSlot(new AllocationID(), SlotwiseTestSlot.location("tm"), 0);
    private final OperatorCoordinatorHandler operatorCoordinatorHandler = noOp(OperatorCoordinatorHandler.class);
    private final List<Action> actions = new ArrayList<>();

    private JobInformation jobInformation;
    private int slots;
    private State state = new Marker("Created");
    private boolean isTransitioningState;
    private DefaultStateTransitionManager stateTransitionManager;

    AdaptiveSchedulerHarness(
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
    }

    // ---- what the test drives (AdaptiveScheduler's entry points) ---------------------------------

    /** {@code startScheduling}: Created goes to WaitingForResources. */
    void startScheduling() {
        if (!(state instanceof Marker m) || !m.name.equals("Created")) {
            throw new IllegalStateException("already started: " + state);
        }
        goToWaitingForResources(null);
    }

    /** New slots registered with the declarative slot pool. */
    void slotsAdded(int count) {
        slots += count;
        state.tryRun(ResourceListener.class, ResourceListener::onNewResourcesAvailable, "newResourcesAvailable");
    }

    /**
     * Slots released by the pool. Idle slots leave silently; if the job's tasks ran in some, that is
     * a task failure of the running job.
     */
    void slotsLost(int count, boolean runningTasksLost) {
        slots -= count;
        if (runningTasksLost && state instanceof Executing executing) {
            executing.onFailure(new RuntimeException("TaskManager lost"), CompletableFuture.completedFuture(Map.of()));
        }
    }

    /** {@code updateJobResourceRequirements}; whether they changed the store. */
    boolean updateJobResourceRequirements(JobResourceRequirements requirements) {
        Optional<VertexParallelismStore> updated = DefaultVertexParallelismStore.applyJobResourceRequirements(
                jobInformation.getVertexParallelismStore(), requirements);
        if (updated.isPresent()) {
            jobInformation = new JobGraphJobInformation(jobGraph, updated.get());
            state.tryRun(
                    ResourceListener.class,
                    ResourceListener::onNewResourceRequirements,
                    "Current state does not react to desired parallelism changes.");
        }
        return updated.isPresent();
    }

    /** The checkpoint statistics listener (Flink hands it to the main thread; this runs it now). */
    void checkpointCompleted() {
        state.tryRun(
                org.apache.flink.runtime.checkpoint.CheckpointStatsListener.class,
                l -> l.onCompletedCheckpoint(),
                "onCompletedCheckpoint");
    }

    void checkpointFailed() {
        state.tryRun(
                org.apache.flink.runtime.checkpoint.CheckpointStatsListener.class,
                l -> l.onFailedCheckpoint(),
                "onFailedCheckpoint");
    }

    List<Action> actions() {
        return Collections.unmodifiableList(actions);
    }

    /** The state's simple class name: Created, WaitingForResources, Executing, Restarting, Failed, ... */
    String stateName() {
        return state instanceof Marker m ? m.name : state.getClass().getSimpleName();
    }

    /** The current transition manager's phase, if the state has one. */
    Optional<String> phaseName() {
        if (state instanceof Executing || state instanceof WaitingForResources) {
            return Optional.of(stateTransitionManager.getPhase().getClass().getSimpleName());
        }
        return Optional.empty();
    }

    int slots() {
        return slots;
    }

    // ---- the resource predicates (AdaptiveScheduler) ------------------------------------------

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
    public Optional<VertexParallelism> getAvailableVertexParallelism() {
        return slotAllocator.determineParallelism(jobInformation, allSlots());
    }

    // ---- running callbacks in a state ----------------------------------------------------------

    @Override
    public ScheduledFuture<?> runIfState(State expectedState, Runnable action, Duration delay) {
        return mainThread.schedule(() -> runIfState(expectedState, action), delay);
    }

    @Override
    public void runIfState(State expectedState, Runnable action) {
        if (isState(expectedState)) {
            action.run(); // Flink reports a Throwable to its fatal error handler; the test fails
        }
    }

    @Override
    public boolean isState(State expectedState) {
        return expectedState == state;
    }

    @Override
    public State getState() {
        return state;
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

    private Function<StateTransitionManager.Context, StateTransitionManager> transitionManager(
            Duration cooldown, Duration stabilization, Duration maxTriggerDelay) {
        return context -> {
            stateTransitionManager = new DefaultStateTransitionManager(
                    context, mainThread.clock(), cooldown, stabilization, maxTriggerDelay);
            return stateTransitionManager;
        };
    }

    @Override
    public void goToWaitingForResources(ExecutionGraph previousExecutionGraph) {
        transitionToState(
                WaitingForResources.class,
                () -> new WaitingForResources(
                        this,
                        LOG,
                        settings.submissionResourceWaitTimeout(),
                        previousExecutionGraph,
                        // AdaptiveScheduler#createWaitingForResourceStateTransitionManager
                        transitionManager(
                                Duration.ZERO, settings.submissionResourceStabilizationTimeout(), Duration.ZERO)));
    }

    /** Modelled CreatingExecutionGraph: one main-thread callback later, Executing or failed. */
    @Override
    public void goToCreatingExecutionGraph(ExecutionGraph previousExecutionGraph) {
        Marker creating = new Marker("CreatingExecutionGraph");
        String from = stateName();
        transitionToState(CreatingExecutionGraph.class, () -> creating);
        runIfState(
                creating,
                () -> {
                    Optional<VertexParallelism> plan = getAvailableVertexParallelism();
                    if (plan.isEmpty()) {
                        actions.add(new Action(mainThread.now(), "FAIL", null, from));
                        transitionToState(Finished.class, () -> new Marker("Failed"));
                    } else {
                        goToExecuting(plan.get(), from);
                    }
                },
                Duration.ZERO);
    }

    private void goToExecuting(VertexParallelism parallelism, String from) {
        actions.add(new Action(mainThread.now(), "RESCALE", asMap(parallelism), from));
        ExecutionGraph graph = runningGraph(parallelism);
        transitionToState(
                Executing.class,
                () -> new Executing(
                        graph,
                        (ExecutionGraphHandler) null,
                        operatorCoordinatorHandler,
                        LOG,
                        this,
                        getClass().getClassLoader(),
                        new ArrayList<>(),
                        // AdaptiveScheduler#createExecutingStateTransitionManager
                        transitionManager(
                                settings.executingCooldownTimeout(),
                                settings.executingResourceStabilizationTimeout(),
                                settings.maximumDelayForTriggeringRescale()),
                        settings.rescaleOnFailedCheckpointCount()));
    }

    @Override
    public void goToRestarting(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            Duration backoffTime,
            VertexParallelism restartWithParallelism,
            List<ExceptionHistoryEntry> failureCollection) {
        actions.add(new Action(
                mainThread.now(),
                restartWithParallelism == null ? "STOP" : "RESTART",
                restartWithParallelism == null ? null : asMap(restartWithParallelism),
                stateName()));
        transitionToState(
                Restarting.class,
                () -> new Restarting(
                        this,
                        executionGraph,
                        executionGraphHandler,
                        operatorCoordinatorHandler,
                        LOG,
                        backoffTime,
                        restartWithParallelism,
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
    public RescaleTimeline getRescaleTimeline() {
        return RescaleTimeline.NoOpRescaleTimeline.INSTANCE;
    }

    @Override
    public JobID getJobId() {
        return jobGraph.getJobID();
    }

    @Override
    public ArchivedExecutionGraph getArchivedExecutionGraph(JobStatus jobStatus, Throwable cause) {
        throw new AssertionError("unexpected getArchivedExecutionGraph " + jobStatus);
    }

    // ---- stubs ----------------------------------------------------------------------------------

    static Map<String, Integer> asMap(VertexParallelism parallelism) {
        Map<String, Integer> map = new TreeMap<>();
        for (JobVertexID id : parallelism.getVertices()) {
            map.put(id.toHexString(), parallelism.getParallelism(id));
        }
        return map;
    }

    /**
     * A running execution graph with the given parallelism: Flink's own {@link ExecutionJobVertex}es
     * (what {@code Executing#parallelismChanged} reads) in a stub graph that deploys nothing and whose
     * {@code cancel()} completes its termination future with CANCELED at once.
     */
    private ExecutionGraph runningGraph(VertexParallelism parallelism) {
        InternalExecutionGraphAccessor accessor = noOp(InternalExecutionGraphAccessor.class);
        Map<JobVertexID, ExecutionJobVertex> vertices = new LinkedHashMap<>();
        for (JobVertex vertex : jobGraph.getVertices()) {
            int max = jobInformation.getVertexInformation(vertex.getID()).getMaxParallelism();
            try {
                vertices.put(
                        vertex.getID(),
                        new ExecutionJobVertex(
                                accessor,
                                vertex,
                                new DefaultVertexParallelismInfo(
                                        parallelism.getParallelism(vertex.getID()), max, m -> Optional.empty()),
                                new CoordinatorStoreImpl(),
                                UnregisteredMetricGroups.createUnregisteredJobManagerJobMetricGroup()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<JobStatus> termination = new CompletableFuture<>();
        JobStatus[] status = {JobStatus.RUNNING};
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getState" -> status[0];
            case "getAllVertices" -> vertices;
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
            case "toString" -> "ExecutionGraph" + asMap(parallelism);
            default -> throw new UnsupportedOperationException("ExecutionGraph#" + method.getName());
        };
        return (ExecutionGraph)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ExecutionGraph.class}, handler);
    }

    /** An interface whose void methods do nothing and whose other methods fail the test. */
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
        private final Durable durable = new Durable();

        Marker(String name) {
            this.name = name;
        }

        @Override
        public Durable getDurable() {
            return durable;
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
        public JobID getJobId() {
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
