package io.github.slotwise.sweep.flink;

import io.github.slotwise.flink.MiniClusters;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * The MiniCluster this module's tests submit sweeps to: one TaskManager with two slots, its REST
 * endpoint, JobManager and TaskManager bound to 127.0.0.1 on random ports ({@link
 * MiniClusters#onLoopback}), so that no test reaches any other address.
 */
final class LoopbackMiniCluster {
    private LoopbackMiniCluster() {}

    /**
     * Starts the cluster; the caller closes it.
     *
     * @return the running cluster
     * @throws Exception if it does not start
     */
    static MiniCluster start() throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(MiniClusters.onLoopback(new Configuration()))
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
