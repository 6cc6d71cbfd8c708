package io.github.slotwise.simulation;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.cost.SubtaskRestore;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Readable;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.Reason;
import io.github.slotwise.rescale.RescaleCostModel;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.Transition;
import io.github.slotwise.simulation.TraceEvent.CheckpointCompleted;
import io.github.slotwise.simulation.TraceEvent.CheckpointFailed;
import io.github.slotwise.simulation.TraceEvent.RequirementsChanged;
import io.github.slotwise.simulation.TraceEvent.TaskManagerJoined;
import io.github.slotwise.simulation.TraceEvent.TaskManagerKilled;
import io.github.slotwise.simulation.TraceEvent.TaskManagerStopped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A deterministic discrete-event run of a {@link ClusterTrace} through a {@link RescaleDecider}: what
 * the JobManager sees of the cluster, when it sees it, what the decider decides, and what that costs.
 *
 * <p>The simulator keeps the JobManager's view of the cluster: the TaskManagers registered with it, in
 * join order, and the current slot assignment. It translates the trace as follows.
 *
 * <ul>
 *   <li>{@link TaskManagerJoined} registers the TaskManager: {@link RescaleEvent.SlotsAdded}.
 *   <li>{@link TaskManagerStopped} deregisters it at once: {@link RescaleEvent.SlotsLost}.
 *   <li>{@link TaskManagerKilled} is not seen: the TaskManager stays registered until {@link
 *       SimulationConfig#heartbeatTimeout()} later, when the JobManager notices and its slots are
 *       lost ({@link RescaleEvent.SlotsLost}). If the same TaskManager joins again before that, with the
 *       same number of slots, the kill is never seen (a transient loss: no event at all). Meanwhile, if
 *       it ran tasks of the job, the job is <em>stalled</em>: deployed, but processing nothing.
 *   <li>A loss reports {@code runningTasksLost} when the current assignment put a slot of the job on
 *       the TaskManager. The assignment is recomputed with {@link SimulationConfig#assigner()} at every
 *       RESCALE decision, over the TaskManagers registered then in join order, with the previous
 *       assignment as the previous placement; a killed TaskManager not noticed yet may be given tasks
 *       again, which stalls the job again.
 *   <li>Checkpoint events and requirement changes are passed on as they are. With {@link
 *       ClusterTrace#checkpointInterval()} set, the simulator also completes a checkpoint every interval
 *       while the job is deployed, the first one {@code restartCost + interval} after each
 *       deployment; one due while the job is stalled does not complete (and is not reported as
 *       failed). The decider's policy is given the same interval ({@link #deciderFor}), as Flink
 *       derives its rescale trigger delay from it: a Java caller and the CLI run the same decider.
 *   <li>The job is submitted ({@link RescaleEvent.JobStarted}) at the trace start, after the trace
 *       events at that instant: TaskManagers that join at the start are registered when it is submitted.
 * </ul>
 *
 * <p>Events are processed in time order. At one instant: first the wake-up the decider asked for
 * ({@link DeciderState#nextWakeUp()}, as Flink's decider fires due timers before an event anyway), then
 * kills being noticed, then periodic checkpoints, then trace events in trace order, then the
 * submission. Everything at or before {@link ClusterTrace#end()} is processed; the figures of the
 * {@link Summary} cover the trace from its start to its end.
 *
 * <p>{@link #run(JobGraph, LoadScenario, RescaleDecider, SimulationConfig)} runs a {@link
 * LoadScenario} instead: an autoscaler makes the trace as it goes, from the backlog and utilization of
 * the job the decider deployed, and the result adds {@link LoadFigures}.
 *
 * <p>Every deployment keeps the job down for {@link SimulationConfig#restartCost()}; a load scenario
 * with a {@link StateModel} charges more (see {@link #run(JobGraph, LoadScenario, RescaleDecider,
 * SimulationConfig)}).
 *
 * <p>The simulator is stateless and pure: it reads no clock and keeps nothing between runs, so the
 * same inputs give equal results, and shifting every time of the trace by some duration shifts every
 * time of the result by the same duration.
 */
public final class Simulator {

    /** Creates a simulator; it holds no state. */
    public Simulator() {}

    /**
     * Runs the trace.
     *
     * @param graph the job, with its configured requirements (the decider applies Reactive Mode's)
     * @param trace what happens to the cluster
     * @param decider decides when and how to rescale; its {@link RescaleDecider#initialState} starts
     * @param config heartbeat timeout, restart cost and slot assigner
     * @return the timeline and the summary
     * @throws IllegalArgumentException if the trace does not fit the job or the decider, naming the
     *     trace event by its index: requirements for an unknown vertex or beyond its maxParallelism,
     *     requirements the decider rejects (Reactive Mode, Flink 1.17), or a killed TaskManager that
     *     comes back before the heartbeat timeout with a different number of slots
     */
    public SimulationResult run(JobGraph graph, ClusterTrace trace, RescaleDecider decider, SimulationConfig config) {
        Limits.checkNotNull("graph", graph);
        Limits.checkNotNull("trace", trace);
        Limits.checkNotNull("decider", decider);
        Limits.checkNotNull("config", config);
        for (int i = 0; i < trace.events().size(); i++) {
            if (trace.events().get(i) instanceof RequirementsChanged r) {
                try {
                    Requirements.withBounds(graph, r.bounds());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "events[" + i + "] (" + ClusterTrace.describe(trace.start(), r) + "): " + e.getMessage(),
                            e);
                }
            }
        }
        return new Run(graph, trace, deciderFor(decider, trace.checkpointInterval()), config, null).run();
    }

    /**
     * The decider a run uses: for a {@link FlinkRescaleDecider}, its policy with Flink's {@code
     * execution.checkpointing.interval} set to the checkpoint interval (Flink 2.x derives its rescale
     * trigger delay from it); any other decider, or no interval, as it is. The last few deciders made
     * are kept, so that calls with the same decider (the same instance) and interval, as the days of
     * a sweep make, get the same one: a decider is an immutable value, safe to share between runs and
     * threads, and it keeps what it learns between calls.
     *
     * @param decider the caller's decider
     * @param checkpointInterval the trace's or load scenario's periodic checkpointing, if on
     * @return the decider to run
     */
    public static RescaleDecider deciderFor(RescaleDecider decider, Optional<Duration> checkpointInterval) {
        Limits.checkNotNull("decider", decider);
        if (checkpointInterval.isEmpty() || !(decider instanceof FlinkRescaleDecider flink)) {
            return decider;
        }
        // the same decider for the same caller's decider and interval, so that the days of a sweep
        // share what it keeps between calls (its solver's answers, its texts, its quiet events)
        Duration interval = checkpointInterval.get();
        int slot = (System.identityHashCode(decider) * 31 + interval.hashCode()) & (TIMED.length - 1);
        Timed kept = TIMED[slot]; // a race only loses an entry, which is made again
        if (kept != null && kept.decider() == decider && kept.interval().equals(interval)) {
            return kept.timed();
        }
        RescalePolicy timed = RescalePolicy.builder()
                .from(flink.policy())
                .checkpointInterval(checkpointInterval)
                .build();
        RescaleDecider made = flink.gate()
                .map(gate -> new FlinkRescaleDecider(timed, flink.solver(), gate))
                .orElseGet(() -> new FlinkRescaleDecider(timed, flink.solver()));
        TIMED[slot] = new Timed(decider, interval, made);
        return made;
    }

    /** A caller's decider, a checkpoint interval, and the decider {@link #deciderFor} made of them. */
    private record Timed(RescaleDecider decider, Duration interval, RescaleDecider timed) {}

    /** The deciders {@link #deciderFor} made last, one per slot: immutable entries, lost in a race. */
    private static final Timed[] TIMED = new Timed[16];

    /**
     * The decider a run of a load scenario uses: {@link #deciderFor(RescaleDecider, Optional)} with
     * the scenario's checkpoint interval, and, if the scenario has a {@link StateModel}, the decider's
     * gate put in the scenario's world ({@link io.github.slotwise.rescale.RescaleGate#inWorld}: the
     * restart cost, keyed state, restore model and TaskManager size the simulator charges), so that a
     * cost-aware gate ({@link RescaleCostModel}, alone or among others) estimates a rescale's downtime
     * with the formula the simulator charges.
     *
     * @param decider the caller's decider
     * @param load the load scenario
     * @param config the simulator's settings
     * @return the decider to run
     */
    public static RescaleDecider deciderFor(RescaleDecider decider, LoadScenario load, SimulationConfig config) {
        RescaleDecider timed = deciderFor(decider, load.checkpointInterval());
        if (load.state().isEmpty()
                || !(timed instanceof FlinkRescaleDecider flink)
                || flink.gate().isEmpty()) {
            return timed;
        }
        StateModel state = load.state().get();
        return new FlinkRescaleDecider(
                flink.policy(),
                flink.solver(),
                flink.gate()
                        .get()
                        .inWorld(
                                config.restartCost(), state.keyedState(), state.restore(), load.slotsPerTaskManager()));
    }

    /**
     * Runs a load scenario: the cluster trace is made as the simulation goes, by the scenario's
     * autoscaler from what it sees of the job, and the result carries {@link LoadFigures}.
     *
     * <p>The trace has the scenario's start, end and checkpoint interval, and its events come from
     * the autoscaler's deployment ({@code tm-1}, {@code tm-2}, ... in request order):
     *
     * <ul>
     *   <li>the {@link LoadScenario#initialTaskManagers()} join at the start;
     *   <li>every {@link Autoscaler#syncPeriod()} from the start, the autoscaler evaluates an {@link
     *       Autoscaler.Observation} of the job: the input rate, the capacity of the deployed
     *       parallelism ({@link CapacityModel#jobCapacity}; none while not deployed), the backlog, the
     *       TaskManagers present and those the deployment runs tasks on. The deployment then asks for
     *       missing TaskManagers, which join {@link LoadScenario#provisioningDelay()} later ({@link
     *       LoadScenario#joinInterval()} apart), cancels requests it no longer needs, or removes the
     *       most recently joined TaskManagers beyond the number ({@link LoadScenario#removal()}:
     *       stopped, or killed and noticed after the heartbeat timeout);
     *   <li>{@link LoadScenario#losses()} stop or kill the most recently joined TaskManagers at their
     *       time; the next sync replaces them.
     * </ul>
     *
     * <p>The job processes records at the capacity of its deployed parallelism while it is
     * <em>processing</em> (as {@link Summary} defines it: deployed, past the restart cost, not
     * stalled), and at 0 otherwise, including before the first start; the backlog integrates the
     * difference with the input rate (see {@link LoadFigures} and {@link LoadScenario#integrationStep()}:
     * steps of at most that length aligned to the start, the rate taken at each step's midpoint, the
     * backlog exact within a step and never below 0). At one instant the load's steps (losses, joins,
     * the sync, in that order) come after the trace events and before the submission; the samples
     * come last, so each shows the state after everything at its instant.
     *
     * <p>With a {@link LoadScenario#state()}, state has a price:
     *
     * <ul>
     *   <li>Every deployment after the first start costs {@link RestoreModel#downtime}: the restart
     *       cost, then the slowest subtask's download and restore of the key groups it owns under the
     *       new assignment ({@link KeyedState}). A key group is on a TaskManager's disk if that
     *       TaskManager ran it in the previous deployment and has not been stopped or killed since;
     *       with {@link RestoreModel#localRecovery()} it is read there, else it is downloaded. The
     *       first start restores nothing (the job starts without state).
     *   <li>The assigner sees the state: each previous subtask's placement carries its key groups'
     *       bytes ({@link SubtaskPlacement#stateSizeBytes()}), which the state-locality assigners
     *       weigh.
     *   <li>Every restart after the first start replays the records processed since the last
     *       completed checkpoint (periodic or from the trace): they are added to the backlog ({@link
     *       LoadFigures#replayedRecords()}).
     * </ul>
     *
     * @param graph the job, with its configured requirements
     * @param load the load, the autoscaler and the cluster
     * @param decider decides when and how to rescale
     * @param config heartbeat timeout, restart cost and slot assigner
     * @return the timeline and the summary, with the load figures
     * @throws IllegalArgumentException if the capacity model or the state names a vertex the job does
     *     not have (or, for the state, that is not keyed)
     */
    public SimulationResult run(JobGraph graph, LoadScenario load, RescaleDecider decider, SimulationConfig config) {
        Limits.checkNotNull("graph", graph);
        Limits.checkNotNull("load", load);
        Limits.checkNotNull("decider", decider);
        Limits.checkNotNull("config", config);
        load.capacity().checkAgainst(graph);
        load.state().ifPresent(s -> s.keyedState().checkAgainst(graph));
        ClusterTrace trace = new ClusterTrace(load.start(), load.end(), List.of(), load.checkpointInterval());
        return new Run(graph, trace, deciderFor(decider, load, config), config, load).run();
    }

    /** What the scheduler loop does next, in the order it goes first at one instant. */
    private enum StepKind {
        WAKE_UP,
        LOSS_NOTICED,
        CHECKPOINT,
        TRACE_EVENT,
        LOAD,
        SUBMISSION
    }

    /**
     * A killed TaskManager the JobManager has not noticed yet; {@code noticedNanos} is {@code
     * noticedAt} on the run's clock ({@link Run#nanos}).
     */
    private record Unnoticed(Instant killedAt, Instant noticedAt, long noticedNanos, int slots) {}

    /** One run: the mutable working state, used once. */
    private static final class Run implements Fleet.Job {
        private final JobGraph graph;
        private final ClusterTrace trace;
        private final RescaleDecider decider;
        private final SimulationConfig config;
        private final Duration restartCost;

        private DeciderState state;
        /**
         * The run's clock: nanoseconds since the trace's start, which a trace's span (at most {@link
         * SimulationLimits#MAX_DURATION}) always fits; a time after the end is {@link #afterEnd}.
         */
        private long now;
        /** {@link #now} as an instant, made when asked ({@link #now()}), for {@link #nowInstantOf}. */
        private Instant nowInstant;

        private long nowInstantOf = -1;
        private final long end;
        /** Every time after the end, on the run's clock. */
        private final long afterEnd;
        /** The trace events' times, on the run's clock. */
        private final long[] eventTimes;

        private int nextEvent;
        private boolean submitted;

        /** TaskManagers registered with the JobManager, in join order, with their slots. */
        private final Map<String, Integer> registered = new LinkedHashMap<>();
        /** The TaskManager values pools were built from, by id. */
        private final Map<String, TaskManager> taskManagers = new HashMap<>();
        /** {@link #pool()}, or null when {@link #registered} changed since it was made. */
        private SlotPool poolOfRegistered;

        /** Killed TaskManagers not noticed yet, in kill order. */
        private final Map<String, Unnoticed> unnoticed = new LinkedHashMap<>();

        private boolean deployed;
        private ParallelismPlan plan;
        private boolean atDesired;
        private Set<String> taskManagersUsed = Set.of();
        /** {@link #stalled()}, kept by {@link #updateStalled()}. */
        private boolean stalled;
        /**
         * {@link Fleet#presentChanges()} when {@link #busy} was counted, -1 if the deployment changed
         * since.
         */
        private long busyOf = -1;
        /** The TaskManagers present that the deployment runs tasks on, as of {@link #busyOf}. */
        private int busy;

        /** {@link #running()} while deployed, made once per plan: {@link #runningView} of {@link #runningOf}. */
        private ParallelismPlan runningOf;

        private Optional<Map<String, Integer>> runningView;

        /** The run's vertices, in graph order. */
        private final DeployedSubtasks.Vertices vertices;

        /** The last deployment's subtasks, its assignment and plan; null before the first. */
        private DeployedSubtasks last;
        /** When the next periodic checkpoint is due, {@link #NEVER} if none is. */
        private long nextCheckpoint = NEVER;

        /**
         * The decider state {@link #wakeUp} was read from, its {@link DeciderState#nextWakeUp()} (or
         * null), and that on the run's clock ({@link #NEVER} if none).
         */
        private DeciderState wakeUpOf;

        private Instant wakeUp;
        private long wakeUpNanos;

        /** While deployed: when the job processes again (deployed at, plus the deployment cost). */
        private long restartedAt;

        /** While deployed: {@link ParallelismPlan#slotsUsed()} of the plan. */
        private int slotsUsed;

        private final List<TimelineEntry> timeline = new ArrayList<>();
        private int deployments;
        private int rescales;
        private int failureRestarts;
        private Optional<Instant> firstStart = Optional.empty();

        /** Start of the stretch of time not yet accounted for: after the step at {@link #now}, now. */
        private long accountedNanos;

        /**
         * With a load scenario: how far the load is accounted ({@link #accountLoad}); between steps, as far
         * as {@link #accountedNanos}, and while {@link #account} runs, up to each sample it takes.
         */
        private long loadAccountedNanos;

        private final Span slotTimeUsed = new Span();
        private final Span slotTimeAvailable = new Span();
        private final Span restartDowntime = new Span();
        private final Span stalledTime = new Span();
        private final Span notRunningTime = new Span();
        /** When the job first processed at its desired parallelism, {@link #NEVER} until then. */
        private long desiredReached = NEVER;

        // ---- a load scenario's; null for a plain trace
        private final LoadScenario load;
        private final Backlog backlog;
        private final Fleet fleet;
        private final SampleList.Builder samples;
        private long sampleInterval;
        /** When the next sample is due, {@link #NEVER} without a load scenario. */
        private long nextSample = NEVER;
        /** The capacity of the deployed parallelism, while deployed. */
        private double deployedCapacity;

        private double taskManagerSeconds;

        /** The last step lengths seen, in nanoseconds (-1 for none yet) and in seconds: see {@link #stepLength}. */
        private final long[] stepLengthNanos = new long[STEP_LENGTHS];

        private final double[] stepLengthSeconds = new double[STEP_LENGTHS];
        private int nextStepLength;

        // ---- figures every run reports
        /** How long the current deployment keeps the job down: the restart cost, plus state. */
        private Duration deploymentCost;

        private long keyGroupsMoved;
        private PeakSkew peakSkew;

        // ---- the state model's; null without one
        private final StateModel stateModel;
        /**
         * Per keyed vertex (in {@link #vertices} order), the TaskManager whose disk holds each key
         * group's state, by its number in {@link #taskManagerNumbers} (0: none); null for a vertex no
         * deployment ran yet.
         */
        private final int[][] localCopies;

        private final DeployedSubtasks.TaskManagerNumbers taskManagerNumbers =
                new DeployedSubtasks.TaskManagerNumbers();

        /** With state: when the last checkpoint completed (or the job was last deployed), in nanoseconds since the start. */
        private long checkpointNanos;
        /** With state: the backlog then. */
        private double backlogAtCheckpoint;

        private double replayedRecords;
        private long stateBytesDownloaded;
        private long stateBytesLocal;
        private String restoreNote;

        /** Growing-lag seconds per (vertex, parallelism) that capped the job, in first-seen order. */
        private final Map<CapKey, double[]> lagging = new LinkedHashMap<>();

        private JobVertex deployedBottleneck;

        /** While deployed in a load scenario: the bottleneck's id, as the samples show it. */
        private Optional<String> deployedBottleneckId = Optional.empty();

        /** While deployed: the entry of {@link #lagging} for the deployment, once it processed. */
        private double[] laggingEntry;

        Run(JobGraph graph, ClusterTrace trace, RescaleDecider decider, SimulationConfig config, LoadScenario load) {
            this.graph = graph;
            this.trace = trace;
            this.decider = decider;
            this.config = config;
            this.restartCost = config.restartCost();
            this.deploymentCost = restartCost;
            this.stateModel = load == null ? null : load.state().orElse(null);
            this.vertices = new DeployedSubtasks.Vertices(graph);
            this.localCopies = new int[vertices.all.length][];
            Arrays.fill(stepLengthNanos, -1);
            this.end = trace.duration().toNanos(); // at most SimulationLimits.MAX_DURATION: fits
            this.afterEnd = end + 1;
            this.eventTimes = new long[trace.events().size()];
            for (int i = 0; i < eventTimes.length; i++) {
                eventTimes[i] = nanos(trace.events().get(i).time());
            }
            this.load = load;
            this.backlog = load == null ? null : new Backlog(load.inputRate(), trace.start(), load.integrationStep());
            this.fleet = load == null ? null : new Fleet(load);
            if (load != null) {
                this.nextSample = 0;
                this.sampleInterval = load.sampleInterval().toNanos();
            }
            this.samples = load == null
                    ? null
                    : new SampleList.Builder(
                            trace.start(), load.sampleInterval().toNanos(), initialSamples(load));
        }

        /** Room for every sample of a load scenario, up to a bound (the list grows beyond it). */
        private static int initialSamples(LoadScenario load) {
            long n = load.duration().dividedBy(load.sampleInterval()) + 1;
            return (int) Math.min(n, 1 << 16);
        }

        SimulationResult run() {
            state = decider.initialState(graph);
            while (true) {
                // the earliest step; at one instant the first in StepKind's order
                StepKind kind = null;
                long at = NEVER;
                long due = nextWakeUp();
                if (due != NEVER) {
                    kind = StepKind.WAKE_UP;
                    at = due < now ? now : due;
                }
                if (!unnoticed.isEmpty()) {
                    long noticed = firstUnnoticed().orElseThrow().getValue().noticedNanos();
                    if (noticed < at) {
                        kind = StepKind.LOSS_NOTICED;
                        at = noticed;
                    }
                }
                if (nextCheckpoint < at) {
                    kind = StepKind.CHECKPOINT;
                    at = nextCheckpoint;
                }
                if (nextEvent < eventTimes.length && eventTimes[nextEvent] < at) {
                    kind = StepKind.TRACE_EVENT;
                    at = eventTimes[nextEvent];
                }
                if (fleet != null) {
                    long step = fleet.nextDue();
                    // the syncs that change nothing before every other step, without a step each: as
                    // steps of their own, with the time up to each accounted (and the samples before it
                    // taken); after the submission, as nothing is deployed before it
                    while (submitted && step < at && step <= end && fleet.quietSync(step, this)) {
                        account(step);
                        now = step;
                        step = fleet.nextDue();
                    }
                    if (step < at) {
                        kind = StepKind.LOAD;
                        at = step;
                    }
                }
                if (!submitted && 0 < at) {
                    kind = StepKind.SUBMISSION;
                    at = 0;
                }
                if (kind == null || at > end) {
                    break;
                }
                account(at);
                now = at;
                switch (kind) {
                    case WAKE_UP -> wakeUp();
                    case LOSS_NOTICED -> lossNoticed();
                    case CHECKPOINT -> periodicCheckpoint();
                    case TRACE_EVENT -> traceEvent();
                    case LOAD -> loadStep();
                    case SUBMISSION -> {
                        submitted = true;
                        feed(new RescaleEvent.JobStarted(), "job submitted");
                    }
                }
            }
            account(end);
            if (nextSample == end) {
                sample(end); // the last sample, after every step at the end
            }
            return new SimulationResult(decider.name(), timeline, summary(), loadFigures());
        }

        // ---- the run's clock ------------------------------------------------------------------------

        /** {@link #now} as an instant. */
        private Instant now() {
            if (nowInstantOf != now) {
                nowInstant = trace.start().plusNanos(now);
                nowInstantOf = now;
            }
            return nowInstant;
        }

        /**
         * A time on the run's clock: exact from the start to the end, {@link #afterEnd} after it, -1
         * before the start (only a decider's wake-up can be, and it is due at once).
         */
        private long nanos(Instant t) {
            if (t.isAfter(trace.end())) {
                return afterEnd;
            }
            Instant start = trace.start();
            if (t.isBefore(start)) {
                return -1;
            }
            // within the trace's span, which fits: Duration.between(start, t).toNanos() without a Duration
            return (t.getEpochSecond() - start.getEpochSecond()) * NANOS_PER_SECOND + (t.getNano() - start.getNano());
        }

        /** {@code t} plus {@code d} on the run's clock, {@link #afterEnd} if that is after the end. */
        private long later(long t, Duration d) {
            long room = afterEnd - t;
            if (room <= 0 || d.getSeconds() > room / NANOS_PER_SECOND) {
                return afterEnd;
            }
            long length = d.getSeconds() * NANOS_PER_SECOND + d.getNano(); // at most room + 1 s: fits
            return length >= room ? afterEnd : t + length;
        }

        // ---- steps ----------------------------------------------------------------------------------

        private void wakeUp() {
            feed(WAKE_UP, "wake-up the decider asked for");
            nextWakeUp();
            Instant again = wakeUp;
            if (again != null && !again.isAfter(now())) {
                throw new IllegalStateException("decider " + decider.name() + " was woken up at " + now()
                        + " and asks to be woken up at " + again + " again");
            }
        }

        /**
         * {@link DeciderState#nextWakeUp()} of the current state on the run's clock, {@link #NEVER} if
         * none: read once per state, as a decider state is an immutable value.
         */
        private long nextWakeUp() {
            if (wakeUpOf != state) {
                wakeUp = state.nextWakeUp().orElse(null);
                wakeUpNanos = wakeUp == null ? NEVER : nanos(wakeUp);
                wakeUpOf = state;
            }
            return wakeUpNanos;
        }

        private Optional<Map.Entry<String, Unnoticed>> firstUnnoticed() {
            Map.Entry<String, Unnoticed> first = null;
            for (Map.Entry<String, Unnoticed> e : unnoticed.entrySet()) {
                if (first == null
                        || e.getValue().noticedNanos() < first.getValue().noticedNanos()) {
                    first = e;
                }
            }
            return Optional.ofNullable(first);
        }

        private void lossNoticed() {
            Map.Entry<String, Unnoticed> e = firstUnnoticed().orElseThrow();
            String id = e.getKey();
            Unnoticed u = e.getValue();
            unnoticed.remove(id);
            updateStalled();
            registered.remove(id);
            poolOfRegistered = null;
            boolean tasksLost = deployed && taskManagersUsed.contains(id);
            feed(
                    new RescaleEvent.SlotsLost(u.slots(), tasksLost),
                    "the JobManager notices that TaskManager '" + id + "', killed at " + offset(u.killedAt())
                            + ", is gone (" + Readable.duration(config.heartbeatTimeout()) + " heartbeat timeout): "
                            + u.slots() + " slot(s) lost" + (tasksLost ? " with running tasks" : ", idle"));
        }

        private void periodicCheckpoint() {
            nextCheckpoint = later(nextCheckpoint, trace.checkpointInterval().orElseThrow());
            if (stalled()) {
                note("periodic checkpoint due, but it cannot complete: the job is stalled");
            } else {
                checkpointCompleted();
                feed(CHECKPOINT_COMPLETED, "periodic checkpoint completed");
            }
        }

        private void traceEvent() {
            int index = nextEvent++;
            TraceEvent event = trace.events().get(index);
            try {
                apply(event);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "events[" + index + "] (" + ClusterTrace.describe(trace.start(), event) + "): "
                                + e.getMessage(),
                        e);
            }
        }

        private void apply(TraceEvent event) {
            if (event instanceof TaskManagerJoined j) {
                String id = j.taskManagerId();
                Unnoticed u = unnoticed.get(id);
                if (u != null) {
                    if (u.slots() != j.slots()) {
                        throw new IllegalArgumentException("TaskManager '" + id + "' comes back "
                                + Readable.duration(Duration.between(u.killedAt(), now()))
                                + " after it was killed, within the " + Readable.duration(config.heartbeatTimeout())
                                + " heartbeat timeout, so the JobManager never saw it go; it must come back with"
                                + " its " + u.slots() + " slot(s), not " + j.slots());
                    }
                    boolean wasStalled = stalled();
                    unnoticed.remove(id);
                    updateStalled();
                    note("TaskManager '" + id + "' is back " + Readable.duration(Duration.between(u.killedAt(), now()))
                            + " after it was killed, within the " + Readable.duration(config.heartbeatTimeout())
                            + " heartbeat timeout: the JobManager never noticed the loss"
                            + (wasStalled && !stalled() ? "; the job resumes" : ""));
                    return;
                }
                registered.put(id, j.slots());
                poolOfRegistered = null;
                feed(
                        new RescaleEvent.SlotsAdded(j.slots()),
                        "TaskManager '" + id + "' joined with " + j.slots() + " slot(s)");
            } else if (event instanceof TaskManagerStopped s) {
                String id = s.taskManagerId();
                int slots = registered.remove(id);
                poolOfRegistered = null;
                forgetLocalCopies(id);
                boolean tasksLost = deployed && taskManagersUsed.contains(id);
                feed(
                        new RescaleEvent.SlotsLost(slots, tasksLost),
                        "TaskManager '" + id + "' stopped: " + slots + " slot(s) gone at once"
                                + (tasksLost ? " with running tasks" : ", idle"));
            } else if (event instanceof TaskManagerKilled k) {
                String id = k.taskManagerId();
                Instant noticedAt = now().plus(config.heartbeatTimeout());
                unnoticed.put(id, new Unnoticed(now(), noticedAt, nanos(noticedAt), registered.get(id)));
                updateStalled();
                forgetLocalCopies(id);
                boolean runsTasks = deployed && taskManagersUsed.contains(id);
                note("TaskManager '" + id + "' killed: the JobManager notices at " + offset(noticedAt) + ", after the "
                        + Readable.duration(config.heartbeatTimeout()) + " heartbeat timeout"
                        + (runsTasks ? "; it ran tasks, so the job is stalled until then" : "; it ran no tasks"));
            } else if (event instanceof CheckpointCompleted) {
                checkpointCompleted();
                feed(new RescaleEvent.CheckpointCompleted(), "checkpoint completed");
            } else if (event instanceof CheckpointFailed) {
                feed(new RescaleEvent.CheckpointFailed(), "checkpoint failed");
            } else if (event instanceof RequirementsChanged r) {
                feed(new RescaleEvent.RequirementsChanged(r.bounds()), "requirements changed: " + r.bounds());
            } else {
                throw new IllegalStateException("unknown trace event " + event);
            }
        }

        // ---- a load scenario's steps ------------------------------------------------------------------

        private void loadStep() {
            Fleet.Step step = fleet.step(now, this);
            // loops, not method references: most of a day's 5,760 syncs do nothing
            if (step.note().isPresent()) {
                note(step.note().get());
            }
            List<TraceEvent> events = step.events();
            for (int i = 0; i < events.size(); i++) {
                apply(events.get(i));
            }
        }

        @Override
        public Autoscaler.Observation observation() {
            return new Autoscaler.Observation(
                    now(),
                    inputRate(),
                    deployed ? OptionalDouble.of(deployedCapacity) : OptionalDouble.empty(),
                    backlog.backlog(),
                    fleet.present().size(),
                    busyTaskManagers());
        }

        @Override
        public double inputRate() {
            return backlog.rateAt(accountedNanos); // now: the loop accounted up to it
        }

        @Override
        public boolean deployed() {
            return deployed;
        }

        @Override
        public double capacity() {
            return deployedCapacity;
        }

        @Override
        public double backlog() {
            return backlog.backlog();
        }

        @Override
        public int busyTaskManagers() {
            if (busyOf != fleet.presentChanges()) {
                busy = 0;
                if (deployed) {
                    for (String id : fleet.present()) {
                        if (taskManagersUsed.contains(id)) {
                            busy++;
                        }
                    }
                }
                busyOf = fleet.presentChanges();
            }
            return busy;
        }

        /**
         * The sample due at {@code at}, taken by {@link #account} once every step at {@code at} is
         * done (a sample comes after them) and the time up to {@code at} is accounted, in the state
         * the steps left.
         */
        private void sample(long at) {
            boolean processing = deployed && at >= restartedAt && !stalled();
            samples.add(
                    at,
                    processing ? deployedCapacity : 0,
                    backlog.backlog(),
                    fleet.present().size(),
                    fleet.desired(),
                    deployed ? slotsUsed : 0,
                    deployed ? deployedBottleneckId : Optional.empty());
            nextSample = at + sampleInterval;
        }

        private Optional<LoadFigures> loadFigures() {
            if (load == null) {
                return Optional.empty();
            }
            return Optional.of(new LoadFigures(
                    samples.build(load.inputRate()),
                    backlog.peak(),
                    backlog.peakAt(),
                    backlog.lagSeconds(),
                    backlog.backlog(),
                    taskManagerSeconds / 3600,
                    fleet.peakPresent(),
                    fleet.scaleUps(),
                    fleet.scaleDowns(),
                    replayedRecords,
                    bottleneck()));
        }

        private Optional<LoadFigures.Bottleneck> bottleneck() {
            Map.Entry<CapKey, double[]> longest = null;
            for (Map.Entry<CapKey, double[]> e : lagging.entrySet()) {
                if (longest == null || e.getValue()[1] > longest.getValue()[1]) {
                    longest = e;
                }
            }
            if (longest == null || longest.getValue()[1] <= 0) {
                return Optional.empty();
            }
            CapKey k = longest.getKey();
            return Optional.of(new LoadFigures.Bottleneck(
                    k.vertex(), k.parallelism(), longest.getValue()[0], longest.getValue()[1]));
        }

        // ---- the decider ------------------------------------------------------------------------------

        private void feed(RescaleEvent event, String cause) {
            Transition transition = decider.decide(state, event, now());
            DeciderState after = transition.state();
            List<Decision> decisions = transition.decisions();
            for (int i = 0; i < decisions.size(); i++) {
                Decision d = decisions.get(i);
                OptionalLong moved = OptionalLong.empty();
                switch (d.action()) {
                    case RESCALE -> moved = deploy(d, after.graph());
                    case STOP -> {
                        if (d.reason() == Reason.TASKS_LOST) {
                            failureRestarts++;
                        } else if (deployed) {
                            rescales++;
                        }
                        undeploy();
                    }
                    case FAIL -> undeploy();
                    case WAIT, STAY -> {
                        // nothing changes now
                    }
                }
                timeline.add(
                        new TimelineEntry(d.at(), cause, after.availableSlots(), running(), Optional.of(d), moved));
                if (restoreNote != null) {
                    timeline.add(new TimelineEntry(
                            d.at(),
                            restoreNote,
                            after.availableSlots(),
                            running(),
                            Optional.empty(),
                            OptionalLong.empty()));
                    restoreNote = null;
                }
            }
            state = after;
        }

        /** Deploys the decision's plan, and returns the key groups moved if the job ran before. */
        private OptionalLong deploy(Decision d, JobGraph requirements) {
            ParallelismPlan next = d.plan().orElseThrow();
            PreviousPlacement previous = last != null ? placementOf(last) : PreviousPlacement.empty();
            Assignment assignment =
                    config.assigner().assign(new AssignmentRequest(requirements, next, pool(), previous));
            if (deployed) {
                rescales++;
            }
            deployments++;
            boolean restart = firstStart.isPresent();
            if (firstStart.isEmpty()) {
                firstStart = Optional.of(d.at());
            }
            deployed = true;
            plan = next;
            atDesired = true;
            for (JobVertex v : requirements.vertices()) {
                atDesired &= next.parallelismOf(v.id()) == v.upperBound();
            }
            DeployedSubtasks subtasks = new DeployedSubtasks(
                    vertices,
                    assignment,
                    next,
                    stateModel == null ? null : stateModel.keyedState(),
                    taskManagerNumbers);
            Set<String> used = new LinkedHashSet<>();
            String previousTaskManager = null;
            for (SlotAssignment a : assignment.assignments()) {
                String tm = a.slot().taskManagerId();
                if (tm != previousTaskManager) { // a TaskManager's slots usually come together
                    used.add(tm);
                    previousTaskManager = tm;
                }
            }
            taskManagersUsed = used;
            updateStalled();
            busyOf = -1;
            slotsUsed = next.slotsUsed();
            laggingEntry = null;
            if (load != null) {
                // the job's capacity is its bottleneck's (CapacityModel.jobCapacity), found once
                deployedBottleneck = load.capacity().bottleneck(graph, next.vertexParallelism());
                deployedCapacity = load.capacity()
                        .vertexCapacity(graph, deployedBottleneck, next.parallelismOf(deployedBottleneck.id()));
                deployedBottleneckId = Optional.of(deployedBottleneck.id());
            }
            deploymentCost = restartCost;
            if (stateModel != null) {
                if (restart) {
                    restore(d.at(), subtasks);
                }
                checkpointNow();
                keepLocalCopies(subtasks);
            }
            restartedAt = later(nanos(d.at()), deploymentCost);
            nextCheckpoint = trace.checkpointInterval().isPresent()
                    ? later(restartedAt, trace.checkpointInterval().get())
                    : NEVER;
            trackSkew(d.at(), subtasks);
            OptionalLong moved =
                    last != null ? OptionalLong.of(assignment.metrics().keyGroupsMoved()) : OptionalLong.empty();
            keyGroupsMoved += moved.orElse(0);
            last = subtasks;
            return moved;
        }

        /** Charges a restart: restoring every subtask's state, and replaying since the last checkpoint. */
        private void restore(Instant at, DeployedSubtasks next) {
            RestoreModel model = stateModel.restore();
            KeyedState keyed = stateModel.keyedState();
            List<SubtaskRestore> restores = new ArrayList<>();
            for (int k = 0; k < next.size; k++) {
                int v = next.vertex[k];
                if (next.partitioning[v] == null) {
                    continue; // not keyed
                }
                String tm = next.taskManager[k];
                int from = next.from[k];
                int to = next.to[k];
                long all = next.stateBytes[k];
                long local = 0;
                int[] copies = localCopies[v];
                if (model.localRecovery() && copies != null) {
                    // the key groups on this TaskManager's disk, run by run: the bytes of key groups
                    // [a, b) are those of [a, b) taken together (the split adds up exactly)
                    int number = next.taskManagerNumber[k];
                    for (int g = from; g < to; ) {
                        if (copies[g] != number) {
                            g++;
                            continue;
                        }
                        int runStart = g;
                        while (g < to && copies[g] == number) {
                            g++;
                        }
                        local = Math.addExact(local, keyed.bytes(vertices.all[v], runStart, g));
                    }
                }
                if (all > 0) {
                    restores.add(new SubtaskRestore(next.subtask[k], tm, local, all - local));
                }
            }
            RestoreModel.Downtime down = model.downtime(restartCost, restores);
            deploymentCost = down.total();
            stateBytesDownloaded = Math.addExact(stateBytesDownloaded, down.downloadedBytes());
            stateBytesLocal = Math.addExact(stateBytesLocal, down.localBytes());
            // processed since the checkpoint: what arrived since, less what the backlog grew by
            double replay = Math.max(
                    0, backlog.arrivals(checkpointNanos, accountedNanos) - backlog.backlog() + backlogAtCheckpoint);
            if (replay > 0) {
                backlog.replay(at, replay);
                replayedRecords += replay;
            }
            restoreNote = "restoring state: " + Readable.bytes(down.downloadedBytes()) + " downloaded, "
                    + Readable.bytes(down.localBytes()) + " read locally; down for " + Readable.duration(down.total())
                    + " (" + Readable.duration(down.fixed()) + " restart cost + " + Readable.duration(down.stateTime())
                    + down.slowest().map(x -> " for the slowest subtask, " + x).orElse("") + "); replaying "
                    + Math.round(replay) + " records processed since the last checkpoint";
        }

        /** After a deployment, each key group's state is on the disk of the TaskManager that runs it. */
        private void keepLocalCopies(DeployedSubtasks next) {
            for (int k = 0; k < next.size; k++) {
                int v = next.vertex[k];
                KeyGroupPartitioning part = next.partitioning[v];
                if (part == null) {
                    continue; // not keyed
                }
                if (localCopies[v] == null) {
                    localCopies[v] = new int[part.maxParallelism()];
                }
                Arrays.fill(localCopies[v], next.from[k], next.to[k], next.taskManagerNumber[k]);
            }
        }

        /** A stopped or killed TaskManager takes its disk with it. */
        private void forgetLocalCopies(String taskManagerId) {
            int number = taskManagerNumbers.find(taskManagerId);
            if (number == 0) {
                return; // it never ran a task of the job
            }
            for (int[] copies : localCopies) {
                if (copies == null) {
                    continue;
                }
                for (int g = 0; g < copies.length; g++) {
                    if (copies[g] == number) {
                        copies[g] = 0;
                    }
                }
            }
        }

        private void checkpointCompleted() {
            if (stateModel != null) {
                checkpointNow();
            }
        }

        /** Marks now (accounted up to) as the point a restart replays from. */
        private void checkpointNow() {
            checkpointNanos = accountedNanos;
            backlogAtCheckpoint = backlog.backlog();
        }

        private void trackSkew(Instant at, DeployedSubtasks next) {
            for (int i = 0; i < vertices.all.length; i++) {
                KeyGroupPartitioning part = next.partitioning[i];
                if (part == null) {
                    continue; // not keyed
                }
                double skew = part.skew();
                if (peakSkew == null || skew > peakSkew.skew()) {
                    peakSkew = new PeakSkew(
                            skew,
                            vertices.all[i].id(),
                            part.parallelism(),
                            part.maxParallelism(),
                            Duration.between(trace.start(), at));
                }
            }
        }

        /**
         * Where every subtask of a deployment runs, as the previous placement of the next one; with a
         * state model each keyed subtask carries its key groups' bytes.
         */
        private PreviousPlacement placementOf(DeployedSubtasks deployed) {
            SubtaskPlacement[] placements = new SubtaskPlacement[deployed.size];
            for (int k = 0; k < deployed.size; k++) {
                placements[k] = new SubtaskPlacement(deployed.subtask[k], deployed.slot[k], deployed.stateBytes[k]);
            }
            return PreviousPlacement.builder().addPlacements(placements).build();
        }

        private void undeploy() {
            deployed = false;
            plan = null;
            laggingEntry = null;
            atDesired = false;
            taskManagersUsed = Set.of();
            stalled = false;
            busyOf = -1;
            nextCheckpoint = NEVER;
        }

        /** The pool of {@link #registered}, made at a deployment and kept until a TaskManager comes or goes. */
        private SlotPool pool() {
            if (poolOfRegistered != null) {
                return poolOfRegistered;
            }
            SlotPool.Builder pool = SlotPool.builder();
            registered.forEach((id, slots) -> {
                // a TaskManager is an immutable value: the one made at an earlier deployment serves again
                TaskManager tm = taskManagers.get(id);
                if (tm == null || tm.numberOfSlots() != slots) {
                    tm = TaskManager.of(id, slots);
                    taskManagers.put(id, tm);
                }
                pool.addTaskManagers(tm);
            });
            poolOfRegistered = pool.build();
            return poolOfRegistered;
        }

        /** Whether the deployment runs tasks on a killed TaskManager the JobManager has not noticed yet. */
        private boolean stalled() {
            return stalled;
        }

        /** Finds {@link #stalled()} again: after a deployment changes, or a kill is noticed or undone. */
        private void updateStalled() {
            stalled = false;
            if (deployed && !unnoticed.isEmpty()) {
                for (String id : taskManagersUsed) {
                    if (unnoticed.containsKey(id)) {
                        stalled = true;
                        break;
                    }
                }
            }
        }

        private Optional<Map<String, Integer>> running() {
            if (!deployed) {
                return Optional.empty();
            }
            if (runningOf != plan) {
                runningView = Optional.of(plan.vertexParallelism());
                runningOf = plan;
            }
            return runningView;
        }

        /** A timeline entry for something the decider is not told about. */
        private void note(String cause) {
            timeline.add(new TimelineEntry(
                    now(), cause, state.availableSlots(), running(), Optional.empty(), OptionalLong.empty()));
        }

        private String offset(Instant t) {
            return "+" + Readable.duration(Duration.between(trace.start(), t));
        }

        // ---- figures ------------------------------------------------------------------------------------

        /**
         * Accounts for the time from the last step until {@code until}, in the state of that step, and
         * takes the samples due from the last step on, before {@code until}: the load's accounting is
         * cut at each, as if each were a step of its own. The times kept as sums of whole nanoseconds
         * ({@link Span}s) are the same however the stretch is cut, so they are added once for it.
         */
        private void account(long until) {
            long from = accountedNanos;
            if (load != null) {
                while (nextSample < until) {
                    // here the load is accounted up to at most nextSample: the sample at the last step's
                    // time comes after it
                    accountLoad(nextSample);
                    sample(nextSample);
                }
                accountLoad(until);
            }
            if (until <= from) {
                return;
            }
            long length = until - from;
            slotTimeAvailable.addTimes(length, state.availableSlots());
            if (deployed) {
                slotTimeUsed.addTimes(length, slotsUsed);
            }
            if (firstStart.isPresent()) {
                if (!deployed) {
                    notRunningTime.add(length);
                } else {
                    long processingFrom = restartedAt > from ? restartedAt : from;
                    if (processingFrom >= until) {
                        restartDowntime.add(length);
                    } else {
                        restartDowntime.add(processingFrom - from);
                        if (stalled()) {
                            stalledTime.add(until - processingFrom);
                        } else if (atDesired && desiredReached == NEVER) {
                            desiredReached = processingFrom;
                        }
                    }
                }
            }
            accountedNanos = until;
        }

        /**
         * {@code seconds + nanos / 1e9} of a length in nanoseconds, the length of a step in seconds: kept
         * for the last few lengths, as steps mostly repeat a few lengths (the sample interval, and its
         * pieces around a sync or a checkpoint that falls between two samples).
         */
        private double stepLength(long length) {
            for (int i = 0; i < STEP_LENGTHS; i++) {
                if (stepLengthNanos[i] == length) {
                    return stepLengthSeconds[i];
                }
            }
            double inSeconds = length / NANOS_PER_SECOND + (length % NANOS_PER_SECOND) / 1e9;
            stepLengthNanos[nextStepLength] = length;
            stepLengthSeconds[nextStepLength] = inSeconds;
            nextStepLength = (nextStepLength + 1) % STEP_LENGTHS;
            return inSeconds;
        }

        /**
         * The backlog and the TaskManager time from {@link #loadAccountedNanos} until {@code to}, in the
         * current state.
         */
        private void accountLoad(long to) {
            long from = loadAccountedNanos;
            if (to <= from) {
                return;
            }
            loadAccountedNanos = to;
            double stepLength = stepLength(to - from);
            taskManagerSeconds += fleet.present().size() * stepLength;
            if (!deployed) {
                backlog.advance(from, to, 0);
                return;
            }
            long restarted = restartedAt > to ? to : restartedAt;
            long processingFrom = restarted < from ? from : restarted;
            if (processingFrom > from) {
                backlog.advance(from, processingFrom, 0);
            }
            if (stalled()) {
                backlog.advance(processingFrom, to, 0);
            } else {
                double growing = backlog.advance(processingFrom, to, deployedCapacity);
                if (laggingEntry == null) {
                    laggingEntry = lagging.computeIfAbsent(
                            new CapKey(deployedBottleneck.id(), plan.parallelismOf(deployedBottleneck.id())),
                            key -> new double[] {deployedCapacity, 0});
                }
                laggingEntry[1] += growing;
            }
        }

        private Summary summary() {
            return new Summary(
                    deployments,
                    rescales,
                    failureRestarts,
                    firstStart,
                    restartDowntime.toDuration(),
                    stalledTime.toDuration(),
                    notRunningTime.toDuration(),
                    slotTimeUsed.seconds(),
                    slotTimeAvailable.seconds(),
                    desiredReached == NEVER ? Optional.empty() : Optional.of(Duration.ofNanos(desiredReached)),
                    running(),
                    state.schedulerState(),
                    keyGroupsMoved,
                    Optional.ofNullable(peakSkew),
                    stateBytesDownloaded,
                    stateBytesLocal);
        }
    }

    private static final int NANOS_PER_SECOND = 1_000_000_000;

    /** Step lengths a run keeps in seconds. */
    private static final int STEP_LENGTHS = 4;

    /** The events the decider is told most often, which carry nothing but their kind. */
    private static final RescaleEvent.CheckpointCompleted CHECKPOINT_COMPLETED = new RescaleEvent.CheckpointCompleted();

    private static final RescaleEvent.WakeUp WAKE_UP = new RescaleEvent.WakeUp();

    /** On a run's clock, a time that never comes. */
    private static final long NEVER = Long.MAX_VALUE;

    /**
     * A sum of non-negative durations kept as seconds and nanoseconds, as {@link Duration#plus} (and
     * {@link Duration#multipliedBy}) would make it, exactly, without a {@link Duration} or a {@code
     * BigDecimal} per step.
     */
    private static final class Span {
        private long seconds;
        private int nanos;
        /**
         * Time added by {@link #addTimes(long, int)} with the same factor since, not in {@link #seconds}
         * and {@link #nanos} yet: a sum of integers is the same whatever it is grouped by, so a run of
         * steps with one factor is multiplied once.
         */
        private long pendingNanos;

        private int pendingTimes;

        /** Adds {@code seconds} s and {@code nanos} ns (0 to 999,999,999). */
        void add(long s, int n) {
            seconds = Math.addExact(seconds, s);
            int sum = nanos + n;
            if (sum >= NANOS_PER_SECOND) {
                sum -= NANOS_PER_SECOND;
                seconds = Math.addExact(seconds, 1);
            }
            nanos = sum;
        }

        /** Adds {@code times} × ({@code seconds} s and {@code nanos} ns), {@code times} at least 0. */
        void addTimes(long s, int n, int times) {
            long allNanos = (long) n * times;
            add(Math.addExact(Math.multiplyExact(s, times), allNanos / NANOS_PER_SECOND), (int)
                    (allNanos % NANOS_PER_SECOND));
        }

        /** Adds {@code times} × {@code length} nanoseconds, both at least 0. */
        void addTimes(long length, int times) {
            if (times != pendingTimes) {
                settle();
                pendingTimes = times;
            }
            pendingNanos += length; // at most a trace's span in all: fits
        }

        /** Moves the pending time into the sum. */
        private void settle() {
            if (pendingNanos > 0) {
                addTimes(pendingNanos / NANOS_PER_SECOND, (int) (pendingNanos % NANOS_PER_SECOND), pendingTimes);
                pendingNanos = 0;
            }
        }

        /** Adds {@code n} nanoseconds, at least 0. */
        void add(long n) {
            add(n / NANOS_PER_SECOND, (int) (n % NANOS_PER_SECOND));
        }

        Duration toDuration() {
            settle();
            return Duration.ofSeconds(seconds, nanos);
        }

        /** In seconds, as {@code getSeconds() + getNano() / 1e9} of the duration. */
        double seconds() {
            settle();
            return seconds + nanos / 1e9;
        }
    }

    /** A vertex at a parallelism, as the bottleneck of a deployment. */
    private record CapKey(String vertex, int parallelism) {}
}
