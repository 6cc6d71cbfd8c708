package com.example.slotwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin as a user runs it: this project's classes in a jar, given to {@code slotwise compare
 * --plugin} in a JVM of its own whose class path has Slotwise and its dependencies only (what the
 * shaded {@code slotwise.jar} holds), not this project's classes.
 */
class CompareWithPluginTest {
    private static final Path CLASSES = Path.of("target", "classes").toAbsolutePath();
    private static final Path TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath();

    private static Path plugin;

    /** The jar `mvn package` would make: the compiled classes and the services file. */
    @BeforeAll
    static void jarTheClasses() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "plugin"));
        plugin = dir.resolve("slotwise-examples-plugin.jar").toAbsolutePath();
        try (OutputStream file = Files.newOutputStream(plugin);
                JarOutputStream jar = new JarOutputStream(file);
                Stream<Path> all = Files.walk(CLASSES)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(CLASSES.relativize(p).toString().replace(File.separatorChar, '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
    }

    record Run(int exitCode, String out, String err) {
        /** The table row that starts with these cells, spaces collapsed. */
        String row(String... cells) {
            String prefix = String.join(" ", cells) + " ";
            return out.lines()
                    .map(l -> l.strip().replaceAll(" +", " "))
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row '" + prefix + "' in:\n" + out));
        }

        /** A numeric column of a row (0 = the first number after the named cells). */
        long figure(int column, String... cells) {
            String[] rest =
                    row(cells).substring(String.join(" ", cells).length() + 1).split(" ");
            return Long.parseLong(rest[column]);
        }
    }

    /** Runs {@code slotwise ARGS} in a new JVM over Slotwise's class path, without this project's classes. */
    static Run slotwise(String... args) throws Exception {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String classPath = Arrays.stream(all.split(File.pathSeparator))
                .filter(p -> !p.isBlank())
                .filter(p -> !Path.of(p).toAbsolutePath().equals(CLASSES))
                .filter(p -> !Path.of(p).toAbsolutePath().equals(TEST_CLASSES))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "io.github.slotwise.cli.SlotwiseCli"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("slotwise", ".out");
        Path err = Files.createTempFile("slotwise", ".err");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("slotwise did not finish in 120 s: " + command);
        }
        Run run = new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    @Test
    void compareShowsThePluginsStrategiesBesideFlinks() throws Exception {
        Run r = slotwise(
                "compare",
                "--plugin",
                plugin.toString(),
                "--scenario",
                "startup-one-by-one",
                "--policy",
                "flink-2,flink-2+example-min-step,grow-by-half",
                "--assigner",
                "flink-default,example-round-robin");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        System.out.println(r.out());
        // the figures after policy and assigner: 0 rescales, 1 restarts, ... 6 utilization, 7 its "%",
        // 8 peak skew, 9 key groups moved
        for (String assigner : List.of("flink-default", "example-round-robin")) {
            // TaskManagers of 2 slots join one by one: grow-by-half deploys on 2 slots, then grows to
            // 4 (>= 3), 6 (>= 6), 10 (8 < 9 is held) and 16 (12 and 14 < 15 are held): 4 rescales
            assertThat(r.figure(0, "grow-by-half", assigner)).isEqualTo(4);
            // every TaskManager adds 2 slots: the gate holds the steps Flink 2.x would take alone
            assertThat(r.figure(0, "flink-2+example-min-step", assigner))
                    .isPositive()
                    .isLessThan(r.figure(0, "flink-2", assigner));
        }
        // the assigner decides where subtasks go, not when the job rescales: the same rescales, and
        // dealing groups out over the TaskManagers keeps more key groups in place on this start-up
        assertThat(r.figure(0, "flink-2", "example-round-robin")).isEqualTo(r.figure(0, "flink-2", "flink-default"));
        assertThat(r.figure(9, "flink-2", "example-round-robin"))
                .isPositive()
                .isLessThan(r.figure(9, "flink-2", "flink-default"));
    }

    @Test
    void withoutThePluginTheNamesAreUnknownAndListShowsWhereTheyComeFrom() throws Exception {
        Run without = slotwise("compare", "--policy", "grow-by-half");
        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).startsWith("slotwise: --policies: unknown policy 'grow-by-half'");

        Run list = slotwise("simulate", "--list", "--plugin", plugin.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        String origin = "plugin " + ExampleStrategies.class.getName() + " (" + plugin + ")";
        assertThat(list.out().lines().map(l -> l.strip().replaceAll(" +", " ")))
                .contains(
                        "example-round-robin " + origin
                                + " groups dealt out to the TaskManagers in turn, one slot each round",
                        "example-min-step " + origin + " holds scale-ups that add fewer than 4 slots",
                        "grow-by-half " + origin
                                + " deploys at once, grows only by at least half the running slots, restarts on lost"
                                + " tasks");
    }
}
