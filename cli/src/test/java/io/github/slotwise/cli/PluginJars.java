package io.github.slotwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugin jars as a user builds them: sources compiled here against Slotwise's public API (so their
 * classes are on no class path of the test, only in the jar), a services file, a jar.
 */
final class PluginJars {
    private PluginJars() {}

    /** An assigner (reverse pool order), a gate with its own reason, and a lag autoscaler. */
    static final Map<String, String> ACME = Map.of(
            "acme/ReverseAssigner.java",
            """
            package acme;

            import io.github.slotwise.assignment.*;
            import java.util.ArrayList;
            import java.util.List;

            public final class ReverseAssigner implements SlotAssigner {
                public String name() { return "acme-reverse"; }
                public String description() { return "the last slot first"; }
                public Assignment assign(AssignmentRequest request) {
                    SlotSharingResolver.requireEnoughSlots(name(), request);
                    List<ExecutionSlotSharingGroup> groups =
                            SlotSharingResolver.flinkDefault().resolve(request.graph(), request.plan());
                    PoolIndex pool = PoolIndex.of(request.pool());
                    List<SlotAssignment> chosen = new ArrayList<>();
                    for (int i = 0; i < groups.size(); i++) {
                        chosen.add(new SlotAssignment(groups.get(i), pool.slot(pool.size() - 1 - i)));
                    }
                    return Assignment.of(name(), request, chosen,
                            Explanations.perGroup(List.of("acme-reverse"), chosen, a -> "reversed"));
                }
            }
            """,
            "acme/NoScaleUpGate.java",
            """
            package acme;

            import io.github.slotwise.model.JobGraph;
            import io.github.slotwise.parallelism.ParallelismPlan;
            import io.github.slotwise.rescale.ReasonCode;
            import io.github.slotwise.rescale.RescaleGate;
            import java.util.Optional;

            public final class NoScaleUpGate implements RescaleGate {
                public String name() { return "acme-no-scale-up"; }
                public String description() { return "never scales up"; }
                public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
                    return candidate.slotsUsed() > running.slotsUsed()
                            ? Optional.of(new Hold(ReasonCode.of("ACME_NO_SCALE_UP"), "no scale-up"))
                            : Optional.empty();
                }
            }
            """,
            "acme/AcmeStrategies.java",
            """
            package acme;

            import io.github.slotwise.assignment.SlotAssigner;
            import io.github.slotwise.registry.StrategyProvider;
            import io.github.slotwise.rescale.DeciderPreset;
            import io.github.slotwise.rescale.RescaleGate;
            import java.util.List;

            public final class AcmeStrategies implements StrategyProvider {
                public List<SlotAssigner> slotAssigners() { return List.of(new ReverseAssigner()); }
                public List<RescaleGate> rescaleGates() { return List.of(new NoScaleUpGate()); }
                public List<DeciderPreset> deciderPresets() {
                    return List.of(DeciderPreset.of("acme-wrapped", "Flink 2.x behind a decider of Acme's",
                            new WrappedDecider()));
                }
            }
            """,
            "acme/AcmeAutoscalers.java",
            """
            package acme;

            import io.github.slotwise.simulation.*;
            import java.time.Duration;
            import java.util.List;
            import java.util.Optional;

            public final class AcmeAutoscalers implements AutoscalerProvider {
                record Fixed(int taskManagers) implements Autoscaler {
                    public Duration syncPeriod() { return DEFAULT_SYNC_PERIOD; }
                    public int minTaskManagers() { return taskManagers; }
                    public int maxTaskManagers() { return taskManagers; }
                    public String type() { return "acme-fixed"; }
                    public Evaluation evaluate(State state, Observation observation) {
                        return new Evaluation(state.want(taskManagers, observation.time()), Optional.empty());
                    }
                }

                public List<AutoscalerType> autoscalerTypes() {
                    return List.of(new AutoscalerType() {
                        public String name() { return "acme-fixed"; }
                        public String description() { return "always the same TaskManagers"; }
                        public Autoscaler read(AutoscalerFields f) { return new Fixed(f.integer("taskManagers")); }
                    });
                }
            }
            """,
            "acme/WrappedDecider.java",
            """
            package acme;

            import io.github.slotwise.model.JobGraph;
            import io.github.slotwise.rescale.*;
            import java.time.Instant;

            /** Flink 2.x's decider behind a class of Acme's: Slotwise cannot see its solver. */
            public final class WrappedDecider implements RescaleDecider {
                private final RescaleDecider flink = new FlinkRescaleDecider(RescalePolicy.FLINK_2);
                public String name() { return "acme-wrapped"; }
                public DeciderState initialState(JobGraph graph) { return flink.initialState(graph); }
                public Transition decide(DeciderState state, RescaleEvent event, Instant now) {
                    return flink.decide(state, event, now);
                }
            }
            """,
            "acme/Broken.java",
            """
            package acme;

            public final class Broken implements io.github.slotwise.registry.StrategyProvider {
                public Broken() { throw new IllegalStateException("no licence key"); }
            }
            """,
            "acme/Clash.java",
            """
            package acme;

            import io.github.slotwise.assignment.*;
            import java.util.List;

            public final class Clash implements io.github.slotwise.registry.StrategyProvider {
                public List<SlotAssigner> slotAssigners() {
                    return List.of(new SlotAssigner() {
                        public String name() { return "flink-default"; }
                        public Assignment assign(AssignmentRequest r) { return new ReverseAssigner().assign(r); }
                    });
                }
            }
            """);

    /** Compiles {@link #ACME} into {@code dir/classes}, once per folder. */
    static Path compile(Path dir) {
        Path classes = dir.resolve("classes");
        if (Files.isDirectory(classes)) {
            return classes;
        }
        try {
            Path sources = dir.resolve("src");
            List<String> args = new ArrayList<>(List.of(
                    "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "--release", "17"));
            for (Map.Entry<String, String> e : ACME.entrySet()) {
                Path file = sources.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            assertThat(javac).as("a JDK's compiler").isNotNull();
            assertThat(javac.run(null, null, null, args.toArray(String[]::new)))
                    .as("javac exit code")
                    .isZero();
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A jar of the compiled classes whose services files list the given providers.
     *
     * @param strategyProviders class names for {@code StrategyProvider}
     * @param autoscalerProviders class names for {@code AutoscalerProvider}
     */
    static Path jar(Path dir, String name, List<String> strategyProviders, List<String> autoscalerProviders) {
        Path classes = compile(dir);
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> all = Files.walk(classes)) {
            for (Path c : all.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
            services(out, "io.github.slotwise.registry.StrategyProvider", strategyProviders);
            services(out, "io.github.slotwise.simulation.AutoscalerProvider", autoscalerProviders);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static void services(JarOutputStream out, String service, List<String> providers) throws IOException {
        if (providers.isEmpty()) {
            return;
        }
        out.putNextEntry(new JarEntry("META-INF/services/" + service));
        out.write((String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    /** The usual plugin: Acme's strategies and autoscaler. */
    static Path acme(Path dir) {
        return jar(dir, "acme.jar", List.of("acme.AcmeStrategies"), List.of("acme.AcmeAutoscalers"));
    }
}
