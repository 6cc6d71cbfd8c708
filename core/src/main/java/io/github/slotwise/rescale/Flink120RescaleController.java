package io.github.slotwise.rescale;

import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Flink 1.19 and 1.20 (FLIP-322, FLINK-21883): 1.18's per-vertex rule ({@code
 * EnforceMinimalIncreaseRescalingController}), evaluated at most once per {@code
 * scaling-interval.min} ({@link RescalePolicy#cooldownAfterRescaling()}) after the last (re)start;
 * an evaluation that does not rescale schedules a forced rescale ({@code
 * EnforceParallelismChangeRescalingController}: any change) at now + {@code scaling-interval.max} if
 * that is set, or forces it at once if that much has passed since the last (re)start.
 */
final class Flink120RescaleController extends Flink1RescaleController {
    Flink120RescaleController(RescalePolicy policy) {
        super(policy);
    }

    @Override
    Duration scalingIntervalMin() {
        return policy.cooldownAfterRescaling();
    }

    @Override
    Optional<Duration> scalingIntervalMax() {
        return policy.scalingIntervalMax();
    }

    @Override
    boolean shouldRescale(Map<String, Integer> current, ParallelismPlan candidate) {
        return Flink118RescaleController.perVertex(current, candidate, policy.minParallelismIncrease());
    }

    @Override
    String ruleDescription() {
        return Flink118RescaleController.perVertexDescription(policy.minParallelismIncrease());
    }
}
