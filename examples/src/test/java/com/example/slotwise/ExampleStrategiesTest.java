package com.example.slotwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.SchedulerState;
import io.github.slotwise.rescale.Transition;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each strategy does, and that Slotwise finds them through META-INF/services. */
class ExampleStrategiesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One keyed vertex at parallelism 16, maxParallelism 128. */
    private static final JobGraph JOB = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("count")
                    .slotSharingGroup("default")
                    .parallelism(16)
                    .maxParallelism(128)
                    .keyed(true)
                    .build())
            .build();

    @Test
    void roundRobinDealsOneGroupPerTaskManagerPerRound() {
        SlotPool pool = SlotPool.uniform(3, 4); // tm-0 .. tm-2, 4 slots each
        ParallelismPlan plan = new FlinkParallelismSolver()
                .solve(withParallelism(5), pool.size())
                .plan();
        Assignment a = new RoundRobinAssigner().assign(AssignmentRequest.firstStart(withParallelism(5), plan, pool));

        assertThat(a.assignments())
                .extracting(x -> x.slot().id())
                .containsExactly("tm-0/0", "tm-1/0", "tm-2/0", "tm-0/1", "tm-1/1");
        assertThat(a.metrics().taskManagersUsed()).isEqualTo(3);
        assertThat(a.explanation().get(0))
                .isEqualTo("example-round-robin: 5 group(s) dealt over 3 TaskManager(s) in pool order");
        // Flink's default fills tm-0 first: two TaskManagers for the same job
        Assignment flink = Strategies.standard()
                .slotAssigners()
                .byName("flink-default")
                .assign(AssignmentRequest.firstStart(withParallelism(5), plan, pool));
        assertThat(flink.metrics().taskManagersUsed()).isEqualTo(2);
    }

    @Test
    void roundRobinSkipsFullTaskManagers() {
        SlotPool pool = SlotPool.builder()
                .addTaskManagers(
                        io.github.slotwise.model.TaskManager.builder()
                                .id("small")
                                .numberOfSlots(1)
                                .build(),
                        io.github.slotwise.model.TaskManager.builder()
                                .id("large")
                                .numberOfSlots(3)
                                .build())
                .build();
        ParallelismPlan plan = new FlinkParallelismSolver()
                .solve(withParallelism(4), pool.size())
                .plan();
        Assignment a = new RoundRobinAssigner().assign(AssignmentRequest.firstStart(withParallelism(4), plan, pool));
        assertThat(a.assignments())
                .extracting(x -> x.slot().taskManagerId())
                .containsExactly("small", "large", "large", "large");
    }

    @Test
    void theDeciderGrowsOnlyByHalfOrMore() {
        RescaleDecider d = new GrowByHalfDecider();
        Transition t = d.decide(d.initialState(JOB), new RescaleEvent.SlotsAdded(4), T0);
        assertThat(t.decision().reason().name()).isEqualTo("JOB_NOT_STARTED");
        t = d.decide(t.state(), new RescaleEvent.JobStarted(), T0);
        assertThat(t.decision().action()).isEqualTo(Decision.Action.RESCALE);
        assertThat(t.state().running().orElseThrow().slotsUsed()).isEqualTo(4);

        // 4 -> 5 and 4 -> 5 + 0: held, with the decider's own reason; 4 -> 6 is growth by half
        t = d.decide(t.state(), new RescaleEvent.SlotsAdded(1), T0.plusSeconds(10));
        assertThat(t.decision().action()).isEqualTo(Decision.Action.STAY);
        assertThat(t.decision().reason()).isEqualTo(GrowByHalfDecider.GROWTH_BELOW_HALF);
        assertThat(t.decision().reason().isBuiltIn()).isFalse();
        assertThat(t.decision().explanation()).isEqualTo("growth to 5 slots held: at least 6 needed");
        assertThat(((GrowByHalfState) t.state()).heldGrowths()).isEqualTo(1);
        t = d.decide(t.state(), new RescaleEvent.SlotsAdded(1), T0.plusSeconds(20));
        assertThat(t.decision().action()).isEqualTo(Decision.Action.RESCALE);
        assertThat(t.decision().reason()).isEqualTo(GrowByHalfDecider.GREW_BY_HALF);
        assertThat(t.state().running().orElseThrow().slotsUsed()).isEqualTo(6);

        // losing running tasks restarts on what is left at once
        t = d.decide(t.state(), new RescaleEvent.SlotsLost(2, true), T0.plusSeconds(30));
        assertThat(t.decisions())
                .extracting(Decision::action)
                .containsExactly(Decision.Action.STOP, Decision.Action.RESCALE);
        assertThat(t.state().running().orElseThrow().slotsUsed()).isEqualTo(4);
        assertThat(t.state().schedulerState()).isEqualTo(SchedulerState.EXECUTING);

        assertThatThrownBy(() -> d.decide(d.initialState(JOB), new RescaleEvent.SlotsLost(1, false), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grow-by-half: 1 slot(s) lost, only 0 held");
        assertThat(GrowByHalfDecider.slotsToGrow(4)).isEqualTo(6);
        assertThat(GrowByHalfDecider.slotsToGrow(5)).isEqualTo(8);
    }

    @Test
    void theGateHoldsSmallScaleUpsWithItsOwnReason() {
        MinimumStepGate gate = new MinimumStepGate();
        ParallelismPlan four = plan(4);
        assertThat(gate.hold(JOB, four, plan(7))).hasValueSatisfying(h -> {
            assertThat(h.reason().name()).isEqualTo("EXAMPLE_STEP_TOO_SMALL");
            assertThat(h.explanation()).isEqualTo("the rescale adds 3 slot(s) to 4, fewer than 4");
        });
        assertThat(gate.hold(JOB, four, plan(8))).isEmpty();
        assertThat(gate.hold(JOB, four, plan(2))).isEmpty();
    }

    @Test
    void slotwiseFindsThemThroughServiceLoaderBesideTheBuiltIns() {
        Strategies s = Strategies.standard();
        assertThat(s.slotAssigners().origin(RoundRobinAssigner.NAME).builtIn()).isFalse();
        assertThat(s.slotAssigners().origin(RoundRobinAssigner.NAME).provider())
                .isEqualTo(ExampleStrategies.class.getName());
        assertThat(s.rescaleGates().names()).endsWith(MinimumStepGate.NAME);
        assertThat(s.policyNames()).endsWith(GrowByHalfDecider.NAME);

        // the gate composes with Flink's presets, the assigner ends any policy name
        Policy gated = s.policy("flink-2+example-min-step+example-round-robin");
        assertThat(gated.decider()).isInstanceOf(FlinkRescaleDecider.class);
        assertThat(gated.decider().name()).isEqualTo("flink-2+example-min-step");
        assertThat(gated.assigner()).map(a -> a.name()).contains(RoundRobinAssigner.NAME);
        assertThat(s.policy("grow-by-half").decider()).isInstanceOf(GrowByHalfDecider.class);
    }

    private static JobGraph withParallelism(int p) {
        return JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("count")
                        .slotSharingGroup("default")
                        .parallelism(p)
                        .maxParallelism(128)
                        .keyed(true)
                        .build())
                .build();
    }

    private static ParallelismPlan plan(int p) {
        return new ParallelismPlan(Map.of("count", p), Map.of("default", p), 16, java.util.List.of());
    }
}
