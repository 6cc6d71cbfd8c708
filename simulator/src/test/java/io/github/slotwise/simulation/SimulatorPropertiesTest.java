package io.github.slotwise.simulation;

import static io.github.slotwise.simulation.Traces.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import io.github.slotwise.simulation.TraceEvent.CheckpointCompleted;
import io.github.slotwise.simulation.TraceEvent.CheckpointFailed;
import io.github.slotwise.simulation.TraceEvent.RequirementsChanged;
import io.github.slotwise.simulation.TraceEvent.TaskManagerJoined;
import io.github.slotwise.simulation.TraceEvent.TaskManagerKilled;
import io.github.slotwise.simulation.TraceEvent.TaskManagerStopped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Determinism and time-shift invariance over seeded random traces, for every preset: TaskManagers
 * join, stop, are killed and come back (some within the heartbeat timeout), checkpoints complete and
 * fail, requirements change.
 */
class SimulatorPropertiesTest {
    private static final int TRACES = 20;

    /** Two slot-sharing groups; "count" is keyed. */
    private static final JobGraph JOB = JobGraph.builder()
            .addVertices(
                    JobVertex.builder()
                            .id("source")
                            .slotSharingGroup("A")
                            .parallelism(3)
                            .maxParallelism(8)
                            .build(),
                    JobVertex.builder()
                            .id("count")
                            .slotSharingGroup("A")
                            .parallelism(6)
                            .maxParallelism(12)
                            .keyed(true)
                            .build(),
                    JobVertex.builder()
                            .id("sink")
                            .slotSharingGroup("B")
                            .parallelism(2)
                            .maxParallelism(4)
                            .build())
            .build();

    private static final Duration SHIFT = Duration.ofDays(3).plusMillis(1234);

    private static List<RescalePolicy> policies() {
        RescalePolicy checkpointed = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(20))
                .build();
        RescalePolicy forced = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_1_20)
                .minParallelismIncrease(2)
                .scalingIntervalMax(Duration.ofSeconds(90))
                .build();
        return List.of(
                RescalePolicy.FLINK_1_17,
                RescalePolicy.FLINK_1_18,
                RescalePolicy.FLINK_1_20,
                forced,
                RescalePolicy.FLINK_2,
                checkpointed,
                RescalePolicy.REACTIVE,
                RescalePolicy.FLINK_1_20.asReactive());
    }

    private static boolean acceptsRequirements(RescalePolicy p) {
        return !p.reactive() && p.generation() != Generation.FLINK_1_17;
    }

    @Test
    void theSameInputsGiveEqualResultsAndShiftedTracesGiveShiftedResults() {
        Simulator simulator = new Simulator();
        SimulationConfig config = SimulationConfig.defaults().withHeartbeatTimeout(Duration.ofSeconds(30));
        SimulationConfig locality = config.withAssigner(new FlinkStateLocalitySlotAssigner());
        int decisions = 0;
        for (int seed = 0; seed < TRACES; seed++) {
            for (RescalePolicy policy : policies()) {
                ClusterTrace trace = randomTrace(new Random(seed), acceptsRequirements(policy), seed % 3 == 0);
                RescaleDecider decider = new FlinkRescaleDecider(policy);
                SimulationConfig c = seed % 2 == 0 ? config : locality;
                SimulationResult first = simulator.run(JOB, trace, decider, c);
                SimulationResult again = simulator.run(JOB, trace, new FlinkRescaleDecider(policy), c);
                assertThat(again).as("seed %s, %s", seed, decider.name()).isEqualTo(first);

                SimulationResult shifted = simulator.run(JOB, trace.shiftedBy(SHIFT), decider, c);
                assertShiftedBy(first, shifted, SHIFT, "seed " + seed + ", " + decider.name());
                checkInvariants(first, trace);
                decisions += first.decisions().size();
            }
        }
        assertThat(decisions).isGreaterThan(TRACES * policies().size() * 5);
    }

    /** An entry with its times moved back by {@code delta}, and the decision without its explanation. */
    private record Normalized(
            Instant time,
            String cause,
            int availableSlots,
            Object running,
            Object keyGroupsMoved,
            Object at,
            Object action,
            Object reason,
            Object plan,
            Object wakeUpAt) {
        static Normalized of(TimelineEntry e, Duration delta) {
            Decision d = e.decision().orElse(null);
            return new Normalized(
                    e.time().minus(delta),
                    e.cause(), // causes name times relative to the trace start
                    e.availableSlots(),
                    e.running(),
                    e.keyGroupsMoved(),
                    d == null ? null : d.at().minus(delta),
                    d == null ? null : d.action(),
                    d == null ? null : d.reason(),
                    d == null ? null : d.plan(),
                    d == null ? null : d.wakeUpAt().map(t -> t.minus(delta)));
        }
    }

    private static void assertShiftedBy(SimulationResult a, SimulationResult b, Duration delta, String what) {
        // explanations may quote absolute times; everything else must match once shifted back
        List<Normalized> expected =
                a.timeline().stream().map(e -> Normalized.of(e, Duration.ZERO)).toList();
        List<Normalized> actual =
                b.timeline().stream().map(e -> Normalized.of(e, delta)).toList();
        assertThat(actual).as(what).isEqualTo(expected);
        Summary s = a.summary();
        Summary shifted = new Summary(
                s.deployments(),
                s.rescales(),
                s.failureRestarts(),
                s.firstStart().map(t -> t.plus(delta)),
                s.restartDowntime(),
                s.stalledTime(),
                s.notRunningTime(),
                s.slotSecondsUsed(),
                s.slotSecondsAvailable(),
                s.timeToDesiredParallelism(),
                s.finalParallelism(),
                s.finalState(),
                s.keyGroupsMoved(),
                s.peakSkew(),
                s.stateBytesDownloaded(),
                s.stateBytesLocal());
        assertThat(b.summary()).as(what).isEqualTo(shifted);
    }

    private static void checkInvariants(SimulationResult r, ClusterTrace trace) {
        Instant previous = trace.start();
        for (TimelineEntry e : r.timeline()) {
            assertThat(e.time()).isAfterOrEqualTo(previous).isBeforeOrEqualTo(trace.end());
            previous = e.time();
            e.decision().flatMap(Decision::plan).ifPresent(p -> assertThat(p.slotsUsed())
                    .isLessThanOrEqualTo(e.availableSlots()));
        }
        Summary s = r.summary();
        assertThat(s.slotSecondsUsed()).isLessThanOrEqualTo(s.slotSecondsAvailable());
        Duration sinceStart =
                s.firstStart().map(t -> Duration.between(t, trace.end())).orElse(Duration.ZERO);
        assertThat(s.downtime()).isLessThanOrEqualTo(sinceStart);
        assertThat(s.deployments()).isLessThanOrEqualTo(1 + s.rescales() + s.failureRestarts());
        assertThat(r.rescales()).hasSize(s.deployments());
    }

    /** A random but valid trace of about 40 events over up to 20 min. */
    static ClusterTrace randomTrace(Random random, boolean requirements, boolean checkpointing) {
        List<TraceEvent> events = new ArrayList<>();
        Map<String, Integer> present = new LinkedHashMap<>();
        Map<String, Integer> killed = new LinkedHashMap<>();
        int nextId = 0;
        long t = 0;
        int count = 20 + random.nextInt(30);
        for (int i = 0; i < count; i++) {
            t += random.nextInt(4) == 0 ? 0 : random.nextInt(40); // ties are common
            Instant at = T0.plusSeconds(t);
            int kind = random.nextInt(10);
            if (kind <= 3 || present.isEmpty()) {
                if (!killed.isEmpty() && random.nextBoolean()) {
                    String id = killed.keySet().iterator().next();
                    int slots = killed.remove(id);
                    present.put(id, slots);
                    events.add(new TaskManagerJoined(at, id, slots));
                } else {
                    String id = "tm-" + nextId++;
                    int slots = 1 + random.nextInt(3);
                    present.put(id, slots);
                    events.add(new TaskManagerJoined(at, id, slots));
                }
            } else if (kind <= 5) {
                String id = pick(random, present);
                int slots = present.remove(id);
                if (random.nextBoolean()) {
                    events.add(new TaskManagerStopped(at, id));
                } else {
                    killed.put(id, slots);
                    events.add(new TaskManagerKilled(at, id));
                }
            } else if (kind == 6) {
                events.add(new CheckpointCompleted(at));
            } else if (kind == 7) {
                events.add(new CheckpointFailed(at));
            } else if (requirements) {
                int upper = 1 + random.nextInt(12);
                events.add(new RequirementsChanged(
                        at, Map.of("count", new VertexBounds(1 + random.nextInt(upper), upper))));
            }
        }
        ClusterTrace trace = new ClusterTrace(T0, T0.plusSeconds(t + random.nextInt(200)), events);
        return checkpointing ? trace.withCheckpointInterval(Duration.ofSeconds(20)) : trace;
    }

    private static String pick(Random random, Map<String, Integer> present) {
        List<String> ids = new ArrayList<>(present.keySet());
        return ids.get(random.nextInt(ids.size()));
    }
}
