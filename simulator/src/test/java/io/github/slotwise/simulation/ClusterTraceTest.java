package io.github.slotwise.simulation;

import static io.github.slotwise.simulation.Traces.KEYED_4;
import static io.github.slotwise.simulation.Traces.T0;
import static io.github.slotwise.simulation.Traces.at;
import static io.github.slotwise.simulation.Traces.join;
import static io.github.slotwise.simulation.Traces.kill;
import static io.github.slotwise.simulation.Traces.seconds;
import static io.github.slotwise.simulation.Traces.stop;
import static io.github.slotwise.simulation.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.simulation.TraceEvent.CheckpointCompleted;
import io.github.slotwise.simulation.TraceEvent.RequirementsChanged;
import io.github.slotwise.simulation.TraceEvent.TaskManagerJoined;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad traces and configurations are rejected before any work, naming the field or event and value. */
class ClusterTraceTest {

    @Test
    void eventsAreValidatedOnTheirOwn() {
        assertThatThrownBy(() -> join(0, "tm-1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TaskManagerJoined.slots must be >= 1, got 0");
        assertThatThrownBy(() -> join(0, " ", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TaskManagerJoined.taskManagerId must be a non-blank id, got ' '");
        assertThatThrownBy(() -> new TraceEvent.TaskManagerKilled(at(0), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TaskManagerKilled.taskManagerId must be a non-blank id, got null");
        assertThatThrownBy(() -> new CheckpointCompleted(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CheckpointCompleted.time must not be null");
        assertThatThrownBy(() -> new RequirementsChanged(at(0), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RequirementsChanged.bounds must name at least one vertex");
    }

    @Test
    void aTraceLastsAtMostAHundredYears() {
        Instant start = Instant.parse("2000-01-01T00:00:00Z");
        Instant end = start.plus(SimulationLimits.MAX_DURATION);
        assertThat(new ClusterTrace(start, end, List.of()).duration()).isEqualTo(SimulationLimits.MAX_DURATION);
        assertThatThrownBy(() -> new ClusterTrace(start, end.plusNanos(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "ClusterTrace duration (end - start) must be at most 36500 d (100 years), got ");
        // the longest trace runs, and its figures count every nanosecond of it
        SimulationResult r = new Simulator()
                .run(
                        KEYED_4,
                        new ClusterTrace(start, end, List.of(new TaskManagerJoined(start, "tm-1", 4))),
                        new FlinkRescaleDecider(RescalePolicy.FLINK_2),
                        SimulationConfig.defaults());
        assertThat(r.summary().slotSecondsAvailable()).isEqualTo(4.0 * SimulationLimits.MAX_DURATION.getSeconds());
        assertThat(r.summary().deployments()).isEqualTo(1);
    }

    @Test
    void aTaskManagerJoiningWhilePresentIsRejectedNamingBothEvents() {
        assertThatThrownBy(() -> trace(100, join(0, "tm-1", 1), join(5, "tm-2", 1), join(10, "tm-1", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[2] (join of 'tm-1' (2 slots) at 10 s): "
                        + "TaskManager 'tm-1' joins but is already present (it joined at events[0])");
    }

    @Test
    void leavingWhenAbsentIsRejected() {
        assertThatThrownBy(() -> trace(100, join(0, "tm-1", 1), stop(10, "tm-2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[1] (stop of 'tm-2' at 10 s): " + "TaskManager 'tm-2' is not present");
        // killed is gone, even before the JobManager notices
        assertThatThrownBy(() -> trace(100, join(0, "tm-1", 1), kill(10, "tm-1"), stop(20, "tm-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("events[2] (stop of 'tm-1' at 20 s)")
                .hasMessageEndingWith("TaskManager 'tm-1' is not present");
        // but it may join again
        assertThat(trace(100, join(0, "tm-1", 1), kill(10, "tm-1"), join(20, "tm-1", 1), stop(30, "tm-1"))
                        .events())
                .hasSize(4);
    }

    @Test
    void eventsOutsideTheTraceOrOutOfOrderAreRejected() {
        assertThatThrownBy(() -> trace(100, join(0, "tm-1", 1), join(101, "tm-2", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[1] (join of 'tm-2' (1 slot) at 101 s): after the end, 100 s after the start");
        assertThatThrownBy(() -> new ClusterTrace(at(10), at(100), List.of(join(5, "tm-1", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[0] (join of 'tm-1' (1 slot) at -5 s): before the start (2026-01-01T00:00:10Z)");
        assertThatThrownBy(() -> trace(100, join(20, "tm-1", 1), join(10, "tm-2", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[1] (join of 'tm-2' (1 slot) at 10 s): out of time order: before events[0] at 20 s");
        // ties keep trace order
        assertThat(trace(100, join(10, "tm-1", 1), kill(10, "tm-1"), join(10, "tm-1", 3))
                        .events())
                .hasSize(3);
    }

    @Test
    void theTraceItselfIsValidated() {
        assertThatThrownBy(() -> new ClusterTrace(at(10), at(5), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ClusterTrace.end 2026-01-01T00:00:05Z is before the start 2026-01-01T00:00:10Z");
        assertThatThrownBy(() -> trace(10).withCheckpointInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ClusterTrace.checkpointInterval must be positive, got 0 ms");
        assertThatThrownBy(() -> new ClusterTrace(T0, at(10), java.util.Arrays.asList(join(0, "a", 1), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[1] must not be null");
        ClusterTrace t = trace(100, join(0, "tm-1", 1)).withCheckpointInterval(seconds(30));
        assertThat(t.duration()).isEqualTo(seconds(100));
        assertThat(t.checkpointInterval()).contains(seconds(30));
        ClusterTrace shifted = t.shiftedBy(Duration.ofHours(-1));
        assertThat(shifted.start()).isEqualTo(T0.minusSeconds(3600));
        assertThat(shifted.events()).containsExactly(new TaskManagerJoined(T0.minusSeconds(3600), "tm-1", 1));
        assertThat(shifted.checkpointInterval()).isEqualTo(Optional.of(seconds(30)));
    }

    @Test
    void configurationsRejectNegativeDurations() {
        assertThatThrownBy(() -> SimulationConfig.defaults().withHeartbeatTimeout(seconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SimulationConfig.heartbeatTimeout must not be negative, got -1 s");
        assertThatThrownBy(() -> SimulationConfig.defaults().withRestartCost(seconds(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SimulationConfig.restartCost must not be negative, got -2 s");
        SimulationConfig d = SimulationConfig.defaults();
        assertThat(d.heartbeatTimeout()).isEqualTo(seconds(50));
        assertThat(d.restartCost()).isEqualTo(seconds(10));
        assertThat(d.assigner().name()).isEqualTo("flink-default");
        assertThat(SimulationConfig.defaults()).isEqualTo(d);
    }

    @Test
    void tracesThatDoNotFitTheJobOrTheDeciderAreRejectedNamingTheEvent() {
        Simulator simulator = new Simulator();
        SimulationConfig config = SimulationConfig.defaults();
        ClusterTrace unknownVertex =
                trace(100, join(0, "tm-1", 1), new RequirementsChanged(at(10), Map.of("zz", new VertexBounds(1, 2))));
        assertThatThrownBy(() ->
                        simulator.run(KEYED_4, unknownVertex, new FlinkRescaleDecider(RescalePolicy.FLINK_2), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[1] (requirements at 10 s): requirements name unknown vertex 'zz'");

        ClusterTrace fine =
                trace(100, join(0, "tm-1", 1), new RequirementsChanged(at(10), Map.of("a", new VertexBounds(1, 2))));
        assertThat(simulator
                        .run(KEYED_4, fine, new FlinkRescaleDecider(RescalePolicy.FLINK_2), config)
                        .timeline())
                .isNotEmpty();
        assertThatThrownBy(() -> simulator.run(KEYED_4, fine, new FlinkRescaleDecider(RescalePolicy.REACTIVE), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("events[1] (requirements at 10 s): ")
                .hasMessageEndingWith(
                        "RequirementsChanged: cannot change the parallelism of a job running in reactive mode");

        ClusterTrace biggerAfterKill = trace(100, join(0, "tm-1", 1), kill(10, "tm-1"), join(20, "tm-1", 2));
        assertThatThrownBy(() -> simulator.run(
                        KEYED_4, biggerAfterKill, new FlinkRescaleDecider(RescalePolicy.REACTIVE), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events[2] (join of 'tm-1' (2 slots) at 20 s): "
                        + "TaskManager 'tm-1' comes back 10 s after it was killed, within the 50 s heartbeat"
                        + " timeout, so the JobManager never saw it go; it must come back with its 1 slot(s),"
                        + " not 2");
        // after the heartbeat timeout it is a new registration, with any number of slots
        assertThat(simulator
                        .run(
                                KEYED_4,
                                biggerAfterKill,
                                new FlinkRescaleDecider(RescalePolicy.REACTIVE),
                                config.withHeartbeatTimeout(seconds(5)))
                        .summary()
                        .finalParallelism())
                .contains(Map.of("a", 2));
    }
}
