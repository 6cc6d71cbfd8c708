package io.github.slotwise.cli;

import io.github.slotwise.flink.config.FlinkSettings;
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
            "Chooses every vertex's parallelism with Flink's determineParallelism, then places the"
                    + " execution slot-sharing groups into slots with the chosen assigner.",
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
            names = "--reactive",
            negatable = true,
            description = "Plan in Reactive Mode (every upper bound is the vertex's maxParallelism),"
                    + " overriding the scenario's 'reactive'; --no-reactive plans with the declared bounds.")
    private Boolean reactive;

    @Mixin
    private FlinkConfigOptions flinkConfig;

    @Override
    public Integer call() {
        Optional<FlinkSettings> settings = flinkConfig.settings();
        FlinkConfigOptions.warnIgnored(settings, spec.commandLine().getErr());
        // the configuration's Reactive Mode and slot assigner, unless the flags say otherwise
        Optional<Boolean> reactiveChoice = Optional.ofNullable(reactive)
                .or(() -> settings.filter(s -> s.policy().reactive()).map(s -> true));
        Optional<String> assignerChoice = Optional.ofNullable(assigner).or(() -> settings.map(FlinkSettings::assigner));
        Scenario scenario = scenarioFile == null ? ScenarioReader.readBuiltIn() : ScenarioReader.readFile(scenarioFile);
        PlanOutcome outcome = Planner.plan(scenario, reactiveChoice, assignerChoice);
        spec.commandLine().getOut().print(json ? JsonReport.render(outcome) : TextReport.render(outcome));
        return outcome.parallelism().isPlan() ? SlotwiseCli.EXIT_OK : SlotwiseCli.EXIT_NO_PLAN;
    }
}
