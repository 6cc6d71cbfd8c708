package io.github.slotwise.flink;

import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/**
 * A Flink {@link Configuration} as a Slotwise {@link RescalePolicy} and {@link FlinkRescaleDecider}.
 *
 * <p>Nothing is parsed here: the configuration's entries, as {@link Configuration#toMap()} renders
 * them (typed values in Flink's own string form, e.g. a {@code Duration} as {@code "30 s"}), go
 * through {@link FlinkConfig#read(Map)}, which applies the keys, deprecated keys, defaults and
 * Reactive Mode defaults of the Flink version named by {@value FlinkConfig#FLINK_VERSION_KEY}
 * (default 2.3, the version this adapter is built against).
 *
 * <p>One thing Flink accepts and this does not: a negative duration set through the typed API (e.g.
 * {@code configuration.set(RESOURCE_WAIT_TIMEOUT, Duration.ofMillis(-1))}). Flink reads the {@code
 * Duration} object back unparsed; its string form {@code "-1 ms"} is something Flink's own parser,
 * and so {@link FlinkConfig}, rejects, as it would in a configuration file.
 */
public final class FlinkRescalePolicies {
    private FlinkRescalePolicies() {}

    /**
     * Reads {@code configuration} with the keys of the Flink version it names, or 2.3.
     *
     * @param configuration a Flink configuration; keys Flink's adaptive scheduler does not read are
     *     ignored
     * @return the policy, the version applied, the keys read and where each value came from
     * @throws IllegalArgumentException naming each bad key and value
     */
    public static FlinkConfig.Read read(Configuration configuration) {
        return FlinkConfig.read(toMap(configuration));
    }

    /**
     * Reads {@code configuration} with {@code generation}'s keys.
     *
     * @param configuration a Flink configuration
     * @param generation the rules to apply
     * @return the policy, the version applied, the keys read and where each value came from
     * @throws IllegalArgumentException naming each bad key and value, or if the configuration names
     *     a Flink version of another generation
     */
    public static FlinkConfig.Read read(Configuration configuration, Generation generation) {
        return FlinkConfig.read(toMap(configuration), generation);
    }

    /**
     * The policy {@code configuration} sets.
     *
     * @param configuration a Flink configuration
     * @return the policy
     * @throws IllegalArgumentException naming each bad key and value
     */
    public static RescalePolicy policy(Configuration configuration) {
        return read(configuration).policy();
    }

    /**
     * A decider with the policy {@code configuration} sets and Flink's parallelism rule.
     *
     * @param configuration a Flink configuration
     * @return the decider
     * @throws IllegalArgumentException naming each bad key and value
     */
    public static FlinkRescaleDecider decider(Configuration configuration) {
        return new FlinkRescaleDecider(policy(configuration));
    }

    /**
     * A decider with the policy {@code configuration} sets and {@code solver} as the parallelism rule.
     *
     * @param configuration a Flink configuration
     * @param solver the parallelism rule
     * @return the decider
     * @throws IllegalArgumentException naming each bad key and value
     */
    public static FlinkRescaleDecider decider(Configuration configuration, ParallelismSolver solver) {
        return new FlinkRescaleDecider(policy(configuration), solver);
    }

    private static Map<String, String> toMap(Configuration configuration) {
        return Objects.requireNonNull(configuration, "configuration").toMap();
    }
}
