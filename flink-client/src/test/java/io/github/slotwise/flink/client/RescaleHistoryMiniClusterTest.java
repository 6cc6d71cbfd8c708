package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.flink.MiniClusters;
import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Flink 2.3.0 (a MiniCluster, adaptive scheduler, rescale history on, REST on 127.0.0.1 and a
 * random port) runs a keyed job through a scripted life, and Slotwise's replay of the rescale history
 * it serves over HTTP must agree with every completed rescale's target parallelism and cause.
 *
 * <p>The life, with TaskManagers of one slot and a job that desires parallelism 4: submitted on one
 * TaskManager (INITIAL_SCHEDULE, p=1); two TaskManagers join one by one (NEW_RESOURCE_AVAILABLE, p=2
 * then 3); one is stopped (RECOVERABLE_FAILOVER, p=2); a task fails, standing in for a killed
 * TaskManager, which an in-process cluster cannot kill (RECOVERABLE_FAILOVER, p=2); the resource
 * requirements are lowered through REST (UPDATE_REQUIREMENT, p=1). Checkpoints complete every
 * second throughout. The job, its requirements and the history are imported through {@link
 * FlinkDocuments}, {@link JobImport} and {@link RescaleTraces}, the code the CLI uses, and replayed
 * through a decider built from the same configuration keys the cluster was given. Times are not
 * compared: Flink's depend on heartbeats, checkpoints and the wall clock.
 */
class RescaleHistoryMiniClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();

    /** What a redeployment of this job costs in the MiniCluster, roughly. */
    static final Duration RESTART_COST = Duration.ofMillis(500);

    /**
     * How long the job runs between two steps of its life, so that each step's rescale is over in
     * Flink and in the replay (whose checkpoints fall at other instants) before the next begins.
     */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** The configuration the cluster runs with, and Slotwise reads. */
    static Map<String, String> configuration() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.scheduler", "adaptive");
        conf.put("web.adaptive-scheduler.rescale-history.size", "50");
        conf.put("jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout", "1 s");
        conf.put("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "0 ms");
        conf.put("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "1 s");
        conf.put("execution.checkpointing.interval", "1 s");
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "1000");
        conf.put("restart-strategy.fixed-delay.delay", "200 ms");
        conf.put("heartbeat.interval", "500 ms");
        conf.put("heartbeat.timeout", "5 s");
        conf.put("taskmanager.numberOfTaskSlots", "1");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.bind-port", "0");
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.host", "127.0.0.1");
        return conf;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void slotwiseReplaysWhatFlinkDid() throws Exception {
        long started = System.nanoTime();
        Map<String, String> keys = configuration();
        // the job carries the configuration too: Flink derives rescale-trigger.max-delay from the
        // job's own checkpointing settings, not the cluster's
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(keys));
        env.setParallelism(4);
        env.setMaxParallelism(16);
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(20), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .keyBy(v -> v % 16)
                .map(v -> {
                    if (FAIL_ONCE.compareAndSet(true, false)) {
                        throw new IllegalStateException("injected failure");
                    }
                    return v + 1;
                })
                .returns(Types.LONG)
                .name("keyed map")
                .sinkTo(new MiniClusters.DiscardingSink())
                .name("sink");
        org.apache.flink.runtime.jobgraph.JobGraph flinkJob =
                env.getStreamGraph().getJobGraph(getClass().getClassLoader(), new JobID());

        MiniClusterConfiguration clusterConf = new MiniClusterConfiguration.Builder()
                .setConfiguration(Configuration.fromMap(keys))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .withRandomPorts()
                .build();
        MiniCluster cluster = new MiniClusters.NetworkedMiniCluster(clusterConf);
        try {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            assertThat(rest.getHost()).isEqualTo("127.0.0.1");
            FlinkRestClient client = new FlinkRestClient(rest);
            String jobId = cluster.submitJob(flinkJob).get().getJobID().toHexString();

            awaitCompleted(client, jobId, 1);
            cluster.startTaskManager();
            awaitCompleted(client, jobId, 2);
            cluster.startTaskManager();
            awaitCompleted(client, jobId, 3);
            cluster.terminateTaskManager(2).get();
            awaitCompleted(client, jobId, 4);
            FAIL_ONCE.set(true);
            awaitCompleted(client, jobId, 5);
            JobResourceRequirements current = client.resourceRequirements(jobId);
            Map<String, JobResourceRequirements.VertexRequirements> lowered = new LinkedHashMap<>();
            current.vertices()
                    .keySet()
                    .forEach(id -> lowered.put(
                            id,
                            new JobResourceRequirements.VertexRequirements(
                                    new JobResourceRequirements.Parallelism(1, 1))));
            client.updateResourceRequirements(jobId, new JobResourceRequirements(lowered));
            awaitCompleted(client, jobId, 6);

            saveRawAnswers(client, jobId);
            assertThat(client.get("/jobs/" + jobId + "/checkpoints")
                            .path("counts")
                            .path("completed")
                            .asLong())
                    .as("checkpoints completed during the life")
                    .isGreaterThanOrEqualTo(3);
            RescaleConfig rescaleConfig = client.rescaleConfig(jobId);
            assertThat(rescaleConfig.maximumDelayForTriggeringRescaleInMillis())
                    .as("(max-checkpoint-failures + 1) x checkpoint interval, as Slotwise derives it")
                    .isEqualTo(3_000L);

            // what the CLI does: fetch over HTTP, import, convert, replay
            FlinkDocuments docs = FlinkDocuments.fetch(client, jobId, true);
            FlinkSettings settings = FlinkSettings.of("MiniCluster configuration", keys);
            JobImport.Result imported = JobImport.toScenario(
                    docs.details(),
                    docs.requirements(),
                    docs.taskManagers(),
                    new JobImport.Options(Optional.empty(), Optional.empty(), settings.slotsPerTaskManager()));
            assertThat(imported.scenario().graph().vertices())
                    .filteredOn(v -> v.keyed())
                    .extracting(v -> v.name())
                    .containsExactly("keyed map -> sink: Writer");
            RescaleTraces.Converted converted = RescaleTraces.convert(
                    docs.history().orElseThrow(),
                    imported.scenario().graph(),
                    settings.slotsPerTaskManager(),
                    settings.policy().checkpointInterval(),
                    Duration.ofMinutes(5));
            Replay.Result replay =
                    Replay.run(converted, new FlinkRescaleDecider(settings.policy()), settings.simulationConfig());

            List<RescaleTraces.FlinkRescale> flink = converted.flinkRescales();
            String report = ReplayReportForTest.describe(replay);
            assertThat(flink)
                    .as(report)
                    .extracting(RescaleTraces.FlinkRescale::triggerCause)
                    .containsExactly(
                            "INITIAL_SCHEDULE",
                            "NEW_RESOURCE_AVAILABLE",
                            "NEW_RESOURCE_AVAILABLE",
                            "RECOVERABLE_FAILOVER",
                            "RECOVERABLE_FAILOVER",
                            "UPDATE_REQUIREMENT");
            assertThat(flink)
                    .as(report)
                    .extracting(
                            r -> r.parallelism().values().stream().distinct().toList())
                    .containsExactly(List.of(1), List.of(2), List.of(3), List.of(2), List.of(2), List.of(1));
            for (Replay.Row row : replay.rows().subList(0, flink.size())) {
                assertThat(row.agrees()).as(report).isTrue();
            }
            assertThat(replay.agreements()).as(report).isEqualTo(flink.size());
            System.out.printf(
                    "RescaleHistoryMiniClusterTest: %d of %d completed Flink rescales replayed alike in %.1f s%n%s%n",
                    replay.agreements(), flink.size(), (System.nanoTime() - started) / 1e9, report);
        } finally {
            cluster.closeAsync().get();
        }
    }

    /**
     * Keeps the raw answers under target/minicluster-rest/ (for looking at Flink's JSON, and for
     * refreshing the worked example's saved files).
     */
    private static void saveRawAnswers(FlinkRestClient client, String jobId) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "minicluster-rest");
        java.nio.file.Files.createDirectories(dir);
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("details.json", "/jobs/" + jobId);
        paths.put("requirements.json", "/jobs/" + jobId + "/resource-requirements");
        paths.put("taskmanagers.json", "/taskmanagers");
        paths.put("history.json", "/jobs/" + jobId + "/rescales/history");
        paths.put("rescale-config.json", "/jobs/" + jobId + "/rescales/config");
        for (RescaleDetails r : client.rescaleHistory(jobId).rescales()) {
            paths.put(
                    "details-" + r.rescaleUuid() + ".json", "/jobs/" + jobId + "/rescales/details/" + r.rescaleUuid());
        }
        for (Map.Entry<String, String> e : paths.entrySet()) {
            java.nio.file.Files.writeString(
                    dir.resolve(e.getKey()),
                    FlinkRestClient.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(client.get(e.getValue())));
        }
    }

    /** Waits until the history holds {@code count} completed rescales and none in progress. */
    private static void awaitCompleted(FlinkRestClient client, String jobId, int count) throws InterruptedException {
        MiniClusters.awaitTrue("completed rescales = " + count, WAIT, () -> {
            try {
                List<RescaleDetails> rescales = client.rescaleHistory(jobId).rescales();
                long completed =
                        rescales.stream().filter(RescaleDetails::completed).count();
                boolean open = rescales.stream().anyMatch(r -> r.terminalState() == null);
                return completed >= count && !open;
            } catch (FlinkRestException e) {
                return false;
            }
        });
        Thread.sleep(SETTLE.toMillis());
    }
}
