package io.github.slotwise.cli;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.flink.config.FlinkSettings;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.format.Scenario;
import io.github.slotwise.simulation.format.ScenarioReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slotwise plan}: reads a scenario, solves the parallelism, assigns slots, prints a report. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        description = {
            "Chooses every vertex's parallelism with Flink's determineParallelism (or the --policy's solver),"
                    + " then places the execution slot-sharing groups into slots with the chosen assigner.",
            "Without SCENARIO.json, plans the built-in example: a keyed word count on 3 TaskManagers"
                    + " with 4 slots each.",
            ""
        },
        footer = {
            "",
            "The scenario format is described in docs/scenario-format.md.",
            "Exit codes: 0 plan made, 1 not enough slots, 2 bad input or usage, 3 internal error."
        })
final class PlanCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SCENARIO.json",
            description = "The scenario file; the built-in example when omitted.")
    private Path scenarioFile;

    @Option(names = "--json", description = "Print one JSON document instead of the text report.")
    private boolean json;

    @Option(
            names = "--assigner",
            paramLabel = "NAME",
            completionCandidates = Planner.AssignerNames.class,
            description = "The slot assigner, overriding the scenario's 'assigner'; one of:"
                    + " ${COMPLETION-CANDIDATES}. Default: " + Planner.DEFAULT_ASSIGNER + ".")
    private String assigner;

    @Option(
            names = "--policy",
            paramLabel = "NAME",
            description = "Plan with this policy's parallelism solver (and its slot assigner, if it names one),"
                    + " in Reactive Mode if it is a Reactive Mode policy: e.g. flink-2+keygroup-aware or"
                    + " reactive+proportional+flink-state-locality ('slotwise simulate --list' shows them)."
                    + " Default: Flink's rule.")
    private String policy;

    @Option(
            names = "--reactive",
            negatable = true,
            description = "Plan in Reactive Mode (every upper bound is the vertex's maxParallelism),"
                    + " overriding the scenario's 'reactive'; --no-reactive plans with the declared bounds.")
    private Boolean reactive;

    @Mixin
    private FlinkConfigOptions flinkConfig;

    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() {
        try (Plugins loaded = plugins.load()) {
            Optional<FlinkSettings> settings = flinkConfig.settings();
            FlinkConfigOptions.warnIgnored(settings, spec.commandLine().getErr());
            Optional<Policy> chosen =
                    Optional.ofNullable(policy).map(n -> PolicyChoice.byName(loaded.strategies(), n, "--policy"));
            // the flags first, then the policy, then the configuration, then the scenario's own
            Optional<Boolean> reactiveChoice = Optional.ofNullable(reactive)
                    .or(() -> chosen.map(Policy::reactive))
                    .or(() -> settings.filter(s -> s.policy().reactive()).map(s -> true));
            Optional<SlotAssigner> assignerChoice = Optional.ofNullable(assigner)
                    .map(n -> PolicyChoice.assigner(loaded.strategies().slotAssigners(), n, "--assigner"))
                    .or(() -> chosen.flatMap(Policy::assigner))
                    .or(() -> settings.map(s -> PolicyChoice.assigner(
                            loaded.strategies().slotAssigners(), s.assigner(), "--flink-config")));
            Scenario scenario =
                    scenarioFile == null ? ScenarioReader.readBuiltIn() : ScenarioReader.readFile(scenarioFile);
            PlanOutcome outcome = Planner.plan(
                    scenario,
                    new Planner.Choices(
                            reactiveChoice,
                            assignerChoice,
                            chosen,
                            loaded.strategies().slotAssigners()));
            spec.commandLine().getOut().print(json ? JsonReport.render(outcome) : TextReport.render(outcome));
            return outcome.parallelism().isPlan() ? SlotwiseCli.EXIT_OK : SlotwiseCli.EXIT_NO_PLAN;
        }
    }
}
