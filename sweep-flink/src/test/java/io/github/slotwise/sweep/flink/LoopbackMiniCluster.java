package io.github.slotwise.sweep.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * The MiniCluster this module's tests submit sweeps to: one TaskManager with two slots, its REST
 * endpoint, JobManager and TaskManager bound to 127.0.0.1 on random ports, so that no test reaches
 * any other address.
 */
final class LoopbackMiniCluster {
    private static final String LOOPBACK = "127.0.0.1";

    private LoopbackMiniCluster() {}

    /**
     * Starts the cluster; the caller closes it.
     *
     * @return the running cluster
     * @throws Exception if it does not start
     */
    static MiniCluster start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .withRandomPorts()
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }
}
