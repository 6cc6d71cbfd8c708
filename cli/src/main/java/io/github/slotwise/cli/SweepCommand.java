package io.github.slotwise.cli;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.StrictJson;
import io.github.slotwise.sweep.RemoteSweepEngine;
import io.github.slotwise.sweep.RemoteSweepException;
import io.github.slotwise.sweep.Sweep;
import io.github.slotwise.sweep.SweepRecipe;
import io.github.slotwise.sweep.SweepReport;
import io.github.slotwise.sweep.SweepResult;
import io.github.slotwise.sweep.SweepSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slotwise sweep}: families of days × policies × slot assigners × samples, with the
 * distribution of each figure and the paired difference against a baseline. The engine is {@link
 * Sweep} (module {@code sweep}); this command only chooses and formats.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        header = "Runs families of days through several policies and assigners, with honest statistics.",
        description = {
            "Simulates sample 0 to N-1 of each family of days (built-in with --family, or load scenario files"
                    + " with a 'vary' object, docs/trace-format.md) with every policy and slot assigner: the same"
                    + " days for each. For each metric it prints the mean and percentiles over the days and the"
                    + " paired difference against the baseline with a 95 % confidence interval (paired t, and a"
                    + " seeded bootstrap percentile interval).",
            "The output depends only on the input and the seeds, not on --threads, nor on where it runs: with"
                    + " --flink the sweep is an Apache Flink batch job on a running cluster, and the output is"
                    + " byte for byte the local run's.",
            ""
        },
        footer = {
            "",
            "Example: slotwise sweep --family family/spot-day --policies flink-2,flink-2+keygroup-aware --samples 200",
            "Example: slotwise sweep --family family/spot-day-50gb-local --policies flink-2 --assigners"
                    + " flink-default,flink-state-locality --csv > sweep.csv",
            "On Flink: java -cp \"" + SweepCommand.FLINK_CLASS_PATH + "\" io.github.slotwise.cli.SlotwiseCli sweep"
                    + " --flink http://localhost:8081 --family family/spot-day --samples 10000",
            "Exit codes: 0 simulated, 2 bad input or usage (with --flink also: the cluster cannot be reached, or"
                    + " the job failed there), 3 internal error."
        })
final class SweepCommand implements Callable<Integer> {
    /** Flink 2.x's defaults against the key-group-aware rule. */
    static final String DEFAULT_POLICIES = "flink-2,flink-2+keygroup-aware";

    /** The class path that puts the Flink engine beside this command (module sweep-flink's job jar). */
    static final String FLINK_CLASS_PATH =
            "cli/target/slotwise.jar:sweep-flink/target/slotwise-sweep-flink.jar:$FLINK_HOME/lib/*";

    /** Samples per family without {@code --samples}. */
    static final int DEFAULT_SAMPLES = 100;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private SlotwiseCli parent;

    @Parameters(
            arity = "0..*",
            paramLabel = "FAMILY.json",
            description = "Load scenario files whose 'vary' object declares a family of days; each runs the"
                    + " built-in word count.")
    private List<Path> files = new ArrayList<>();

    @Option(
            names = "--family",
            paramLabel = "NAME[,NAME...]",
            description = "Built-in families, comma-separated: ${COMPLETION-CANDIDATES}. Default: " + Families.SPOT_DAY
                    + " when no file is given.",
            completionCandidates = FamilyNames.class)
    private String families;

    @Option(
            names = "--policies",
            paramLabel = "A,B,...",
            defaultValue = DEFAULT_POLICIES,
            description = "The policies, comma-separated ('slotwise simulate --list' shows them). Default:"
                    + " ${DEFAULT-VALUE}.")
    private String policies;

    @Option(
            names = "--assigners",
            paramLabel = "A,B,...",
            defaultValue = "flink-default",
            description = "The slot assigners, comma-separated: ${COMPLETION-CANDIDATES}, or a plugin's. Default:"
                    + " ${DEFAULT-VALUE}.",
            completionCandidates = PolicyChoice.AssignerNames.class)
    private String assigners;

    @Mixin
    private PluginOptions plugins;

    @Option(
            names = "--baseline",
            paramLabel = "POLICY",
            description = "The policy differences are taken against, one of --policies. Default: the first.")
    private String baselinePolicy;

    @Option(
            names = "--baseline-assigner",
            paramLabel = "ASSIGNER",
            description = "The assigner differences are taken against, one of --assigners. Default: the first.")
    private String baselineAssigner;

    @Option(
            names = "--samples",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_SAMPLES,
            description = "Days per family, " + SweepSpec.MIN_SAMPLES + " to " + SweepSpec.MAX_SAMPLES
                    + ". Default: ${DEFAULT-VALUE}.")
    private int samples;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Replace every family's seed with N (which days are drawn), and seed the bootstrap with"
                    + " N. Default: each family's own seed, and bootstrap seed 0.")
    private Long seed;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads that simulate, 1 to " + MAX_THREADS
                    + " (with --flink: that compute the statistics; the cluster's parallelism simulates)."
                    + " Default: the available processors. The output does not depend on it.")
    private Integer threads;

    @Option(names = "--json", description = "Print one JSON document instead of the tables.")
    private boolean json;

    @Option(names = "--csv", description = "Print CSV, one line per family, policy, assigner and metric.")
    private boolean csv;

    @Option(
            names = "--chart",
            paramLabel = "FILE",
            description = "Also draw box plots of each metric's distribution, one panel per metric and family,"
                    + " into FILE: .png or .svg.")
    private Path chart;

    @Option(
            names = "--progress",
            negatable = true,
            description =
                    "Report progress and the time left on standard error; by default only when it is a" + " terminal.")
    private Boolean progress;

    @Option(
            names = "--flink",
            paramLabel = "REST-URL",
            description = "Run the simulations as an Apache Flink batch job on the cluster whose JobManager"
                    + " answers REST at REST-URL (http://host:port); the statistics are computed here. Needs"
                    + " module sweep-flink's job jar and Flink's lib folder on the class path: java -cp \""
                    + FLINK_CLASS_PATH + "\" io.github.slotwise.cli.SlotwiseCli sweep --flink ... Built-in"
                    + " policies and assigners only (no --plugin); progress counts the days as their figures"
                    + " come back.")
    private String flink;

    /** The most threads: far beyond any machine this runs on, far below what would exhaust memory. */
    static final int MAX_THREADS = 1024;

    @Override
    public Integer call() {
        if (flink != null && !plugins.paths.isEmpty()) {
            throw new InputException("--plugin cannot be combined with --flink: a plugin's strategies do not"
                    + " travel to the Flink cluster; sweep with the built-in policies and assigners, or without"
                    + " --flink");
        }
        try (Plugins loaded = plugins.load()) {
            return call(loaded);
        }
    }

    private int call(Plugins loaded) {
        if (json && csv) {
            throw new InputException("--json and --csv: choose one");
        }
        Optional<ChartFile> chartFile = Optional.ofNullable(chart).map(ChartFile::of);
        if (samples < SweepSpec.MIN_SAMPLES || samples > SweepSpec.MAX_SAMPLES) {
            throw new InputException("--samples must be between " + SweepSpec.MIN_SAMPLES + " and "
                    + SweepSpec.MAX_SAMPLES + ", got " + samples);
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > MAX_THREADS) {
            throw new InputException("--threads must be between 1 and " + MAX_THREADS + ", got " + threadCount);
        }
        Optional<RemoteSweepEngine> engine = flink == null ? Optional.empty() : Optional.of(flinkEngine());
        List<Chosen> chosenFamilies = families(loaded);
        List<NamedFamily> chosen = chosenFamilies.stream().map(Chosen::family).toList();
        List<Policy> policyList = PolicyChoice.list(loaded.strategies(), policies, "--policies");
        for (Policy p : policyList) {
            if (p.assigner().isPresent()) {
                // the sweep crosses policies with assigners; a policy's own assigner would be overridden
                throw new InputException("--policies: policy '" + p.name() + "' names its own slot assigner '"
                        + p.assigner().get().name() + "'; a sweep runs every policy with each of --assigners:"
                        + " give the policy without it and --assigners "
                        + p.assigner().get().name());
            }
        }
        List<SlotAssigner> assignerList =
                PolicyChoice.assigners(loaded.strategies().slotAssigners(), assigners, "--assigners");
        String basePolicy = baselinePolicy == null ? policyList.get(0).name() : baselinePolicy.strip();
        String baseAssigner = baselineAssigner == null ? assignerList.get(0).name() : baselineAssigner.strip();
        if (policyList.stream().noneMatch(p -> p.name().equals(basePolicy))) {
            throw new InputException("--baseline: '" + InputException.oneLine(basePolicy)
                    + "' is not one of --policies: "
                    + String.join(", ", policyList.stream().map(Policy::name).toList()));
        }
        if (assignerList.stream().noneMatch(a -> a.name().equals(baseAssigner))) {
            throw new InputException("--baseline-assigner: '" + InputException.oneLine(baseAssigner)
                    + "' is not one of --assigners: "
                    + String.join(
                            ", ", assignerList.stream().map(SlotAssigner::name).toList()));
        }
        SweepSpec sweep = new SweepSpec(
                seed == null
                        ? chosen
                        : chosen.stream().map(f -> f.withSeed(seed)).toList(),
                policyList,
                assignerList,
                samples,
                basePolicy,
                baseAssigner,
                SimulationConfig.defaults(),
                seed == null ? 0 : seed,
                SweepSpec.DEFAULT_RESAMPLES);

        SweepProgress bar = SweepProgress.of(
                progress, parent.stderrIsTerminal(), spec.commandLine().getErr());
        SweepResult result;
        try {
            if (engine.isPresent()) {
                SweepRecipe recipe = new SweepRecipe(
                        chosenFamilies.stream().map(Chosen::recipe).toList(),
                        seed,
                        policyList.stream().map(Policy::name).toList(),
                        assignerList.stream().map(SlotAssigner::name).toList(),
                        samples,
                        basePolicy,
                        baseAssigner,
                        seed == null ? 0 : seed,
                        SweepSpec.DEFAULT_RESAMPLES);
                result = engine.get().run(recipe, flinkUrl(), bar);
            } else {
                result = Sweep.run(sweep, threadCount, bar);
            }
        } catch (IllegalArgumentException e) {
            // a family's day does not fit a policy: the message names the family, the sample and the policy;
            // or the Flink engine rejects the URL, quoting it
            throw new InputException(InputException.oneLine(e.getMessage()));
        } catch (RemoteSweepException e) {
            // the cluster is not there, or the job failed on it: like steer's REST failures, the
            // environment given, not a bug here
            throw new InputException("--flink: " + InputException.oneLine(e.getMessage()));
        }
        SweepReport report = result.report(threadCount);
        chartFile.ifPresent(c -> SweepCharts.write(c, result));
        bar.done(sweep.simulations());

        Optional<String> written = chartFile.map(c -> c.path().toString());
        PrintWriter out = spec.commandLine().getOut();
        out.print(
                json
                        ? SweepText.json(report, written)
                        : csv ? report.csv() : SweepText.text(report, SimulationConfig.defaults(), written));
        return SlotwiseCli.EXIT_OK;
    }

    /** The Flink engine, or how to put it on the class path. */
    private RemoteSweepEngine flinkEngine() {
        return RemoteSweepEngine.find("flink")
                .orElseThrow(() -> new InputException("--flink: no Flink sweep engine on the class path; run"
                        + " with module sweep-flink's job jar and Flink's lib folder: java -cp \""
                        + FLINK_CLASS_PATH + "\" io.github.slotwise.cli.SlotwiseCli sweep --flink "
                        + InputException.oneLine(flink) + " ..."));
    }

    private URI flinkUrl() {
        try {
            return new URI(flink.strip());
        } catch (URISyntaxException e) {
            throw new InputException("--flink: '" + InputException.oneLine(flink)
                    + "' is not a URL such as http://localhost:8081 (" + e.getReason() + ")");
        }
    }

    /** A family as it runs here, and as it travels to a remote engine. */
    private record Chosen(NamedFamily family, SweepRecipe.Family recipe) {}

    private List<Chosen> families(Plugins loaded) {
        List<Chosen> chosen = new ArrayList<>();
        for (Path file : files) {
            byte[] json = StrictJson.readFile(file, "load scenario");
            NamedFamily family;
            try {
                family =
                        SweepRecipe.Family.load(file.toString(), json, Jobs.LOAD_JOB_PARALLELISM, loaded.autoscalers());
            } catch (IllegalArgumentException e) {
                throw new InputException(file + ": " + e.getMessage());
            }
            chosen.add(new Chosen(family, SweepRecipe.Family.file(file.toString(), json, Jobs.LOAD_JOB_PARALLELISM)));
        }
        if (families != null) {
            Set<String> names = new LinkedHashSet<>();
            for (String n : families.split(",", -1)) {
                String name = n.strip();
                if (name.isEmpty()) {
                    throw new InputException("--family: empty family name in '" + InputException.oneLine(families)
                            + "'; known: " + String.join(", ", Families.names()));
                }
                names.add(name);
            }
            for (String name : names) {
                try {
                    chosen.add(new Chosen(Families.byName(name), SweepRecipe.Family.builtIn(name)));
                } catch (IllegalArgumentException e) {
                    throw new InputException("--family: " + InputException.oneLine(e.getMessage()));
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(new Chosen(Families.byName(Families.SPOT_DAY), SweepRecipe.Family.builtIn(Families.SPOT_DAY)));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Chosen c : chosen) {
            NamedFamily f = c.family();
            if (!seen.add(f.name())) {
                throw new InputException("family '" + InputException.oneLine(f.name()) + "' is named twice");
            }
        }
        return chosen;
    }

    /** The built-in family names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class FamilyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Families.names().iterator();
        }
    }
}
