package io.github.slotwise.rescale;

import static io.github.slotwise.rescale.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.RescaleEvent.JobStarted;
import io.github.slotwise.rescale.RescaleEvent.RequirementsChanged;
import io.github.slotwise.rescale.RescaleEvent.SlotsAdded;
import io.github.slotwise.rescale.RescaleEvent.SlotsLost;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link KeyGroupGainGate} on its own and inside the Flink decider. */
class KeyGroupGainGateTest {
    private static final KeyGroupGainGate GATE = new KeyGroupGainGate();

    /** One keyed vertex "count", 128 key groups, bounds [1, 128]. */
    private static final JobGraph COUNT =
            JobGraph.builder().addVertices(keyed("count", 128)).build();

    /** "source" (not keyed) and "count" (keyed, 128 key groups) in one group. */
    private static final JobGraph SOURCE_AND_COUNT = JobGraph.builder()
            .addVertices(
                    JobVertex.builder()
                            .id("source")
                            .slotSharingGroup("default")
                            .parallelism(128)
                            .build(),
                    keyed("count", 128))
            .build();

    private static JobVertex keyed(String id, int maxParallelism) {
        return JobVertex.builder()
                .id(id)
                .slotSharingGroup("default")
                .parallelism(maxParallelism)
                .maxParallelism(maxParallelism)
                .keyed(true)
                .build();
    }

    private static ParallelismPlan plan(JobGraph graph, int slots) {
        return new FlinkParallelismSolver().solve(graph, slots).plan();
    }

    @Test
    void holdsARescaleThatKeepsTheHottestSubtask() {
        Optional<RescaleGate.Hold> hold = GATE.hold(COUNT, plan(COUNT, 96), plan(COUNT, 112));
        assertThat(hold).isPresent();
        assertThat(hold.get().reason()).isEqualTo(Reason.NO_KEY_GROUP_GAIN);
        assertThat(hold.get().explanation())
                .isEqualTo("96 -> 112 keeps 2 key groups on the hottest subtask of count: no key-group gain,"
                        + " staying at {count=96}");
    }

    @Test
    void letsARescaleThroughThatCoolsAnyKeyedVertex() {
        assertThat(GATE.hold(COUNT, plan(COUNT, 96), plan(COUNT, 128))).isEmpty();
        assertThat(GATE.hold(COUNT, plan(COUNT, 40), plan(COUNT, 43))).isEmpty(); // 4 -> 3 key groups
    }

    @Test
    void growingOnlyANonKeyedVertexIsNoGain() {
        Optional<RescaleGate.Hold> hold =
                GATE.hold(SOURCE_AND_COUNT, plan(SOURCE_AND_COUNT, 96), plan(SOURCE_AND_COUNT, 112));
        assertThat(hold.get().explanation())
                .isEqualTo("source 96 -> 112 is not keyed; 96 -> 112 keeps 2 key groups on the hottest subtask of"
                        + " count: no key-group gain, staying at {source=96, count=96}");
        ParallelismPlan sourceOnly =
                new ParallelismPlan(Map.of("source", 100, "count", 96), Map.of("default", 100), 100, List.of());
        assertThat(GATE.hold(SOURCE_AND_COUNT, plan(SOURCE_AND_COUNT, 96), sourceOnly)
                        .get()
                        .explanation())
                .startsWith("source 96 -> 100 is not keyed; no keyed vertex changes");
    }

    @Test
    void aShrinkThatHeatsTheHottestSubtaskIsHeldAndAJobWithoutKeyedVerticesNever() {
        assertThat(GATE.hold(COUNT, plan(COUNT, 64), plan(COUNT, 50)).get().explanation())
                .startsWith("64 -> 50 would raise the hottest subtask of count from 2 to 3 key groups");
        JobGraph stateless = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("map")
                        .slotSharingGroup("default")
                        .parallelism(8)
                        .build())
                .build();
        assertThat(GATE.hold(stateless, plan(stateless, 4), plan(stateless, 5))).isEmpty();
    }

    // ---- inside the decider ---------------------------------------------------------------------

    private static Timeline timeline(RescaleGate gate, JobGraph graph) {
        return new Timeline(new FlinkRescaleDecider(RescalePolicy.FLINK_2, new FlinkParallelismSolver(), gate), graph);
    }

    @Test
    void flink2StaysAt96UntilTheSlotsReachTheNextKeyGroupLevel() {
        Timeline t = timeline(GATE, COUNT);
        assertThat(t.decider.name()).isEqualTo("flink-2+keygroup-skip");
        t.on(0, new JobStarted());
        t.on(1, new SlotsAdded(96));
        t.wakeUpsUntil(49);
        assertThat(t.rescales()).containsExactly("11s:{count=96}");

        Decision d = t.on(50, new SlotsAdded(16));
        assertThat(d.action()).isEqualTo(Action.STAY);
        assertThat(d.reason()).isEqualTo(Reason.NO_KEY_GROUP_GAIN);
        assertThat(d.explanation()).startsWith("96 -> 112 keeps 2 key groups on the hottest subtask of count");
        assertThat(t.state.phase()).contains(DeciderState.Phase.IDLING);
        t.wakeUpsUntil(199);
        assertThat(t.rescales()).containsExactly("11s:{count=96}");

        d = t.on(200, new SlotsAdded(16));
        assertThat(d.action()).isEqualTo(Action.RESCALE);
        assertThat(t.rescales()).containsExactly("11s:{count=96}", "200s:{count=128}");

        // plain Flink 2.x takes the 112 after the 60 s executing stabilization, then the 128 after its cooldown
        Timeline flink = new Timeline(new FlinkRescaleDecider(RescalePolicy.FLINK_2), COUNT);
        flink.on(0, new JobStarted());
        flink.on(1, new SlotsAdded(96));
        flink.on(50, new SlotsAdded(16));
        flink.wakeUpsUntil(199);
        flink.on(200, new SlotsAdded(16));
        flink.wakeUpsUntil(300);
        assertThat(flink.rescales()).containsExactly("11s:{count=96}", "110s:{count=112}", "200s:{count=128}");
    }

    @Test
    void aRescaleTheJobMustMakeIsNeverHeld() {
        Timeline t = timeline(GATE, COUNT);
        t.on(0, new JobStarted());
        t.on(1, new SlotsAdded(112));
        t.wakeUpsUntil(60);
        assertThat(t.rescales()).containsExactly("11s:{count=112}");
        // a new upper bound of 100 makes 112 inadmissible: the job goes to 100 (desired resources, at once),
        // though that keeps 2 key groups on the hottest subtask
        t.on(100, new RequirementsChanged(Map.of("count", new VertexBounds(1, 100))));
        t.wakeUpsUntil(300);
        assertThat(t.rescales()).containsExactly("11s:{count=112}", "100s:{count=100}");
        // idle slots lost: the running 100 still fits in 100 slots and nothing changes
        Decision d = t.on(400, new SlotsLost(12, false));
        assertThat(d.reason()).isEqualTo(Reason.PARALLELISM_UNCHANGED);
    }

    @Test
    void legacyGenerationsHoldTheRestartToo() {
        Timeline t = new Timeline(
                new FlinkRescaleDecider(RescalePolicy.FLINK_1_18, new FlinkParallelismSolver(), GATE), COUNT);
        t.on(0, new JobStarted());
        t.on(1, new SlotsAdded(96));
        t.wakeUpsUntil(20);
        assertThat(t.rescales()).containsExactly("11s:{count=96}");
        Decision d = t.on(30, new SlotsAdded(16));
        assertThat(d.action()).isEqualTo(Action.STAY);
        assertThat(d.reason()).isEqualTo(Reason.NO_KEY_GROUP_GAIN);
        assertThat(t.decisions).noneMatch(x -> x.action() == Action.STOP);
        t.on(40, new SlotsAdded(16));
        t.wakeUpsUntil(100);
        assertThat(t.rescales()).containsExactly("11s:{count=96}", "40s:{count=128}");
        assertThat(at(40))
                .isEqualTo(t.decisions.stream()
                        .filter(Decision::isRescale)
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .at());
    }
}
