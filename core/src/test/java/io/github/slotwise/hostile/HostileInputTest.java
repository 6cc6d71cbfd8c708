package io.github.slotwise.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssigners;
import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of issue 15 ("Hostile input, measured"), each of which once gave a wrong result. */
class HostileInputTest {
    private static final JobGraph ONE = JobGraph.builder()
            .addVertices(JobVertex.builder()
                    .id("a")
                    .slotSharingGroup("g")
                    .parallelism(2)
                    .keyed(true)
                    .build())
            .build();

    @Test
    void stateSizesThatOverflowALongAreRejectedNotSummedToZero() {
        // two subtasks of near Long.MAX_VALUE bytes each: once summed to a negative number, reported as 0 moved
        assertThatThrownBy(() -> PreviousPlacement.builder()
                        .addPlacements(SubtaskPlacement.of("a", 0, "tm-0/0", Long.MAX_VALUE - 1))
                        .addPlacements(SubtaskPlacement.of("a", 1, "tm-0/1", Long.MAX_VALUE - 1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stateSizeBytes sum to more than 9223372036854775807");
    }

    @Test
    void largeStateThatFitsMovesExactly() {
        long half = Long.MAX_VALUE / 2;
        PreviousPlacement previous = PreviousPlacement.builder()
                .addPlacements(SubtaskPlacement.of("a", 0, "tm-0/0", half))
                .addPlacements(SubtaskPlacement.of("a", 1, "tm-0/1", half))
                .build();
        SlotPool pool = SlotPool.uniform(2, 1); // slots tm-0/0 and tm-1/0: tm-0/1 is gone
        ParallelismPlan plan = (ParallelismPlan) new FlinkParallelismSolver().solve(ONE, pool.size());
        Assignment a = SlotAssigners.byName("flink-default").assign(new AssignmentRequest(ONE, plan, pool, previous));
        assertThat(a.metrics().stateBytesMoved()).isPositive().isLessThanOrEqualTo(2 * half);
        assertThat(a.metrics().keyGroupsMoved()).isPositive();
    }

    @Test
    void aJobWhoseSlotsOverflowAnIntIsRejectedUpFront() {
        // 65,537 slot-sharing groups at parallelism 32768: desiredSlots was -2147450880
        JobGraph.Builder b = JobGraph.builder();
        for (int i = 0; i < 65_537; i++) {
            b.addVertices(JobVertex.builder()
                    .id("v" + i)
                    .slotSharingGroup("g" + i)
                    .parallelism(32768)
                    .build());
        }
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jobGraph subtasks (the sum of the vertices' upperBound) must be at most 100000000, got "
                        + 65_537L * 32768);
    }

    @Test
    void theProportionalSolverNeverUsesMoreSlotsThanOffered() {
        JobGraph.Builder b = JobGraph.builder();
        for (int i = 0; i < 3000; i++) {
            b.addVertices(JobVertex.builder()
                    .id("v" + i)
                    .slotSharingGroup("g" + i)
                    .parallelism(32768)
                    .build());
        }
        JobGraph big = b.build();
        var solver = new ProportionalParallelismSolver();
        for (int slots : new int[] {Integer.MAX_VALUE, 98_304_000, 98_303_999, 50_000_000, 3000}) {
            ParallelismPlan plan = (ParallelismPlan) solver.solve(big, slots);
            assertThat(plan.slotsUsed()).as("slots %d", slots).isBetween(3000, Math.min(slots, 98_304_000));
        }
        assertThat(solver.desiredSlots(big)).isEqualTo(98_304_000);
    }

    @Test
    void slotsAddedBeyondTheLimitAreRejectedNotWrapped() {
        FlinkRescaleDecider decider = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        Transition started = decider.decide(decider.initialState(ONE), new RescaleEvent.JobStarted(), t);
        Transition four = decider.decide(started.state(), new RescaleEvent.SlotsAdded(4), t);
        assertThatThrownBy(() -> decider.decide(four.state(), new RescaleEvent.SlotsAdded(Integer.MAX_VALUE), t))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SlotsAdded.count 2147483647 with 4 slots available would exceed the limit of "
                        + Limits.MAX_SLOTS + " slots");
        Transition full = decider.decide(four.state(), new RescaleEvent.SlotsAdded(Limits.MAX_SLOTS - 4), t);
        assertThat(full.state().availableSlots()).isEqualTo(Limits.MAX_SLOTS);
    }

    @Test
    void alignDownIsExactForEveryKeyGroupCountAndRejectsTheRest() {
        for (int m : new int[] {1, 7, 128, 32767, 32768}) {
            for (int p = 1; p <= m; p += Math.max(1, m / 97)) {
                int aligned = KeyGroupAwareParallelismSolver.alignDown(m, p);
                int hottest = (m + p - 1) / p;
                assertThat(aligned).isBetween(1, p);
                assertThat((m + aligned - 1) / aligned).isEqualTo(hottest);
                if (aligned > 1) {
                    assertThat((m + aligned - 2) / (aligned - 1)).isGreaterThan(hottest);
                }
            }
        }
        assertThatThrownBy(() -> KeyGroupAwareParallelismSolver.alignDown(Integer.MAX_VALUE, Integer.MAX_VALUE - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 2147483647");
    }

    @Test
    void timeoutsBeyondTheEndOfTimeNeverFireInsteadOfThrowing() {
        Map<String, String> config = new HashMap<>();
        config.put("jobmanager.adaptive-scheduler.resource-wait-timeout", "P1000000000000D");
        config.put("jobmanager.adaptive-scheduler.resource-stabilization-timeout", "P1000000000000D");
        config.put("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "P1000000000000D");
        config.put("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "P1000000000000D");
        config.put("execution.checkpointing.interval", "P1000000000000D");
        config.put("restart-strategy.type", "fixed-delay");
        config.put("restart-strategy.fixed-delay.delay", "100000000000000 d");
        for (String version : List.of("2.3", "1.20", "1.18", "1.17")) {
            config.put(FlinkConfig.FLINK_VERSION_KEY, version);
            FlinkConfig.Read read;
            try {
                read = FlinkConfig.read(config);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageContaining("too long"); // Flink 1.x keeps some in milliseconds
                continue;
            }
            FlinkRescaleDecider decider = new FlinkRescaleDecider(read.policy());
            Instant t = Instant.parse("2024-01-01T00:00:00Z");
            DeciderState s = decider.initialState(ONE);
            s = decider.decide(s, new RescaleEvent.JobStarted(), t).state();
            s = decider.decide(s, new RescaleEvent.SlotsAdded(1), t.plusSeconds(1))
                    .state();
            s = decider.decide(s, new RescaleEvent.SlotsAdded(1), t.plusSeconds(2))
                    .state();
            s = decider.decide(s, new RescaleEvent.SlotsLost(1, true), t.plusSeconds(3))
                    .state();
            s = decider.decide(s, new RescaleEvent.CheckpointCompleted(), t.plusSeconds(4))
                    .state();
            Transition last = decider.decide(s, new RescaleEvent.WakeUp(), Instant.MAX);
            assertThat(last.state().time()).contains(Instant.MAX);
        }
    }

    @Test
    void nullsAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> new JobEdge("a", "b", null)).hasMessage("edge.pattern must not be null");
        assertThatThrownBy(() -> new SubtaskPlacement(null, "s", 0)).hasMessage("placement.subtask must not be null");
        assertThatThrownBy(() -> new RescaleEvent.RequirementsChanged(null))
                .hasMessage("RequirementsChanged.bounds must not be null");
        assertThatThrownBy(() -> Requirements.withBounds(ONE, null)).hasMessage("bounds must not be null");
        Map<String, VertexBounds> nullBounds = new HashMap<>();
        nullBounds.put("a", null);
        assertThatThrownBy(() -> Requirements.withBounds(ONE, nullBounds))
                .hasMessage("bounds of vertex 'a' must not be null");
        assertThatThrownBy(() -> FlinkConfig.parseDuration(null, "1 s")).hasMessage("key must not be null");
        assertThatThrownBy(() -> JobVertex.builder().id(null)).hasMessage("JobVertex.id must not be null");
        assertThatThrownBy(() -> TaskManager.builder().location((String) null))
                .hasMessage("TaskManager.location must not be null");
        assertThatThrownBy(() -> JobGraph.builder().addVertices((JobVertex) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("JobGraph.vertices");
        List.of(
                        (Runnable) () -> new JobEdge("a", "b", null),
                        () -> JobVertex.builder().slotSharingGroup(null),
                        () -> SlotPool.builder().addTaskManagers((TaskManager) null))
                .forEach(r -> assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void missingRequiredAttributesNameTheObject() {
        assertThatThrownBy(() -> JobVertex.builder().id("count").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vertex 'count': slotSharingGroup is required but not set");
        assertThatThrownBy(() -> TaskManager.builder().id("tm-7").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskManager 'tm-7': numberOfSlots is required but not set");
        assertThatThrownBy(() -> JobVertex.builder().slotSharingGroup("g").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JobVertex: id is required but not set");
    }

    @Test
    @Timeout(5)
    void hugeSlotCountsAreRejectedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> TaskManager.of("x", Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskManager 'x': numberOfSlots must be at most 1048576, got 2147483647");
        assertThatThrownBy(() -> SlotPool.uniform(Integer.MAX_VALUE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskManagers must be at most 1048576, got 2147483647");
        assertThatThrownBy(() -> SlotPool.uniform(2048, 1024))
                .hasMessage(
                        "slots (2048 taskManagers x 1024 slotsPerTaskManager) must be at most 1048576, got 2097152");
        assertThatThrownBy(() -> SlotPool.builder()
                        .addTaskManagers(TaskManager.of("a", Limits.MAX_SLOTS), TaskManager.of("b", 1))
                        .build())
                .hasMessage("slotPool slots (the sum of numberOfSlots) must be at most 1048576, got 1048577");
        assertThat(SlotPool.uniform(1024, 1024).size()).isEqualTo(Limits.MAX_SLOTS);
    }

    @Test
    void aCyclicJobIsRejectedNamingTheCycle() {
        JobVertex a = JobVertex.builder().id("a").slotSharingGroup("g").build();
        JobVertex b = JobVertex.builder().id("b").slotSharingGroup("g").build();
        JobVertex c = JobVertex.builder().id("c").slotSharingGroup("g").build();
        assertThatThrownBy(() -> JobGraph.builder()
                        .addVertices(a, b, c)
                        .addEdges(new JobEdge("c", "a", DistributionPattern.POINTWISE))
                        .addEdges(new JobEdge("a", "b", DistributionPattern.ALL_TO_ALL))
                        .addEdges(new JobEdge("b", "a", DistributionPattern.ALL_TO_ALL))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jobGraph.edges form a cycle: a -> b -> a (a job graph must be acyclic)");
        JobGraph diamond = JobGraph.builder()
                .addVertices(a, b, c)
                .addEdges(new JobEdge("a", "b", DistributionPattern.ALL_TO_ALL))
                .addEdges(new JobEdge("a", "c", DistributionPattern.ALL_TO_ALL))
                .addEdges(new JobEdge("b", "c", DistributionPattern.ALL_TO_ALL))
                .build();
        assertThat(diamond.edges()).hasSize(3);
    }

    @Test
    @Timeout(5)
    void aDurationOfTwoMillionCharactersIsRejectedAtOnceWithAShortMessage() {
        String zeros = "0".repeat(2_000_000);
        assertThat(FlinkConfig.parseDuration("k", zeros + "1 s")).isEqualTo(Duration.ofSeconds(1));
        for (String value :
                List.of("9".repeat(2_000_000), "P" + "9".repeat(2_000_000) + "D", "1 " + "x".repeat(2_000_000))) {
            assertThatThrownBy(() -> FlinkConfig.parseDuration("k", value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("characters)")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
        }
        assertThatThrownBy(() -> FlinkConfig.parseDuration("k", "9".repeat(41) + " ns"))
                .hasMessageContaining("too long for a duration");
        assertThat(FlinkConfig.parseDuration("k", "9".repeat(27) + " ns"))
                .isEqualTo(Duration.ofNanos(999_999_999).plusSeconds(999_999_999_999_999_999L));
    }
}
