package io.github.slotwise.rescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.Decision.Action;
import io.github.slotwise.rescale.RescaleEvent.JobStarted;
import io.github.slotwise.rescale.RescaleEvent.SlotsAdded;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The formula of {@link RescaleCostModel}, worked by hand, and the decider that uses it. */
class RescaleCostModelTest {
    private static final RescaleCostModel MODEL = RescaleCostModel.DEFAULT;

    /** "source" (not keyed) and "count" (keyed, 128 key groups) in one group. */
    private static final JobGraph SOURCE_AND_COUNT = JobGraph.builder()
            .addVertices(
                    JobVertex.builder()
                            .id("source")
                            .slotSharingGroup("default")
                            .parallelism(128)
                            .build(),
                    JobVertex.builder()
                            .id("count")
                            .slotSharingGroup("default")
                            .parallelism(128)
                            .maxParallelism(128)
                            .keyed(true)
                            .build())
            .build();

    private static final JobGraph COUNT =
            JobGraph.builder().addVertices(SOURCE_AND_COUNT.vertex("count")).build();

    private static final JobGraph STATELESS =
            JobGraph.builder().addVertices(SOURCE_AND_COUNT.vertex("source")).build();

    private static ParallelismPlan plan(JobGraph graph, int slots) {
        return new FlinkParallelismSolver().solve(graph, slots).plan();
    }

    @Test
    void effectiveParallelismCountsKeyedSubtasksByTheirHottest() {
        JobVertex count = COUNT.vertex("count");
        assertThat(RescaleCostModel.effectiveParallelism(count, 96)).isEqualTo(64.0);
        assertThat(RescaleCostModel.effectiveParallelism(count, 112)).isEqualTo(64.0);
        assertThat(RescaleCostModel.effectiveParallelism(count, 128)).isEqualTo(128.0);
        assertThat(RescaleCostModel.effectiveParallelism(count, 43)).isCloseTo(128 / 3.0, within(1e-12));
        assertThat(RescaleCostModel.effectiveParallelism(STATELESS.vertex("source"), 96))
                .isEqualTo(96.0);
    }

    @Test
    void growing96To112BuysNothingForAKeyedOnlyJob() {
        // K = 64 -> 64: benefit 0; 123 of 128 key groups change subtask index (KeyGroupOverlap.movement),
        // 984 MiB downloaded in all; each subtask downloads its own over its own link (one slot per
        // TaskManager), and the most any new subtask downloads is 2 key groups (its whole range of 2):
        // 16 MiB at 100 MiB/s = 0.16 s, plus the 10 s restart: cost 64 x 10.16 = 650.24
        RescaleCostModel.Estimate e = MODEL.estimate(COUNT, plan(COUNT, 96), plan(COUNT, 112));
        assertThat(e.capacityBefore()).isEqualTo(64.0);
        assertThat(e.capacityAfter()).isEqualTo(64.0);
        assertThat(e.keyGroupsMoved()).isEqualTo(123);
        assertThat(e.stateBytesMoved()).isEqualTo(123L * 8 * 1024 * 1024);
        assertThat(e.downtimeSeconds()).isCloseTo(10.16, within(1e-9));
        assertThat(e.benefit()).isEqualTo(0.0);
        assertThat(e.cost()).isCloseTo(650.24, within(1e-6));
        assertThat(e.worthIt()).isFalse();
        assertThat(MODEL.hold(COUNT, plan(COUNT, 96), plan(COUNT, 112)).get())
                .isEqualTo(new RescaleGate.Hold(
                        Reason.RESCALE_COST_EXCEEDS_BENEFIT,
                        "{count=96} -> {count=112} not worth it: benefit 0.0 < cost 650.2 subtask-s; benefit ="
                                + " (64.0 - 64.0 effective subtasks) x 600 s horizon, cost = 64.0 x 10.2 s down (10.0 s"
                                + " restart, then the slowest subtask's download and restore; 123 key groups moved,"
                                + " 1.032 GB downloaded)"));
    }

    @Test
    void theSourceGrowingPaysForTheRestart() {
        // K = 96 + 64 = 160 -> 112 + 64 = 176: benefit 16 x 600 = 9600 >= cost 160 x 10.16 = 1625.6
        RescaleCostModel.Estimate e =
                MODEL.estimate(SOURCE_AND_COUNT, plan(SOURCE_AND_COUNT, 96), plan(SOURCE_AND_COUNT, 112));
        assertThat(e.benefit()).isCloseTo(9600.0, within(1e-9));
        assertThat(e.cost()).isCloseTo(1625.6, within(1e-6));
        assertThat(MODEL.hold(SOURCE_AND_COUNT, plan(SOURCE_AND_COUNT, 96), plan(SOURCE_AND_COUNT, 112)))
                .isEmpty();
    }

    @Test
    void aStatelessJobRescalesForAtLeastDowntimeOverHorizonMoreCapacity() {
        // 10 s / 600 s = 1/60: from 60 subtasks one more is exactly worth it, from 61 it is not
        assertThat(MODEL.estimate(STATELESS, plan(STATELESS, 60), plan(STATELESS, 61))
                        .worthIt())
                .isTrue();
        assertThat(MODEL.estimate(STATELESS, plan(STATELESS, 61), plan(STATELESS, 62))
                        .worthIt())
                .isFalse();
        assertThat(MODEL.estimate(STATELESS, plan(STATELESS, 61), plan(STATELESS, 63))
                        .worthIt())
                .isTrue();
        // a shrink never pays
        assertThat(MODEL.estimate(STATELESS, plan(STATELESS, 61), plan(STATELESS, 40))
                        .worthIt())
                .isFalse();
    }

    @Test
    void theParametersAreValidated() {
        assertThatThrownBy(() -> new RescaleCostModel(Duration.ZERO, Duration.ZERO, 0, 1))
                .hasMessageContaining("horizon");
        assertThatThrownBy(() -> new RescaleCostModel(Duration.ofMinutes(1), Duration.ofSeconds(-1), 0, 1))
                .hasMessageContaining("restartTime");
        assertThatThrownBy(() -> new RescaleCostModel(Duration.ofMinutes(1), Duration.ZERO, -1, 1))
                .hasMessageContaining("stateBytesPerKeyGroup");
        assertThatThrownBy(() -> new RescaleCostModel(Duration.ofMinutes(1), Duration.ZERO, 0, 0))
                .hasMessageContaining("stateBytesPerSecond");
        assertThat(MODEL.name()).isEqualTo("cost-aware");
    }

    @Test
    void flink2HoldsTheSmallRescaleAndTakesTheBigOne() {
        Timeline t = new Timeline(
                new FlinkRescaleDecider(RescalePolicy.FLINK_2, new FlinkParallelismSolver(), MODEL), STATELESS);
        assertThat(t.decider.name()).isEqualTo("flink-2+cost-aware");
        t.on(0, new JobStarted());
        t.on(1, new SlotsAdded(100));
        t.wakeUpsUntil(49);
        assertThat(t.rescales()).containsExactly("11s:{source=100}");
        // 1 more of 100: 600 subtask-s < 100 x 10 s
        Decision d = t.on(50, new SlotsAdded(1));
        assertThat(d.action()).isEqualTo(Action.STAY);
        assertThat(d.reason()).isEqualTo(Reason.RESCALE_COST_EXCEEDS_BENEFIT);
        assertThat(d.explanation())
                .startsWith("{source=100} -> {source=101} not worth it: benefit 600.0 < cost 1000.0 subtask-s");
        t.wakeUpsUntil(199);
        // 2 more (103): 1800 >= 1000
        t.on(200, new SlotsAdded(2));
        t.wakeUpsUntil(300);
        assertThat(t.rescales()).containsExactly("11s:{source=100}", "260s:{source=103}");
    }
}
