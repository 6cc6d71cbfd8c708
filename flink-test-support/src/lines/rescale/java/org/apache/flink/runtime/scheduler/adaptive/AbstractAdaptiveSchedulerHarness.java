package org.apache.flink.runtime.scheduler.adaptive;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.CheckpointScheduling;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionJobVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.ExecutionGraphHandler;
import org.apache.flink.runtime.scheduler.OperatorCoordinatorHandler;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotwiseTestSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.exceptionhistory.ExceptionHistoryEntry;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/**
 * Flink's adaptive scheduler reduced to its rescale decisions, for the rescale differential tests:
 * what the harnesses of Flink 2.3 ({@code AdaptiveSchedulerHarness}, flink-adapter) and Flink 1.20
 * ({@code AdaptiveScheduler120Harness}, flink-adapter-1.20) have in common. Flink's own {@link
 * WaitingForResources}, {@link Executing} and {@link Restarting} run on a {@link ManualMainThread};
 * this class plays the {@code AdaptiveScheduler} around them (it is their {@code Context}).
 *
 * <p>Shared test support (flink-test-support): both modules compile it against their own Flink
 * version, so it uses only what the two versions declare alike. Here:
 *
 * <ul>
 *   <li>What the test drives: the start, slots added and lost (a loss of running tasks is a task
 *       failure of the running job), new resource requirements ({@code updateJobResourceRequirements}:
 *       a new job information and a listener call only if the store changed), and the actions so far.
 *   <li>Restated from {@code AdaptiveScheduler}: {@code hasSufficientResources} and {@code
 *       hasDesiredResources} over all slots (with Flink's {@code SlotSharingSlotAllocator} and
 *       {@code AdaptiveScheduler#hasDesiredResources(ResourceCounter, Collection)}), {@code runIfState},
 *       {@code transitionToState}, and a restart strategy that always allows a restart after the
 *       given backoff.
 *   <li>Modelled: {@code CreatingExecutionGraph} plans on the available slots (nothing else runs, so
 *       they are all free) and, one main-thread callback later, goes to Executing with that
 *       parallelism or, without even the minimum, fails the job (Flink: NoResourceAvailableException,
 *       Finished). Building the graph, reserving slots, deploying and cancelling take no time: the
 *       execution graph is a stub whose {@code cancel()} completes its termination future at once.
 * </ul>
 *
 * <p>A subclass builds the states, whose constructors differ between the versions ({@link
 * #executing}, {@code goToWaitingForResources}, {@code goToRestarting}), the states no listener
 * reaches ({@link #marker}), and may wrap every call into a state ({@link #callState}).
 */
abstract class AbstractAdaptiveSchedulerHarness extends LineFailures
        implements Executing.Context, WaitingForResources.Context, Restarting.Context {

    static final Logger LOG = NOPLogger.NOP_LOGGER;

    /**
     * What the scheduler did, as the differential tests compare it: when, what (RESCALE, RESTART,
     * STOP, FAIL), the parallelism per vertex where there is one, and the state it came from (not
     * compared, only counted).
     */
    record Action(Instant at, String what, Map<String, Integer> parallelism, String from) {
        @Override
        public String toString() {
            return at + " " + what + (parallelism == null ? "" : " " + parallelism);
        }
    }

    final ManualMainThread mainThread;
    final JobGraph jobGraph;
    final SlotSharingSlotAllocator slotAllocator;
    final OperatorCoordinatorHandler operatorCoordinatorHandler = noOp(OperatorCoordinatorHandler.class);
    private final SlotInfo slot = new SlotwiseTestSlot(new AllocationID(), SlotwiseTestSlot.location("tm"), 0);
    private final List<Action> actions = new ArrayList<>();

    private JobGraphJobInformation jobInformation;
    private int slots;
    private State state;
    private boolean isTransitioningState;
    private boolean handlingTaskFailure;

    AbstractAdaptiveSchedulerHarness(
            ManualMainThread mainThread,
            JobGraph jobGraph,
            VertexParallelismStore store,
            SlotSharingSlotAllocator slotAllocator) {
        this.mainThread = mainThread;
        this.jobGraph = jobGraph;
        this.jobInformation = new JobGraphJobInformation(jobGraph, store);
        this.slotAllocator = slotAllocator;
        this.state = marker("Created");
    }

    // ---- what differs between the Flink versions ---------------------------------------------------

    /**
     * A state no listener reaches (Created, the modelled CreatingExecutionGraph, Failed): a {@link
     * Marker} completed with what the version's {@code State} declares besides. Called from the
     * constructor.
     */
    abstract Marker marker(String name);

    /**
     * Makes the running execution graph with the given parallelism now, and returns the factory of
     * the Executing state that runs it.
     */
    abstract Supplier<State> executing(VertexParallelism parallelism);

    /** Runs a call into the current state: an event or one of its scheduled callbacks. */
    void callState(Runnable call) {
        call.run();
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
        callState(() -> state.tryRun(
                ResourceListener.class, ResourceListener::onNewResourcesAvailable, "newResourcesAvailable"));
    }

    /**
     * Slots released by the pool. Idle slots leave silently; if the job's tasks ran in some, that is
     * a task failure of the running job.
     */
    void slotsLost(int count, boolean runningTasksLost) {
        slots -= count;
        if (runningTasksLost && state instanceof Executing executing) {
            handlingTaskFailure = true;
            try {
                callState(() -> failRunningJob(executing, new RuntimeException("TaskManager lost")));
            } finally {
                handlingTaskFailure = false;
            }
        }
    }

    /** Whether the current call is a task failure of the running job ({@link #slotsLost}). */
    boolean handlingTaskFailure() {
        return handlingTaskFailure;
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

    /** Records an action at the current time; {@code parallelism} may be null. */
    void record(String what, VertexParallelism parallelism, String from) {
        actions.add(new Action(mainThread.now(), what, parallelism == null ? null : asMap(parallelism), from));
    }

    State state() {
        return state;
    }

    /** The state's simple class name: Created, WaitingForResources, Executing, Restarting, Failed, ... */
    String stateName() {
        return state instanceof Marker m ? m.name : state.getClass().getSimpleName();
    }

    JobGraphJobInformation jobInformation() {
        return jobInformation;
    }

    // ---- the resource predicates (AdaptiveScheduler) ------------------------------------------

    Collection<SlotInfo> allSlots() {
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

    // ---- running callbacks in a state ----------------------------------------------------------

    @Override
    public ScheduledFuture<?> runIfState(State expectedState, Runnable action, Duration delay) {
        return mainThread.schedule(() -> runIfState(expectedState, action), delay);
    }

    @Override
    public void runIfState(State expectedState, Runnable action) {
        if (isState(expectedState)) {
            callState(action); // Flink reports a Throwable to its fatal error handler; the test fails
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

    void transitionToState(Class<? extends State> stateClass, Supplier<State> factory) {
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

    /** Modelled CreatingExecutionGraph: one main-thread callback later, Executing or failed. */
    @Override
    public void goToCreatingExecutionGraph(ExecutionGraph previousExecutionGraph) {
        Marker creating = marker("CreatingExecutionGraph");
        String from = stateName();
        transitionToState(CreatingExecutionGraph.class, () -> creating);
        runIfState(
                creating,
                () -> {
                    Optional<VertexParallelism> plan = slotAllocator.determineParallelism(jobInformation, allSlots());
                    if (plan.isEmpty()) {
                        record("FAIL", null, from);
                        transitionToState(Finished.class, () -> marker("Failed"));
                    } else {
                        record("RESCALE", plan.get(), from);
                        transitionToState(Executing.class, executing(plan.get()));
                    }
                },
                Duration.ZERO);
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

    static Map<String, Integer> asMap(VertexParallelism parallelism) {
        Map<String, Integer> map = new TreeMap<>();
        for (JobVertexID id : parallelism.getVertices()) {
            map.put(id.toHexString(), parallelism.getParallelism(id));
        }
        return map;
    }

    /**
     * A running execution graph with the given parallelism and job vertices (what the version's
     * Executing reads, if anything): it deploys nothing, and its {@code cancel()} completes its
     * termination future with CANCELED at once.
     */
    ExecutionGraph runningGraph(VertexParallelism parallelism, Map<JobVertexID, ExecutionJobVertex> vertices) {
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
    static <T> T noOp(Class<T> type) {
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

    /**
     * Created, CreatingExecutionGraph (modelled) and Failed: states no listener reaches. Abstract
     * because Flink 2.3's {@code State} declares more than 1.20's ({@link #marker}).
     */
    abstract static class Marker implements State {
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
