package io.github.slotwise.cli;

import io.github.slotwise.registry.Registry;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.registry.StrategyProvider;
import io.github.slotwise.simulation.AutoscalerProvider;
import io.github.slotwise.simulation.AutoscalerType;
import io.github.slotwise.simulation.Autoscalers;
import io.github.slotwise.simulation.format.InputException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.jar.JarFile;

/**
 * The strategies one command runs with: Slotwise's own and those of the {@code --plugin} jars and
 * class folders, found through {@link java.util.ServiceLoader} in a {@link URLClassLoader} over them
 * (its parent is the CLI's own loader). Without plugins, the registries of the class path ({@link
 * Strategies#standard()}, {@link Autoscalers#standard()}).
 *
 * <p>Closing it closes the plugins' class loader: the strategies must not be used after that.
 */
final class Plugins implements AutoCloseable {
    /** The service files a plugin must have at least one of. */
    static final List<String> SERVICE_FILES = List.of(
            "META-INF/services/" + StrategyProvider.class.getName(),
            "META-INF/services/" + AutoscalerProvider.class.getName());

    private final Strategies strategies;
    private final Registry<AutoscalerType> autoscalers;
    private final Optional<URLClassLoader> loader;

    private Plugins(Strategies strategies, Registry<AutoscalerType> autoscalers, Optional<URLClassLoader> loader) {
        this.strategies = Objects.requireNonNull(strategies, "strategies");
        this.autoscalers = Objects.requireNonNull(autoscalers, "autoscalers");
        this.loader = loader;
    }

    /** The built-in strategies and whatever the class path adds. */
    static Plugins none() {
        return new Plugins(Strategies.standard(), Autoscalers.standard(), Optional.empty());
    }

    /**
     * Loads the strategies of {@code paths} beside the built-ins.
     *
     * @param paths jars or folders of classes, in the order given; none gives {@link #none()}
     * @throws InputException naming the path or the provider: a missing file, a file that is not a jar,
     *     a jar or folder that registers nothing, a provider that cannot be loaded or created, a bad or
     *     clashing name
     */
    static Plugins load(List<Path> paths) {
        if (paths.isEmpty()) {
            return none();
        }
        List<URL> urls = new ArrayList<>();
        for (Path path : paths) {
            check(path);
            try {
                urls.add(path.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new InputException(
                        "--plugin " + path + ": not a file name Java can load from (" + e.getMessage() + ")");
            }
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), Plugins.class.getClassLoader());
        try {
            return new Plugins(Strategies.load(loader), Autoscalers.load(loader), Optional.of(loader));
        } catch (IllegalArgumentException | IllegalStateException | ServiceConfigurationError e) {
            closeQuietly(loader);
            throw new InputException("--plugin: " + e.getMessage());
        } catch (LinkageError e) {
            // a provider's class needs a class the plugin does not bring, or a newer Java
            closeQuietly(loader);
            throw new InputException("--plugin "
                    + String.join(", ", paths.stream().map(Path::toString).toList()) + ": a provider cannot be loaded: "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    /** A jar or a folder, with at least one of the {@link #SERVICE_FILES}. */
    private static void check(Path path) {
        if (!Files.exists(path)) {
            throw new InputException("--plugin " + path + ": no such file or folder");
        }
        boolean registers;
        if (Files.isDirectory(path)) {
            registers = SERVICE_FILES.stream().anyMatch(f -> Files.isRegularFile(path.resolve(f)));
        } else {
            try (JarFile jar = new JarFile(path.toFile())) {
                registers = SERVICE_FILES.stream().anyMatch(f -> jar.getEntry(f) != null);
            } catch (IOException | SecurityException e) {
                throw new InputException("--plugin " + path + ": not a jar (" + e.getMessage() + ")");
            }
        }
        if (!registers) {
            throw new InputException("--plugin " + path + ": registers no strategy: it has neither "
                    + String.join(" nor ", SERVICE_FILES));
        }
    }

    /** The slot assigners, parallelism solvers, gates, presets and named policies. */
    Strategies strategies() {
        return strategies;
    }

    /** The autoscaler types of load scenarios. */
    Registry<AutoscalerType> autoscalers() {
        return autoscalers;
    }

    @Override
    public void close() {
        loader.ifPresent(Plugins::closeQuietly);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing was written through it; a jar left open is harmless
        }
    }
}
