package io.github.slotwise.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --plugin PATH}: strategies of one's own, from jars or class folders (a picocli mixin shared
 * by every command that names strategies: plan, simulate, compare, sweep, replay, steer).
 */
final class PluginOptions {
    @Option(
            names = "--plugin",
            paramLabel = "PATH",
            description = "A jar or folder of classes with strategies of one's own, registered in"
                    + " META-INF/services (io.github.slotwise.registry.StrategyProvider,"
                    + " io.github.slotwise.simulation.AutoscalerProvider); repeatable. Its assigners, solvers,"
                    + " gates, presets, policies and autoscaler types are named like the built-ins ('slotwise"
                    + " simulate --list --plugin PATH' lists them with where each came from).")
    List<Path> paths = new ArrayList<>();

    /** The strategies with the plugins given; close it when the command is done. */
    Plugins load() {
        return Plugins.load(paths);
    }
}
