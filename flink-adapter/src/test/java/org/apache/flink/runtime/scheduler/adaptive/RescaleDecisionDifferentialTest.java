package org.apache.flink.runtime.scheduler.adaptive;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.flink.FlinkIds;
import io.github.slotwise.flink.FlinkJobGraphs;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
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
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.SchedulerBase;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of Slotwise's {@link FlinkRescaleDecider} ({@code FLINK_2}) against Flink
 * 2.3.0's own rescale decisions, the oracle: {@link AdaptiveSchedulerHarness} runs Flink's {@code
 * WaitingForResources}, {@code Executing}, {@code Restarting} and {@code
 * DefaultStateTransitionManager} on a manual clock and main thread.
 *
 * <p>Each case is a random small job (1–5 vertices in 1–3 slot-sharing groups, Flink's default
 * parallelism store, random resource requirements or, one in six, Reactive Mode's store with no
 * requirement changes), a random policy (submission wait and
 * stabilization timeouts, cooldown, executing stabilization timeout, max trigger delay set or derived
 * from a checkpoint interval or 0, 1–4 failed checkpoints, restart backoff) and a random trace: slots
 * before the start (the desired count, a sufficient count, or none), the job's start, then 5–40 events
 * (slots added, idle slots lost, slots with running tasks lost, new resource requirements, some equal to
 * the current ones, completed and failed checkpoints). Times and durations are multiples of 1 ms, 1 s
 * or 5 s, so that events and timers often fall on the same instant. Both sides see every event at its
 * time, after the timers due by then; after every event the test compares
 *
 * <ul>
 *   <li>every start, rescale, stop (task failure) and failure so far: time, and parallelism per vertex;
 *   <li>the scheduler state (Created, WaitingForResources, Executing, Restarting, Failed);
 *   <li>the phase of the state's transition manager (Cooldown, Idling, Stabilizing, Stabilized,
 *       Transitioning).
 * </ul>
 *
 * <p>The job's slot-sharing groups are handed to Slotwise in the order Flink's {@code
 * determineParallelism} visits them ({@link FlinkJobGraphs#parallelismGroupOrder}), so the two agree on
 * which group gets a division remainder.
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed,
 * the case, the policy, the job and the trace so far.
 */
class RescaleDecisionDifferentialTest {
    static final long DEFAULT_SEED = 20260610L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int TRACES = 3_000;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Map<String, Long> COUNTS = new TreeMap<>();
    private static long startNanos;

    @BeforeAll
    static void start() {
        startNanos = System.nanoTime();
    }

    @AfterAll
    static void report() {
        System.out.printf(
                "RescaleDecisionDifferentialTest: seed=%d, compared with flink-runtime 2.3.0 in %.1f s: %s%n",
                SEED, (System.nanoTime() - startNanos) / 1e9, COUNTS);
    }

    private static void count(String what) {
        COUNTS.merge(what, 1L, Long::sum);
    }

    @Test
    void slotwiseDecidesWhenFlinksAdaptiveSchedulerDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < TRACES; c++) {
            new Case(c, random.split()).run();
        }
    }

    /**
     * The one difference the random traces avoid by using whole milliseconds: Flink's main thread
     * schedules every callback {@code delay.toMillis()} ahead ({@code AdaptiveScheduler#runIfState}),
     * so a timer whose delay has a sub-millisecond part fires up to 1 ms early; Slotwise keeps exact
     * durations. Here a 1.5 ms cooldown ends after 1 ms in Flink and after 1.5 ms in Slotwise.
     */
    @Test
    void flinkCutsTimerDelaysToWholeMillisecondsSlotwiseDoesNot() {
        JobGraph graph = new JobGraph("sub-millisecond cooldown");
        org.apache.flink.runtime.jobgraph.JobVertex v = new org.apache.flink.runtime.jobgraph.JobVertex("a");
        v.setInvokableClass(AbstractInvokable.class);
        v.setSlotSharingGroup(new SlotSharingGroup());
        v.setParallelism(4);
        graph.addVertex(v);
        VertexParallelismStore store = SchedulerBase.computeVertexParallelismStore(graph);
        RescalePolicy policy = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .cooldownAfterRescaling(Duration.ofNanos(1_500_000))
                .build();
        ManualMainThread mainThread = new ManualMainThread(T0);
        AdaptiveSchedulerHarness flink = new AdaptiveSchedulerHarness(
                mainThread,
                new AdaptiveSchedulerHarness.Settings(
                        policy.submissionResourceWaitTimeout(),
                        policy.submissionResourceStabilizationTimeout(),
                        policy.cooldownAfterRescaling(),
                        policy.executingResourceStabilizationTimeout(),
                        policy.effectiveMaxTriggerDelay(),
                        policy.maxCheckpointFailures(),
                        policy.restartBackoff()),
                graph,
                store,
                flinkAllocator());
        flink.slotsAdded(4);
        flink.startScheduling();
        mainThread.runUntil(T0);
        flink.updateJobResourceRequirements(JobResourceRequirements.newBuilder()
                .setParallelismForJobVertex(v.getID(), 1, 2)
                .build()); // during the cooldown: Stabilizing when it ends, desired at once
        mainThread.runUntil(T0.plusMillis(2));

        FlinkRescaleDecider decider = new FlinkRescaleDecider(policy);
        DeciderState state = decider.initialState(FlinkJobGraphs.fromJobGraph(graph));
        List<Decision> decisions = new ArrayList<>();
        for (RescaleEvent e : List.of(
                new RescaleEvent.SlotsAdded(4),
                new RescaleEvent.JobStarted(),
                new RescaleEvent.RequirementsChanged(Map.of(FlinkIds.vertexId(v.getID()), new VertexBounds(1, 2))))) {
            Transition t = decider.decide(state, e, T0);
            state = t.state();
            decisions.addAll(t.decisions());
        }
        Transition t = decider.decide(state, new RescaleEvent.WakeUp(), T0.plusMillis(2));
        decisions.addAll(t.decisions());

        List<Instant> flinkRescales = flink.actions().stream()
                .filter(a -> a.what().equals("RESCALE"))
                .map(AdaptiveSchedulerHarness.Action::at)
                .toList();
        List<Instant> slotwiseRescales =
                decisions.stream().filter(Decision::isRescale).map(Decision::at).toList();
        if (!flinkRescales.equals(List.of(T0, T0.plusMillis(1)))
                || !slotwiseRescales.equals(List.of(T0, T0.plusNanos(1_500_000)))) {
            fail("expected Flink to rescale 1 ms and Slotwise 1.5 ms after the start, got Flink " + flinkRescales
                    + ", Slotwise " + slotwiseRescales);
        }
    }

    /** One random job, policy and trace, run through both. */
    private static final class Case {
        final int index;
        final SplittableRandom random;
        final long tick;
        final RescalePolicy policy;
        final JobGraph flinkGraph;
        final VertexParallelismStore store;
        final ManualMainThread mainThread = new ManualMainThread(T0);
        final AdaptiveSchedulerHarness flink;
        final FlinkRescaleDecider decider;
        final FlinkParallelismSolver solver = new FlinkParallelismSolver();
        DeciderState slotwise;
        final List<Decision> slotwiseActions = new ArrayList<>();
        final List<Map.Entry<Instant, RescaleEvent>> trace = new ArrayList<>();
        int comparedFlink = -1;
        int comparedSlotwise = -1;
        Instant now = T0;

        Case(int index, SplittableRandom random) {
            this.index = index;
            this.random = random;
            this.tick = new long[] {1, 1_000, 5_000}[random.nextInt(3)];
            this.policy = randomPolicy();
            this.flinkGraph = randomJob();
            this.store = randomStore();
            JobInformation info = new JobGraphJobInformation(flinkGraph, store);
            this.flink = new AdaptiveSchedulerHarness(
                    mainThread,
                    new AdaptiveSchedulerHarness.Settings(
                            policy.submissionResourceWaitTimeout(),
                            policy.submissionResourceStabilizationTimeout(),
                            policy.cooldownAfterRescaling(),
                            policy.executingResourceStabilizationTimeout(),
                            policy.effectiveMaxTriggerDelay(),
                            policy.maxCheckpointFailures(),
                            policy.restartBackoff()),
                    flinkGraph,
                    store,
                    flinkAllocator());
            this.decider = new FlinkRescaleDecider(policy);
            this.slotwise = decider.initialState(
                    FlinkJobGraphs.fromJobInformation(info, FlinkJobGraphs.parallelismGroupOrder(info)));
        }

        /** {@code ticks} ticks; a tick is 1 ms, 1 s or 5 s, and scales so that durations reach ~60 s. */
        Duration ticks(int maxSeconds) {
            long max = maxSeconds * 1_000L / tick;
            return Duration.ofMillis(tick * random.nextLong(max + 1));
        }

        RescalePolicy randomPolicy() {
            RescalePolicy.Builder b = RescalePolicy.builder()
                    .generation(RescalePolicy.Generation.FLINK_2)
                    .submissionResourceWaitTimeout(
                            random.nextInt(4) == 0
                                    ? Duration.ofMillis(-1)
                                    : Duration.ofSeconds(10).plus(ticks(170)))
                    .submissionResourceStabilizationTimeout(ticks(30))
                    .cooldownAfterRescaling(ticks(60))
                    .executingResourceStabilizationTimeout(ticks(90))
                    .maxCheckpointFailures(1 + random.nextInt(4))
                    .restartBackoff(ticks(10))
                    .reactive(random.nextInt(6) == 0);
            switch (random.nextInt(3)) {
                case 0 -> b.rescaleTriggerMaxDelay(ticks(60));
                case 1 -> b.checkpointInterval(Duration.ofMillis(tick).plus(ticks(20)));
                default -> {} // no checkpointing: the trigger delay is 0
            }
            return b.build();
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

        VertexParallelismStore randomStore() {
            VertexParallelismStore base = SchedulerBase.computeVertexParallelismStore(flinkGraph);
            if (policy.reactive()) {
                // AdaptiveScheduler#computeReactiveModeVertexParallelismStore: [1, maxParallelism]
                count("jobs: Reactive Mode store");
                DefaultVertexParallelismStore reactive = new DefaultVertexParallelismStore();
                for (org.apache.flink.runtime.jobgraph.JobVertex v : flinkGraph.getVertices()) {
                    int max = base.getParallelismInfo(v.getID()).getMaxParallelism();
                    reactive.setParallelismInfo(
                            v.getID(), new DefaultVertexParallelismInfo(max, max, m -> Optional.empty()));
                }
                return reactive;
            }
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
            count("traces");
            String restartedFrom = null;
            for (AdaptiveSchedulerHarness.Action a : flink.actions()) {
                if (a.what().equals("RESTART")) {
                    restartedFrom = a.from();
                    continue;
                }
                count("Flink " + a.what() + " from "
                        + (a.what().equals("RESCALE") && restartedFrom != null
                                ? restartedFrom + " (rescale of the running job)"
                                : a.from()));
                restartedFrom = null;
            }
        }

        void advance() {
            int gapSeconds = random.nextInt(8) == 0 ? 120 : 20;
            now = now.plus(ticks(gapSeconds));
        }

        /** An event that fits the job as it is at {@code now}, once the timers due by then have fired. */
        RescaleEvent randomEvent() {
            DeciderState atNow =
                    decider.decide(slotwise, new RescaleEvent.WakeUp(), now).state();
            int available = atNow.availableSlots();
            int used = atNow.running().map(p -> p.slotsUsed()).orElse(0);
            int roll = random.nextInt(100);
            if (roll < 30 || available == 0) {
                return new RescaleEvent.SlotsAdded(1 + random.nextInt(3));
            } else if (roll < 38 && available > used) {
                return new RescaleEvent.SlotsLost(1 + random.nextInt(available - used), false);
            } else if (roll < 42) {
                return new RescaleEvent.SlotsLost(1 + random.nextInt(available), true);
            } else if (roll < 54 && !policy.reactive()) { // Reactive Mode rejects requirement changes
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
            } else if (roll < 77) {
                return new RescaleEvent.CheckpointCompleted();
            } else {
                return new RescaleEvent.CheckpointFailed();
            }
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
                                FlinkIds.jobVertexId(id), bounds.lowerBound(), bounds.upperBound()));
                if (!flink.updateJobResourceRequirements(b.build())) {
                    count("events: RequirementsChanged that change no bound");
                }
            } else if (event instanceof RescaleEvent.CheckpointCompleted) {
                flink.checkpointCompleted();
            } else if (event instanceof RescaleEvent.CheckpointFailed) {
                flink.checkpointFailed();
            }
            mainThread.runUntil(now);
            compare();
        }

        void compare() {
            if (flink.actions().size() != comparedFlink || slotwiseActions.size() != comparedSlotwise) {
                comparedFlink = flink.actions().size();
                comparedSlotwise = slotwiseActions.size();
                List<String> expected = new ArrayList<>();
                List<AdaptiveSchedulerHarness.Action> flinkActions = flink.actions();
                for (int i = 0; i < flinkActions.size(); i++) {
                    AdaptiveSchedulerHarness.Action a = flinkActions.get(i);
                    if (a.what().equals("RESTART")) {
                        // Executing#transitionToSubsequentState: Restarting with backoff 0 and the
                        // available parallelism, which leads straight back to Executing at the same
                        // instant with that parallelism; Slotwise reports the pair as one RESCALE
                        AdaptiveSchedulerHarness.Action next =
                                i + 1 < flinkActions.size() ? flinkActions.get(i + 1) : null;
                        if (next == null
                                || !next.what().equals("RESCALE")
                                || !next.at().equals(a.at())
                                || !next.parallelism().equals(a.parallelism())) {
                            fail(describe("Flink restarted to rescale at " + a + " but then did " + next));
                        }
                        continue;
                    }
                    expected.add(a.toString());
                }
                List<String> actual = new ArrayList<>();
                for (Decision d : slotwiseActions) {
                    actual.add(new AdaptiveSchedulerHarness.Action(
                                    d.at(),
                                    d.action().name(),
                                    d.plan()
                                            .map(p -> new TreeMap<>(p.vertexParallelism()))
                                            .orElse(null),
                                    null)
                            .toString());
                }
                if (!expected.equals(actual)) {
                    fail(describe("decisions differ:\n  Flink:    " + expected + "\n  Slotwise: " + actual));
                }
            }
            String flinkState = flink.stateName();
            String slotwiseState = stateName(slotwise.schedulerState());
            if (!flinkState.equals(slotwiseState)) {
                fail(describe("scheduler state: Flink " + flinkState + ", Slotwise " + slotwiseState));
            }
            String flinkPhase = flink.phaseName().orElse("-");
            String slotwisePhase = slotwise.phase()
                    .map(RescaleDecisionDifferentialTest::phaseName)
                    .orElse("-");
            if (!flinkPhase.equals(slotwisePhase)) {
                fail(describe("phase in " + flinkState + ": Flink " + flinkPhase + ", Slotwise " + slotwisePhase));
            }
            count("compared: " + flinkState + (flinkPhase.equals("-") ? "" : "/" + flinkPhase));
        }

        String describe(String what) {
            return "seed=" + SEED + " case " + index + " (rerun with -Dslotwise.seed=" + SEED + "): " + what
                    + "\n  policy: " + policy
                    + "\n  job: " + slotwise.graph()
                    + "\n  trace:"
                    + trace.stream()
                            .map(e -> "\n    " + e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining())
                    + "\n  Flink actions: " + flink.actions()
                    + "\n  Slotwise decisions: " + slotwiseActions;
        }
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

    static String phaseName(DeciderState.Phase phase) {
        String name = phase.name();
        return name.charAt(0) + name.substring(1).toLowerCase();
    }

    static SlotSharingSlotAllocator flinkAllocator() {
        return SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
                (id, profile) -> {
                    throw new UnsupportedOperationException();
                },
                (id, cause, ts) -> {},
                id -> false,
                false,
                null,
                false,
                org.apache.flink.configuration.TaskManagerOptions.TaskManagerLoadBalanceMode.NONE);
    }
}
