package io.github.slotwise.registry;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.ExecutionSlotSharingGroup;
import io.github.slotwise.assignment.Explanations;
import io.github.slotwise.assignment.PoolIndex;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.assignment.SlotSharingResolver;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.rescale.DeciderPreset;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.ReasonCode;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plugins as a user would write them, from public pieces only, and a loader over them. */
final class TestPlugins {
    private TestPlugins() {}

    /**
     * A class loader whose {@code META-INF/services/...StrategyProvider} lists {@code providers},
     * over the test classes: what the CLI's {@code --plugin JAR} builds.
     */
    static ClassLoader loaderOf(Path dir, String... providers) {
        try {
            Path services = dir.resolve("META-INF/services");
            Files.createDirectories(services);
            Files.writeString(services.resolve(StrategyProvider.class.getName()), String.join("\n", providers) + "\n");
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TestPlugins.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Groups from Flink's default resolver, in reverse pool order. */
    static final class ReverseAssigner implements SlotAssigner {
        @Override
        public String name() {
            return "zz-reverse";
        }

        @Override
        public String description() {
            return "the last slot first";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            SlotSharingResolver.requireEnoughSlots(name(), request);
            List<ExecutionSlotSharingGroup> groups =
                    SlotSharingResolver.flinkDefault().resolve(request.graph(), request.plan());
            PoolIndex pool = PoolIndex.of(request.pool());
            List<SlotAssignment> chosen = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) {
                chosen.add(new SlotAssignment(groups.get(i), pool.slot(pool.size() - 1 - i)));
            }
            return Assignment.of(
                    name(),
                    request,
                    chosen,
                    Explanations.perGroup(List.of(name() + ": reverse pool order"), chosen, a -> "reversed"));
        }
    }

    /** Flink's rule on one slot fewer than there are. */
    static class OneSpareSolver implements ParallelismSolver {
        private final ParallelismSolver flink = new FlinkParallelismSolver();

        @Override
        public String name() {
            return "one-spare";
        }

        @Override
        public String description() {
            return "keeps one slot spare";
        }

        @Override
        public ParallelismResult solve(JobGraph graph, int availableSlots) {
            if (availableSlots < 0) {
                throw new IllegalArgumentException("availableSlots must be >= 0, got " + availableSlots);
            }
            return flink.solve(graph, Math.max(0, availableSlots - 1));
        }

        @Override
        public int minimumSlots(JobGraph graph) {
            return flink.minimumSlots(graph) + 1;
        }

        @Override
        public int desiredSlots(JobGraph graph) {
            return flink.desiredSlots(graph) + 1;
        }
    }

    /** Holds every scale-up, with a code of its own. */
    static final class NoScaleUpGate implements RescaleGate {
        static final ReasonCode NO_SCALE_UP = ReasonCode.of("NO_SCALE_UP");

        @Override
        public String name() {
            return "no-scale-up";
        }

        @Override
        public String description() {
            return "never scales up";
        }

        @Override
        public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
            return candidate.slotsUsed() > running.slotsUsed()
                    ? Optional.of(new Hold(NO_SCALE_UP, "no scale-up beyond " + running.slotsUsed() + " slots"))
                    : Optional.empty();
        }
    }

    /** An assigner, a solver, a gate, a preset and a named policy. */
    public static final class Acme implements StrategyProvider {
        /** For ServiceLoader. */
        public Acme() {}

        @Override
        public List<SlotAssigner> slotAssigners() {
            return List.of(new ReverseAssigner());
        }

        @Override
        public List<ParallelismSolver> parallelismSolvers() {
            return List.of(new OneSpareSolver());
        }

        @Override
        public List<RescaleGate> rescaleGates() {
            return List.of(new NoScaleUpGate());
        }

        @Override
        public List<DeciderPreset> deciderPresets() {
            return List.of(DeciderPreset.flink(
                    "acme-fast",
                    "Flink 2.x with a 5 s cooldown",
                    RescalePolicy.builder()
                            .from(RescalePolicy.FLINK_2)
                            .cooldownAfterRescaling(Duration.ofSeconds(5))
                            .build()));
        }

        @Override
        public List<Policy> policies() {
            return List.of(new Policy(
                    "acme-legacy", "Flink 1.18 as Acme runs it", new FlinkRescaleDecider(RescalePolicy.FLINK_1_18)));
        }
    }

    /** A second plugin, whose assigner sorts before Acme's. */
    public static final class Beta implements StrategyProvider {
        /** For ServiceLoader. */
        public Beta() {}

        @Override
        public List<SlotAssigner> slotAssigners() {
            return List.of(new SlotAssigner() {
                @Override
                public String name() {
                    return "aa-beta";
                }

                @Override
                public Assignment assign(AssignmentRequest request) {
                    return new ReverseAssigner().assign(request);
                }
            });
        }

        @Override
        public List<DeciderPreset> deciderPresets() {
            return List.of(
                    DeciderPreset.of("beta-fixed", "a fixed decider", new FlinkRescaleDecider(RescalePolicy.FLINK_2)));
        }
    }

    /** Registers an assigner under a built-in's name. */
    public static final class ClashingAssigner implements StrategyProvider {
        /** For ServiceLoader. */
        public ClashingAssigner() {}

        @Override
        public List<SlotAssigner> slotAssigners() {
            ReverseAssigner reverse = new ReverseAssigner();
            return List.of(new SlotAssigner() {
                @Override
                public String name() {
                    return "flink-default";
                }

                @Override
                public Assignment assign(AssignmentRequest request) {
                    return reverse.assign(request);
                }
            });
        }
    }

    /** Registers a gate under a built-in solver's name. */
    public static final class GateNamedLikeASolver implements StrategyProvider {
        /** For ServiceLoader. */
        public GateNamedLikeASolver() {}

        @Override
        public List<RescaleGate> rescaleGates() {
            return List.of(new RescaleGate() {
                @Override
                public String name() {
                    return "proportional";
                }

                @Override
                public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
                    return Optional.empty();
                }
            });
        }
    }

    /** Registers an assigner under a built-in gate's name. */
    public static final class AssignerNamedLikeAGate implements StrategyProvider {
        /** For ServiceLoader. */
        public AssignerNamedLikeAGate() {}

        @Override
        public List<SlotAssigner> slotAssigners() {
            ReverseAssigner reverse = new ReverseAssigner();
            return List.of(new SlotAssigner() {
                @Override
                public String name() {
                    return "cost-aware";
                }

                @Override
                public Assignment assign(AssignmentRequest request) {
                    return reverse.assign(request);
                }
            });
        }
    }

    /** A provider whose constructor fails. */
    public static final class Broken implements StrategyProvider {
        /** Fails. */
        public Broken() {
            throw new IllegalStateException("no licence key");
        }
    }

    /** A name with the composition separator in it. */
    public static final class BadName implements StrategyProvider {
        /** For ServiceLoader. */
        public BadName() {}

        @Override
        public List<ParallelismSolver> parallelismSolvers() {
            return List.of(new OneSpareSolver() {
                @Override
                public String name() {
                    return "one+spare";
                }
            });
        }
    }
}
