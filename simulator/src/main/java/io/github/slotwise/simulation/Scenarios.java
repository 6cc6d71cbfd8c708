package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.simulation.Autoscaler.Metric;
import io.github.slotwise.simulation.LoadScenario.Loss;
import io.github.slotwise.simulation.LoadScenario.Removal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Built-in load scenarios, by name. Each runs the same word-count job ({@link #wordCount}) on
 * TaskManagers of two slots, with a per-subtask capacity that makes the keyed {@code count} vertex
 * the bottleneck.
 *
 * <ul>
 *   <li>{@value #REACTIVE_BLOG_DAY} (the default): the Reactive-Mode blog post's Kubernetes demo for
 *       24 h. The input follows a sine wave between 100 and 6000 records/s (the post's peak) with a
 *       period of 6 h, starting at its trough, and an HPA with Kubernetes' defaults keeps the
 *       utilization near 0.7, between 1 and 15 TaskManagers. As in the post, a TaskManager the HPA
 *       removes stops processing at once but the JobManager sees it go only after the heartbeat
 *       timeout ({@link Removal#KILL}): the job stalls and the lag peaks on every scale-down. (The
 *       post's HPA watched CPU, {@link Metric#BUSY}; here that metric sees every restart's catch-up as
 *       load, and the HPA then never settles: try it.)
 *   <li>{@value #STARTUP_ONE_BY_ONE}: a constant load and eight TaskManagers that start one every 30
 *       s: how many restarts does the start-up cost?
 *   <li>{@value #SPOT_DAY}: a day of a gentler wave on spot instances: the HPA scales gracefully, but
 *       the cloud reclaims TaskManagers without notice five times (nine TaskManagers in all); each loss
 *       stalls the job until the heartbeat timeout, and the deployment replaces them.
 *   <li>{@value #FLAPPING_AUTOSCALER}: a constant load and threshold rules with too little
 *       hysteresis (scale up above 0.8, down below 0.7, one TaskManager at a time, 30 s cooldown): one
 *       TaskManager more takes the utilization from above 0.8 to below 0.7, and back.
 * </ul>
 */
public final class Scenarios {
    /** Name of the blog post's day. */
    public static final String REACTIVE_BLOG_DAY = "reactive-blog-day";

    /** Name of the one-by-one start-up. */
    public static final String STARTUP_ONE_BY_ONE = "startup-one-by-one";

    /** Name of the spot-instance day. */
    public static final String SPOT_DAY = "spot-day";

    /** Name of the flapping threshold autoscaler. */
    public static final String FLAPPING_AUTOSCALER = "flapping-autoscaler";

    /** Where every built-in scenario starts. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Slots per TaskManager in every built-in scenario. */
    public static final int SLOTS_PER_TASK_MANAGER = 2;

    /**
     * Per-subtask capacities, in input records per second, by role so that any job can run on the
     * built-in loads: a source processes 2500, a sink 4000 and any other vertex 1000. For the word count
     * {@code count} processes 1000, so {@code count}, whose 128 key groups spread unevenly over most
     * parallelisms, is the bottleneck: 2 TaskManagers (parallelism 4) process 4000 records/s, 5
     * (parallelism 10, up to 13 key groups per subtask) 128 000 / 13 ≈ 9846.
     */
    public static final CapacityModel CAPACITY = CapacityModel.byRole(1000, 2500, 4000);

    private static final List<String> NAMES =
            List.of(REACTIVE_BLOG_DAY, STARTUP_ONE_BY_ONE, SPOT_DAY, FLAPPING_AUTOSCALER);

    private Scenarios() {}

    /**
     * The names, the default first.
     *
     * @return {@value #REACTIVE_BLOG_DAY}, {@value #STARTUP_ONE_BY_ONE}, {@value #SPOT_DAY}, {@value
     *     #FLAPPING_AUTOSCALER}
     */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Every built-in scenario, in {@link #names()} order.
     *
     * @return the scenarios
     */
    public static List<BuiltInScenario> all() {
        return NAMES.stream().map(Scenarios::byName).collect(ImmutableList.toImmutableList());
    }

    /**
     * The default scenario.
     *
     * @return {@value #REACTIVE_BLOG_DAY}
     */
    public static BuiltInScenario defaultScenario() {
        return byName(REACTIVE_BLOG_DAY);
    }

    /**
     * A built-in scenario.
     *
     * @param name one of {@link #names()}
     * @return the scenario
     * @throws IllegalArgumentException naming the known names if there is none by that name
     */
    public static BuiltInScenario byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("no built-in scenario named null; known: " + String.join(", ", NAMES));
        }
        return switch (name) {
            case REACTIVE_BLOG_DAY -> reactiveBlogDay();
            case STARTUP_ONE_BY_ONE -> startupOneByOne();
            case SPOT_DAY -> spotDay();
            case FLAPPING_AUTOSCALER -> flappingAutoscaler();
            default -> throw new IllegalArgumentException(
                    "no built-in scenario named '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * The job of every built-in scenario: a Kafka source, a keyed word count and a sink, each with
     * maxParallelism 128, in one slot-sharing group, configured for {@code parallelism} (its upper
     * bound outside Reactive Mode).
     *
     * @param parallelism the configured parallelism of every vertex, 1 to 128
     * @return the job
     */
    public static JobGraph wordCount(int parallelism) {
        return JobGraph.builder()
                .addVertices(vertex("source", "Kafka source", parallelism, false))
                .addVertices(vertex("count", "Count words", parallelism, true))
                .addVertices(vertex("sink", "Sink", parallelism, false))
                .addEdges(new JobEdge("source", "count", DistributionPattern.ALL_TO_ALL))
                .addEdges(new JobEdge("count", "sink", DistributionPattern.POINTWISE))
                .build();
    }

    private static JobVertex vertex(String id, String name, int parallelism, boolean keyed) {
        return JobVertex.builder()
                .id(id)
                .name(name)
                .parallelism(parallelism)
                .maxParallelism(128)
                .slotSharingGroup("default")
                .keyed(keyed)
                .build();
    }

    private static LoadScenario.Builder base(Duration duration) {
        return LoadScenario.builder()
                .start(START)
                .end(START.plus(duration))
                .slotsPerTaskManager(SLOTS_PER_TASK_MANAGER)
                .capacity(CAPACITY)
                .provisioningDelay(Duration.ofSeconds(30));
    }

    private static BuiltInScenario reactiveBlogDay() {
        LoadScenario load = base(Duration.ofHours(24))
                .initialTaskManagers(1)
                .inputRate(InputRate.SineWave.fromTrough(3050, 2950, Duration.ofHours(6)))
                .autoscaler(Autoscaler.hpa(0.7, 1, 15))
                .removal(Removal.KILL)
                .build();
        return new BuiltInScenario(
                REACTIVE_BLOG_DAY,
                "The Reactive-Mode blog post's demo for a day: a sine wave between 100 and 6000 records/s"
                        + " every 6 h, an HPA (utilization target 0.7, 1 to 15 TaskManagers), and scale-downs"
                        + " the JobManager notices only after the heartbeat timeout",
                wordCount(30),
                load);
    }

    private static BuiltInScenario startupOneByOne() {
        LoadScenario load = base(Duration.ofMinutes(20))
                .initialTaskManagers(0)
                .inputRate(new InputRate.Constant(6000))
                .autoscaler(Autoscaler.fixed(8))
                .provisioningDelay(Duration.ZERO)
                .joinInterval(Duration.ofSeconds(30))
                .build();
        return new BuiltInScenario(
                STARTUP_ONE_BY_ONE,
                "A constant 6000 records/s and eight TaskManagers that start one every 30 s",
                wordCount(16),
                load);
    }

    private static BuiltInScenario spotDay() {
        Duration day = Duration.ofHours(24);
        LoadScenario load = base(day)
                .initialTaskManagers(3)
                .inputRate(InputRate.SineWave.fromTrough(6000, 2000, day))
                .autoscaler(Autoscaler.hpa(0.7, 2, 15))
                .removal(Removal.STOP)
                .addLosses(new Loss(Duration.ofHours(2), 1, Removal.KILL))
                .addLosses(new Loss(Duration.ofMinutes(5 * 60 + 20), 2, Removal.KILL))
                .addLosses(new Loss(Duration.ofMinutes(9 * 60 + 30), 1, Removal.KILL))
                .addLosses(new Loss(Duration.ofHours(13), 3, Removal.KILL))
                .addLosses(new Loss(Duration.ofMinutes(19 * 60 + 45), 2, Removal.KILL))
                .build();
        return new BuiltInScenario(
                SPOT_DAY,
                "A day on spot instances: a wave between 4000 and 8000 records/s, an HPA on utilization"
                        + " (target 0.7, 2 to 15 TaskManagers) that scales gracefully, and five reclaims that"
                        + " kill nine TaskManagers without notice",
                wordCount(30),
                load);
    }

    private static BuiltInScenario flappingAutoscaler() {
        LoadScenario load = base(Duration.ofHours(2))
                .initialTaskManagers(4)
                .inputRate(new InputRate.Constant(6500))
                .autoscaler(Autoscaler.threshold(Metric.UTILIZATION, 0.8, 0.7, 1, Duration.ofSeconds(30), 1, 15))
                .removal(Removal.STOP)
                .build();
        return new BuiltInScenario(
                FLAPPING_AUTOSCALER,
                "A constant 6500 records/s and threshold rules with too little hysteresis: up above 0.8,"
                        + " down below 0.7, one TaskManager at a time, 30 s cooldown",
                wordCount(30),
                load);
    }
}
