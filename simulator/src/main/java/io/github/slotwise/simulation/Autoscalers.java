package io.github.slotwise.simulation;

import io.github.slotwise.registry.Registry;

/**
 * The registry of {@link AutoscalerType}s by name, found with {@link java.util.ServiceLoader} through
 * {@link AutoscalerProvider} like every other registry ({@link Registry}): the built-ins {@code
 * fixed}, {@code threshold}, {@code hpa}, {@code keda}, {@code busy-time}, then plugins' sorted by
 * name.
 */
public final class Autoscalers {
    private static volatile Registry<AutoscalerType> standard;

    private Autoscalers() {}

    /**
     * The types on Slotwise's own class path, loaded once.
     *
     * @return the registry
     */
    public static Registry<AutoscalerType> standard() {
        Registry<AutoscalerType> r = standard;
        if (r == null) {
            synchronized (Autoscalers.class) {
                r = standard;
                if (r == null) {
                    r = load(Autoscalers.class.getClassLoader());
                    standard = r;
                }
            }
        }
        return r;
    }

    /**
     * The types a class loader sees.
     *
     * @param loader e.g. a {@link java.net.URLClassLoader} over plugin jars whose parent sees Slotwise
     * @return the registry
     * @throws IllegalArgumentException if a plugin cannot be loaded, or a name is bad or taken (naming
     *     both origins)
     */
    public static Registry<AutoscalerType> load(ClassLoader loader) {
        return Registry.from(
                "autoscaler type",
                Registry.discover(AutoscalerProvider.class, BuiltInAutoscalers.class, loader),
                AutoscalerProvider::autoscalerTypes,
                AutoscalerType::name,
                AutoscalerType::description);
    }
}
