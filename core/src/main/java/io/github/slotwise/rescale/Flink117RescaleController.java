package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Flink 1.13 to 1.17 ({@code ReactiveScaleUpController}): a running job rescales as soon as the SUM
 * of its vertices' parallelism would grow by at least {@code min-parallelism-increase}; it never
 * scales down for new slots, and there is no interval between rescales. Per-vertex requirements do
 * not exist yet (they came with 1.18, FLIP-291).
 */
final class Flink117RescaleController extends Flink1RescaleController {
    Flink117RescaleController(RescalePolicy policy) {
        super(policy);
    }

    @Override
    public void checkRequirementsChangeSupported() {
        throw new IllegalArgumentException(
                "RequirementsChanged: per-vertex requirements came with Flink 1.18 (FLIP-291), not "
                        + policy.generation());
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
        int increase = 0;
        for (Map.Entry<String, Integer> e : current.entrySet()) {
            increase += candidate.parallelismOf(e.getKey()) - e.getValue();
        }
        return increase >= policy.minParallelismIncrease();
    }

    @Override
    String ruleDescription() {
        return "the total parallelism grows by at least min-parallelism-increase " + policy.minParallelismIncrease();
    }
}
