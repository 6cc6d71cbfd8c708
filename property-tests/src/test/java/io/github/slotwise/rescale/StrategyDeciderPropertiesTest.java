package io.github.slotwise.rescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.testkit.DeciderDriver;
import io.github.slotwise.testkit.DeciderInvariants;
import io.github.slotwise.testkit.DecisionTimeline;
import io.github.slotwise.testkit.GraphShape;
import io.github.slotwise.testkit.Invariants;
import io.github.slotwise.testkit.RescaleGenerators;
import io.github.slotwise.testkit.SlotwiseGenerators;
import io.github.slotwise.testkit.TimedIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every policy of the registry, and the skipping gates on non-default Flink settings, keep the
 * decision invariants on generated graphs and traces: the solver strategies keep all of them (the
 * decider is Flink's), the gated ones keep the skip-aware set ({@link DeciderInvariants#check(
 * DecisionTimeline, RescalePolicy, io.github.slotwise.parallelism.ParallelismSolver, RescaleGate)}).
 */
class StrategyDeciderPropertiesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration TAIL = Duration.ofMinutes(10);

    /** A decider under test with what the checkers need to know about it. */
    record Subject(FlinkRescaleDecider decider) {
        RescalePolicy policy() {
            return decider.policy();
        }

        DecisionTimeline run(JobGraph graph, List<TimedIntent> trace) {
            boolean requirements = !policy().reactive() && policy().generation() != RescalePolicy.Generation.FLINK_1_17;
            return DeciderDriver.run(decider, graph, trace, T0, TAIL, requirements);
        }

        List<io.github.slotwise.testkit.Violation> check(DecisionTimeline timeline) {
            Optional<RescaleGate> gate = decider.gate();
            return gate.isPresent()
                    ? DeciderInvariants.check(timeline, policy(), decider.solver(), gate.get())
                    : DeciderInvariants.check(timeline, policy(), decider.solver());
        }
    }

    static Stream<Named<Subject>> registry() {
        return Policies.all().stream()
                .filter(p -> !p.name().equals(p.name().split("\\+")[0])) // the presets have their own test
                .map(p -> Named.of(p.name(), new Subject((FlinkRescaleDecider) p.decider())));
    }

    static Stream<Named<Subject>> gatedOnOtherSettings() {
        RescalePolicy checkpointing = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_2)
                .checkpointInterval(Duration.ofSeconds(10))
                .build();
        RescalePolicy intervalMax = RescalePolicy.builder()
                .from(RescalePolicy.FLINK_1_20)
                .minParallelismIncrease(2)
                .scalingIntervalMax(Duration.ofSeconds(90))
                .build();
        // cheap restarts and a short horizon: the cost model both holds and lets through
        RescaleCostModel shortHorizon =
                new RescaleCostModel(Duration.ofSeconds(30), Duration.ofSeconds(1), 1 << 20, 1 << 20);
        FlinkParallelismSolver flink = new FlinkParallelismSolver();
        return Stream.of(
                Named.of(
                        "FLINK_2 checkpointing every 10 s + keygroup-skip",
                        new Subject(new FlinkRescaleDecider(checkpointing, flink, new KeyGroupGainGate()))),
                Named.of(
                        "FLINK_2 checkpointing every 10 s + cost-aware (30 s horizon)",
                        new Subject(new FlinkRescaleDecider(checkpointing, flink, shortHorizon))),
                Named.of(
                        "FLINK_1_20 min-increase 2, interval max 90 s + keygroup-skip",
                        new Subject(new FlinkRescaleDecider(intervalMax, flink, new KeyGroupGainGate()))),
                Named.of(
                        "FLINK_1_20 min-increase 2, interval max 90 s + cost-aware (30 s horizon)",
                        new Subject(new FlinkRescaleDecider(intervalMax, flink, shortHorizon))));
    }

    @ParameterizedTest
    @MethodSource({"registry", "gatedOnOtherSettings"})
    void everyTimelineKeepsTheDecisionInvariants(Subject subject) {
        qt().withExamples(120)
                .forAll(SlotwiseGenerators.jobGraphs(GraphShape.SMALL), RescaleGenerators.traces())
                .checkAssert((graph, trace) -> Invariants.requireNone(subject.check(subject.run(graph, trace))));
    }

    @ParameterizedTest
    @MethodSource("registry")
    void theSameTraceGivesTheSameDecisions(Subject subject) {
        qt().withExamples(40)
                .forAll(SlotwiseGenerators.jobGraphs(GraphShape.SMALL), RescaleGenerators.traces())
                .checkAssert(
                        (graph, trace) -> assertThat(subject.run(graph, trace)).isEqualTo(subject.run(graph, trace)));
    }

    /**
     * The key-group rule, re-derived from key-group math rather than asked of the gate: with the skip,
     * every rescale of a running job whose running plan still fits cools the hottest subtask of some
     * keyed vertex, or the job has none.
     */
    @ParameterizedTest
    @MethodSource("skipping")
    void everyRescaleOfARunningJobCoolsAKeyedVertex(Subject subject) {
        qt().withExamples(200)
                .forAll(SlotwiseGenerators.jobGraphs(GraphShape.SMALL), RescaleGenerators.traces())
                .checkAssert((graph, trace) -> {
                    DecisionTimeline timeline = subject.run(graph, trace);
                    Optional<ParallelismPlan> running = Optional.empty();
                    for (DecisionTimeline.Step step : timeline.steps()) {
                        for (Decision d : step.decisions()) {
                            if (d.isRescale()) {
                                ParallelismPlan next = d.plan().get();
                                if (running.isPresent()
                                        && DeciderInvariants.admissible(
                                                step.graph(), step.availableSlots(), running.get())) {
                                    assertThat(coolsAKeyedVertex(step.graph(), running.get(), next))
                                            .as("%s -> %s at %s", running.get(), next, d.at())
                                            .isTrue();
                                }
                                running = Optional.of(next);
                            } else if (d.action() == Decision.Action.STOP || d.action() == Decision.Action.FAIL) {
                                running = Optional.empty();
                            }
                        }
                    }
                });
    }

    static Stream<Named<Subject>> skipping() {
        return Stream.concat(registry(), gatedOnOtherSettings()).filter(n -> n.getPayload()
                .decider()
                .gate()
                .filter(KeyGroupGainGate.class::isInstance)
                .isPresent());
    }

    private static boolean coolsAKeyedVertex(JobGraph graph, ParallelismPlan before, ParallelismPlan after) {
        boolean anyKeyed = false;
        for (JobVertex v : graph.vertices()) {
            if (v.keyed()) {
                anyKeyed = true;
                int m = v.effectiveMaxParallelism();
                int b = before.parallelismOf(v.id());
                int a = after.parallelismOf(v.id());
                if ((m + a - 1) / a < (m + b - 1) / b) {
                    return true;
                }
            }
        }
        return !anyKeyed;
    }
}
