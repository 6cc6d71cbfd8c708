package io.github.slotwise.rescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Open reason codes and deciders with a state of their own. */
class ReasonCodeTest {
    @Test
    void aBuiltInNameGivesTheBuiltInCode() {
        assertThat(ReasonCode.of("COOLDOWN")).isSameAs(Reason.COOLDOWN);
        assertThat(ReasonCode.of("COOLDOWN").isBuiltIn()).isTrue();
        assertThat(Reason.TASKS_LOST.name()).isEqualTo("TASKS_LOST");
    }

    @Test
    void anOwnCodeComparesByNameAndPrintsItsName() {
        ReasonCode mine = ReasonCode.of("LAG_BUDGET_LEFT");
        assertThat(mine).isEqualTo(ReasonCode.of("LAG_BUDGET_LEFT")).isNotEqualTo(ReasonCode.of("OTHER"));
        assertThat(mine.isBuiltIn()).isFalse();
        assertThat(mine.name()).isEqualTo("LAG_BUDGET_LEFT");
        assertThat(mine.toString()).isEqualTo("LAG_BUDGET_LEFT");
        Decision d = new Decision(Instant.EPOCH, Decision.Action.STAY, Optional.empty(), Optional.empty(), mine, "x");
        assertThat(d.toString()).isEqualTo("1970-01-01T00:00:00Z STAY [LAG_BUDGET_LEFT] x");
    }

    @Test
    void badCodesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> ReasonCode.of("my rule"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ReasonCode.name must match [A-Za-z0-9][A-Za-z0-9_.-]*, got 'my rule'");
        assertThatThrownBy(() -> ReasonCode.of(null)).hasMessageEndingWith("got null");
        assertThatThrownBy(() -> new ReasonCode.Custom("COOLDOWN"))
                .hasMessageContaining("is a built-in code: use ReasonCode.of");
    }

    /** A minimal decider of one's own: deploys on the slots it gets, counts events in its own state. */
    record CountingState(
            JobGraph graph,
            Optional<Instant> time,
            int availableSlots,
            SchedulerState schedulerState,
            Optional<ParallelismPlan> running,
            Optional<Instant> lastRescale,
            Optional<Instant> nextWakeUp,
            int events)
            implements DeciderState {}

    static final class CountingDecider extends StatefulRescaleDecider<CountingState> {
        CountingDecider() {
            super(CountingState.class);
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public CountingState initialState(JobGraph graph) {
            return new CountingState(
                    graph,
                    Optional.empty(),
                    0,
                    SchedulerState.CREATED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    0);
        }

        @Override
        protected Transition step(CountingState s, RescaleEvent event, Instant now) {
            CountingState next = new CountingState(
                    s.graph(),
                    Optional.of(now),
                    s.availableSlots(),
                    s.schedulerState(),
                    s.running(),
                    s.lastRescale(),
                    Optional.empty(),
                    s.events() + 1);
            return new Transition(
                    next,
                    List.of(new Decision(
                            now,
                            Decision.Action.STAY,
                            Optional.empty(),
                            Optional.empty(),
                            ReasonCode.of("COUNTED"),
                            "event " + next.events())));
        }
    }

    private static final JobGraph GRAPH = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("v")
                    .parallelism(1)
                    .slotSharingGroup("default")
                    .build())
            .build();

    @Test
    void aStatefulDeciderGetsItsOwnStateBack() {
        CountingDecider d = new CountingDecider();
        Transition t = d.decide(d.initialState(GRAPH), new RescaleEvent.JobStarted(), Instant.EPOCH);
        t = d.decide(t.state(), new RescaleEvent.WakeUp(), Instant.EPOCH.plusSeconds(1));
        assertThat(((CountingState) t.state()).events()).isEqualTo(2);
        assertThat(t.decision().explanation()).isEqualTo("event 2");
    }

    @Test
    void foreignStatesAndTimeGoingBackAreRejectedBeforeAnyWork() {
        CountingDecider d = new CountingDecider();
        FlinkRescaleDecider flink = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
        assertThatThrownBy(() -> d.decide(flink.initialState(GRAPH), new RescaleEvent.JobStarted(), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "counting: the state is a io.github.slotwise.rescale.ImmutableFlinkDeciderState,"
                                + " not this decider's io.github.slotwise.rescale.ReasonCodeTest$CountingState");
        assertThatThrownBy(() -> flink.decide(d.initialState(GRAPH), new RescaleEvent.JobStarted(), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("flink-2: the state is not a Flink decider's state");
        Transition t = d.decide(d.initialState(GRAPH), new RescaleEvent.JobStarted(), Instant.EPOCH.plusSeconds(5));
        assertThatThrownBy(() -> d.decide(t.state(), new RescaleEvent.WakeUp(), Instant.EPOCH))
                .hasMessageStartingWith("counting: event at 1970-01-01T00:00:00Z is before the previous event");
    }
}
