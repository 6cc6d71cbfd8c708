package io.github.slotwise.registry;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Objects;

/**
 * Where a registry entry came from: Slotwise itself, or a plugin's provider class and the jar (or
 * class folder) that holds it.
 *
 * @param builtIn whether it is one of Slotwise's own
 * @param provider the provider class's name
 * @param location the jar or folder the provider class was loaded from, or {@code "unknown
 *     location"} when the class loader does not say
 */
public record Origin(boolean builtIn, String provider, String location) {
    /**
     * Checks the fields are present.
     *
     * @param builtIn whether it is built in
     * @param provider the provider class's name
     * @param location where it was loaded from
     */
    public Origin {
        Objects.requireNonNull(provider, "Origin.provider");
        Objects.requireNonNull(location, "Origin.location");
    }

    /**
     * The origin of entries a provider class contributes.
     *
     * @param providerClass the class that contributed them
     * @param builtIn whether it is Slotwise's own
     * @return the origin, with the class's code source as its location
     */
    public static Origin of(Class<?> providerClass, boolean builtIn) {
        return new Origin(builtIn, providerClass.getName(), locationOf(providerClass));
    }

    private static String locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain() == null
                ? null
                : type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown location";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return source.getLocation().toString();
        }
    }

    /**
     * {@code built-in}, or {@code plugin <provider class> (<jar or folder>)}.
     *
     * @return the origin for people
     */
    @Override
    public String toString() {
        return builtIn ? "built-in" : "plugin " + provider + " (" + location + ")";
    }
}
