package io.github.slotwise.sweep.flink;

import io.github.slotwise.model.Limits;
import io.github.slotwise.sweep.Sweep;
import io.github.slotwise.sweep.SweepRecipe;
import io.github.slotwise.sweep.SweepReport;
import io.github.slotwise.sweep.SweepResult;
import io.github.slotwise.sweep.SweepSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The sweep as an Apache Flink batch job (the DataStream API in {@link RuntimeExecutionMode#BATCH}):
 * the units of work (one per family and sample, {@link Sweep#units}) are the input, a map simulates
 * each ({@link Sweep#unit}, on whichever TaskManager Flink gives it), and the client collects the
 * figures and computes the report exactly as a local run does ({@link Sweep#assemble}, {@link
 * io.github.slotwise.sweep.SweepResult#report}). The report is therefore equal to {@code
 * Sweep.run(recipe.spec(), ...).report(...)} whatever the job's parallelism: each unit is a pure
 * function of the spec and its index.
 */
public final class FlinkSweep {
    private FlinkSweep() {}

    /**
     * Runs the sweep on {@code env} (a local environment runs it on an embedded MiniCluster; a remote
     * one on a cluster that has this module and Slotwise on its class path).
     *
     * @param recipe the sweep, by names
     * @param env where to run; its runtime mode is set to batch
     * @param statisticsThreads threads the client computes the statistics on, at least 1
     * @return the report
     * @throws Exception if the job fails
     */
    public static SweepReport run(SweepRecipe recipe, StreamExecutionEnvironment env, int statisticsThreads)
            throws Exception {
        if (statisticsThreads < 1) {
            throw new IllegalArgumentException("statisticsThreads must be >= 1, got " + statisticsThreads);
        }
        return result(recipe, env, Sweep.Listener.NONE).report(statisticsThreads);
    }

    /**
     * Runs the sweep on {@code env} and collects every figure: the {@link SweepResult} {@link
     * Sweep#run} gives locally, for reports and charts.
     *
     * @param recipe the sweep, by names
     * @param env where to run; its runtime mode is set to batch
     * @param listener hears the progress as the figures reach the client, one family and sample at a
     *     time
     * @return every figure
     * @throws Exception if the job fails
     */
    public static SweepResult result(SweepRecipe recipe, StreamExecutionEnvironment env, Sweep.Listener listener)
            throws Exception {
        Limits.checkNotNull("recipe", recipe);
        Limits.checkNotNull("env", env);
        Limits.checkNotNull("listener", listener);
        SweepSpec spec = recipe.spec();
        long units = Sweep.units(spec);
        long total = spec.simulations();
        long perUnit = (long) spec.policies().size() * spec.assigners().size();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        double[][] figures = new double[Math.toIntExact(units)][];
        long done = 0;
        try (CloseableIterator<Tuple2<Long, double[]>> out = env.fromSequence(0, units - 1)
                .map(new Simulate(recipe))
                .returns(Types.TUPLE(Types.LONG, Types.PRIMITIVE_ARRAY(Types.DOUBLE)))
                .name("simulate")
                .executeAndCollect("slotwise sweep")) {
            while (out.hasNext()) {
                Tuple2<Long, double[]> unit = out.next();
                figures[Math.toIntExact(unit.f0)] = unit.f1;
                done += perUnit;
                listener.simulated(done, total);
            }
        }
        List<double[]> all = new ArrayList<>(Arrays.asList(figures));
        return Sweep.assemble(spec, all);
    }

    /**
     * An environment that submits to a running Flink cluster through its REST endpoint, for {@link
     * #run}. The cluster needs Slotwise on its class path, or the jars that carry it (this module's
     * jar and its dependencies, e.g. one shaded jar) in {@code jarFiles}.
     *
     * @param restUrl the JobManager's REST endpoint, {@code http://host:port} or {@code https://...}
     * @param jarFiles jars to ship with the job
     * @return the remote environment
     * @throws IllegalArgumentException if the URL has another scheme, no host or no port
     */
    public static StreamExecutionEnvironment remote(URI restUrl, String... jarFiles) {
        return remote(restUrl, new Configuration(), jarFiles);
    }

    /**
     * An environment that submits to a running Flink cluster through its REST endpoint, as {@link
     * #remote(URI, String...)}, with client settings of one's own (such as {@code
     * rest.retry.max-attempts}).
     *
     * @param restUrl the JobManager's REST endpoint, {@code http://host:port} or {@code https://...}
     * @param clientConfig the client's settings, copied; SSL is set from the URL's scheme
     * @param jarFiles jars to ship with the job
     * @return the remote environment
     * @throws IllegalArgumentException if the URL has another scheme, no host or no port
     */
    public static StreamExecutionEnvironment remote(URI restUrl, Configuration clientConfig, String... jarFiles) {
        Limits.checkNotNull("restUrl", restUrl);
        Limits.checkNotNull("clientConfig", clientConfig);
        String scheme = restUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(
                    "the Flink REST URL must be an http or https URL such as http://localhost:8081, got "
                            + Limits.quote(restUrl.toString()));
        }
        if (restUrl.getHost() == null || restUrl.getPort() < 1 || restUrl.getPort() > 65535) {
            throw new IllegalArgumentException("the Flink REST URL must name a host and a port (1 to 65535), such as"
                    + " http://localhost:8081,"
                    + " got " + Limits.quote(restUrl.toString()));
        }
        Configuration config = new Configuration(clientConfig);
        config.set(SecurityOptions.SSL_REST_ENABLED, scheme.equals("https"));
        return StreamExecutionEnvironment.createRemoteEnvironment(
                restUrl.getHost(), restUrl.getPort(), config, jarFiles);
    }

    /** The map: one unit's figures; the spec is rebuilt from its names on the TaskManager. */
    static final class Simulate extends RichMapFunction<Long, Tuple2<Long, double[]>> {
        private static final long serialVersionUID = 1L;

        private final SweepRecipe recipe;
        private transient SweepSpec spec;

        Simulate(SweepRecipe recipe) {
            this.recipe = recipe;
        }

        @Override
        public void open(OpenContext context) {
            spec = recipe.spec();
        }

        @Override
        public Tuple2<Long, double[]> map(Long unit) {
            return Tuple2.of(unit, Sweep.unit(spec, unit));
        }
    }
}
