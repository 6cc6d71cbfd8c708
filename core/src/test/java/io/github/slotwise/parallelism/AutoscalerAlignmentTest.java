package io.github.slotwise.parallelism;

import static io.github.slotwise.parallelism.AutoscalerAlignment.Mode.BALANCED;
import static io.github.slotwise.parallelism.AutoscalerAlignment.Mode.EVENLY_SPREAD;
import static io.github.slotwise.parallelism.AutoscalerAlignment.Mode.OFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flink-autoscaler's alignment rule, on the examples of its docs and review threads, and the
 * contrast with {@link KeyGroupAwareParallelismSolver} that docs/strategies.md tabulates.
 */
class AutoscalerAlignmentTest {

    @Test
    void balancedAcceptsADivisorOrAnyParallelismThatLowersNOverP() {
        // M = 128, scale-up from 32: 96 has 128/96 = 1, nothing lowers that before the divisor 128
        assertThat(AutoscalerAlignment.align(BALANCED, 128, 128, 32, 96)).isEqualTo(128);
        // 43 (128/43 = 2): the divisor 64 comes first
        assertThat(AutoscalerAlignment.align(BALANCED, 128, 128, 32, 43)).isEqualTo(64);
        // a divisor is kept
        assertThat(AutoscalerAlignment.align(BALANCED, 128, 128, 32, 64)).isEqualTo(64);
        // maxParallelism 100, target 80 (FLINK-36192 review): 100/80 = 1, the divisor 100
        assertThat(AutoscalerAlignment.align(BALANCED, 100, 100, 50, 80)).isEqualTo(100);
        // N = 100 from 30: 100/30 = 3; 34 gives 100/34 = 2 before the divisor 50
        assertThat(AutoscalerAlignment.align(BALANCED, 100, 100, 10, 30)).isEqualTo(34);
        assertThat(AutoscalerAlignment.align(EVENLY_SPREAD, 100, 100, 10, 30)).isEqualTo(50);
    }

    @Test
    void theRegionEndsAtTheUpperLimitOrForAScaleDownAtTheCurrentParallelism() {
        // the upper limit 100 cuts the scan before 128: the target stays
        assertThat(AutoscalerAlignment.align(BALANCED, 128, 100, 32, 96)).isEqualTo(96);
        // scale-down from 100 to 70: the scan stops at 100, before 128
        assertThat(AutoscalerAlignment.align(BALANCED, 128, 128, 100, 70)).isEqualTo(70);
        // scale-down from 128 to 70: 128 is within [70, 128]
        assertThat(AutoscalerAlignment.align(EVENLY_SPREAD, 128, 128, 128, 70)).isEqualTo(128);
        assertThat(AutoscalerAlignment.align(OFF, 128, 128, 32, 96)).isEqualTo(96);
        assertThatThrownBy(() -> AutoscalerAlignment.align(BALANCED, 128, 100, 32, 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target=101");
    }

    @Test
    void balancedIsTheNextParallelismWithACoolerHottestSubtaskUnlessTheTargetDividesN() {
        // With floor and ceiling: N/p < N/target (floors) or p | N is, for p >= target, the same as
        // ceil(N/p) < ceil(N/target) or p | N, because the floors and ceilings differ exactly on divisors.
        for (int n = 1; n <= 300; n++) {
            for (int target = 1; target <= n; target++) {
                int expected = target;
                for (int p = target; p <= n; p++) {
                    if (n % p == 0 || ceilDiv(n, p) < ceilDiv(n, target)) {
                        expected = p;
                        break;
                    }
                }
                assertThat(AutoscalerAlignment.align(BALANCED, n, n, 1, target))
                        .as("n=%d target=%d", n, target)
                        .isEqualTo(expected);
            }
        }
    }

    /** The table of docs/strategies.md: target p, upper limit, what each rule gives for M = 128. */
    @Test
    void contrastWithTheKeyGroupAwareSolver() {
        List<String> rows = new ArrayList<>();
        for (int target : new int[] {20, 43, 50, 64, 70, 96, 100, 127}) {
            JobGraph g = JobGraph.builder()
                    .addVertices(JobVertex.builder()
                            .id("count")
                            .slotSharingGroup("default")
                            .parallelism(128)
                            .maxParallelism(128)
                            .keyed(true)
                            .build())
                    .build();
            int keyGroupAware =
                    new KeyGroupAwareParallelismSolver().solve(g, target).plan().parallelismOf("count");
            rows.add(String.format(
                    "%d: balanced %d, evenly-spread %d, balanced with limit 100 %d, keygroup-aware %d",
                    target,
                    AutoscalerAlignment.align(BALANCED, 128, 128, 1, target),
                    AutoscalerAlignment.align(EVENLY_SPREAD, 128, 128, 1, target),
                    AutoscalerAlignment.align(BALANCED, 128, 100, 1, Math.min(target, 100)),
                    keyGroupAware));
        }
        assertThat(rows)
                .containsExactly(
                        "20: balanced 22, evenly-spread 32, balanced with limit 100 22, keygroup-aware 19",
                        "43: balanced 64, evenly-spread 64, balanced with limit 100 64, keygroup-aware 43",
                        "50: balanced 64, evenly-spread 64, balanced with limit 100 64, keygroup-aware 43",
                        "64: balanced 64, evenly-spread 64, balanced with limit 100 64, keygroup-aware 64",
                        "70: balanced 128, evenly-spread 128, balanced with limit 100 70, keygroup-aware 64",
                        "96: balanced 128, evenly-spread 128, balanced with limit 100 96, keygroup-aware 64",
                        "100: balanced 128, evenly-spread 128, balanced with limit 100 100, keygroup-aware 64",
                        "127: balanced 128, evenly-spread 128, balanced with limit 100 100, keygroup-aware 64");
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
