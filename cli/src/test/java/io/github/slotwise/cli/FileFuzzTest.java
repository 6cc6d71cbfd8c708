package io.github.slotwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.simulation.ClusterTrace;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.family.ScenarioFamily;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.LoadScenarioJson;
import io.github.slotwise.simulation.format.Scenario;
import io.github.slotwise.simulation.format.ScenarioReader;
import io.github.slotwise.simulation.format.TraceJson;
import io.github.slotwise.testkit.Invariants;
import io.github.slotwise.testkit.Violation;
import io.github.slotwise.testkit.fuzz.EntryPoint;
import io.github.slotwise.testkit.fuzz.FuzzTable;
import io.github.slotwise.testkit.fuzz.Fuzzer;
import io.github.slotwise.testkit.fuzz.Hostile;
import io.github.slotwise.testkit.fuzz.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the file formats and the CLI with mutations of the built-in files: the readers on many
 * inputs, the whole {@code slotwise} command in-process on some, each run within a time budget (a
 * hang is a failure). Accepted: a reader's value that writes and reads back equal (traces, loads)
 * or that the solver plans validly (scenarios); the CLI's exit 0 or 1. Rejected: the readers'
 * {@link InputException}, the CLI's exit 2 with one line for people on standard error. Anything else
 * fails. {@code -Pfuzz} runs {@code slotwise.fuzz.inputs / 10} reader inputs and {@code /5000} CLI
 * runs.
 */
class FileFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRACES = List.of("autoscaler", "sigkill-scale-down", "startup-one-by-one");
    private static final List<String> LOADS =
            List.of("reactive-blog-day", "startup-one-by-one", "spot-day", "flapping-autoscaler");
    private static final long CLI_BUDGET_MILLIS = 60_000;

    /** A family of days (a load scenario with {@code vary}), the example of docs/trace-format.md over 6 h. */
    private static final String FAMILY = "/fuzz/family.json";

    @TempDir
    Path dir;

    static long inputs() {
        return Long.getLong("slotwise.fuzz.inputs", 20_000);
    }

    static long seed() {
        return Long.getLong("slotwise.fuzz.seed", 15);
    }

    private static byte[] resource(String path) {
        try (InputStream in = ScenarioReader.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One mutation of a built-in file: a value replaced, a field removed or added, or the text cut. */
    static byte[] mutate(byte[] original, SplittableRandom r) {
        try {
            if (r.nextInt(10) == 0) {
                String text = new String(original, StandardCharsets.UTF_8);
                return switch (r.nextInt(4)) {
                    case 0 -> text.substring(0, r.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
                    case 1 -> (text + text).getBytes(StandardCharsets.UTF_8);
                    case 2 -> ("[".repeat(r.nextInt(900, 1200)) + "]".repeat(r.nextInt(900, 1200)))
                            .getBytes(StandardCharsets.UTF_8);
                    default -> {
                        int at = r.nextInt(text.length());
                        yield (text.substring(0, at) + "{}[],:\"0\\".charAt(r.nextInt(9)) + text.substring(at))
                                .getBytes(StandardCharsets.UTF_8);
                    }
                };
            }
            JsonNode root = JSON.readTree(original);
            int mutations = 1 + r.nextInt(3);
            for (int i = 0; i < mutations; i++) {
                mutateOne(root, r);
            }
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mutateOne(JsonNode root, SplittableRandom r) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode c = containers.get(r.nextInt(containers.size()));
        if (c instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty() || r.nextInt(8) == 0) {
                o.set("unknown" + r.nextInt(3), hostileValue(r));
                return;
            }
            String name = names.get(r.nextInt(names.size()));
            if (r.nextInt(8) == 0) {
                o.remove(name);
            } else {
                o.set(name, hostileValue(r, o.get(name)));
            }
        } else if (c instanceof ArrayNode a && !a.isEmpty()) {
            int i = r.nextInt(a.size());
            switch (r.nextInt(4)) {
                case 0 -> a.remove(i);
                case 1 -> a.add(a.get(i).deepCopy());
                default -> a.set(i, hostileValue(r, a.get(i)));
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode hostileValue(SplittableRandom r, JsonNode old) {
        if (old != null && old.isContainerNode() && r.nextBoolean()) {
            JsonNode copy = old.deepCopy();
            mutateOne(copy, r);
            return copy;
        }
        return hostileValue(r);
    }

    private static JsonNode hostileValue(SplittableRandom r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (r.nextInt(9)) {
            case 0 -> f.numberNode(Hostile.anInt(r, 0, 100));
            case 1 -> f.numberNode(Hostile.aLong(r, 1L << 40));
            case 2 -> f.numberNode(r.nextBoolean() ? 2e9 : -0.5);
            case 3 -> {
                String t = Hostile.aDurationText(r);
                yield t == null ? f.nullNode() : f.textNode(t);
            }
            case 4 -> {
                String t = Hostile.aString(r, "tm-", 4);
                yield t == null ? f.nullNode() : f.textNode(t);
            }
            case 5 -> f.textNode(r.nextBoolean() ? "+999999999-12-31T23:59:59Z" : "1970-01-01T00:00:00Z");
            case 6 -> f.booleanNode(r.nextBoolean());
            case 7 -> f.arrayNode();
            default -> f.nullNode();
        };
    }

    private List<EntryPoint> readers() {
        byte[] scenario = resource("/scenarios/wordcount.json");
        List<byte[]> traces =
                TRACES.stream().map(t -> resource("/traces/" + t + ".json")).toList();
        List<byte[]> loads =
                LOADS.stream().map(l -> resource("/loads/" + l + ".json")).toList();
        byte[] family = resource(FAMILY);
        return List.of(
                new EntryPoint("ScenarioReader.parse", 1, r -> {
                    byte[] json = mutate(scenario, r);
                    return new EntryPoint.Input(new String(json, StandardCharsets.UTF_8), () -> {
                        Scenario s = ScenarioReader.parse("s.json", json);
                        return Invariants.checkPlan(
                                s.graph(),
                                s.pool().size(),
                                new FlinkParallelismSolver()
                                        .solve(s.graph(), s.pool().size()));
                    });
                }),
                new EntryPoint("TraceJson.parse", 1, r -> {
                    byte[] json = mutate(traces.get(r.nextInt(traces.size())), r);
                    return new EntryPoint.Input(new String(json, StandardCharsets.UTF_8), () -> {
                        ClusterTrace t = TraceJson.parse("t.json", json);
                        ClusterTrace again =
                                TraceJson.parse("again.json", TraceJson.write(t).getBytes(StandardCharsets.UTF_8));
                        return again.equals(t)
                                ? List.of()
                                : List.of(new Violation("trace.round-trip", TraceJson.write(t)));
                    });
                }),
                new EntryPoint("LoadScenarioJson.parse", 1, r -> {
                    byte[] json = mutate(loads.get(r.nextInt(loads.size())), r);
                    return new EntryPoint.Input(new String(json, StandardCharsets.UTF_8), () -> {
                        LoadScenario l = LoadScenarioJson.parse("l.json", json);
                        LoadScenario again = LoadScenarioJson.parse(
                                "again.json", LoadScenarioJson.write(l).getBytes(StandardCharsets.UTF_8));
                        return again.equals(l)
                                ? List.of()
                                : List.of(new Violation("load.round-trip", LoadScenarioJson.write(l)));
                    });
                }),
                new EntryPoint("LoadScenarioJson.parseFamily", 1, r -> {
                    byte[] json = mutate(family, r);
                    return new EntryPoint.Input(new String(json, StandardCharsets.UTF_8), () -> {
                        // accepted: a family whose days can be drawn, the same day for the same sample
                        ScenarioFamily f = LoadScenarioJson.parseFamily("f.json", json);
                        for (long k = 0; k < 3; k++) {
                            if (!f.sample(k).equals(f.sample(k))) {
                                return List.of(new Violation("family.deterministic", "sample " + k));
                            }
                        }
                        return List.of();
                    });
                }));
    }

    /**
     * The command in-process on a mutated file, within the budget; exit 2 becomes a rejection to
     * classify. Scenarios go to {@code plan}, traces and loads to {@code simulate}, families of days to
     * {@code sweep} (two days each).
     */
    private EntryPoint cli() {
        byte[] scenario = resource("/scenarios/wordcount.json");
        AtomicInteger n = new AtomicInteger();
        return new EntryPoint("slotwise (CLI, in-process)", 1, r -> {
            int kind = r.nextInt(4);
            String name = kind == 0
                    ? "/scenarios/wordcount.json"
                    : kind == 1
                            ? "/traces/" + TRACES.get(r.nextInt(TRACES.size())) + ".json"
                            : kind == 2 ? "/loads/" + LOADS.get(r.nextInt(LOADS.size())) + ".json" : FAMILY;
            byte[] json = mutate(kind == 0 ? scenario : resource(name), r);
            String[] command = kind == 0
                    ? new String[] {"plan"}
                    : kind == 3
                            ? new String[] {"sweep", "--samples", "2", "--threads", "1", "--policies", "flink-2"}
                            : new String[] {"simulate", "--no-progress"};
            return new EntryPoint.Input(name + " mutated: " + new String(json, StandardCharsets.UTF_8), () -> {
                Path file = dir.resolve("input-" + n.incrementAndGet() + ".json");
                Files.write(file, json);
                String[] args = new String[command.length + 1];
                System.arraycopy(command, 0, args, 0, command.length);
                args[command.length] = file.toString();
                return runCli(args);
            });
        });
    }

    private static List<Violation> runCli(String[] args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<Integer> code = new AtomicReference<>();
        Thread t = new Thread(() -> code.set(SlotwiseCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))));
        t.setDaemon(true);
        t.start();
        t.join(CLI_BUDGET_MILLIS);
        if (t.isAlive()) {
            t.interrupt();
            t.join(5_000);
            return List.of(new Violation("cli.hang", "no exit within " + CLI_BUDGET_MILLIS + " ms"));
        }
        String errText = err.toString(StandardCharsets.UTF_8);
        int exit = code.get() == null ? -1 : code.get();
        if (exit == SlotwiseCli.EXIT_BAD_INPUT) {
            String line = errText.strip();
            if (line.contains("\n") || !line.startsWith("slotwise: ")) {
                return List.of(new Violation("cli.one-line", errText));
            }
            throw new IllegalArgumentException(line.substring("slotwise: ".length()));
        }
        if (exit == SlotwiseCli.EXIT_OK || exit == SlotwiseCli.EXIT_NO_PLAN) {
            return out.size() > 0
                    ? List.of()
                    : List.of(new Violation("cli.output", "exit " + exit + " without output"));
        }
        return List.of(new Violation("cli.exit", "exit " + exit + ": " + errText));
    }

    @Test
    void mutatedBuiltInFilesAreReadOrRejectedInOneLine() {
        long start = System.nanoTime();
        FuzzTable table = Fuzzer.run(readers(), Math.max(300, inputs() / 10), seed(), InputException.class, 10_000);
        FuzzTable cli = Fuzzer.run(
                List.of(cli()),
                Math.max(6, inputs() / 5000),
                seed(),
                IllegalArgumentException.class,
                CLI_BUDGET_MILLIS + 10_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print(table.render(String.format(
                Locale.ROOT,
                "file fuzz: seed %d, %d reader inputs and %d CLI runs, %.1f s",
                seed(),
                table.tried(),
                cli.tried(),
                seconds)));
        System.out.print(cli.render("CLI runs:"));
        assertThat(table.failureExamples()).isEmpty();
        assertThat(cli.failureExamples()).isEmpty();
        assertThat(table.failures() + cli.failures()).isZero();
    }

    @Test
    void errorsThatAreNoBadInputAreOneLineWithExit3() {
        assertThat(SlotwiseCli.internalError(new OutOfMemoryError("Java heap space")))
                .isEqualTo("internal error: out of memory (Java heap space); the input is larger than this JVM's heap"
                        + " allows (java -Xmx raises it)")
                .doesNotContain("\n");
        assertThat(SlotwiseCli.internalError(new StackOverflowError())).startsWith("internal error: stack overflow");
        assertThat(SlotwiseCli.internalError(new IllegalStateException("a\nb")))
                .isEqualTo("internal error: java.lang.IllegalStateException: a b");
        assertThat(Outcome.values()).hasSize(3);
    }
}
