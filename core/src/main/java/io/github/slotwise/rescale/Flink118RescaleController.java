package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Flink 1.18 ({@code EnforceMinimalIncreaseRescalingController}, FLINK-31399): a running job
 * rescales as soon as ANY vertex would shrink, or grow by at least {@code min-parallelism-increase},
 * after new slots or a change of its per-vertex requirements (FLIP-291); there is no interval
 * between rescales.
 */
final class Flink118RescaleController extends Flink1RescaleController {
    Flink118RescaleController(RescalePolicy policy) {
        super(policy);
    }

    @Override
    Duration scalingIntervalMin() {
        return Duration.ZERO;
    }

    @Override
    Optional<Duration> scalingIntervalMax() {
        return Optional.empty();
    }

    @Override
    boolean shouldRescale(Map<String, Integer> current, ParallelismPlan candidate) {
        return perVertex(current, candidate, policy.minParallelismIncrease());
    }

    /** The per-vertex rule of 1.18 to 1.20: some vertex shrinks, or grows by at least {@code min}. */
    static boolean perVertex(Map<String, Integer> current, ParallelismPlan candidate, int min) {
        for (Map.Entry<String, Integer> e : current.entrySet()) {
            int change = candidate.parallelismOf(e.getKey()) - e.getValue();
            if (change < 0 || change >= min) {
                return true;
            }
        }
        return false;
    }

    /** {@link #perVertex}, in words. */
    static String perVertexDescription(int min) {
        return "a vertex shrinks or grows by at least min-parallelism-increase " + min;
    }

    @Override
    String ruleDescription() {
        return perVertexDescription(policy.minParallelismIncrease());
    }
}
