package org.apache.flink.runtime.scheduler.adaptive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.executiongraph.ExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.InternalExecutionGraphAccessor;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.operators.coordination.CoordinatorStoreImpl;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;
import org.apache.flink.runtime.scheduler.ExecutionGraphHandler;
import org.apache.flink.runtime.scheduler.OperatorCoordinatorHandler;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.exceptionhistory.ExceptionHistoryEntry;

/**
 * Flink 2.3.0's adaptive scheduler reduced to its rescale decisions, for the rescale differential
 * test: Flink's own {@link WaitingForResources}, {@link Executing} and {@link Restarting} states,
 * each with Flink's own {@link DefaultStateTransitionManager}, run on a {@link ManualMainThread}.
 * This class plays the {@code AdaptiveScheduler} around them (it is their {@code Context}); what it
 * has in common with the Flink 1.20 harness is in {@link AbstractAdaptiveSchedulerHarness}, shared
 * test support.
 *
 * <p>What is Flink's code and what is this harness:
 *
 * <ul>
 *   <li>Flink's: the three states (resource and checkpoint listeners, the failed-checkpoint
 *       countdown, the entry check, the resource-wait timeout, Restarting's choice between
 *       CreatingExecutionGraph and WaitingForResources), the transition manager and its phases, and
 *       the resource predicates' building blocks: {@code SlotSharingSlotAllocator#determineParallelism}
 *       and {@code #calculateRequiredSlots}, {@code AdaptiveScheduler#hasDesiredResources(ResourceCounter,
 *       Collection)}, {@code DefaultVertexParallelismStore#applyJobResourceRequirements}, and the
 *       running graph's {@link ExecutionJobVertex}es (what {@code Executing#parallelismChanged} reads).
 *   <li>Restated from {@code AdaptiveScheduler} (one-liners): {@code getAvailableVertexParallelism}
 *       over all slots, the transition managers' settings ({@code
 *       #createWaitingForResourceStateTransitionManager}, {@code
 *       #createExecutingStateTransitionManager}), and, in the common base, the other resource
 *       predicates, {@code updateJobResourceRequirements}, {@code runIfState}, {@code
 *       transitionToState} and the restart strategy.
 *   <li>Modelled, in the common base: {@code CreatingExecutionGraph} and the stub execution graph.
 * </ul>
 *
 * <p>The clock: the transition managers read the main thread's manual time as their {@code
 * Supplier<Temporal>}.
 */
abstract class AdaptiveSchedulerHarness extends AbstractAdaptiveSchedulerHarness {

    /** The rescale settings, as {@code AdaptiveScheduler.Settings} holds them. */
    record Settings(
            Duration submissionResourceWaitTimeout,
            Duration submissionResourceStabilizationTimeout,
            Duration executingCooldownTimeout,
            Duration executingResourceStabilizationTimeout,
            Duration maximumDelayForTriggeringRescale,
            int rescaleOnFailedCheckpointCount,
            Duration restartBackoff) {}

    private final Settings settings;
    private DefaultStateTransitionManager stateTransitionManager;

    /**
     * The harness of the line under test: {@code AdaptiveSchedulerLineHarness} adds what only some 2.x
     * lines declare (2.3's rescale timeline), from a folder of flink-test-support/src/lines that only
     * those lines compile.
     */
    static AdaptiveSchedulerHarness create(
            ManualMainThread mainThread,
            Settings settings,
            JobGraph jobGraph,
            VertexParallelismStore store,
            SlotSharingSlotAllocator slotAllocator) {
        return new AdaptiveSchedulerLineHarness(mainThread, settings, jobGraph, store, slotAllocator);
    }

    AdaptiveSchedulerHarness(
            ManualMainThread mainThread,
            Settings settings,
            JobGraph jobGraph,
            VertexParallelismStore store,
            SlotSharingSlotAllocator slotAllocator) {
        super(mainThread, jobGraph, store, slotAllocator);
        this.settings = settings;
    }

    // ---- what the test drives besides the common events ---------------------------------------

    /** The checkpoint statistics listener (Flink hands it to the main thread; this runs it now). */
    void checkpointCompleted() {
        state().tryRun(
                        org.apache.flink.runtime.checkpoint.CheckpointStatsListener.class,
                        l -> l.onCompletedCheckpoint(),
                        "onCompletedCheckpoint");
    }

    void checkpointFailed() {
        state().tryRun(
                        org.apache.flink.runtime.checkpoint.CheckpointStatsListener.class,
                        l -> l.onFailedCheckpoint(),
                        "onFailedCheckpoint");
    }

    /** The current transition manager's phase, if the state has one. */
    Optional<String> phaseName() {
        if (state() instanceof Executing || state() instanceof WaitingForResources) {
            return Optional.of(stateTransitionManager.getPhase().getClass().getSimpleName());
        }
        return Optional.empty();
    }

    // ---- the Context methods 2.x declares ---------------------------------------------------

    @Override
    public Optional<VertexParallelism> getAvailableVertexParallelism() {
        return slotAllocator.determineParallelism(jobInformation(), allSlots());
    }

    @Override
    public JobID getJobId() {
        return jobGraph.getJobID();
    }

    // ---- the states --------------------------------------------------------------------------------

    @Override
    Duration restartBackoff() {
        return settings.restartBackoff();
    }

    private Function<StateTransitionManager.Context, StateTransitionManager> transitionManager(
            Duration cooldown, Duration stabilization, Duration maxTriggerDelay) {
        return context -> {
            stateTransitionManager = new DefaultStateTransitionManager(
                    context, mainThread::now, cooldown, stabilization, maxTriggerDelay);
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

    @Override
    Supplier<State> executing(VertexParallelism parallelism) {
        ExecutionGraph graph = runningGraph(parallelism, executionJobVertices(parallelism));
        return () -> new Executing(
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
                settings.rescaleOnFailedCheckpointCount());
    }

    @Override
    public void goToRestarting(
            ExecutionGraph executionGraph,
            ExecutionGraphHandler executionGraphHandler,
            OperatorCoordinatorHandler operatorCoordinatorHandler,
            Duration backoffTime,
            VertexParallelism restartWithParallelism,
            List<ExceptionHistoryEntry> failureCollection) {
        record(restartWithParallelism == null ? "STOP" : "RESTART", restartWithParallelism, stateName());
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

    // ---- stubs ----------------------------------------------------------------------------------

    /** Flink's own {@link ExecutionJobVertex}es with the given parallelism, for the stub graph. */
    private Map<JobVertexID, ExecutionJobVertex> executionJobVertices(VertexParallelism parallelism) {
        InternalExecutionGraphAccessor accessor = noOp(InternalExecutionGraphAccessor.class);
        Map<JobVertexID, ExecutionJobVertex> vertices = new LinkedHashMap<>();
        for (JobVertex vertex : jobGraph.getVertices()) {
            int max = jobInformation().getVertexInformation(vertex.getID()).getMaxParallelism();
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
        return vertices;
    }
}
