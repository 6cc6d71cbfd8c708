package io.github.slotwise.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The downtime formula and the state split, worked by hand. */
class RestoreModelTest {
    private static final RestoreModel MODEL = new RestoreModel(true, 100_000_000L, Duration.ofSeconds(2));

    private static SubtaskRestore restore(String vertex, int index, String tm, long local, long downloaded) {
        return new SubtaskRestore(new SubtaskId(vertex, index), tm, local, downloaded);
    }

    private static ParallelismPlan plan(int p) {
        return new ParallelismPlan(Map.of("count", p), Map.of("default", p), p, List.of());
    }

    @Test
    void theSlowestSubtaskDecidesAndATaskManagersDownloadsShareItsLink() {
        // tm-1 downloads 0.5 GB + 0.3 GB = 0.8 GB at 0.1 GB/s: 8 s; tm-2 1 GB: 10 s.
        // a: 8 s + 1.5 GB x 2 s/GB = 11 s; b: 8 s + 0.6 s = 8.6 s; c: 10 s + 2 s = 12 s. Plus 10 s fixed: 22 s.
        RestoreModel.Downtime d = MODEL.downtime(
                Duration.ofSeconds(10),
                List.of(
                        restore("count", 0, "tm-1", 1_000_000_000L, 500_000_000L),
                        restore("count", 1, "tm-1", 0, 300_000_000L),
                        restore("count", 2, "tm-2", 0, 1_000_000_000L)));
        assertThat(d.total()).isEqualTo(Duration.ofSeconds(22));
        assertThat(d.fixed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.stateTime()).isEqualTo(Duration.ofSeconds(12));
        assertThat(d.localBytes()).isEqualTo(1_000_000_000L);
        assertThat(d.downloadedBytes()).isEqualTo(1_800_000_000L);
        assertThat(d.slowest()).contains(new SubtaskId("count", 2));
    }

    @Test
    void withoutStateOnlyTheFixedCostRemains() {
        RestoreModel.Downtime d = MODEL.downtime(Duration.ofSeconds(10), List.of());
        assertThat(d.total()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.slowest()).isEmpty();
        assertThat(MODEL.downtime(Duration.ZERO, List.of(restore("count", 0, "tm-1", 0, 0)))
                        .total())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void timesRoundUpToTheNanosecond() {
        RestoreModel slow = new RestoreModel(false, 3, Duration.ZERO);
        // 1 byte at 3 bytes/s: 333 333 333.3 ns, rounded up
        assertThat(slow.downloadTime(1)).isEqualTo(Duration.ofNanos(333_333_334L));
        // 7 bytes at 2 s per 10^9 bytes: 14 ns exactly
        assertThat(MODEL.restoreTime(7)).isEqualTo(Duration.ofNanos(14));
        // the largest sizes do not overflow silently: 2^62 bytes at 1 byte/s is beyond a Duration's nanoseconds
        RestoreModel crawl = new RestoreModel(false, 1, Duration.ZERO);
        assertThatThrownBy(() -> crawl.downloadTime(1L << 62)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aTotalIsSplitOverKeyGroupsExactly() {
        JobVertex count = JobVertex.builder()
                .id("count")
                .slotSharingGroup("default")
                .parallelism(3)
                .maxParallelism(3)
                .keyed(true)
                .build();
        JobVertex source = JobVertex.builder()
                .id("source")
                .slotSharingGroup("default")
                .parallelism(3)
                .build();
        KeyedState state = new KeyedState(5, Map.of("count", 1000L));
        // floor(1000 k / 3): 0, 333, 666, 1000
        assertThat(state.bytes(count, 0, 1)).isEqualTo(333);
        assertThat(state.bytes(count, 1, 2)).isEqualTo(333);
        assertThat(state.bytes(count, 2, 3)).isEqualTo(334);
        assertThat(state.bytes(count)).isEqualTo(1000);
        assertThat(state.bytes(source)).isZero();
        assertThat(KeyedState.perKeyGroup(5).bytes(count, 1, 3)).isEqualTo(10);
        assertThatThrownBy(() -> state.bytes(count, 2, 4)).hasMessageContaining("[2, 4)");
    }

    @Test
    void theGatesEstimateKeepsSubtaskIndexesOnTheirTaskManagers() {
        // 8 key groups of 1000 bytes; 2 -> 4 subtasks, 2 slots per TaskManager: old subtasks 0 = [0,4)
        // and 1 = [4,8) both ran on tm-0; new 0 = [0,2) and 1 = [2,4) run there again, local; new 2 =
        // [4,6) and 3 = [6,8) run on tm-1, downloaded.
        JobVertex count = JobVertex.builder()
                .id("count")
                .slotSharingGroup("default")
                .parallelism(4)
                .maxParallelism(8)
                .keyed(true)
                .build();
        JobGraph graph = JobGraph.builder().addVertices(count).build();
        List<SubtaskRestore> restores = MODEL.estimateRescale(graph, KeyedState.perKeyGroup(1000), plan(2), plan(4), 2);
        assertThat(restores)
                .containsExactly(
                        restore("count", 0, "tm-0", 2000, 0),
                        restore("count", 1, "tm-0", 2000, 0),
                        restore("count", 2, "tm-1", 0, 2000),
                        restore("count", 3, "tm-1", 0, 2000));
        // with one slot per TaskManager only what keeps its subtask index is local: new 1 = [2,4) was old 0's
        assertThat(MODEL.estimateRescale(graph, KeyedState.perKeyGroup(1000), plan(2), plan(4), 1)
                        .get(1))
                .isEqualTo(restore("count", 1, "tm-1", 0, 2000));
        // without local recovery new 0 downloads too
        assertThat(MODEL.withLocalRecovery(false)
                        .estimateRescale(graph, KeyedState.perKeyGroup(1000), plan(2), plan(4), 2)
                        .get(0))
                .isEqualTo(restore("count", 0, "tm-0", 0, 2000));
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new RestoreModel(true, 0, Duration.ZERO))
                .hasMessage("RestoreModel.downloadBytesPerSecond must be positive, got 0");
        assertThatThrownBy(() -> new RestoreModel(true, 1, Duration.ofHours(2)))
                .hasMessage("RestoreModel.restorePerGigabyte must be in [0 s, 1 h], got PT2H");
        assertThatThrownBy(() -> KeyedState.perKeyGroup(-1))
                .hasMessage("KeyedState.bytesPerKeyGroup must be in [0, 1099511627776], got -1");
        assertThatThrownBy(() -> new KeyedState(0, Map.of("count", (1L << 47) + 1)))
                .hasMessage("KeyedState.totalBytes of vertex 'count' must be in [0, 140737488355328], got "
                        + ((1L << 47) + 1));
        assertThatThrownBy(() -> MODEL.downtime(Duration.ofSeconds(-1), List.of()))
                .hasMessageContaining("PT-1S");
    }

    /** The long arithmetic of the ceiling gives what exact integer arithmetic gives, near and beyond a long. */
    @Test
    void ceilOfProductOverIsExact() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long a = random.nextInt(3) == 0 ? random.nextLong(0, Long.MAX_VALUE) : random.nextLong(0, 1L << 48);
            long b = random.nextInt(3) == 0 ? random.nextLong(0, 4_000_000_000_000L) : random.nextLong(0, 1L << 31);
            long d =
                    switch (random.nextInt(4)) {
                        case 0, 1 -> 1_000_000_000L;
                        case 2 -> random.nextLong(1, 1L << 31); // the 128-bit long division
                        default -> random.nextLong(1, Long.MAX_VALUE);
                    };
            java.math.BigInteger[] qr = java.math.BigInteger.valueOf(a)
                    .multiply(java.math.BigInteger.valueOf(b))
                    .divideAndRemainder(java.math.BigInteger.valueOf(d));
            java.math.BigInteger exact = qr[1].signum() == 0 ? qr[0] : qr[0].add(java.math.BigInteger.ONE);
            if (exact.bitLength() <= 63) {
                assertThat(RestoreModel.ceilOfProductOver(a, b, d).toNanos())
                        .as("%d x %d / %d", a, b, d)
                        .isEqualTo(exact.longValueExact());
                assertThat(RestoreModel.ceilOfProductOverNanos(a, b, d))
                        .as("%d x %d / %d", a, b, d)
                        .isEqualTo(exact.longValueExact());
            } else {
                assertThatThrownBy(() -> RestoreModel.ceilOfProductOver(a, b, d))
                        .isInstanceOf(ArithmeticException.class);
                assertThatThrownBy(() -> RestoreModel.ceilOfProductOverNanos(a, b, d))
                        .isInstanceOf(ArithmeticException.class);
            }
        }
    }

    /**
     * The downtime's long arithmetic picks the subtask and the time that the formula in durations picks
     * (the first slowest, in the restores' order), with times from nanoseconds to beyond 2^63 ns.
     */
    @Test
    void theDowntimeIsTheFormulaInDurations() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int c = 0; c < 2_000; c++) {
            RestoreModel model = new RestoreModel(
                    random.nextBoolean(),
                    random.nextInt(4) == 0 ? random.nextLong(1, 1000) : random.nextLong(1, 1L << 40),
                    Duration.ofNanos(random.nextLong(0, Duration.ofHours(1).toNanos() + 1)));
            List<SubtaskRestore> restores = new java.util.ArrayList<>();
            int n = random.nextInt(0, 30);
            for (int i = 0; i < n; i++) {
                long most = random.nextInt(3) == 0 ? 1L << 47 : 1L << 33;
                restores.add(restore(
                        "v" + random.nextInt(3),
                        i,
                        "tm-" + random.nextInt(5),
                        random.nextLong(0, most),
                        random.nextInt(4) == 0 ? 0 : random.nextLong(0, most)));
            }
            Duration fixed = Duration.ofMillis(random.nextLong(0, 100_000));
            // the formula in durations
            Map<String, Long> perTaskManager = new java.util.HashMap<>();
            restores.forEach(r -> perTaskManager.merge(r.taskManagerId(), r.downloadedBytes(), Math::addExact));
            Duration slowestTime = Duration.ZERO;
            SubtaskId slowest = null;
            boolean beyond = false;
            for (SubtaskRestore r : restores) {
                Duration t;
                try {
                    t = model.downloadTime(perTaskManager.get(r.taskManagerId()))
                            .plus(model.restoreTime(r.bytes()));
                } catch (ArithmeticException e) {
                    beyond = true; // a part beyond 2^63 ns: both ways fail
                    break;
                }
                if (slowest == null || t.compareTo(slowestTime) > 0) {
                    slowestTime = t;
                    slowest = r.subtask();
                }
            }
            if (beyond) {
                assertThatThrownBy(() -> model.downtime(fixed, restores)).isInstanceOf(ArithmeticException.class);
                continue;
            }
            RestoreModel.Downtime d = model.downtime(fixed, restores);
            assertThat(d.stateTime()).isEqualTo(slowestTime);
            assertThat(d.total()).isEqualTo(fixed.plus(slowestTime));
            assertThat(d.slowest()).isEqualTo(java.util.Optional.ofNullable(slowest));
        }
    }
}
