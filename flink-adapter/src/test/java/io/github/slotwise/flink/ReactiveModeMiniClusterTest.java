package io.github.slotwise.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.Requirements;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Flink 2.3 run in Reactive Mode: a MiniCluster starts with one TaskManager of two slots, a
 * keyed streaming job that never finishes runs on it, and TaskManagers are added one by one. After
 * each change the parallelism Flink actually chose (read from its execution graph) must equal
 * Slotwise's prediction: {@link Requirements#reactive} and {@link FlinkParallelismSolver} on the same
 * job graph (converted by {@link FlinkJobGraphs#fromJobGraph}) and the registered slot count.
 *
 * <p>The job has two slot-sharing groups with different ranges, so the prediction exercises the
 * range sort, the division remainder and a vertex capped by its own maxParallelism: source (max 3)
 * and keyed map (max 16) share the default group, the sink (max 2) has its own. With 2, 4 and 6 slots
 * Slotwise predicts (1, 1, 1), (2, 2, 2) and (3, 4, 2).
 */
class ReactiveModeMiniClusterTest {
    private static final int SLOTS_PER_TASK_MANAGER = 2;
    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void flinkChoosesTheParallelismSlotwisePredicts() throws Exception {
        long start = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(50), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "source")
                .setMaxParallelism(3)
                .keyBy(v -> v % 16)
                .map(v -> v + 1)
                .returns(Types.LONG)
                .name("keyed map")
                .setMaxParallelism(16)
                .sinkTo(new MiniClusters.DiscardingSink())
                .name("sink")
                .slotSharingGroup("sink")
                .setMaxParallelism(2);
        org.apache.flink.runtime.jobgraph.JobGraph flinkJob =
                env.getStreamGraph().getJobGraph(getClass().getClassLoader(), new JobID());
        JobGraph reactive = Requirements.reactive(FlinkJobGraphs.fromJobGraph(flinkJob));
        assertThat(reactive.vertices()).hasSize(3);
        assertThat(reactive.slotSharingGroups()).hasSize(2);

        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.SCHEDULER_MODE, SchedulerExecutionMode.REACTIVE);
        conf.set(JobManagerOptions.SCHEDULER_EXECUTING_COOLDOWN_AFTER_RESCALING, Duration.ZERO);
        conf.set(JobManagerOptions.SCHEDULER_EXECUTING_RESOURCE_STABILIZATION_TIMEOUT, Duration.ZERO);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(5));
        conf.set(RestOptions.BIND_PORT, "0");
        MiniClusterConfiguration clusterConf = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS_PER_TASK_MANAGER)
                .withRandomPorts()
                .build();
        Map<Integer, Map<String, Integer>> observed = new LinkedHashMap<>();
        MiniCluster cluster = new MiniClusters.NetworkedMiniCluster(clusterConf);
        try {
            cluster.start();
            JobID jobId = cluster.submitJob(flinkJob).get().getJobID();
            Map<String, Integer> previous = Map.of();
            for (int taskManagers = 1; taskManagers <= 3; taskManagers++) {
                if (taskManagers > 1) {
                    cluster.startTaskManager();
                }
                int slots = taskManagers * SLOTS_PER_TASK_MANAGER;
                MiniClusters.awaitTrue(
                        "registered slots = " + slots, WAIT, () -> MiniClusters.registeredSlots(cluster) == slots);
                Map<String, Integer> flink = awaitRescaled(cluster, jobId, previous);
                ParallelismPlan predicted =
                        new FlinkParallelismSolver().solve(reactive, slots).plan();
                Map<String, Integer> byName = new LinkedHashMap<>();
                flink.forEach((id, p) -> byName.put(reactive.vertex(id).name(), p));
                observed.put(slots, byName);
                assertThat(flink)
                        .as("parallelism Flink chose with %d slots (Slotwise: %s)", slots, predicted.explanation())
                        .isEqualTo(predicted.vertexParallelism());
                previous = flink;
            }
            cluster.cancelJob(jobId).get();
        } finally {
            cluster.closeAsync().get();
        }
        System.out.printf(
                "ReactiveModeMiniClusterTest: Flink 2.3.0 Reactive Mode chose Slotwise's parallelism at %s slots"
                        + " in %.1f s: %s%n",
                observed.keySet(), (System.nanoTime() - start) / 1e9, observed);
    }

    /** Waits until the job runs at a parallelism other than {@code previous}, seen twice. */
    private static Map<String, Integer> awaitRescaled(MiniCluster cluster, JobID jobId, Map<String, Integer> previous)
            throws InterruptedException {
        return MiniClusters.awaitRunning(cluster, jobId, now -> !now.equals(previous), WAIT);
    }
}
