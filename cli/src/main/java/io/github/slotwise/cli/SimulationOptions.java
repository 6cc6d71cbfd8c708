package io.github.slotwise.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that {@code simulate} and {@code compare} share, declared once (a picocli mixin). */
final class SimulationOptions {
    @Option(
            names = "--job",
            paramLabel = "SCENARIO.json",
            description = "Simulate the job of this scenario file (docs/scenario-format.md) instead of the"
                    + " built-in one; its slots are not used.")
    Path jobFile;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Report progress on standard error; by default only when it is a terminal.")
    Boolean progress;
}
