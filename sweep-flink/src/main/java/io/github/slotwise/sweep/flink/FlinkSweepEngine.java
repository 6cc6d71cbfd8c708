package io.github.slotwise.sweep.flink;

import io.github.slotwise.model.Limits;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.sweep.RemoteSweepEngine;
import io.github.slotwise.sweep.RemoteSweepException;
import io.github.slotwise.sweep.Sweep;
import io.github.slotwise.sweep.SweepRecipe;
import io.github.slotwise.sweep.SweepResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.util.SerializedThrowable;

/**
 * The {@link RemoteSweepEngine} {@value #NAME}: submits the sweep as a Flink batch job ({@link
 * FlinkSweep#result}) to a running cluster through its REST endpoint ({@link FlinkSweep#remote}).
 *
 * <p>When this class comes from a jar, that jar is shipped with the job, and it must be the
 * self-contained job jar this module builds ({@code slotwise-sweep-flink.jar}: Slotwise and its
 * dependencies, without Flink); when it comes from a folder of classes (tests on a MiniCluster that
 * shares their class path), nothing is shipped. The client gives up on a cluster it cannot reach after
 * {@value #RETRY_ATTEMPTS} retries {@link #RETRY_DELAY} apart.
 */
public final class FlinkSweepEngine implements RemoteSweepEngine {
    /** The engine's name. */
    public static final String NAME = "flink";

    /** REST retries of the client before it gives up on an unreachable cluster. */
    static final int RETRY_ATTEMPTS = 2;

    /** The pause between the client's REST retries. */
    static final Duration RETRY_DELAY = Duration.ofMillis(500);

    /** How long the client waits for a TCP connection to the cluster. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /** Classes the job needs that only a self-contained job jar holds besides this module's. */
    private static final List<String> SLOTWISE_CLASSES = List.of(
            "io/github/slotwise/sweep/Sweep.class",
            "io/github/slotwise/simulation/Simulator.class",
            "com/google/common/collect/ImmutableList.class",
            "org/apache/commons/math3/distribution/TDistribution.class");

    /** Creates the engine; {@link java.util.ServiceLoader} calls it. */
    public FlinkSweepEngine() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SweepResult run(SweepRecipe recipe, URI endpoint, Sweep.Listener listener) throws RemoteSweepException {
        Limits.checkNotNull("recipe", recipe);
        Limits.checkNotNull("endpoint", endpoint);
        Limits.checkNotNull("listener", listener);
        Configuration client = new Configuration();
        client.set(RestOptions.RETRY_MAX_ATTEMPTS, RETRY_ATTEMPTS);
        client.set(RestOptions.RETRY_DELAY, RETRY_DELAY);
        client.set(RestOptions.CONNECTION_TIMEOUT, CONNECTION_TIMEOUT);
        var env = FlinkSweep.remote(endpoint, client, jobJars(endpoint));
        try {
            return FlinkSweep.result(recipe, env, listener);
        } catch (Exception e) {
            throw failure(endpoint, e);
        }
    }

    /**
     * What the job ships: the jar this class comes from, or nothing when it comes from a folder.
     *
     * @throws RemoteSweepException if this class comes from a jar without Slotwise in it
     */
    static String[] jobJars(URI endpoint) throws RemoteSweepException {
        CodeSource source = FlinkSweepEngine.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !location.getProtocol().equals("file")) {
            return new String[0];
        }
        try {
            return jobJars(Path.of(location.toURI()), endpoint);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new String[0];
        }
    }

    /**
     * What the job ships when this class comes from {@code path}: nothing for a folder, the jar itself
     * when it holds Slotwise and its dependencies.
     *
     * @throws RemoteSweepException if the jar lacks them, or cannot be read
     */
    static String[] jobJars(Path path, URI endpoint) throws RemoteSweepException {
        if (Files.isDirectory(path)) {
            return new String[0];
        }
        List<String> missing = new ArrayList<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            for (String c : SLOTWISE_CLASSES) {
                if (jar.getEntry(c) == null) {
                    missing.add(c);
                }
            }
        } catch (IOException e) {
            throw new RemoteSweepException(
                    "cannot read " + path + " to ship it to the Flink cluster at " + endpoint + ": " + e.getMessage(),
                    false,
                    e);
        }
        if (!missing.isEmpty()) {
            throw new RemoteSweepException(
                    path + " is not the self-contained job jar (it lacks " + missing.get(0)
                            + "): put sweep-flink/target/slotwise-sweep-flink.jar on the class path instead,"
                            + " it ships itself to the Flink cluster",
                    false,
                    null);
        }
        return new String[] {path.toString()};
    }

    /**
     * The exception for a failed submission or job: a cluster the client cannot reach is {@link
     * RemoteSweepException#unreachable()}, any other failure a plain {@link RemoteSweepException}.
     *
     * @throws IllegalArgumentException if a day does not fit a policy: bad input, as in a local run
     */
    private static RemoteSweepException failure(URI endpoint, Exception e) {
        List<Throwable> chain = chain(e);
        for (Throwable t : chain) {
            if (t instanceof IllegalArgumentException && thrownBySweep(t)) {
                throw new IllegalArgumentException(t.getMessage(), e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof TimeoutException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return new RemoteSweepException(
                        "cannot reach the Flink cluster at " + endpoint + ": " + oneLine(t), true, e);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return new RemoteSweepException(
                "the sweep failed on the Flink cluster at " + endpoint + ": " + oneLine(root), false, e);
    }

    /** The causes of {@code e}, {@code e} first, Flink's serialized ones deserialized where possible. */
    private static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof SerializedThrowable s) {
                t = SerializedThrowable.get(s, FlinkSweepEngine.class.getClassLoader());
                if (t != s && seen.put(t, true) != null) {
                    break;
                }
            }
            chain.add(t);
        }
        return chain;
    }

    /** Whether a unit of the sweep threw it: a day that does not fit a policy. */
    private static boolean thrownBySweep(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals(Sweep.class.getName())
                    && frame.getMethodName().equals("unit")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return InputException.oneLine(message);
    }
}
