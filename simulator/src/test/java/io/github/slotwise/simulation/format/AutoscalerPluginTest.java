package io.github.slotwise.simulation.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.registry.Registry;
import io.github.slotwise.simulation.Autoscaler;
import io.github.slotwise.simulation.AutoscalerFields;
import io.github.slotwise.simulation.AutoscalerProvider;
import io.github.slotwise.simulation.AutoscalerType;
import io.github.slotwise.simulation.Autoscalers;
import io.github.slotwise.simulation.LoadScenario;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The new built-in types in files, and a user's autoscaler named in a load scenario. */
class AutoscalerPluginTest {
    @TempDir
    Path dir;

    private static String withAutoscaler(String autoscaler) {
        return "{\"end\": \"1 h\",\n"
                + "  \"inputRate\": {\"type\": \"constant\", \"recordsPerSecond\": 100},\n"
                + "  \"capacity\": {\"perSubtask\": 50},\n"
                + "  \"autoscaler\": " + autoscaler + "\n}";
    }

    private static LoadScenario parse(String json, Registry<AutoscalerType> types) {
        return LoadScenarioJson.parse("l.json", json.getBytes(StandardCharsets.UTF_8), types);
    }

    @Test
    void kedaAndBusyTimeReadWithTheirDefaultsAndWriteBack() {
        LoadScenario keda = parse(
                withAutoscaler(
                        "{\"type\": \"keda\", \"lagThreshold\": 5000, \"maxTaskManagers\": 8, \"partitions\": 6}"),
                Autoscalers.standard());
        assertThat(keda.autoscaler())
                .isEqualTo(new Autoscaler.KedaLag(
                        5000, 0, Optional.of(6), Duration.ofSeconds(300), 0, 8, Duration.ofSeconds(30)));
        LoadScenario busy = parse(
                withAutoscaler("{\"type\": \"busy-time\", \"maxTaskManagers\": 8, \"cooldown\": \"2 min\"}"),
                Autoscalers.standard());
        assertThat(busy.autoscaler())
                .isEqualTo(new Autoscaler.BusyTime(
                        0.8, 1.5, 1.3, 0.1, 0.75, Duration.ofMinutes(2), 1, 8, Duration.ofSeconds(15)));
        for (LoadScenario l : List.of(keda, busy)) {
            String written = LoadScenarioJson.write(l);
            assertThat(LoadScenarioJson.parse("w.json", written.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(l);
        }
    }

    @Test
    void theNewTypesRejectFieldsTheyDoNotTake() {
        assertThatThrownBy(() -> parse(
                        withAutoscaler(
                                "{\"type\": \"keda\", \"lagThreshold\": 5, \"maxTaskManagers\": 8, \"target\": 1}"),
                        Autoscalers.standard()))
                .hasMessage("l.json line 4 column 85: autoscaler.target: not allowed in a 'keda' autoscaler (its"
                        + " fields: type, lagThreshold, maxTaskManagers, activationLagThreshold, partitions,"
                        + " cooldownPeriod, minTaskManagers, syncPeriod)");
        assertThatThrownBy(() -> parse(
                        withAutoscaler("{\"type\": \"busy-time\", \"maxTaskManagers\": 8, \"busyAbove\": \"high\"}"),
                        Autoscalers.standard()))
                .hasMessage("l.json line 4 column 74: autoscaler.busyAbove: expected a number, got \"high\"");
        assertThatThrownBy(() -> parse(
                        withAutoscaler("{\"type\": \"busy-time\", \"maxTaskManagers\": 8, \"scaleDownFactor\": 2}"),
                        Autoscalers.standard()))
                .hasMessage("l.json line 4 column 17: autoscaler: BusyTime.scaleDownFactor must be in (0, 1), got 2.0");
    }

    /** A user's autoscaler: one TaskManager per {@code recordsPerTaskManager} of lag, at least one. */
    record PerLag(double recordsPerTaskManager, int maxTaskManagers) implements Autoscaler {
        @Override
        public Duration syncPeriod() {
            return DEFAULT_SYNC_PERIOD;
        }

        @Override
        public int minTaskManagers() {
            return 1;
        }

        @Override
        public String type() {
            return "acme-per-lag";
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            int want = (int)
                    Math.max(1, Math.min(maxTaskManagers, Math.ceil(observation.backlog() / recordsPerTaskManager)));
            State next = state.want(want, observation.time());
            return new Evaluation(next, want == state.desired() ? Optional.empty() : Optional.of("per lag: " + want));
        }
    }

    /** Registers {@link PerLag} as {@code acme-per-lag}. */
    public static final class AcmeAutoscalers implements AutoscalerProvider {
        /** For ServiceLoader. */
        public AcmeAutoscalers() {}

        @Override
        public List<AutoscalerType> autoscalerTypes() {
            return List.of(new AutoscalerType() {
                @Override
                public String name() {
                    return "acme-per-lag";
                }

                @Override
                public String description() {
                    return "one TaskManager per so many records of lag";
                }

                @Override
                public Autoscaler read(AutoscalerFields f) {
                    return new PerLag(f.number("recordsPerTaskManager"), f.integer("maxTaskManagers"));
                }
            });
        }
    }

    /** Registers a type under the built-in name {@code hpa}. */
    public static final class Clash implements AutoscalerProvider {
        /** For ServiceLoader. */
        public Clash() {}

        @Override
        public List<AutoscalerType> autoscalerTypes() {
            return new AcmeAutoscalers()
                    .autoscalerTypes().stream()
                            .map(t -> (AutoscalerType) new AutoscalerType() {
                                @Override
                                public String name() {
                                    return "hpa";
                                }

                                @Override
                                public String description() {
                                    return "not Kubernetes'";
                                }

                                @Override
                                public Autoscaler read(AutoscalerFields fields) {
                                    return t.read(fields);
                                }
                            })
                            .toList();
        }
    }

    private ClassLoader loaderOf(Class<?> provider) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(AutoscalerProvider.class.getName()), provider.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void aUsersAutoscalerIsNamedInALoadScenario() throws IOException {
        Registry<AutoscalerType> types = Autoscalers.load(loaderOf(AcmeAutoscalers.class));
        assertThat(types.names()).containsExactly("fixed", "threshold", "hpa", "keda", "busy-time", "acme-per-lag");
        assertThat(types.origin("acme-per-lag").provider()).isEqualTo(AcmeAutoscalers.class.getName());
        assertThat(types.origin("hpa").builtIn()).isTrue();
        LoadScenario l = parse(
                withAutoscaler("{\"type\": \"acme-per-lag\", \"recordsPerTaskManager\": 1000, \"maxTaskManagers\": 4}"),
                types);
        assertThat(l.autoscaler()).isEqualTo(new PerLag(1000, 4));
        assertThatThrownBy(() -> parse(withAutoscaler("{\"type\": \"acme-per-lag\", \"maxTaskManagers\": 4}"), types))
                .hasMessage("l.json line 4 column 17: autoscaler: missing field 'recordsPerTaskManager' for a"
                        + " 'acme-per-lag' autoscaler");
        // without the plugin the type is unknown, and the message lists what is known
        assertThatThrownBy(() -> parse(
                        withAutoscaler(
                                "{\"type\": \"acme-per-lag\", \"recordsPerTaskManager\": 1, \"maxTaskManagers\": 4}"),
                        Autoscalers.standard()))
                .hasMessage("l.json line 4 column 26: autoscaler.type: expected one of [fixed, threshold, hpa, keda,"
                        + " busy-time], got \"acme-per-lag\"");
        assertThatThrownBy(() -> LoadScenarioJson.write(l))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot write autoscaler type 'acme-per-lag'");
    }

    @Test
    void aTypeNamedLikeABuiltInIsRejectedNamingBothOrigins() throws IOException {
        ClassLoader loader = loaderOf(Clash.class);
        assertThatThrownBy(() -> Autoscalers.load(loader))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("autoscaler type 'hpa' is registered twice: by built-in and by plugin "
                        + Clash.class.getName());
    }
}
