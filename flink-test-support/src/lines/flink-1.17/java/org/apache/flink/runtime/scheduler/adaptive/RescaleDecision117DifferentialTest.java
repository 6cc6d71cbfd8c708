package org.apache.flink.runtime.scheduler.adaptive;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.scheduler.SchedulerBase;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.FlinkAllocators;
import org.apache.flink.runtime.scheduler.adaptive.allocator.FlinkGroupOrder;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of Slotwise's {@link FlinkRescaleDecider} ({@code FLINK_1_17}, with 1.17's
 * parallelism rule) against Flink 1.17.2's own rescale decisions, the oracle: {@link
 * AdaptiveScheduler117Harness} runs Flink's {@code WaitingForResources}, {@code Executing} and {@code
 * Restarting} with Flink's {@code ReactiveScaleUpController} on a manual clock and main thread.
 *
 * <p>The random cases are those of the shared {@code RescaleTraceCase} (1.18 to 2.3), restated here
 * because 1.17 has no resource requirements and its states take other contexts: a random small job
 * (1–5 vertices in 1–3 slot-sharing groups, Flink's default parallelism store), a random 1.17 policy
 * (submission wait and stabilization timeouts, min-parallelism-increase 1–4, restart backoff) and a
 * random trace: slots before the start (the desired count, a sufficient count, or none), the job's
 * start, then 5–40 events (slots added, idle slots lost, slots with running tasks lost) at multiples
 * of 1 ms, 1 s or 5 s, and a last wake-up 400 s later. After every event the test compares every
 * start, rescale, stop and failure so far (a restart to rescale that redeploys at the same instant is
 * one rescale, as Slotwise reports it) and the scheduler state. The groups are handed to Slotwise in
 * 1.17's {@code determineParallelism} order ({@link FlinkGroupOrder}).
 *
 * <p>Version-specific test support (flink-test-support/src/lines/flink-1.17): the line 1.17, in the
 * version matrix only. Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}).
 */
class RescaleDecision117DifferentialTest {
    static final long DEFAULT_SEED = 20260616L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int TRACES = 3_000;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.sorted(SEED, DifferentialResults.oracle());

    @Test
    void slotwiseDecidesWhenFlink117sAdaptiveSchedulerDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < TRACES; c++) {
            new Case(c, random.split()).run();
        }
    }

    private static final class Case {
        final int index;
        final SplittableRandom random;
        final long tick;
        final RescalePolicy policy;
        final ManualMainThread mainThread = new ManualMainThread(T0);
        final AdaptiveScheduler117Harness flink;
        final ParallelismSolver solver = FlinkParallelismSolver.forFlinkVersion(DifferentialResults.flinkVersion());
        final FlinkRescaleDecider decider;
        DeciderState slotwise;
        final List<Decision> slotwiseActions = new ArrayList<>();
        final List<Map.Entry<Instant, RescaleEvent>> trace = new ArrayList<>();
        Instant now = T0;

        Case(int index, SplittableRandom random) {
            this.index = index;
            this.random = random;
            this.tick = new long[] {1, 1_000, 5_000}[random.nextInt(3)];
            this.policy = RescalePolicy.builder()
                    .generation(RescalePolicy.Generation.FLINK_1_17)
                    .submissionResourceWaitTimeout(
                            random.nextInt(4) == 0
                                    ? Duration.ofMillis(-1)
                                    : Duration.ofSeconds(10).plus(ticks(170)))
                    .submissionResourceStabilizationTimeout(ticks(30))
                    .minParallelismIncrease(1 + random.nextInt(4))
                    .restartBackoff(ticks(10))
                    .build();
            JobGraph graph = randomJob();
            VertexParallelismStore store = SchedulerBase.computeVertexParallelismStore(graph);
            this.flink = new AdaptiveScheduler117Harness(
                    mainThread,
                    new AdaptiveScheduler117Harness.Settings(
                            policy.submissionResourceWaitTimeout(),
                            policy.submissionResourceStabilizationTimeout(),
                            policy.minParallelismIncrease(),
                            policy.restartBackoff()),
                    graph,
                    store,
                    FlinkAllocators.create(false, null, false));
            this.decider = new FlinkRescaleDecider(policy, solver);
            this.slotwise = decider.initialState(slotwiseGraph(flink.jobInformation(), store));
        }

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

        /**
         * Flink's job as 1.17's scheduler sees it: bounds [1, parallelism], the store's
         * maxParallelism (1.17's vertex information has none), groups in its order.
         */
        static io.github.slotwise.model.JobGraph slotwiseGraph(JobInformation info, VertexParallelismStore store) {
            io.github.slotwise.model.JobGraph.Builder graph = io.github.slotwise.model.JobGraph.builder();
            for (JobInformation.VertexInformation v : info.getVertices()) {
                String id = v.getJobVertexID().toHexString();
                int max = store.getParallelismInfo(v.getJobVertexID()).getMaxParallelism();
                graph.addVertices(JobVertex.builder()
                        .id(id)
                        .name(id)
                        .parallelism(Math.min(v.getParallelism(), max))
                        .maxParallelism(max)
                        .lowerBound(1)
                        .upperBound(v.getParallelism())
                        .slotSharingGroup(
                                v.getSlotSharingGroup().getSlotSharingGroupId().toHexString())
                        .build());
            }
            return graph.slotSharingGroupOrder(FlinkGroupOrder.parallelismGroupOrder(info))
                    .build();
        }

        void run() {
            int minimum = solver.minimumSlots(slotwise.graph());
            int desired = solver.desiredSlots(slotwise.graph());
            switch (random.nextInt(3)) {
                case 0 -> {
                    TALLY.count("traces: start with the desired slots");
                    apply(new RescaleEvent.SlotsAdded(desired + random.nextInt(3)));
                }
                case 1 -> {
                    TALLY.count("traces: start with sufficient slots");
                    apply(new RescaleEvent.SlotsAdded(
                            Math.max(1, minimum + random.nextInt(Math.max(1, desired - minimum)))));
                }
                default -> TALLY.count("traces: start without slots");
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
            TALLY.agreed("traces");
        }

        void advance() {
            now = now.plus(ticks(random.nextInt(8) == 0 ? 120 : 20));
        }

        /** Slots added (60%, or whenever there are none), idle slots lost (20%), slots with tasks lost. */
        RescaleEvent randomEvent() {
            DeciderState atNow =
                    decider.decide(slotwise, new RescaleEvent.WakeUp(), now).state();
            int available = atNow.availableSlots();
            int used = atNow.running().map(p -> p.slotsUsed()).orElse(0);
            int roll = random.nextInt(100);
            if (roll < 60 || available == 0) {
                return new RescaleEvent.SlotsAdded(1 + random.nextInt(3));
            } else if (roll < 80 && available > used) {
                return new RescaleEvent.SlotsLost(1 + random.nextInt(available - used), false);
            }
            return new RescaleEvent.SlotsLost(1 + random.nextInt(available), true);
        }

        void apply(RescaleEvent event) {
            trace.add(Map.entry(now, event));
            TALLY.count("events: " + event.getClass().getSimpleName()
                    + (event instanceof RescaleEvent.SlotsLost lost && lost.runningTasksLost() ? " (running)" : ""));
            Transition transition = decider.decide(slotwise, event, now);
            slotwise = transition.state();
            for (Decision d : transition.decisions()) {
                if (d.action() == Decision.Action.RESCALE
                        || d.action() == Decision.Action.STOP
                        || d.action() == Decision.Action.FAIL) {
                    slotwiseActions.add(d);
                    TALLY.count("slotwise " + d.action() + " " + d.reason());
                }
            }
            mainThread.runUntil(now);
            if (event instanceof RescaleEvent.JobStarted) {
                flink.startScheduling();
            } else if (event instanceof RescaleEvent.SlotsAdded added) {
                flink.slotsAdded(added.count());
            } else if (event instanceof RescaleEvent.SlotsLost lost) {
                flink.slotsLost(lost.count(), lost.runningTasksLost());
            }
            mainThread.runUntil(now);
            compare();
        }

        void compare() {
            List<String> expected = flinkActions();
            List<String> actual = slotwiseActions();
            if (!expected.equals(actual)) {
                fail(describe("decisions differ:\n  Flink:    " + expected + "\n  Slotwise: " + actual));
            }
            String flinkState = flink.stateName();
            String slotwiseState = stateName(slotwise.schedulerState());
            if (!flinkState.equals(slotwiseState)) {
                fail(describe("scheduler state: Flink " + flinkState + ", Slotwise " + slotwiseState));
            }
            TALLY.count("compared: " + flinkState);
        }

        /** A restart to rescale that redeploys at the same instant is one RESCALE; else a STOP. */
        List<String> flinkActions() {
            List<String> out = new ArrayList<>();
            List<AdaptiveScheduler117Harness.Action> actions = flink.actions();
            for (int i = 0; i < actions.size(); i++) {
                AdaptiveScheduler117Harness.Action a = actions.get(i);
                if (a.what().equals("RESTART")) {
                    AdaptiveScheduler117Harness.Action next = i + 1 < actions.size() ? actions.get(i + 1) : null;
                    if (next != null
                            && next.what().equals("RESCALE")
                            && next.at().equals(a.at())) {
                        continue;
                    }
                    out.add(new AdaptiveScheduler117Harness.Action(a.at(), "STOP", null).toString());
                } else {
                    out.add(a.toString());
                }
            }
            return out;
        }

        /** Slotwise's decisions in the same form, a STOP and a RESCALE at one instant merged. */
        List<String> slotwiseActions() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < slotwiseActions.size(); i++) {
                Decision d = slotwiseActions.get(i);
                Decision next = i + 1 < slotwiseActions.size() ? slotwiseActions.get(i + 1) : null;
                if (d.action() == Decision.Action.STOP
                        && d.reason() != Reason.TASKS_LOST
                        && next != null
                        && next.isRescale()
                        && next.at().equals(d.at())) {
                    continue;
                }
                out.add(new AdaptiveScheduler117Harness.Action(
                                d.at(),
                                d.action().name(),
                                d.plan()
                                        .map(p -> new TreeMap<>(p.vertexParallelism()))
                                        .orElse(null))
                        .toString());
            }
            return out;
        }

        String describe(String what) {
            return TALLY.seed(index) + what
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
}
