package io.github.slotwise.sweep.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.sweep.RemoteSweepException;
import io.github.slotwise.sweep.Sweep;
import io.github.slotwise.sweep.SweepRecipe;
import io.github.slotwise.sweep.SweepReport;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small sweep on an embedded MiniCluster gives exactly the local run's report. */
class FlinkSweepTest {
    @Test
    void aSweepOnAMiniClusterEqualsTheLocalRun() throws Exception {
        SweepRecipe recipe = new SweepRecipe(
                List.of(SweepRecipe.Family.builtIn(Families.SPOT_DAY)),
                5L,
                List.of("flink-2", "reactive"),
                List.of("flink-default"),
                3,
                "flink-2",
                "flink-default",
                11,
                500);
        Configuration config = new Configuration();
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);

        SweepReport onFlink = FlinkSweep.run(recipe, env, 1);
        SweepReport local = Sweep.run(recipe.spec(), 1, Sweep.Listener.NONE).report(2);

        assertThat(onFlink).isEqualTo(local);
        assertThat(onFlink.csv()).isEqualTo(local.csv());
        // the family's seed was replaced, and the days differ
        assertThat(onFlink.families().get(0).seed()).isEqualTo(5);
        assertThat(onFlink.rows().get(0).spread().stddev()).isPositive();
    }

    @Test
    void aSweepSubmittedThroughRestToARunningClusterEqualsTheLocalRun() throws Exception {
        SweepRecipe recipe = SweepRecipe.of(
                List.of(Families.REACTIVE_BLOG_DAY), List.of("flink-2", "flink-1.20"), List.of("flink-default"), 2);
        try (MiniCluster cluster = LoopbackMiniCluster.start()) {
            URI rest = URI.create(cluster.getRestAddress().get().toString());
            assertThat(rest.getHost()).isEqualTo("127.0.0.1");
            // the test's class path is the cluster's: no jars to ship
            SweepReport remote = FlinkSweep.run(recipe, FlinkSweep.remote(rest), 1);
            assertThat(remote.csv())
                    .isEqualTo(Sweep.run(recipe.spec(), 2, Sweep.Listener.NONE)
                            .report(1)
                            .csv());
        }
        assertThatThrownBy(() -> FlinkSweep.remote(URI.create("ftp://host:21")))
                .hasMessage("the Flink REST URL must be an http or https URL such as http://localhost:8081, got"
                        + " 'ftp://host:21'");
        assertThatThrownBy(() -> FlinkSweep.remote(URI.create("http://host")))
                .hasMessage("the Flink REST URL must name a host and a port (1 to 65535), such as"
                        + " http://localhost:8081, got 'http://host'");
    }

    @Test
    void aRecipeThatNamesNothingKnownIsRejectedBeforeAnyJob() {
        assertThatThrownBy(
                        () -> SweepRecipe.of(List.of("family/nope"), List.of("flink-2"), List.of("flink-default"), 3))
                .hasMessageStartingWith("no built-in family named 'family/nope'");
        assertThatThrownBy(() -> SweepRecipe.of(List.of(Families.SPOT_DAY), List.of("flink-2"), List.of("nope"), 3))
                .hasMessageStartingWith("unknown slot assigner 'nope'");
    }

    @Test
    void theEngineShipsItsJarOnlyWhenItHoldsSlotwise(@TempDir Path dir) throws Exception {
        URI rest = URI.create("http://127.0.0.1:8081");
        assertThat(FlinkSweepEngine.jobJars(dir, rest)).isEmpty();
        // tests run from target/classes: the MiniCluster shares the class path, nothing to ship
        assertThat(FlinkSweepEngine.jobJars(rest)).isEmpty();

        Path thin = jar(dir.resolve("thin.jar"), "io/github/slotwise/sweep/flink/FlinkSweepEngine.class");
        assertThatThrownBy(() -> FlinkSweepEngine.jobJars(thin, rest))
                .isInstanceOf(RemoteSweepException.class)
                .hasMessage(thin + " is not the self-contained job jar (it lacks io/github/slotwise/sweep/Sweep.class):"
                        + " put sweep-flink/target/slotwise-sweep-flink.jar on the class path instead, it ships"
                        + " itself to the Flink cluster");
        Path whole = jar(
                dir.resolve("whole.jar"),
                "io/github/slotwise/sweep/flink/FlinkSweepEngine.class",
                "io/github/slotwise/sweep/Sweep.class",
                "io/github/slotwise/simulation/Simulator.class",
                "com/google/common/collect/ImmutableList.class",
                "org/apache/commons/math3/distribution/TDistribution.class");
        assertThat(FlinkSweepEngine.jobJars(whole, rest)).containsExactly(whole.toString());
        Files.writeString(dir.resolve("broken.jar"), "not a jar");
        assertThatThrownBy(() -> FlinkSweepEngine.jobJars(dir.resolve("broken.jar"), rest))
                .isInstanceOf(RemoteSweepException.class)
                .hasMessageStartingWith("cannot read " + dir.resolve("broken.jar") + " to ship it to the Flink cluster"
                        + " at http://127.0.0.1:8081: ");
    }

    private static Path jar(Path path, String... entries) throws Exception {
        try (OutputStream file = Files.newOutputStream(path);
                JarOutputStream jar = new JarOutputStream(file)) {
            for (String e : entries) {
                jar.putNextEntry(new JarEntry(e));
                jar.closeEntry();
            }
        }
        return path;
    }
}
