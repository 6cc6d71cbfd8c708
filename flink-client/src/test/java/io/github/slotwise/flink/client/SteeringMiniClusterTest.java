package io.github.slotwise.flink.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.flink.MiniClusters;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.registry.Policies;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.highavailability.HighAvailabilityServices;
import org.apache.flink.runtime.highavailability.nonha.embedded.EmbeddedHaServices;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobmanager.ExecutionPlanStore;
import org.apache.flink.runtime.jobmanager.StandaloneExecutionPlanStore;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steering a real Flink 2.3.0 (MiniCluster, adaptive scheduler, not reactive, REST on 127.0.0.1 at a
 * random port) with the same classes {@code slotwise steer} uses.
 *
 * <p>A source (parallelism 1) feeds a keyed vertex with 128 key groups (upper bound 128) in one
 * slot-sharing group. On 96 slots Flink's own rule runs it at 96: 32 subtasks with 2 key groups, 64
 * with 1. Steered with {@code flink-2+keygroup-aware} it runs at 64, every subtask with 2 key groups
 * (the same hottest subtask) and 32 slots free. A fourth TaskManager makes 128 slots, and the watch
 * loop moves it to 128. On the way: a {@code PUT} during another update gets Flink's {@code 409} and
 * is retried; a {@code PUT} Flink cannot persist, an incomplete {@code PUT}, an unknown job and a job
 * in Reactive Mode get their clear errors.
 */
class SteeringMiniClusterTest {
    private static final int SLOTS_PER_TASK_MANAGER = 32;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LOOPBACK = MiniClusters.LOOPBACK;

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void keyGroupAwareSteeringFollowsTaskManagers() throws Exception {
        long start = System.nanoTime();
        JobGraph job = keyedJob(128);
        String source =
                job.getVerticesSortedTopologicallyFromSources().get(0).getID().toHexString();
        String keyed =
                job.getVerticesSortedTopologicallyFromSources().get(1).getID().toHexString();
        GatedPlanStore store = new GatedPlanStore();
        Map<String, Object> figures = new LinkedHashMap<>();
        SteerableMiniCluster cluster = new SteerableMiniCluster(clusterConfiguration(adaptive(), 3), store);
        try {
            cluster.start();
            MiniClusters.awaitTrue("96 registered slots", WAIT, () -> MiniClusters.registeredSlots(cluster) == 96);
            JobID jobId = cluster.submitJob(job).get().getJobID();
            Map<String, Integer> flinksOwn = awaitRunningWithin(cluster, jobId, p -> p.get(keyed) == 96);
            figures.put("Flink's rule on 96 slots", flinksOwn.get(keyed));

            URI rest = URI.create(cluster.getRestAddress().get().toString());
            assertThat(rest.getHost()).isEqualTo(LOOPBACK);
            ResourceRequirementsClient api = new ResourceRequirementsClient(new FlinkRestClient(rest));
            Path stateFile = temp.resolve("steer.json");
            Steerer steerer =
                    new Steerer(api, jobId.toHexString(), Policies.byName("flink-2+keygroup-aware"), stateFile);

            // dry run: reads, plans and explains, sends nothing
            SteeringStep dry = steerer.step(false);
            assertThat(dry.outcome()).isEqualTo(SteeringStep.Outcome.DRY_RUN);
            assertThat(dry.registeredSlots()).isEqualTo(96);
            assertThat(dry.current())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(source, new VertexBounds(1, 1), keyed, new VertexBounds(1, 128)));
            assertThat(dry.proposed()).containsEntry(keyed, new VertexBounds(1, 64));
            assertThat(dry.lines()).anySatisfy(l -> assertThat(l).contains("96 -> 64", "2 -> 2 of 128 key groups"));
            assertThat(Files.exists(stateFile)).isFalse();

            // apply: Flink rescales to 64, read back from its execution graph and its REST API
            long applied = System.nanoTime();
            SteeringStep apply = steerer.step(true);
            assertThat(apply.outcome()).isEqualTo(SteeringStep.Outcome.APPLIED);
            assertThat(Files.exists(stateFile)).isTrue();
            Map<String, Integer> steered = awaitRunningWithin(cluster, jobId, p -> p.get(keyed) == 64);
            figures.put("steered (flink-2+keygroup-aware) on 96 slots", steered.get(keyed));
            figures.put("rescale to 64 took s", seconds(applied));
            // GET /jobs/:jobid answers from the REST endpoint's execution-graph cache (web.refresh-interval,
            // 3 s by default), so it may show 96 for a moment after the execution graph runs at 64
            MiniClusters.awaitTrue(
                    "GET /jobs/:jobid to show 64",
                    WAIT,
                    () -> api.rest().jobDetails(jobId.toHexString()).vertices().stream()
                            .anyMatch(v -> v.id().equals(keyed) && v.parallelism() == 64));
            assertThat(api.get(jobId.toHexString())).containsEntry(keyed, new VertexBounds(1, 64));

            // steering again changes nothing
            assertThat(steerer.step(true).outcome()).isEqualTo(SteeringStep.Outcome.UNCHANGED);

            // a PUT while another update is being persisted: Flink answers 409, the client retries
            Map<String, VertexBounds> same = api.get(jobId.toHexString());
            store.holdNextPut();
            AtomicReference<Object> first = new AtomicReference<>();
            Thread blocked = new Thread(() -> {
                try {
                    first.set(api.put(jobId.toHexString(), same));
                } catch (Exception | AssertionError e) {
                    first.set(e);
                }
            });
            blocked.start();
            assertThat(store.entered.await(20, TimeUnit.SECONDS)).isTrue();
            List<Duration> waits = new CopyOnWriteArrayList<>();
            ResourceRequirementsClient retrying = new ResourceRequirementsClient(
                    api.rest(),
                    new ResourceRequirementsClient.Retry(4, Duration.ofMillis(50), Duration.ofMillis(400)),
                    d -> {
                        waits.add(d);
                        store.release(); // the other update finishes while we back off
                        Thread.sleep(d.toMillis());
                    });
            ResourceRequirementsClient.UpdateOutcome retried = retrying.put(jobId.toHexString(), same);
            blocked.join(20_000);
            assertThat(retried.conflicts()).isGreaterThanOrEqualTo(1);
            assertThat(waits.get(0)).isEqualTo(Duration.ofMillis(50));
            assertThat(first.get()).isEqualTo(new ResourceRequirementsClient.UpdateOutcome(1, 0));
            figures.put("409s retried", retried.conflicts());

            // a PUT Flink cannot persist: 500, not applied
            store.failNextPut();
            assertThatThrownBy(() -> api.put(jobId.toHexString(), same))
                    .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                            .isEqualTo(SteeringException.Kind.NOT_PERSISTED))
                    .hasMessageContaining("could not be persisted and have not been applied");

            // an incomplete PUT: 400 naming the missing vertex
            assertThatThrownBy(() -> api.put(jobId.toHexString(), Map.of(keyed, new VertexBounds(1, 64))))
                    .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                            .isEqualTo(SteeringException.Kind.REFUSED))
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("The request is incomplete, missing job vertex [" + source + "]");

            // an upper bound above maxParallelism: 400
            assertThatThrownBy(() -> api.put(
                            jobId.toHexString(),
                            Map.of(source, new VertexBounds(1, 1), keyed, new VertexBounds(1, 129))))
                    .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                            .isEqualTo(SteeringException.Kind.REFUSED))
                    .hasMessageContaining("exceeds its maximum parallelism 128");

            // an unknown job
            String unknown = new JobID().toHexString();
            assertThatThrownBy(() -> api.get(unknown))
                    .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                            .isEqualTo(SteeringException.Kind.JOB_NOT_FOUND))
                    .hasMessageContaining(unknown);

            // --watch: a fourth TaskManager makes 128 slots, and the loop moves the job to 128
            List<SteeringStep> rounds = new CopyOnWriteArrayList<>();
            Thread watch = new Thread(() -> steerer.watch(Duration.ofMillis(200), 0, true, rounds::add));
            watch.start();
            MiniClusters.awaitTrue("the watch's first round", WAIT, () -> !rounds.isEmpty());
            assertThat(rounds.get(0).outcome()).isEqualTo(SteeringStep.Outcome.UNCHANGED);
            long added = System.nanoTime();
            cluster.startTaskManager();
            MiniClusters.awaitTrue("128 registered slots", WAIT, () -> MiniClusters.registeredSlots(cluster) == 128);
            Map<String, Integer> grown = awaitRunningWithin(cluster, jobId, p -> p.get(keyed) == 128);
            figures.put("watched, 128 slots", grown.get(keyed));
            figures.put("TaskManager added to 128 running s", seconds(added));
            watch.interrupt();
            watch.join(10_000);
            assertThat(watch.isAlive()).isFalse();
            assertThat(rounds).last().satisfies(r -> {
                assertThat(r.registeredSlots()).isEqualTo(128);
                assertThat(r.outcome()).isEqualTo(SteeringStep.Outcome.APPLIED);
                assertThat(r.proposed()).containsEntry(keyed, new VertexBounds(1, 128));
            });

            // --reset puts back the bounds found before steering and forgets them
            SteeringStep reset = steerer.reset();
            assertThat(reset.proposed())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(source, new VertexBounds(1, 1), keyed, new VertexBounds(1, 128)));
            assertThat(Files.exists(stateFile)).isFalse();
            cluster.cancelJob(jobId).get();
        } finally {
            store.release();
            cluster.closeAsync().get();
        }
        figures.put("wall time s", seconds(start));
        System.out.println("SteeringMiniClusterTest: Flink 2.3.0 adaptive scheduler, keyed vertex with 128 key groups: "
                + figures);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void reactiveModeRefusesWithAClearError() throws Exception {
        Configuration conf = adaptive();
        conf.set(JobManagerOptions.SCHEDULER_MODE, SchedulerExecutionMode.REACTIVE);
        JobGraph job = keyedJob(8);
        SteerableMiniCluster cluster = new SteerableMiniCluster(clusterConfiguration(conf, 1, 2), new GatedPlanStore());
        try {
            cluster.start();
            JobID jobId = cluster.submitJob(job).get().getJobID();
            URI rest = URI.create(cluster.getRestAddress().get().toString());
            ResourceRequirementsClient api = new ResourceRequirementsClient(new FlinkRestClient(rest));
            MiniClusters.awaitTrue("requirements readable", WAIT, () -> {
                try {
                    return api.get(jobId.toHexString()).size() == 2;
                } catch (SteeringException e) {
                    return false;
                }
            });
            Map<String, VertexBounds> bounds = new LinkedHashMap<>();
            api.get(jobId.toHexString()).keySet().forEach(v -> bounds.put(v, new VertexBounds(1, 1)));
            assertThatThrownBy(() -> api.put(jobId.toHexString(), bounds))
                    .isInstanceOfSatisfying(SteeringException.class, e -> assertThat(e.kind())
                            .isEqualTo(SteeringException.Kind.REACTIVE_MODE))
                    .hasMessageContaining("runs in Reactive Mode")
                    .hasMessageContaining("Cannot change the parallelism of a job running in reactive mode");
            cluster.cancelJob(jobId).get();
        } finally {
            cluster.closeAsync().get();
        }
    }

    /** Source (parallelism 1) -> keyBy -> map and sink (maxParallelism = parallelism = {@code max}). */
    private static JobGraph keyedJob(int max) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(max);
        env.setMaxParallelism(max);
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(20), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "source")
                .setParallelism(1)
                .keyBy(v -> v % 1000)
                .map(v -> v + 1)
                .returns(Types.LONG)
                .name("keyed map")
                .sinkTo(new MiniClusters.DiscardingSink())
                .name("sink");
        JobGraph job = env.getStreamGraph().getJobGraph(SteeringMiniClusterTest.class.getClassLoader(), new JobID());
        assertThat(job.getNumberOfVertices()).isEqualTo(2);
        return job;
    }

    private static Configuration adaptive() {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Adaptive);
        conf.set(JobManagerOptions.SCHEDULER_EXECUTING_COOLDOWN_AFTER_RESCALING, Duration.ZERO);
        conf.set(JobManagerOptions.SCHEDULER_EXECUTING_RESOURCE_STABILIZATION_TIMEOUT, Duration.ZERO);
        conf.set(JobManagerOptions.SCHEDULER_SUBMISSION_RESOURCE_STABILIZATION_TIMEOUT, Duration.ofMillis(500));
        conf.set(JobManagerOptions.SCHEDULER_RESCALE_TRIGGER_MAX_DELAY, Duration.ZERO);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        // generous: a TaskManager lost under a loaded build machine would restart the job mid-test
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(30));
        return MiniClusters.onLoopback(conf);
    }

    private static MiniClusterConfiguration clusterConfiguration(Configuration conf, int taskManagers) {
        return clusterConfiguration(conf, taskManagers, SLOTS_PER_TASK_MANAGER);
    }

    private static MiniClusterConfiguration clusterConfiguration(Configuration conf, int taskManagers, int slots) {
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build();
    }

    private static double seconds(long sinceNanos) {
        return Math.round((System.nanoTime() - sinceNanos) / 1e8) / 10.0;
    }

    /**
     * The Dispatcher's store for submitted jobs and their resource requirements, which can hold the
     * next {@code putJobResourceRequirements} until released (so a second update meets Flink's
     * "in progress" check) or fail it (so Flink answers "could not be persisted").
     */
    static final class GatedPlanStore extends StandaloneExecutionPlanStore {
        private volatile CountDownLatch hold;
        private volatile CountDownLatch held;
        volatile CountDownLatch entered = new CountDownLatch(1);
        private volatile boolean fail;

        void holdNextPut() {
            entered = new CountDownLatch(1);
            held = null;
            hold = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch h = held;
            if (h != null) {
                h.countDown();
            }
        }

        void failNextPut() {
            fail = true;
        }

        @Override
        public void putJobResourceRequirements(JobID jobId, JobResourceRequirements requirements) {
            if (fail) {
                fail = false;
                throw new IllegalStateException("test: this store refuses to persist");
            }
            CountDownLatch h = hold;
            if (h != null) {
                hold = null;
                held = h;
                entered.countDown();
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * A MiniCluster whose TaskManagers talk over the network (TaskManagers added later can join) and
     * whose Dispatcher persists resource requirements in a {@link GatedPlanStore}.
     */
    @SuppressWarnings("try") // MiniCluster#close may throw InterruptedException; closed via closeAsync
    private static final class SteerableMiniCluster extends MiniClusters.NetworkedMiniCluster {
        private final GatedPlanStore store;

        SteerableMiniCluster(MiniClusterConfiguration configuration, GatedPlanStore store) {
            super(configuration);
            this.store = store;
        }

        @Override
        protected HighAvailabilityServices createHighAvailabilityServices(
                Configuration configuration, Executor executor) {
            return new EmbeddedHaServices(executor) {
                @Override
                public ExecutionPlanStore getExecutionPlanStore() {
                    return store;
                }
            };
        }
    }

    /** {@link MiniClusters#awaitRunning} within {@link #WAIT}. */
    private static Map<String, Integer> awaitRunningWithin(
            MiniCluster cluster, JobID jobId, java.util.function.Predicate<Map<String, Integer>> wanted)
            throws InterruptedException {
        return MiniClusters.awaitRunning(cluster, jobId, wanted, WAIT);
    }
}
