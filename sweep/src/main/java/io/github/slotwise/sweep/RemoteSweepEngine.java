package io.github.slotwise.sweep;

import io.github.slotwise.model.Limits;
import java.net.URI;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Runs a sweep somewhere else than this JVM (such as a Flink cluster) and hands back exactly the
 * {@link SweepResult} that {@link Sweep#run} gives for {@link SweepRecipe#spec()} here: every figure
 * of every unit, in order, so that the report, the CSV and the charts are byte for byte a local
 * run's. Implementations are found by {@link ServiceLoader} (registered in {@code
 * META-INF/services/io.github.slotwise.sweep.RemoteSweepEngine}), so that the command line can offer
 * them without depending on them: module {@code sweep-flink} registers the engine {@code "flink"}.
 */
public interface RemoteSweepEngine {
    /**
     * The engine's name, which the caller picks it by (e.g. {@code "flink"}).
     *
     * @return a short stable name
     */
    String name();

    /**
     * Runs the sweep at {@code endpoint} and waits for it.
     *
     * @param recipe the sweep
     * @param endpoint where to run it, in the engine's terms (for {@code "flink"}: the JobManager's
     *     REST URL, {@code http://host:port})
     * @param listener hears the progress, as the figures reach this JVM
     * @return every figure, as a local run gives them
     * @throws IllegalArgumentException if the endpoint is no valid address for this engine (the
     *     message quotes it), or if a day does not fit a policy (the message names the family, the
     *     sample, the policy and the assigner, as {@link Sweep#run})
     * @throws RemoteSweepException if the endpoint cannot be reached or the run fails there
     */
    SweepResult run(SweepRecipe recipe, URI endpoint, Sweep.Listener listener) throws RemoteSweepException;

    /**
     * The engine called {@code name} that {@link ServiceLoader} finds with this interface's class
     * loader.
     *
     * @param name the engine's name
     * @return the first engine of that name, or empty if none is on the class path
     */
    static Optional<RemoteSweepEngine> find(String name) {
        Limits.checkNotNull("name", name);
        for (RemoteSweepEngine engine :
                ServiceLoader.load(RemoteSweepEngine.class, RemoteSweepEngine.class.getClassLoader())) {
            if (engine.name().equals(name)) {
                return Optional.of(engine);
            }
        }
        return Optional.empty();
    }
}
