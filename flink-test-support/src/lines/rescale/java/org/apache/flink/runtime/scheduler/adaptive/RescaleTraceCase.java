package org.apache.flink.runtime.scheduler.adaptive;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.Reason;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.SchedulerState;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.SchedulerBase;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.FlinkGroupOrder;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;

/**
 * One random case of a rescale differential test, run through Slotwise's {@link FlinkRescaleDecider}
 * and through Flink's own scheduler states in an {@link AbstractAdaptiveSchedulerHarness}: a random
 * small job (1–5 vertices in 1–3 slot-sharing groups), a random policy and store, and a random
 * trace: slots before the start (the desired count, a sufficient count, or none), the job's start,
 * then 5–40 events at random gaps, and a last wake-up 400 s later. Times and durations are multiples
 * of the case's tick (1 ms, 1 s or 5 s), so that events and timers often fall on the same instant.
 * Both sides see every event at its time, after the timers due by then; after every event the case
 * compares the actions so far (when they changed) and the scheduler state, and fails with the seed,
 * the case, the policy, the job and the trace so far.
 *
 * <p>Shared test support (flink-test-support): flink-adapter (Flink 2.3) and flink-adapter-1.20 each
 * compile it against their own Flink version. Their subclasses supply what differs: the policy's
 * generation and settings, the store, the mix of events, the harness, how each side's actions are
 * written for the comparison and what else is compared. The constructor draws the tick, the policy
 * ({@link #randomPolicy}), the job, the store ({@link #randomStore}) and builds the harness ({@link
 * #harness}) in that order; those methods may use only this class's fields.
 *
 * @param <H> the version's harness
 */
abstract class RescaleTraceCase<H extends AbstractAdaptiveSchedulerHarness> {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final DifferentialTally tally;
    final int index;
    final SplittableRandom random;
    final long tick;
    final RescalePolicy policy;
    final JobGraph flinkGraph;
    final ManualMainThread mainThread = new ManualMainThread(T0);
    final H flink;
    final FlinkRescaleDecider decider;
    final ParallelismSolver solver;
    DeciderState slotwise;
    final List<Decision> slotwiseActions = new ArrayList<>();
    final List<Map.Entry<Instant, RescaleEvent>> trace = new ArrayList<>();
    private int comparedFlink = -1;
    private int comparedSlotwise = -1;
    Instant now = T0;

    RescaleTraceCase(DifferentialTally tally, int index, SplittableRandom random) {
        this.tally = tally;
        this.index = index;
        this.random = random;
        this.tick = new long[] {1, 1_000, 5_000}[random.nextInt(3)];
        this.policy = randomPolicy();
        this.flinkGraph = randomJob();
        this.flink = harness(randomStore());
        this.solver = slotwiseSolver();
        this.decider = new FlinkRescaleDecider(policy, solver);
        this.slotwise = decider.initialState(slotwiseGraph(flink.jobInformation()));
    }

    // ---- what differs between the Flink versions ---------------------------------------------------

    /** The policy, of the version's generation. */
    abstract RescalePolicy randomPolicy();

    /**
     * The parallelism rule Slotwise plans with: Flink's ({@link FlinkParallelismSolver}, 1.19 on)
     * unless the line's {@code determineParallelism} differs. May use only this class's fields.
     */
    ParallelismSolver slotwiseSolver() {
        return new FlinkParallelismSolver();
    }

    /** Flink's harness for this case's policy, job and store. */
    abstract H harness(VertexParallelismStore store);

    /** Slotwise's view of Flink's job, its groups in the order the version's Flink visits them. */
    abstract io.github.slotwise.model.JobGraph slotwiseGraph(JobInformation info);

    /**
     * Slotwise's view of Flink's job as the scheduler sees it (bounds {@code [min, parallelism]}, the
     * resolved maxParallelism), its groups in the order the line under test's {@code
     * determineParallelism} visits them ({@link FlinkGroupOrder}), so that both sides give a division
     * remainder to the same group.
     */
    static io.github.slotwise.model.JobGraph slotwiseGraphOf(JobInformation info) {
        io.github.slotwise.model.JobGraph.Builder graph = io.github.slotwise.model.JobGraph.builder();
        for (JobInformation.VertexInformation v : info.getVertices()) {
            String id = v.getJobVertexID().toHexString();
            graph.addVertices(JobVertex.builder()
                    .id(id)
                    .name(id)
                    .parallelism(Math.min(v.getParallelism(), v.getMaxParallelism()))
                    .maxParallelism(v.getMaxParallelism())
                    .lowerBound(v.getMinParallelism())
                    .upperBound(v.getParallelism())
                    .slotSharingGroup(
                            v.getSlotSharingGroup().getSlotSharingGroupId().toHexString())
                    .build());
        }
        return graph.slotSharingGroupOrder(FlinkGroupOrder.parallelismGroupOrder(info))
                .build();
    }

    /** An event that fits the job as it is at {@code now}, once the timers due by then have fired. */
    abstract RescaleEvent randomEvent();

    /** Flink's actions so far, as the comparison writes them. */
    abstract List<String> flinkActions();

    /** Slotwise's decisions so far, in the same form. */
    abstract List<String> slotwiseActions();

    /**
     * Flink's actions as Slotwise reports them (for the lines whose {@link #flinkActions} this is, 1.18
     * to 1.20): a restart to rescale (Executing to Restarting with
     * backoff 0, then WaitingForResources) that redeploys at the same instant is one RESCALE;
     * otherwise it is a STOP, and the later start a RESCALE of its own.
     */
    final List<String> flinkActionsAsSlotwiseReportsThem() {
        List<String> out = new ArrayList<>();
        List<AbstractAdaptiveSchedulerHarness.Action> actions = flink.actions();
        for (int i = 0; i < actions.size(); i++) {
            AbstractAdaptiveSchedulerHarness.Action a = actions.get(i);
            if (a.what().equals("RESTART")) {
                AbstractAdaptiveSchedulerHarness.Action next = i + 1 < actions.size() ? actions.get(i + 1) : null;
                if (next != null && next.what().equals("RESCALE") && next.at().equals(a.at())) {
                    continue; // the RESCALE that follows stands for both
                }
                out.add(new AbstractAdaptiveSchedulerHarness.Action(a.at(), "STOP", null, null).toString());
            } else {
                out.add(a.toString());
            }
        }
        return out;
    }

    /**
     * Slotwise's decisions in the same form. Slotwise merges a restart to rescale and the redeploy
     * at the same instant into one RESCALE when both happen in one {@code decide} call; when the
     * redeploy comes with the next event at the same instant (slots arriving right after the
     * restart), the STOP was already returned, so it is merged here.
     */
    final List<String> slotwiseActionsStopAndRescaleMerged() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < slotwiseActions.size(); i++) {
            Decision d = slotwiseActions.get(i);
            Decision next = i + 1 < slotwiseActions.size() ? slotwiseActions.get(i + 1) : null;
            if (d.action() == Decision.Action.STOP
                    && d.reason() != Reason.TASKS_LOST
                    && next != null
                    && next.isRescale()
                    && next.at().equals(d.at())) {
                count("Slotwise STOP and RESCALE at one instant, in two decide calls");
                continue;
            }
            out.add(asAction(d));
        }
        return out;
    }

    /**
     * Compares what else the version compares after every event, in the given Flink state; returns
     * what it adds to the count of comparisons in that state ("" for nothing).
     */
    String compareMore(String flinkState) {
        return "";
    }

    /** Counts what the finished trace did. */
    void traceDone() {}

    /** Hands an event to Flink's harness. */
    void deliver(RescaleEvent event) {
        if (event instanceof RescaleEvent.JobStarted) {
            flink.startScheduling();
        } else if (event instanceof RescaleEvent.SlotsAdded added) {
            flink.slotsAdded(added.count());
        } else if (event instanceof RescaleEvent.SlotsLost lost) {
            flink.slotsLost(lost.count(), lost.runningTasksLost());
        } else if (event instanceof RescaleEvent.RequirementsChanged changed) {
            JobResourceRequirements.Builder b = JobResourceRequirements.newBuilder();
            changed.bounds()
                    .forEach((id, bounds) -> b.setParallelismForJobVertex(
                            JobVertexID.fromHexString(id), bounds.lowerBound(), bounds.upperBound()));
            if (!flink.updateJobResourceRequirements(b.build())) {
                count("events: RequirementsChanged that change no bound");
            }
        }
    }

    // ---- random inputs -------------------------------------------------------------------------------

    void count(String what) {
        tally.count(what);
    }

    /** A multiple of the case's tick (1 ms, 1 s or 5 s) up to about {@code maxSeconds}. */
    Duration ticks(int maxSeconds) {
        long max = maxSeconds * 1_000L / tick;
        return Duration.ofMillis(tick * random.nextLong(max + 1));
    }

    JobGraph randomJob() {
        JobGraph graph = new JobGraph("trace " + index);
        int vertexCount = 1 + random.nextInt(5);
        int groupCount = 1 + random.nextInt(Math.min(3, vertexCount));
        List<SlotSharingGroup> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            groups.add(new SlotSharingGroup());
        }
        for (int i = 0; i < vertexCount; i++) {
            org.apache.flink.runtime.jobgraph.JobVertex v = new org.apache.flink.runtime.jobgraph.JobVertex(
                    "v" + i, new JobVertexID(random.nextLong(), random.nextLong()));
            v.setInvokableClass(AbstractInvokable.class);
            v.setSlotSharingGroup(groups.get(i < groupCount ? i : random.nextInt(groupCount)));
            int p = 1 + random.nextInt(6);
            v.setParallelism(p);
            if (random.nextBoolean()) {
                v.setMaxParallelism(p + random.nextInt(5));
            }
            graph.addVertex(v);
        }
        return graph;
    }

    /** Flink's default parallelism store or, half the time, random resource requirements on it. */
    VertexParallelismStore randomStore() {
        VertexParallelismStore base = SchedulerBase.computeVertexParallelismStore(flinkGraph);
        if (random.nextBoolean()) {
            count("jobs: default store");
            return base;
        }
        count("jobs: resource requirements");
        JobResourceRequirements.Builder b = JobResourceRequirements.newBuilder();
        for (org.apache.flink.runtime.jobgraph.JobVertex v : flinkGraph.getVertices()) {
            int max = base.getParallelismInfo(v.getID()).getMaxParallelism();
            VertexBounds bounds = randomBounds(max);
            b.setParallelismForJobVertex(v.getID(), bounds.lowerBound(), bounds.upperBound());
        }
        return DefaultVertexParallelismStore.applyJobResourceRequirements(base, b.build())
                .orElse(base);
    }

    VertexBounds randomBounds(int max) {
        int upper = 1 + random.nextInt(Math.min(max, 8));
        int lower = random.nextInt(10) < 7 ? 1 : 1 + random.nextInt(upper);
        return new VertexBounds(lower, upper);
    }

    /** Slotwise's state at {@code now}, once the timers due by then have fired. */
    DeciderState atNow() {
        return decider.decide(slotwise, new RescaleEvent.WakeUp(), now).state();
    }

    /**
     * The slot event a roll of 100 picks, if any: slots added below {@code addedBelow} (or whenever
     * there are none), idle slots lost below {@code idleLostBelow} (if some are idle), slots with
     * running tasks lost below {@code runningLostBelow}; null above them.
     */
    RescaleEvent slotEvent(DeciderState atNow, int roll, int addedBelow, int idleLostBelow, int runningLostBelow) {
        int available = atNow.availableSlots();
        int used = atNow.running().map(p -> p.slotsUsed()).orElse(0);
        if (roll < addedBelow || available == 0) {
            return new RescaleEvent.SlotsAdded(1 + random.nextInt(3));
        } else if (roll < idleLostBelow && available > used) {
            return new RescaleEvent.SlotsLost(1 + random.nextInt(available - used), false);
        } else if (roll < runningLostBelow) {
            return new RescaleEvent.SlotsLost(1 + random.nextInt(available), true);
        }
        return null;
    }

    /** New bounds for every vertex: all the current ones one time in five, else each kept or drawn. */
    RescaleEvent.RequirementsChanged randomRequirements(DeciderState atNow) {
        Map<String, VertexBounds> bounds = new LinkedHashMap<>();
        boolean same = random.nextInt(5) == 0;
        for (JobVertex v : atNow.graph().vertices()) {
            bounds.put(
                    v.id(),
                    same || random.nextBoolean()
                            ? new VertexBounds(v.lowerBound(), v.upperBound())
                            : randomBounds(v.effectiveMaxParallelism()));
        }
        return new RescaleEvent.RequirementsChanged(bounds);
    }

    // ---- the trace -----------------------------------------------------------------------------------

    void run() {
        int minimum = solver.minimumSlots(slotwise.graph());
        int desired = solver.desiredSlots(slotwise.graph());
        switch (random.nextInt(3)) {
            case 0 -> {
                count("traces: start with the desired slots");
                apply(new RescaleEvent.SlotsAdded(desired + random.nextInt(3)));
            }
            case 1 -> {
                count("traces: start with sufficient slots");
                apply(new RescaleEvent.SlotsAdded(
                        Math.max(1, minimum + random.nextInt(Math.max(1, desired - minimum)))));
            }
            default -> count("traces: start without slots");
        }
        if (random.nextInt(4) == 0) {
            advance();
        }
        apply(new RescaleEvent.JobStarted());
        int events = 5 + random.nextInt(36);
        for (int e = 0; e < events; e++) {
            advance();
            apply(randomEvent());
        }
        now = now.plus(Duration.ofSeconds(400));
        apply(new RescaleEvent.WakeUp());
        tally.agreed("traces");
        traceDone();
    }

    void advance() {
        now = now.plus(ticks(random.nextInt(8) == 0 ? 120 : 20));
    }

    void apply(RescaleEvent event) {
        trace.add(Map.entry(now, event));
        count("events: " + event.getClass().getSimpleName()
                + (event instanceof RescaleEvent.SlotsLost lost && lost.runningTasksLost() ? " (running)" : ""));
        Transition transition = decider.decide(slotwise, event, now);
        slotwise = transition.state();
        for (Decision d : transition.decisions()) {
            if (d.action() == Decision.Action.RESCALE
                    || d.action() == Decision.Action.STOP
                    || d.action() == Decision.Action.FAIL) {
                slotwiseActions.add(d);
                count("slotwise " + d.action() + " " + d.reason());
            }
        }

        mainThread.runUntil(now);
        deliver(event);
        mainThread.runUntil(now);
        compare();
    }

    // ---- the comparison ------------------------------------------------------------------------------

    void compare() {
        if (flink.actions().size() != comparedFlink || slotwiseActions.size() != comparedSlotwise) {
            comparedFlink = flink.actions().size();
            comparedSlotwise = slotwiseActions.size();
            List<String> expected = flinkActions();
            List<String> actual = slotwiseActions();
            if (!expected.equals(actual)) {
                fail(describe("decisions differ:\n  Flink:    " + expected + "\n  Slotwise: " + actual));
            }
        }
        String flinkState = flink.stateName();
        String slotwiseState = stateName(slotwise.schedulerState());
        if (!flinkState.equals(slotwiseState)) {
            fail(describe("scheduler state: Flink " + flinkState + ", Slotwise " + slotwiseState));
        }
        count("compared: " + flinkState + compareMore(flinkState));
    }

    /** A Slotwise decision written as the harness writes Flink's actions. */
    static String asAction(Decision d) {
        return new AbstractAdaptiveSchedulerHarness.Action(
                        d.at(),
                        d.action().name(),
                        d.plan().map(p -> new TreeMap<>(p.vertexParallelism())).orElse(null),
                        null)
                .toString();
    }

    String describe(String what) {
        return tally.seed(index) + what
                + "\n  policy: " + policy
                + "\n  job: " + slotwise.graph()
                + "\n  trace:"
                + trace.stream()
                        .map(e -> "\n    " + e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining())
                + "\n  Flink actions: " + flink.actions()
                + "\n  Slotwise decisions: " + slotwiseActions;
    }

    static String stateName(SchedulerState state) {
        return switch (state) {
            case CREATED -> "Created";
            case WAITING_FOR_RESOURCES -> "WaitingForResources";
            case EXECUTING -> "Executing";
            case RESTARTING -> "Restarting";
            case FAILED -> "Failed";
        };
    }
}
