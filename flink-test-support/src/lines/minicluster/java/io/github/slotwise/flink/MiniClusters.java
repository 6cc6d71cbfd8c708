package io.github.slotwise.flink;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * What the MiniCluster tests of every module that runs Flink 2.3 share: a cluster bound to the loopback
 * address, one that TaskManagers added later can join, a sink that drops everything, and waiting for a job to run at a parallelism.
 *
 * <p>Version-specific test support (flink-test-support/src/lines/minicluster): Flink 2.x's sink API
 * and MiniCluster, for flink-adapter, flink-client and sweep-flink.
 */
public final class MiniClusters {
    /** The only address a test cluster binds to and advertises. */
    public static final String LOOPBACK = "127.0.0.1";

    private MiniClusters() {}

    /**
     * Binds a cluster's REST endpoint, JobManager and TaskManagers to {@link #LOOPBACK}, the REST
     * endpoint on a random port, so that a test reaches no other address.
     *
     * @param conf the cluster's configuration, changed in place
     * @return {@code conf}
     */
    public static Configuration onLoopback(Configuration conf) {
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        return conf;
    }

    /** The slots registered with the ResourceManager, or -1 if it cannot tell now. */
    public static int registeredSlots(MiniCluster cluster) {
        try {
            return cluster.getResourceOverview().get().getNumberRegisteredSlots();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The parallelism per job vertex id (hex) if the job and all its subtasks run, else null. */
    public static Map<String, Integer> runningParallelism(MiniCluster cluster, JobID jobId) {
        AccessExecutionGraph graph;
        try {
            graph = cluster.getExecutionGraph(jobId).get();
        } catch (Exception e) {
            return null;
        }
        if (graph.getState() != JobStatus.RUNNING) {
            return null;
        }
        Map<String, Integer> parallelism = new LinkedHashMap<>();
        for (AccessExecutionJobVertex v : graph.getVerticesTopologically()) {
            for (AccessExecutionVertex subtask : v.getTaskVertices()) {
                if (subtask.getExecutionState() != ExecutionState.RUNNING) {
                    return null;
                }
            }
            parallelism.put(v.getJobVertexId().toHexString(), v.getParallelism());
        }
        return parallelism.isEmpty() ? null : parallelism;
    }

    /** The job's state, each vertex's parallelism and subtask states, and its failure, for messages. */
    public static String describe(MiniCluster cluster, JobID jobId) {
        try {
            AccessExecutionGraph graph = cluster.getExecutionGraph(jobId).get();
            StringBuilder b = new StringBuilder("job ").append(graph.getState());
            for (AccessExecutionJobVertex v : graph.getVerticesTopologically()) {
                Map<ExecutionState, Integer> states = new TreeMap<>();
                for (AccessExecutionVertex subtask : v.getTaskVertices()) {
                    states.merge(subtask.getExecutionState(), 1, Integer::sum);
                }
                b.append(", ")
                        .append(v.getName())
                        .append(" p=")
                        .append(v.getParallelism())
                        .append(' ')
                        .append(states);
            }
            if (graph.getFailureInfo() != null) {
                b.append(", failure: ")
                        .append(graph.getFailureInfo()
                                .getExceptionAsString()
                                .lines()
                                .findFirst()
                                .orElse(""));
            }
            return b.toString();
        } catch (Exception e) {
            return "no execution graph: " + e;
        }
    }

    /**
     * Waits until the job runs with every subtask RUNNING at a parallelism {@code wanted} accepts,
     * seen twice 300 ms apart, and returns it (per job vertex id, hex).
     *
     * @throws AssertionError after {@code wait}, with what was last seen
     */
    public static Map<String, Integer> awaitRunning(
            MiniCluster cluster, JobID jobId, Predicate<Map<String, Integer>> wanted, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Integer> candidate = null;
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            Map<String, Integer> now = runningParallelism(cluster, jobId);
            last = now != null ? now.toString() : describe(cluster, jobId);
            if (now != null && wanted.test(now)) {
                if (now.equals(candidate)) {
                    return now;
                }
                candidate = now;
            } else {
                candidate = null;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("job did not run at the parallelism wanted within " + wait + "; last seen " + last);
    }

    /**
     * Polls {@code condition} every 100 ms.
     *
     * @throws AssertionError naming {@code what} if it is still false after {@code wait}
     */
    public static void awaitTrue(String what, Duration wait, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /**
     * A MiniCluster whose TaskManagers talk over the network: with one configured TaskManager Flink
     * would use local communication, which TaskManagers added later cannot join.
     */
    @SuppressWarnings("try") // MiniCluster#close may throw InterruptedException; closed via closeAsync
    public static class NetworkedMiniCluster extends MiniCluster {
        /** A cluster of {@code configuration}. */
        public NetworkedMiniCluster(MiniClusterConfiguration configuration) {
            super(configuration);
        }

        @Override
        protected boolean useLocalCommunication() {
            return false;
        }
    }

    /** Drops every record. */
    public static final class DiscardingSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Long> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Long element, Context context) {}

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
