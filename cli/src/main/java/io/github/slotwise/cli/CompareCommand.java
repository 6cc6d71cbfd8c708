package io.github.slotwise.cli;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code slotwise compare}: the same scenario through several policies, side by side. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        header = "Replays a trace or the built-in scenarios through several rescale policies, side by side.",
        description = {
            "Runs the same trace or built-in scenario through several rescale policies and prints one row"
                    + " per policy with its summary figures, one table per scenario.",
            "TRACE.json is a cluster trace or a load scenario, as for 'slotwise simulate'. Without"
                    + " TRACE.json it runs the built-in scenarios named by --scenario ('slotwise simulate"
                    + " --list' shows them).",
            ""
        },
        footer = {
            "",
            "With --flink-config or -D the first row is the policy the configuration sets ('flink-config'), and"
                    + " its heartbeat.timeout and slot assigner (unless --assigners or the policy names one) apply to every row: what if this"
                    + " cluster had used policy X?",
            "Example: slotwise compare --scenario all --policies flink-2,flink-2+keygroup-aware --chart compare.png",
            "Example: slotwise compare STATEFUL.json --policies flink-2 --assigners flink-default,optimal-state-locality",
            "Example: slotwise compare --plugin my-strategies.jar --policy flink-2+my-gate --assigner my-assigner",
            "Exit codes: 0 simulated, 2 bad input or usage, 3 internal error."
        })
final class CompareCommand implements Callable<Integer> {
    /** Flink's presets, then Flink 2.x with each strategy that goes beyond Flink. */
    static final String DEFAULT_POLICIES = "flink-1.17,flink-1.18,flink-1.20,flink-2,reactive,"
            + "flink-2+keygroup-aware,flink-2+proportional,flink-2+keygroup-skip,flink-2+cost-aware";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private SlotwiseCli parent;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TRACE.json",
            description = "The cluster trace or load scenario; built-in scenarios when omitted.")
    private Path traceFile;

    @Option(
            names = {"--policies", "--policy"},
            paramLabel = "A,B,...",
            defaultValue = DEFAULT_POLICIES,
            description = "The policies to compare, comma-separated (one is fine), in the order of the rows; 'all'"
                    + " for every enumerated registry policy ('slotwise simulate --list' shows them)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String policies;

    @Option(
            names = {"--assigners", "--assigner"},
            paramLabel = "A,B,...",
            description = "Also compare slot assigners: each policy runs with each of these, comma-separated (one is"
                    + " fine), one row per policy and assigner: ${COMPLETION-CANDIDATES}, or a plugin's."
                    + " Default: each policy's own, if its name ends with one, else the assigner of"
                    + " --flink-config, else flink-default.",
            completionCandidates = PolicyChoice.AssignerNames.class)
    private String assigners;

    @Option(
            names = "--scenario",
            paramLabel = "NAME[,NAME...]",
            description = "The built-in scenarios to compare on, comma-separated, or 'all' for every load"
                    + " scenario: ${COMPLETION-CANDIDATES}. Default: " + BuiltInScenarios.DEFAULT + ".",
            completionCandidates = BuiltInScenarios.Names.class)
    private String scenarios;

    @Mixin
    private SimulationOptions options;

    @Mixin
    private FlinkConfigOptions flinkConfig;

    @Mixin
    private PluginOptions plugins;

    @Option(
            names = "--chart",
            paramLabel = "FILE",
            description = "Also draw the slots each policy uses (and, for load scenarios, its lag) over time,"
                    + " one line per policy and one panel per scenario and figure, into FILE: .png or .svg.")
    private Path chart;

    @Option(names = "--json", description = "Print one JSON document instead of the tables.")
    private boolean json;

    @Override
    public Integer call() {
        try (Plugins loaded = plugins.load()) {
            return call(loaded);
        }
    }

    private int call(Plugins loaded) {
        Optional<ChartFile> chartFile = Optional.ofNullable(chart).map(ChartFile::of);
        Optional<FlinkSettings> settings = flinkConfig.settings();
        FlinkConfigOptions.warnIgnored(settings, spec.commandLine().getErr());
        List<Policy> chosen = new ArrayList<>();
        settings.ifPresent(s -> chosen.add(FlinkConfigOptions.policy(s)));
        chosen.addAll(
                policies.strip().equals("all")
                        ? loaded.strategies().policies()
                        : PolicyChoice.list(loaded.strategies(), policies, "--policies"));
        SimulationConfig config = FlinkConfigOptions.simulationConfig(settings);
        Optional<List<SlotAssigner>> slotAssigners = Optional.ofNullable(assigners)
                .map(a -> PolicyChoice.assigners(loaded.strategies().slotAssigners(), a, "--assigners"));
        List<SimulationInput> inputs =
                SimulationInputs.many(traceFile, scenarios, options.jobFile, loaded.autoscalers());

        Progress progress = Progress.of(
                options.progress,
                parent.stderrIsTerminal(),
                spec.commandLine().getErr(),
                inputs.size() * chosen.size() * slotAssigners.map(List::size).orElse(1));
        List<List<SimulationRun>> runs = new ArrayList<>();
        for (SimulationInput input : inputs) {
            List<SimulationRun> row = new ArrayList<>();
            for (Policy p : chosen) {
                // --assigners, else the policy's own assigner, else the configuration's
                List<SimulationConfig> configs = slotAssigners
                        .map(list -> list.stream().map(config::withAssigner).toList())
                        .orElseGet(() -> List.of(config.forPolicy(p)));
                for (SimulationConfig c : configs) {
                    progress.start("simulating " + input.name() + " with " + p.name()
                            + (slotAssigners.isEmpty()
                                    ? ""
                                    : " and " + c.assigner().name()));
                    row.add(SimulationRun.of(input, p, c, progress));
                }
            }
            runs.add(row);
        }
        chartFile.ifPresent(c -> Charts.write(c, SimulationCharts.compare(runs)));
        progress.done();

        Optional<String> written = chartFile.map(c -> c.path().toString());
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? CompareReport.json(runs, written) : CompareReport.text(runs, written));
        return SlotwiseCli.EXIT_OK;
    }
}
