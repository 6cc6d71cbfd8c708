package io.github.slotwise.cli;

import static io.github.slotwise.cli.BadInputAssert.assertBadInput;
import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static io.github.slotwise.cli.SlotwiseCliTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.cli.SlotwiseCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plugin}: a user's jar, compiled here from sources and on no class path of the test, brings
 * strategies that {@code plan}, {@code simulate} and {@code compare} use by name and {@code --list}
 * shows with their origin; every way a plugin can be wrong is one line and exit code 2.
 */
class PluginCommandsTest {
    @TempDir
    static Path dir;

    private static Path acme;

    @BeforeAll
    static void buildThePlugin() {
        acme = PluginJars.acme(dir);
    }

    @Test
    void thePluginsClassesAreNotOnTheTestsClassPath() {
        assertThat(getClass().getClassLoader().getResource("acme/AcmeStrategies.class"))
                .isNull();
    }

    @Test
    void listShowsEveryStrategyWithItsOrigin() {
        Run r = run("simulate", "--list", "--plugin", acme.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        String plugin = "plugin acme.AcmeStrategies (" + acme.toAbsolutePath() + ")";
        assertThat(r.outLines())
                .contains(
                        "Slot assigners (--assigner NAME, or a policy's last part +NAME):",
                        "flink-default built-in Flink's default (load-balance NONE): groups zipped onto the free slots in pool"
                                + " order",
                        "acme-reverse " + plugin + " the last slot first",
                        "acme-no-scale-up " + plugin + " never scales up",
                        "acme-fixed plugin acme.AcmeAutoscalers (" + acme.toAbsolutePath()
                                + ") always the same TaskManagers",
                        "keygroup-aware built-in no keyed subtask that does not lower the hottest subtask's key groups",
                        "flink-2 built-in Flink 2.x: 30 s cooldown, 60 s executing stabilization, rescale on"
                                + " checkpoints",
                        "Named policies (--policy NAME[+ASSIGNER]):",
                        "none");
        // without the plugin its names are not there, and the built-ins are listed the same way
        Run plain = run("simulate", "--list");
        assertThat(plain.out()).doesNotContain("acme").contains("Autoscaler types");
        assertThat(plain.outLines()).contains("hpa built-in " + firstDescription(plain, "hpa built-in "));
    }

    private static String firstDescription(Run r, String prefix) {
        return r.outLines().stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow()
                .substring(prefix.length());
    }

    @Test
    void compareRunsThePluginsGateAndAssignerByName() {
        Run r = run(
                "compare",
                "--plugin",
                acme.toString(),
                "--scenario",
                "startup-one-by-one",
                "--policy",
                "flink-2,flink-2+acme-no-scale-up",
                "--assigner",
                "acme-reverse");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .contains("simulator: heartbeat timeout 50 s, restart cost 10 s, assigner acme-reverse");
        String flink2 = row(r, "flink-2 ");
        String held = row(r, "flink-2+acme-no-scale-up ");
        // Flink 2.x rescales 4 times as TaskManagers join; the gate holds every scale-up after the first
        // deployment, so the job never rescales and never reaches its desired parallelism
        assertThat(flink2.split(" ")[1]).isEqualTo("4");
        assertThat(held.split(" ")[1]).isEqualTo("0");
        assertThat(held).contains(" - ");
    }

    @Test
    void aPolicyNameMayEndWithThePluginsAssigner() {
        Run composed = run(
                "simulate",
                "--plugin",
                acme.toString(),
                "--scenario",
                "trace/sigkill-scale-down",
                "--policy",
                "flink-2+acme-reverse",
                "--json");
        Run flagged = run(
                "simulate",
                "--plugin",
                acme.toString(),
                "--scenario",
                "trace/sigkill-scale-down",
                "--assigner",
                "acme-reverse",
                "--json");
        Run plain = run("simulate", "--scenario", "trace/sigkill-scale-down", "--json");

        assertThat(composed.exitCode()).as(composed.err()).isZero();
        assertThat(composed.out()).contains("\"assigner\" : \"acme-reverse\"");
        assertThat(flagged.out()).contains("\"assigner\" : \"acme-reverse\"");
        assertThat(plain.out()).contains("\"assigner\" : \"flink-default\"");
        // --assigner overrides the policy's
        Run both = run(
                "simulate",
                "--plugin",
                acme.toString(),
                "--scenario",
                "trace/sigkill-scale-down",
                "--policy",
                "flink-2+acme-reverse",
                "--assigner",
                "flink-tasks",
                "--json");
        assertThat(both.out()).contains("\"assigner\" : \"flink-tasks\"");
    }

    @Test
    void planTakesAPolicysSolverAndAssigner() {
        Run r = run("plan", "--plugin", acme.toString(), "--policy", "reactive+acme-reverse");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .contains(
                        "policy: reactive+acme-reverse (parallelism solver flink)",
                        "mode: Reactive Mode (lower bound 1, upper bound = maxParallelism)",
                        "assigner: acme-reverse",
                        "Parallelism: 12 of 12 slots used",
                        "Why (parallelism solver flink):");
        // a decider of one's own has no solver Slotwise can plan with
        assertBadInput(
                run("plan", "--plugin", acme.toString(), "--policy", "acme-wrapped"),
                "--policy acme-wrapped: its decider (acme-wrapped) has no parallelism solver Slotwise can plan with");
        Run wrapped = run(
                "simulate", "--plugin", acme.toString(), "--policy", "acme-wrapped", "--scenario", "trace/autoscaler");
        assertThat(wrapped.exitCode()).as(wrapped.err()).isZero();
        Run proportional = run("plan", "--policy", "flink-2+proportional", "--json");
        assertThat(proportional.exitCode()).as(proportional.err()).isZero();
        assertThat(proportional.out()).contains("\"solver\" : \"proportional\"", "\"mode\" : \"declared\"");
    }

    @Test
    void aLoadScenarioNamesThePluginsAutoscaler() throws Exception {
        Path load = write(
                dir,
                "acme-load.json",
                """
                {"end": "10 min", "initialTaskManagers": 2, "slotsPerTaskManager": 2,
                 "inputRate": {"type": "constant", "recordsPerSecond": 1000},
                 "capacity": {"perSubtask": 500},
                 "autoscaler": {"type": "acme-fixed", "taskManagers": 3}}
                """);
        Run r = run("simulate", load.toString(), "--plugin", acme.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("peak TaskManagers:           3");
        assertBadInput(run("simulate", load.toString()), "autoscaler.type: expected one of [", "\"acme-fixed\"");
    }

    @Test
    void sweepRunsThePluginsGateAssignerAndAutoscaler() throws Exception {
        Path load = write(
                dir,
                "acme-family.json",
                """
                {"end": "30 min", "initialTaskManagers": 2, "slotsPerTaskManager": 2,
                 "inputRate": {"type": "constant", "recordsPerSecond": 1000},
                 "capacity": {"perSubtask": 500},
                 "autoscaler": {"type": "acme-fixed", "taskManagers": 4},
                 "joinInterval": "5 min",
                 "vary": {"seed": 3, "inputRate": {"noise": {"relative": {"type": "uniform", "min": 0, "max": 0.2}, "every": "5 min"}}}}
                """);
        Run r = run(
                "sweep",
                load.toString(),
                "--plugin",
                acme.toString(),
                "--policies",
                "flink-2,flink-2+acme-no-scale-up",
                "--assigners",
                "acme-reverse",
                "--samples",
                "3",
                "--csv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        // Flink 2.x rescales twice a day as the plugin's autoscaler adds TaskManagers; the plugin's gate
        // holds every scale-up: no rescale, fewer than the baseline on all 3 days (lower/equal/higher)
        assertThat(r.out())
                .contains(",flink-2,acme-reverse,rescales,3,2.0,")
                .containsPattern("flink-2\\+acme-no-scale-up,acme-reverse,rescales,3,0\\.0,[^\\n]*,3,0,0\n");
        assertBadInput(
                run("sweep", load.toString(), "--samples", "3"),
                "autoscaler.type: expected one of [",
                "\"acme-fixed\"");
        assertBadInput(
                run("sweep", "--plugin", acme.toString(), "--policies", "flink-2+acme-reverse", "--samples", "3"),
                "--policies: policy 'flink-2+acme-reverse' names its own slot assigner 'acme-reverse'; a sweep runs"
                        + " every policy with each of --assigners: give the policy without it and --assigners"
                        + " acme-reverse");
    }

    @Test
    void aClassFolderWorksLikeAJar() throws Exception {
        Path folder = PluginJars.compile(dir);
        Path services = folder.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.github.slotwise.registry.StrategyProvider"), "acme.AcmeStrategies\n");

        Run r = run("plan", "--plugin", folder.toString(), "--assigner", "acme-reverse");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines())
                .contains("assigner: acme-reverse", "tm-2/3 tm-2 rack-b default#0 source#0 tokenize#0 count#0 sink#0");
        Files.delete(services.resolve("io.github.slotwise.registry.StrategyProvider"));
    }

    @Test
    void badPluginsAreOneLineAndExitCodeTwo() throws Exception {
        Path missing = dir.resolve("missing.jar");
        assertBadInput(
                run("compare", "--plugin", missing.toString(), "--policy", "flink-2"),
                "--plugin " + missing + ": no such file or folder");
        Path text = write(dir, "notes.jar", "not a jar");
        assertBadInput(run("simulate", "--plugin", text.toString()), "--plugin " + text + ": not a jar (");
        Path empty = PluginJars.jar(dir, "empty.jar", List.of(), List.of());
        assertBadInput(
                run("plan", "--plugin", empty.toString()),
                "--plugin " + empty + ": registers no strategy: it has neither"
                        + " META-INF/services/io.github.slotwise.registry.StrategyProvider nor"
                        + " META-INF/services/io.github.slotwise.simulation.AutoscalerProvider");
        Path broken = PluginJars.jar(dir, "broken.jar", List.of("acme.Broken"), List.of());
        assertBadInput(
                run("simulate", "--plugin", broken.toString()), "--plugin: cannot ", "acme.Broken", "broken.jar");
        Path clash = PluginJars.jar(dir, "clash.jar", List.of("acme.Clash"), List.of());
        assertBadInput(
                run("compare", "--plugin", clash.toString()),
                "--plugin: slot assigner 'flink-default' is registered twice: by built-in and by plugin acme.Clash ("
                        + clash.toAbsolutePath() + ")");
        Path absent = PluginJars.jar(dir, "absent.jar", List.of("acme.NotThere"), List.of());
        assertBadInput(
                run("simulate", "--plugin", absent.toString()),
                "--plugin: cannot load a StrategyProvider plugin",
                "acme.NotThere");
        // a folder must register something too
        Path again = PluginJars.jar(dir, "again.jar", List.of("acme.AcmeStrategies"), List.of());
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        assertBadInput(
                run("simulate", "--plugin", again.toString(), "--plugin", other.toString()),
                "--plugin " + other + ": registers no strategy");
        // an unknown name names the plugin's too
        assertBadInput(
                run("simulate", "--plugin", acme.toString(), "--assigner", "acme-revers"),
                "--assigner: unknown slot assigner 'acme-revers'; closest: acme-reverse");
    }

    private static String row(Run r, String prefix) {
        return r.outLines().stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix + " in\n" + r.out()));
    }
}
