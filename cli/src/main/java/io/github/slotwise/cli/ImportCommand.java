package io.github.slotwise.cli;

import io.github.slotwise.flink.client.FlinkDocuments;
import io.github.slotwise.flink.client.FlinkRestClient;
import io.github.slotwise.flink.client.JobImport;
import io.github.slotwise.flink.client.JobResourceRequirements;
import io.github.slotwise.flink.client.RescaleTraces;
import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.TraceJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slotwise import}: a running Flink job (and its rescale history) into Slotwise's files. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        header = "Turns what Flink's REST API says about a job into a scenario file (and its rescale history"
                + " into a trace).",
        description = {
            "Reads the job details (vertices, parallelism, maxParallelism, slot-sharing groups, the plan's"
                    + " edges), the resource requirements and the TaskManagers from a running Flink (--rest URL"
                    + " --job JOBID) or from saved answers (--details FILE ...), and writes a scenario file"
                    + " (docs/scenario-format.md) whose vertex ids are Flink's. With --trace-out it also turns the"
                    + " job's Flink 2.3 rescale history into a cluster trace (docs/trace-format.md) for 'simulate'"
                    + " and 'compare'.",
            "What the REST API does not say is assumed and listed: keyed vertices (those with a HASH input,"
                    + " unless --keyed names them), bounds without requirements, TaskManagers when not given.",
            ""
        },
        footer = {
            "",
            "Offline: curl http://HOST:8081/jobs/JOBID > details.json (also /jobs/JOBID/resource-requirements,"
                    + " /taskmanagers); for the history, a JSON array of every"
                    + " /jobs/JOBID/rescales/details/RESCALEID of /jobs/JOBID/rescales/history (docs/bring-your-cluster.md).",
            "Exit codes: 0 imported, 2 bad input, usage or an unreachable Flink, 3 internal error."
        })
final class ImportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private FlinkSource source;

    @Mixin
    private FlinkConfigOptions flinkConfig;

    @Option(
            names = "--keyed",
            paramLabel = "VERTEX[,VERTEX...]",
            description = "The vertices (ids or names) that hold keyed state; default: those with a HASH input.")
    private String keyed;

    @Option(
            names = "--task-managers",
            paramLabel = "N",
            description = "TaskManagers to offer when their list is not given; default: just enough for the"
                    + " current parallelism.")
    private Integer taskManagerCount;

    @Option(
            names = "--slots-per-task-manager",
            paramLabel = "N",
            description = "Their slots; default: taskmanager.numberOfTaskSlots of the Flink configuration, else 1.")
    private Integer slotsPerTaskManager;

    @Option(names = "--out", paramLabel = "SCENARIO.json", description = "Write the scenario here; default: stdout.")
    private Path out;

    @Option(
            names = "--trace-out",
            paramLabel = "TRACE.json",
            description = "Also turn the rescale history into a cluster trace and write it here.")
    private Path traceOut;

    @Option(
            names = "--save",
            paramLabel = "DIR",
            description = "Also save the documents read (details.json, requirements.json, taskmanagers.json,"
                    + " history.json) into DIR, for working offline later.")
    private Path save;

    @Override
    public Integer call() {
        FlinkSettings settings = flinkConfig.settingsOrDefaults();
        int slots = FlinkSource.slotsPerTaskManager(settings, slotsPerTaskManager);
        Optional<Set<String>> keyedVertices = Optional.ofNullable(keyed).map(k -> {
            Set<String> names = new LinkedHashSet<>();
            Arrays.stream(k.split(",", -1)).map(String::strip).forEach(n -> {
                if (n.isEmpty()) {
                    throw new InputException("--keyed: empty vertex name in '" + k + "'");
                }
                names.add(n);
            });
            return names;
        });
        FlinkDocuments docs = source.documents(traceOut != null);
        // with a trace, the scenario starts where the trace does: with the oldest rescale's bounds
        Optional<JobResourceRequirements> requirements = docs.requirements();
        Optional<JobResourceRequirements> initial =
                traceOut == null ? Optional.empty() : docs.history().flatMap(RescaleTraces::initialRequirements);
        if (initial.isPresent()) {
            requirements = initial;
        }
        JobImport.Result imported = JobImport.toScenario(
                docs.details(),
                requirements,
                docs.taskManagers(),
                new JobImport.Options(keyedVertices, Optional.ofNullable(taskManagerCount), slots));

        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter report = out == null ? spec.commandLine().getErr() : stdout;
        String prefix = out == null ? "slotwise: " : "";
        if (out == null) {
            stdout.print(imported.scenarioJson());
        } else {
            write(out, imported.scenarioJson());
            report.println("Wrote " + out + ": job '" + docs.details().name() + "' ("
                    + docs.details().jid() + "), "
                    + imported.scenario().graph().vertices().size() + " vertices, "
                    + imported.scenario().pool().slots().size() + " slots.");
        }
        for (String note : docs.notes()) {
            report.println(prefix + "note: " + note);
        }
        if (initial.isPresent()) {
            report.println(prefix + "assumed: bounds of the rescale history's oldest rescale (sufficient..desired"
                    + " parallelism), where the trace starts, not today's resource requirements");
        }
        for (String assumption : imported.assumptions()) {
            report.println(prefix + "assumed: " + assumption);
        }
        if (traceOut != null) {
            if (docs.history().isEmpty()) {
                throw new InputException("--trace-out needs the rescale history: --rest (fetched) or --history FILE");
            }
            RescaleTraces.Converted converted = RescaleTraces.convert(
                    docs.history().get(),
                    imported.scenario().graph(),
                    slots,
                    settings.policy().checkpointInterval(),
                    ReplayCommand.DEFAULT_TAIL);
            write(traceOut, TraceJson.write(converted.trace()));
            report.println(prefix + "Wrote " + traceOut + ": "
                    + converted.trace().events().size() + " events from "
                    + converted.flinkRescales().size() + " completed rescales.");
            for (String note : converted.notes()) {
                report.println(prefix + "trace: " + note);
            }
        }
        if (save != null) {
            saveDocuments(docs);
            report.println(prefix + "Saved the documents read into " + save + ".");
        }
        return SlotwiseCli.EXIT_OK;
    }

    private void saveDocuments(FlinkDocuments docs) {
        try {
            Files.createDirectories(save);
        } catch (IOException e) {
            throw new InputException("--save " + save + ": cannot create the directory: " + e.getMessage());
        }
        writeJson(save.resolve("details.json"), docs.details());
        docs.requirements().ifPresent(r -> writeJson(save.resolve("requirements.json"), r));
        docs.taskManagers().ifPresent(t -> writeJson(save.resolve("taskmanagers.json"), t));
        docs.history().ifPresent(h -> writeJson(save.resolve("history.json"), h));
    }

    private static void writeJson(Path file, Object value) {
        try {
            write(
                    file,
                    FlinkRestClient.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot write: " + e.getMessage());
        }
    }
}
