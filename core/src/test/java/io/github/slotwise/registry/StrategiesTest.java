package io.github.slotwise.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.Transition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registries loaded through ServiceLoader: built-ins and plugins on one path, clashes, composition. */
class StrategiesTest {
    @TempDir
    Path dir;

    @Test
    void theBuiltInsComeThroughServiceLoaderInTheirDocumentedOrder() {
        Strategies s = Strategies.standard();
        assertThat(s.slotAssigners().names())
                .containsExactly(
                        "flink-default",
                        "flink-minimal-taskmanagers",
                        "flink-slots",
                        "flink-tasks",
                        "flink-state-locality",
                        "optimal-state-locality");
        assertThat(s.parallelismSolvers().names()).containsExactly("flink", "keygroup-aware", "proportional");
        assertThat(s.rescaleGates().names()).containsExactly("keygroup-skip", "cost-aware");
        assertThat(s.deciderPresets().names())
                .containsExactly("flink-1.17", "flink-1.18", "flink-1.20", "flink-2", "reactive");
        assertThat(s.namedPolicies().names()).isEmpty();
        assertThat(s.slotAssigners().entries())
                .allSatisfy(e -> assertThat(e.origin().toString()).isEqualTo("built-in"));
        assertThat(s.slotAssigners().origin("flink-tasks").provider()).isEqualTo(BuiltInStrategies.class.getName());
    }

    @Test
    void pluginsComeAfterTheBuiltInsSortedByNameWithTheirOrigin() {
        // listed Acme first: the order of the services file must not matter
        Strategies s = Strategies.load(
                TestPlugins.loaderOf(dir, TestPlugins.Acme.class.getName(), TestPlugins.Beta.class.getName()));
        assertThat(s.slotAssigners().names())
                .containsExactly(
                        "flink-default",
                        "flink-minimal-taskmanagers",
                        "flink-slots",
                        "flink-tasks",
                        "flink-state-locality",
                        "optimal-state-locality",
                        "aa-beta",
                        "zz-reverse");
        Origin acme = s.slotAssigners().origin("zz-reverse");
        assertThat(acme.builtIn()).isFalse();
        assertThat(acme.provider()).isEqualTo(TestPlugins.Acme.class.getName());
        assertThat(acme.toString()).startsWith("plugin " + TestPlugins.Acme.class.getName() + " (");
        assertThat(s.slotAssigners().find("zz-reverse").orElseThrow().description())
                .isEqualTo("the last slot first");
        assertThat(s.parallelismSolvers().names()).endsWith("one-spare");
        assertThat(s.rescaleGates().names()).endsWith("no-scale-up");
        assertThat(s.deciderPresets().names()).endsWith("acme-fast", "beta-fixed");
        // the enumerated policies: the 25 built-in ones, then plugin presets and named policies by name
        assertThat(s.policyNames()).hasSize(28).endsWith("acme-fast", "acme-legacy", "beta-fixed");
        assertThat(s.policyNames().subList(0, 25)).isEqualTo(Policies.names());
    }

    @Test
    void aPluginsPartsComposeWithEveryPreset() {
        Strategies s = Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.Acme.class.getName()));
        Policies.Policy p = s.policy("acme-fast+one-spare+no-scale-up+keygroup-skip");
        FlinkRescaleDecider d = (FlinkRescaleDecider) p.decider();
        assertThat(d.name()).isEqualTo("flink-2+one-spare+no-scale-up+keygroup-skip");
        assertThat(d.policy().cooldownAfterRescaling()).hasSeconds(5);
        assertThat(d.solver().name()).isEqualTo("one-spare");
        assertThat(p.description())
                .isEqualTo("Flink 2.x with a 5 s cooldown; keeps one slot spare; never scales up; skips rescales"
                        + " that lower no keyed vertex's hottest subtask");
        assertThat(s.policy("reactive+no-scale-up").decider().name()).isEqualTo("flink-2-reactive+no-scale-up");
        assertThat(s.policy("acme-legacy").decider().name()).isEqualTo("flink-1.18");
    }

    @Test
    void aPolicyMayEndWithASlotAssigner() {
        Strategies s = Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.Acme.class.getName()));
        Policies.Policy p = s.policy("acme-fast+one-spare+no-scale-up+zz-reverse");
        assertThat(p.assigner()).map(a -> a.name()).contains("zz-reverse");
        assertThat(p.decider().name()).isEqualTo("flink-2+one-spare+no-scale-up");
        assertThat(p.description())
                .isEqualTo("Flink 2.x with a 5 s cooldown; keeps one slot spare; never scales up; the last slot first");
        assertThat(s.policy("flink-2+flink-state-locality").assigner())
                .map(a -> a.name())
                .contains("flink-state-locality");
        assertThat(s.policy("flink-2+flink-state-locality").decider().name()).isEqualTo("flink-2");
        // a named policy takes an assigner too; the enumerated ones name none
        assertThat(s.policy("acme-legacy+zz-reverse").assigner())
                .map(a -> a.name())
                .contains("zz-reverse");
        assertThat(s.policy("acme-legacy+zz-reverse").decider().name()).isEqualTo("flink-1.18");
        assertThat(s.policies()).allSatisfy(x -> assertThat(x.assigner()).isEmpty());
        assertThat(s.policy("reactive").reactive()).isTrue();
        assertThat(s.policy("flink-2+zz-reverse").reactive()).isFalse();
    }

    @Test
    void anAssignerMustComeLastAndOnlyOnce() {
        Strategies s = Strategies.standard();
        assertThatThrownBy(() -> s.policy("flink-2+flink-tasks+cost-aware"))
                .hasMessage("policy 'flink-2+flink-tasks+cost-aware': slot assigner 'flink-tasks' must be the last"
                        + " part; write <preset>[+<solver>][+<gate>]...[+<assigner>]");
        assertThatThrownBy(() -> s.policy("flink-2+flink-tasks+flink-slots"))
                .hasMessageStartingWith("policy 'flink-2+flink-tasks+flink-slots': slot assigner 'flink-tasks' must be"
                        + " the last part");
        assertThatThrownBy(() -> s.policy("flink-2+flink-tasc"))
                .hasMessageStartingWith("policy 'flink-2+flink-tasc': 'flink-tasc' is neither a parallelism solver, a"
                        + " rescale gate nor a slot assigner; closest: flink-tasks")
                .hasMessageEndingWith("; assigners: flink-default, flink-minimal-taskmanagers, flink-slots,"
                        + " flink-tasks, flink-state-locality, optimal-state-locality");
    }

    @Test
    void anAssignerNamedLikeAGateIsRejected() {
        assertThatThrownBy(() ->
                        Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.AssignerNamedLikeAGate.class.getName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'cost-aware' names both a rescale gate (from built-in) and a slot assigner"
                        + " (from plugin " + TestPlugins.AssignerNamedLikeAGate.class.getName());
    }

    @Test
    void aPluginGateHoldsWithItsOwnReasonCode() {
        Strategies s = Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.Acme.class.getName()));
        RescaleDecider d = s.policy("reactive+no-scale-up").decider();
        JobGraph graph = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("v")
                        .parallelism(4)
                        .slotSharingGroup("default")
                        .build())
                .build();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Transition t = d.decide(d.initialState(graph), new RescaleEvent.JobStarted(), t0);
        t = d.decide(t.state(), new RescaleEvent.SlotsAdded(4), t0);
        assertThat(t.state().running()).isPresent();
        t = d.decide(t.state(), new RescaleEvent.SlotsAdded(2), t0.plusSeconds(100));
        Decision held = t.decision();
        assertThat(held.reason().name()).isEqualTo("NO_SCALE_UP");
        assertThat(held.reason().isBuiltIn()).isFalse();
        assertThat(held.toString()).contains("[NO_SCALE_UP] no scale-up beyond 4 slots");
    }

    @Test
    void aPluginAssignerBuiltFromPublicPiecesGetsTheLibrarysMetrics() {
        Strategies s = Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.Acme.class.getName()));
        JobGraph graph = JobGraph.builder()
                .addVertices(JobVertex.builder()
                        .id("v")
                        .parallelism(2)
                        .slotSharingGroup("default")
                        .build())
                .build();
        SlotPool pool = SlotPool.uniform(2, 2);
        Assignment a = s.slotAssigners()
                .byName("zz-reverse")
                .assign(AssignmentRequest.firstStart(
                        graph, new ParallelismPlan(Map.of("v", 2), Map.of("default", 2), 4, List.of()), pool));
        assertThat(a.assignments()).extracting(x -> x.slot().id()).containsExactly("tm-1/1", "tm-1/0");
        assertThat(a.metrics().taskManagersUsed()).isEqualTo(1);
        assertThat(a.metrics().maxTasksPerTaskManager()).isEqualTo(2);
        assertThat(a.explanation())
                .containsExactly(
                        "zz-reverse: reverse pool order",
                        "group default#0 -> slot tm-1/1: reversed",
                        "group default#1 -> slot tm-1/0: reversed");
    }

    @Test
    void aNameTakenTwiceIsRejectedNamingBothOrigins() {
        assertThatThrownBy(
                        () -> Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.ClashingAssigner.class.getName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("slot assigner 'flink-default' is registered twice: by built-in and by plugin "
                        + TestPlugins.ClashingAssigner.class.getName() + " (");
        assertThatThrownBy(() ->
                        Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.GateNamedLikeASolver.class.getName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'proportional' names both a parallelism solver (from built-in) and a rescale"
                        + " gate (from plugin " + TestPlugins.GateNamedLikeASolver.class.getName());
    }

    @Test
    void brokenPluginsAreRejectedNamingTheProvider() {
        assertThatThrownBy(() -> Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.Broken.class.getName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot create StrategyProvider plugin " + TestPlugins.Broken.class.getName());
        assertThatThrownBy(() -> Strategies.load(TestPlugins.loaderOf(dir, "com.acme.Missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load a StrategyProvider plugin")
                .hasMessageContaining("com.acme.Missing");
        assertThatThrownBy(() -> Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.BadName.class.getName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "parallelism solver name 'one+spare' from plugin " + TestPlugins.BadName.class.getName())
                .hasMessageEndingWith("must match [A-Za-z0-9][A-Za-z0-9_.-]*");
    }

    @Test
    void aFixedPresetTakesNoSolverOrGate() {
        Strategies s = Strategies.load(TestPlugins.loaderOf(dir, TestPlugins.Beta.class.getName()));
        assertThat(s.policy("beta-fixed").decider().name()).isEqualTo("flink-2");
        assertThatThrownBy(() -> s.policy("beta-fixed+cost-aware"))
                .hasMessage("policy 'beta-fixed+cost-aware': preset 'beta-fixed' is a fixed decider: it takes no"
                        + " solver and no gates, got [] and [cost-aware]");
    }

    @Test
    void withoutTheBuiltInServiceFileNothingLoads() {
        ClassLoader empty = new ClassLoader(null) {};
        assertThatThrownBy(() -> Registry.discover(StrategyProvider.class, BuiltInStrategies.class, empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("META-INF/services/io.github.slotwise.registry.StrategyProvider");
    }

    @Test
    void aRegistryRejectsBadEntriesAndKeepsItsOrder() {
        Origin builtIn = new Origin(true, "B", "here");
        Origin plugin = new Origin(false, "P", "p.jar");
        Registry<String> r = Registry.<String>builder("thing")
                .add("z-plugin", "z", "Z", plugin)
                .add("b", "b", "B", builtIn)
                .add("a-plugin", "a", "A", plugin)
                .add("a", "a", "A", builtIn)
                .build();
        assertThat(r.names()).containsExactly("b", "a", "a-plugin", "z-plugin");
        assertThat(r.values()).containsExactly("B", "A", "A", "Z");
        assertThatThrownBy(() -> r.byName("c"))
                .hasMessage("unknown thing 'c'; closest: b, a, a-plugin; known: b, a, a-plugin, z-plugin");
        assertThatThrownBy(() -> Registry.<String>builder("thing").add("x", "x", null, plugin))
                .hasMessage("thing 'x' from plugin P (p.jar) is null");
        assertThatThrownBy(() -> Registry.<String>builder("thing").add("a,b", "x", "X", plugin))
                .hasMessageStartingWith("thing name 'a,b' from plugin P (p.jar) must match");
        assertThatThrownBy(() -> r.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Keeps imports honest: a user's SlotAssignment is the public record. */
    static List<SlotAssignment> none() {
        return List.of();
    }
}
