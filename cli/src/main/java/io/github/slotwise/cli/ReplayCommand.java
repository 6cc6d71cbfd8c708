package io.github.slotwise.cli;

import io.github.slotwise.flink.client.FlinkDocuments;
import io.github.slotwise.flink.client.JobImport;
import io.github.slotwise.flink.client.Replay;
import io.github.slotwise.flink.client.RescaleTraces;
import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Readable;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.Summary;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.TraceJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slotwise replay}: a Flink 2.3 rescale history, rescale by rescale, against Slotwise. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        header = "Replays a job's Flink 2.3 rescale history through Slotwise and says, rescale by rescale,"
                + " whether Slotwise predicts what Flink did.",
        description = {
            "Turns the rescale history (FLIP-495: web.adaptive-scheduler.rescale-history.size > 0) into a"
                    + " cluster trace, runs it through the decider the job's own Flink configuration sets"
                    + " (--flink-config, -D; or --policy to ask 'what if'), and prints Flink's completed rescales"
                    + " next to Slotwise's deployments, paired in order: time, trigger cause and target"
                    + " parallelism per vertex, with the number that agree.",
            "A pair agrees when the trigger cause and every vertex's parallelism are the same. Times are"
                    + " shown, not compared: heartbeats, checkpoints and the wall clock of a real cluster cannot"
                    + " be replayed exactly (docs/bring-your-cluster.md says what is and is not compared).",
            ""
        },
        footer = {
            "",
            "Example (offline): slotwise replay --details details.json --requirements requirements.json"
                    + " --history history.json --flink-config config.yaml",
            "Exit codes: 0 replayed, 2 bad input, usage or an unreachable Flink, 3 internal error."
        })
final class ReplayCommand implements Callable<Integer> {
    /** How long a trace goes on after the history's last timestamp. */
    static final Duration DEFAULT_TAIL = Duration.ofMinutes(5);

    @Spec
    private CommandSpec spec;

    @Mixin
    private FlinkSource source;

    @Mixin
    private FlinkConfigOptions flinkConfig;

    @Option(
            names = "--policy",
            paramLabel = "NAME",
            description = "Replay through this registry policy instead of the configuration's ('slotwise simulate"
                    + " --list' shows them): what if the job had used it?")
    private String policy;

    @Option(
            names = "--restart-cost",
            paramLabel = "DURATION",
            description = "What a redeployment costs (the simulator's restart cost; it delays the checkpoints"
                    + " that trigger rescales). Default: the simulator's, 10 s.")
    private String restartCost;

    @Option(
            names = "--slots-per-task-manager",
            paramLabel = "N",
            description = "The size of the TaskManagers the trace makes up; default: taskmanager.numberOfTaskSlots"
                    + " of the Flink configuration, else 1.")
    private Integer slotsPerTaskManager;

    @Option(
            names = "--trace-out",
            paramLabel = "TRACE.json",
            description = "Also write the trace made from the history, for 'slotwise compare TRACE.json --job ...'.")
    private Path traceOut;

    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() {
        try (Plugins loaded = plugins.load()) {
            return call(loaded);
        }
    }

    private int call(Plugins loaded) {
        FlinkSettings settings = flinkConfig.settingsOrDefaults();
        FlinkConfigOptions.warnIgnored(
                flinkConfig.settings(), spec.commandLine().getErr());
        int slots = FlinkSource.slotsPerTaskManager(settings, slotsPerTaskManager);
        Policy p = policy == null
                ? FlinkConfigOptions.policy(settings)
                : PolicyChoice.byName(loaded.strategies(), policy, "--policy");
        SimulationConfig config = settings.simulationConfig().forPolicy(p);
        if (restartCost != null) {
            config = config.withRestartCost(FlinkSource.durationOption("--restart-cost", restartCost));
        }
        FlinkDocuments docs = source.documents(true);
        if (docs.history().isEmpty()) {
            throw new InputException("replay needs the rescale history: --rest (fetched) or --history FILE");
        }
        JobImport.Result imported = JobImport.toScenario(
                docs.details(),
                docs.requirements(),
                docs.taskManagers(),
                new JobImport.Options(Optional.empty(), Optional.empty(), slots));
        RescaleTraces.Converted converted = RescaleTraces.convert(
                docs.history().get(),
                imported.scenario().graph(),
                slots,
                (p.decider() instanceof FlinkRescaleDecider f
                                ? f.policy().checkpointInterval()
                                : Optional.<Duration>empty())
                        .or(settings.policy()::checkpointInterval),
                DEFAULT_TAIL);
        Replay.Result replay;
        try {
            // the simulator gives the decider the trace's checkpoint interval itself
            replay = Replay.run(converted, p.decider(), config);
        } catch (IllegalArgumentException e) {
            throw new InputException("the history does not fit policy " + p.name() + ": " + e.getMessage());
        }
        if (traceOut != null) {
            ImportCommand.write(traceOut, TraceJson.write(converted.trace()));
        }
        spec.commandLine().getOut().print(render(docs, p, config, replay));
        return SlotwiseCli.EXIT_OK;
    }

    private String render(FlinkDocuments docs, Policy p, SimulationConfig config, Replay.Result replay) {
        StringBuilder b = new StringBuilder();
        b.append("Job '")
                .append(docs.details().name())
                .append("' (")
                .append(docs.details().jid())
                .append("), vertices: ");
        Map<String, String> names = new LinkedHashMap<>();
        for (JobVertex v : replay.converted().graph().vertices()) {
            names.put(v.id(), v.name());
        }
        b.append(String.join(" / ", names.values())).append('\n');
        b.append("Flink's rescale history against ")
                .append(p.name())
                .append(" (")
                .append(p.description())
                .append("), slot assigner ")
                .append(config.assigner().name())
                .append(", heartbeat timeout ")
                .append(Readable.duration(config.heartbeatTimeout()))
                .append(", restart cost ")
                .append(Readable.duration(config.restartCost()))
                .append(":\n\n");
        TextTable table = new TextTable(
                ">#",
                "Flink at",
                "Flink cause",
                "Flink parallelism",
                "Slotwise at",
                "Slotwise cause",
                "Slotwise parallelism",
                "agree");
        int i = 0;
        for (Replay.Row row : replay.rows()) {
            i++;
            table.row(
                    i,
                    row.flink().map(f -> Format.clock(f.executingAt())).orElse("-"),
                    row.flink().map(RescaleTraces.FlinkRescale::triggerCause).orElse("-"),
                    row.flink().map(f -> ordered(f.parallelism(), names)).orElse("-"),
                    row.slotwise().map(s -> Format.clock(s.at())).orElse("-"),
                    row.slotwise().map(Replay.SlotwiseRescale::cause).orElse("-"),
                    row.slotwise().map(s -> ordered(s.parallelism(), names)).orElse("-"),
                    row.flink().isEmpty()
                            ? "Slotwise only"
                            : row.slotwise().isEmpty()
                                    ? "Flink only"
                                    : row.agrees() ? "yes" : (row.parallelismAgrees() ? "cause differs" : "no"));
        }
        table.appendTo(b, "  ");
        b.append('\n')
                .append("Agreement: ")
                .append(replay.agreements())
                .append(" of ")
                .append(replay.flinkRescales())
                .append(" completed rescales (trigger cause and target parallelism of every vertex; times are not"
                        + " compared).\n");
        for (String skipped : replay.converted().skipped()) {
            b.append("Not compared: ").append(skipped).append('\n');
        }
        Summary s = replay.result().summary();
        b.append("Slotwise's replay: ")
                .append(s.rescales())
                .append(" rescales, ")
                .append(s.failureRestarts())
                .append(" restarts after failures, downtime ")
                .append(Readable.duration(s.downtime()))
                .append(".\n");
        for (String note : replay.converted().notes()) {
            b.append("Trace: ").append(note).append('\n');
        }
        return b.toString();
    }

    /** Parallelism in the job's vertex order, slash-separated; '?' for a vertex not recorded. */
    private static String ordered(Map<String, Integer> parallelism, Map<String, String> names) {
        StringBuilder b = new StringBuilder();
        for (String id : names.keySet()) {
            if (b.length() > 0) {
                b.append('/');
            }
            Integer p = parallelism.get(id);
            b.append(p == null ? "?" : p);
        }
        return b.toString();
    }
}
