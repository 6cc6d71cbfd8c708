package io.github.slotwise.cli;

import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code slotwise simulate}: one scenario through one policy, as a timeline and a summary. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        header = "Replays a trace or load scenario through one rescale policy: a timeline and a summary.",
        description = {
            "Replays what happens to a job's cluster through a rescale policy, deterministically, and"
                    + " prints the timeline (time, slots, parallelism, decision, reason and why) and a"
                    + " summary (rescales, restarts, downtime, slot-seconds, key-group skew, key groups moved;"
                    + " for a load scenario also the peak lag, lag-seconds and TaskManager-hours).",
            "TRACE.json is a cluster trace or a load scenario (docs/trace-format.md), told apart by content:"
                    + " a file with inputRate, capacity, autoscaler or another field only load scenarios have"
                    + " is a load scenario. A trace runs the built-in word count of 'slotwise plan', a load"
                    + " scenario the built-in scenarios' word count, unless --job names a scenario file whose"
                    + " job to use. Without TRACE.json it runs a built-in scenario: --list shows them.",
            ""
        },
        footer = {
            "",
            "The policy's checkpoint interval is set to the trace's or load scenario's, as Flink derives its"
                    + " rescale trigger delay from it.",
            "With --flink-config or -D the policy is the one the configuration sets ('flink-config') unless"
                    + " --policy names one; its heartbeat.timeout applies either way, its slot assigner unless --assigner or the"
                    + " policy names one.",
            "Exit codes: 0 simulated, 2 bad input or usage, 3 internal error."
        })
final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private SlotwiseCli parent;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TRACE.json",
            description = "The cluster trace or load scenario; a built-in scenario when omitted.")
    private Path traceFile;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            completionCandidates = BuiltInScenarios.Names.class,
            description = "The built-in scenario to run: ${COMPLETION-CANDIDATES}. Default: " + BuiltInScenarios.DEFAULT
                    + ".")
    private String scenario;

    @Option(
            names = "--policy",
            paramLabel = "NAME",
            defaultValue = PolicyChoice.DEFAULT,
            description = "The rescale policy (--list shows all). Default: ${DEFAULT-VALUE}.")
    private String policy;

    @Option(
            names = "--assigner",
            paramLabel = "NAME",
            completionCandidates = PolicyChoice.AssignerNames.class,
            description = "The slot assigner that places the job's tasks: ${COMPLETION-CANDIDATES}, or a plugin's."
                    + " Default: the policy's, if its name ends with one, else that of --flink-config, else"
                    + " flink-default.")
    private String assigner;

    @Mixin
    private SimulationOptions options;

    @Mixin
    private PluginOptions plugins;

    @Mixin
    private FlinkConfigOptions flinkConfig;

    @Option(
            names = "--chart",
            paramLabel = "FILE",
            description = "Also draw slots, parallelism and rescales over time (and, for a load scenario, the"
                    + " input rate, capacity and lag) into FILE: .png or .svg.")
    private Path chart;

    @Option(names = "--json", description = "Print one JSON document (every timeline entry) instead of text.")
    private boolean json;

    @Option(
            names = "--full-timeline",
            description = "Show every timeline entry, also those that repeat the previous decision and state.")
    private boolean fullTimeline;

    @Option(
            names = "--list",
            description = "List the built-in scenarios, the policies and every registered strategy with where it"
                    + " came from (built-in or a --plugin), and exit.")
    private boolean list;

    @Override
    public Integer call() {
        try (Plugins loaded = plugins.load()) {
            return call(loaded);
        }
    }

    private int call(Plugins loaded) {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            out.print(ListReport.render(loaded));
            return SlotwiseCli.EXIT_OK;
        }
        Optional<ChartFile> chartFile = Optional.ofNullable(chart).map(ChartFile::of);
        Optional<FlinkSettings> settings = flinkConfig.settings();
        FlinkConfigOptions.warnIgnored(settings, spec.commandLine().getErr());
        boolean policyNamed = spec.commandLine().getParseResult().hasMatchedOption("--policy");
        Policy p = settings.isPresent() && !policyNamed
                ? FlinkConfigOptions.policy(settings.get())
                : PolicyChoice.byName(loaded.strategies(), policy, "--policy");
        SimulationConfig config = FlinkConfigOptions.simulationConfig(settings).forPolicy(p);
        if (assigner != null) {
            config = config.withAssigner(
                    PolicyChoice.assigner(loaded.strategies().slotAssigners(), assigner, "--assigner"));
        }
        SimulationInput input = SimulationInputs.one(traceFile, scenario, options.jobFile, loaded.autoscalers());

        Progress progress = Progress.of(
                options.progress, parent.stderrIsTerminal(), spec.commandLine().getErr(), 1);
        progress.start("simulating " + input.name() + " with " + p.name());
        SimulationRun run = SimulationRun.of(input, p, config, progress);
        chartFile.ifPresent(c -> Charts.write(c, SimulationCharts.simulate(run)));
        progress.done();

        Optional<String> written = chartFile.map(c -> c.path().toString());
        out.print(json ? SimulationJson.render(run, written) : SimulationText.render(run, fullTimeline, written));
        return SlotwiseCli.EXIT_OK;
    }
}
