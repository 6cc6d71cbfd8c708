package org.apache.flink.runtime.scheduler.adaptive;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
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
import org.apache.flink.runtime.instance.SlotSharingGroupId;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.SchedulerBase;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.allocator.Flink120GroupOrder;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of Slotwise's {@link FlinkRescaleDecider} ({@code FLINK_1_20}) against Flink
 * 1.20.3's own rescale decisions (FLIP-322), the oracle: {@link AdaptiveScheduler120Harness} runs
 * Flink's {@code WaitingForResources}, {@code Executing} and {@code Restarting} with Flink's
 * rescaling controllers on a manual clock and main thread (see the harness for what is Flink's code,
 * what is restated and how Executing's {@code Instant.now()} is aligned with the simulated clock).
 *
 * <p>Each case is a random small job (1–5 vertices in 1–3 slot-sharing groups, Flink's default
 * parallelism store or random resource requirements), a random 1.20 policy (submission wait and
 * stabilization timeouts, scaling-interval.min, scaling-interval.max unset or above it,
 * min-parallelism-increase 1–4, restart backoff) and a random trace: slots before the start (the
 * desired count, a sufficient count, or none), the job's start, then 5–40 events (slots added, idle
 * slots lost, slots with running tasks lost, new resource requirements, some equal to the current
 * ones). Times and durations are multiples of 1 ms, 1 s or 5 s, so that events and timers often fall
 * on the same instant. After every event the test compares
 * every start, rescale, stop and failure so far (time and parallelism per vertex; a restart to rescale
 * that redeploys at the same instant is one rescale, as Slotwise reports it) and the scheduler state.
 *
 * <p>The job's slot-sharing groups are handed to Slotwise in the order 1.20's {@code
 * determineParallelism} visits them ({@link Flink120GroupOrder}), so the two agree on which group
 * gets a division remainder.
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed,
 * the case, the policy, the job and the trace so far.
 */
class RescaleDecision120DifferentialTest {
    static final long DEFAULT_SEED = 20260612L;
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
                "RescaleDecision120DifferentialTest: seed=%d, compared with flink-runtime 1.20.3 in %.1f s: %s%n",
                SEED, (System.nanoTime() - startNanos) / 1e9, COUNTS);
    }

    static void count(String what) {
        COUNTS.merge(what, 1L, Long::sum);
    }

    @Test
    void slotwiseDecidesWhenFlink120sAdaptiveSchedulerDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < TRACES; c++) {
            new Case(c, random.split()).run();
        }
    }

    /** Slotwise's view of a Flink 1.20 job, groups in 1.20's {@code determineParallelism} order. */
    static io.github.slotwise.model.JobGraph slotwiseGraph(JobInformation info) {
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
        List<String> groups = new ArrayList<>();
        for (SlotSharingGroupId g : Flink120GroupOrder.parallelismGroupOrder(info)) {
            groups.add(g.toHexString());
        }
        return graph.slotSharingGroupOrder(groups).build();
    }

    private static final class Case {
        final int index;
        final SplittableRandom random;
        final long tick;
        final RescalePolicy policy;
        final JobGraph flinkGraph;
        final ManualMainThread mainThread = new ManualMainThread(T0);
        final AdaptiveScheduler120Harness flink;
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
            VertexParallelismStore store = randomStore();
            this.flink = new AdaptiveScheduler120Harness(
                    mainThread,
                    new AdaptiveScheduler120Harness.Settings(
                            policy.submissionResourceWaitTimeout(),
                            policy.submissionResourceStabilizationTimeout(),
                            policy.cooldownAfterRescaling(),
                            policy.scalingIntervalMax().orElse(null),
                            policy.minParallelismIncrease(),
                            policy.restartBackoff()),
                    flinkGraph,
                    store,
                    flinkAllocator());
            this.decider = new FlinkRescaleDecider(policy);
            this.slotwise = decider.initialState(slotwiseGraph(flink.jobInformation()));
        }

        /** A multiple of the case's tick (1 ms, 1 s or 5 s) up to about {@code maxSeconds}. */
        Duration ticks(int maxSeconds) {
            long max = maxSeconds * 1_000L / tick;
            return Duration.ofMillis(tick * random.nextLong(max + 1));
        }

        RescalePolicy randomPolicy() {
            Duration min = ticks(60);
            RescalePolicy.Builder b = RescalePolicy.builder()
                    .generation(RescalePolicy.Generation.FLINK_1_20)
                    .submissionResourceWaitTimeout(
                            random.nextInt(4) == 0
                                    ? Duration.ofMillis(-1)
                                    : Duration.ofSeconds(10).plus(ticks(170)))
                    .submissionResourceStabilizationTimeout(ticks(30))
                    .cooldownAfterRescaling(min)
                    .minParallelismIncrease(1 + random.nextInt(4))
                    .restartBackoff(ticks(10));
            if (random.nextBoolean()) {
                // at least 1 s above min: the harness's clock alignment needs half the gap
                b.scalingIntervalMax(min.plus(Duration.ofSeconds(1)).plus(ticks(120)));
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
            if (random.nextBoolean()) {
                count("jobs: default store");
                return base;
            }
            count("jobs: resource requirements");
            JobResourceRequirements.Builder b = JobResourceRequirements.newBuilder();
            for (org.apache.flink.runtime.jobgraph.JobVertex v : flinkGraph.getVertices()) {
                VertexBounds bounds =
                        randomBounds(base.getParallelismInfo(v.getID()).getMaxParallelism());
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
        }

        void advance() {
            now = now.plus(ticks(random.nextInt(8) == 0 ? 120 : 20));
        }

        /** An event that fits the job as it is at {@code now}, once the timers due by then have fired. */
        RescaleEvent randomEvent() {
            DeciderState atNow =
                    decider.decide(slotwise, new RescaleEvent.WakeUp(), now).state();
            int available = atNow.availableSlots();
            int used = atNow.running().map(p -> p.slotsUsed()).orElse(0);
            int roll = random.nextInt(100);
            if (roll < 45 || available == 0) {
                return new RescaleEvent.SlotsAdded(1 + random.nextInt(3));
            } else if (roll < 60 && available > used) {
                return new RescaleEvent.SlotsLost(1 + random.nextInt(available - used), false);
            } else if (roll < 68) {
                return new RescaleEvent.SlotsLost(1 + random.nextInt(available), true);
            } else {
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
                                JobVertexID.fromHexString(id), bounds.lowerBound(), bounds.upperBound()));
                if (!flink.updateJobResourceRequirements(b.build())) {
                    count("events: RequirementsChanged that change no bound");
                }
            }
            mainThread.runUntil(now);
            compare();
        }

        /**
         * Flink's actions as Slotwise reports them: a restart to rescale (Executing to Restarting with
         * backoff 0, then WaitingForResources) that redeploys at the same instant is one RESCALE;
         * otherwise it is a STOP, and the later start a RESCALE of its own.
         */
        List<String> flinkActions() {
            List<String> out = new ArrayList<>();
            List<AdaptiveScheduler120Harness.Action> actions = flink.actions();
            for (int i = 0; i < actions.size(); i++) {
                AdaptiveScheduler120Harness.Action a = actions.get(i);
                if (a.what().equals("RESTART")) {
                    AdaptiveScheduler120Harness.Action next = i + 1 < actions.size() ? actions.get(i + 1) : null;
                    if (next != null
                            && next.what().equals("RESCALE")
                            && next.at().equals(a.at())) {
                        continue; // the RESCALE that follows stands for both
                    }
                    out.add(new AdaptiveScheduler120Harness.Action(a.at(), "STOP", null, null).toString());
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
                    count("Slotwise STOP and RESCALE at one instant, in two decide calls");
                    continue;
                }
                out.add(new AdaptiveScheduler120Harness.Action(
                                d.at(),
                                d.action().name(),
                                d.plan()
                                        .map(p -> new TreeMap<>(p.vertexParallelism()))
                                        .orElse(null),
                                null)
                        .toString());
            }
            return out;
        }

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
            count("compared: " + flinkState);
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

    static SlotSharingSlotAllocator flinkAllocator() {
        return SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
                (id, profile) -> {
                    throw new UnsupportedOperationException();
                },
                (id, cause, ts) -> {},
                id -> false,
                false,
                null,
                false);
    }
}
