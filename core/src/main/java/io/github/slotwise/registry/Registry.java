package io.github.slotwise.registry;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.Suggestions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Named strategies of one kind (slot assigners, parallelism solvers, gates, decider presets,
 * policies, autoscalers): the one registry mechanism of Slotwise. Entries come from providers found
 * with {@link ServiceLoader} ({@code META-INF/services} files), Slotwise's own through the very same
 * path as a plugin's; {@link #discover} finds them.
 *
 * <p>Order is fixed: the built-ins first, in their documented order, then the plugins' entries
 * sorted by name. Names are unique: a second entry with a name already taken is rejected, and the
 * error names both origins. Names match {@code [A-Za-z0-9][A-Za-z0-9_.-]*}, so they never contain
 * {@code +} (the composition separator of policy names) or {@code ,} (the CLI's list separator).
 *
 * <p>A registry is immutable; its entries are shared, so strategies must be stateless.
 *
 * @param <T> the kind of strategy
 */
public final class Registry<T> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final String kind;
    private final ImmutableMap<String, Entry<T>> byName;

    private Registry(String kind, List<Entry<T>> entries) {
        this.kind = kind;
        ImmutableMap.Builder<String, Entry<T>> b = ImmutableMap.builder();
        entries.forEach(e -> b.put(e.name(), e));
        this.byName = b.buildOrThrow();
    }

    /**
     * One registered strategy.
     *
     * @param name its registry name
     * @param description one line for people
     * @param value the strategy
     * @param origin where it came from
     * @param <T> the kind of strategy
     */
    public record Entry<T>(String name, String description, T value, Origin origin) {
        /**
         * Checks the fields are present.
         *
         * @param name the name
         * @param description the description
         * @param value the strategy
         * @param origin where it came from
         */
        public Entry {
            Objects.requireNonNull(name, "Entry.name");
            Objects.requireNonNull(description, "Entry.description");
            Objects.requireNonNull(value, "Entry.value");
            Objects.requireNonNull(origin, "Entry.origin");
        }
    }

    /**
     * What kind of strategies this registry holds, as messages name it ({@code "slot assigner"}).
     *
     * @return the kind
     */
    public String kind() {
        return kind;
    }

    /**
     * Every entry: built-ins in their documented order, then plugins' sorted by name.
     *
     * @return the entries, immutable
     */
    public List<Entry<T>> entries() {
        return byName.values().asList();
    }

    /**
     * The names, in {@link #entries()} order.
     *
     * @return the names, immutable
     */
    public List<String> names() {
        return byName.keySet().asList();
    }

    /**
     * Every strategy, in {@link #entries()} order.
     *
     * @return the strategies, immutable
     */
    public List<T> values() {
        return entries().stream().map(Entry::value).collect(ImmutableList.toImmutableList());
    }

    /**
     * The entry called {@code name}, if any.
     *
     * @param name a name; null finds nothing
     * @return the entry
     */
    public Optional<Entry<T>> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /**
     * The strategy called {@code name}.
     *
     * @param name a name from {@link #names()}
     * @return the strategy
     * @throws IllegalArgumentException naming the unknown name and the closest known ones
     */
    public T byName(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException(unknownMessage(name, "")))
                .value();
    }

    /**
     * The message for a name this registry does not know: {@code "unknown <kind> '<name>'; closest:
     * a, b, c; known: a, b, c, d"}, or, past {@value #LISTED_IN_FULL} names, {@code "...; closest: a,
     * b, c (<n> <kind>s are known)"}.
     *
     * @param name the unknown name, may be null
     * @param more text to append, e.g. how else a name can be formed; may be empty
     * @return the message
     */
    public String unknownMessage(String name, String more) {
        return unknownMessage(kind, name, names(), more);
    }

    /** Registries up to this size list every name when one is not found. */
    public static final int LISTED_IN_FULL = 12;

    /**
     * The message for an unknown name among {@code known}; see {@link #unknownMessage(String,
     * String)}.
     *
     * @param kind what is named, e.g. {@code "policy"}
     * @param name the unknown name, may be null
     * @param known the names that exist, in their order
     * @param more text to append; may be empty
     * @return the message
     */
    public static String unknownMessage(String kind, String name, List<String> known, String more) {
        String closest = name == null || name.isBlank() ? "" : Suggestions.closestText(name, known);
        String all = known.size() <= LISTED_IN_FULL
                ? "; known: " + String.join(", ", known)
                : " (" + known.size() + " "
                        + (kind.endsWith("y") ? kind.substring(0, kind.length() - 1) + "ies" : kind + "s")
                        + " are known)";
        return "unknown " + kind + " " + (name == null ? "null" : Limits.quote(name)) + closest + all + more;
    }

    /**
     * Where the strategy called {@code name} came from.
     *
     * @param name a name from {@link #names()}
     * @return its origin
     * @throws IllegalArgumentException for an unknown name
     */
    public Origin origin(String name) {
        byName(name);
        return byName.get(name).origin();
    }

    @Override
    public String toString() {
        return kind + " registry " + names();
    }

    /**
     * Checks a strategy's name for a registry.
     *
     * @param kind the kind, for the message
     * @param name the name
     * @param origin where it came from, for the message
     * @return the name
     * @throws IllegalArgumentException naming the kind, the value and the origin
     */
    static String checkName(String kind, String name, Origin origin) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name " + (name == null ? "null" : "'" + name + "'") + " from "
                    + origin + " must match [A-Za-z0-9][A-Za-z0-9_.-]*");
        }
        return name;
    }

    /**
     * Builds a registry: entries are added as providers contribute them, clashes are rejected at once.
     *
     * @param kind what the entries are, for messages ({@code "slot assigner"})
     * @param <T> the kind of strategy
     * @return an empty builder
     */
    public static <T> Builder<T> builder(String kind) {
        return new Builder<>(kind);
    }

    /**
     * Collects entries; see {@link Registry#builder}.
     *
     * @param <T> the kind of strategy
     */
    public static final class Builder<T> {
        private final String kind;
        private final List<Entry<T>> builtIns = new ArrayList<>();
        private final List<Entry<T>> plugins = new ArrayList<>();
        private final Map<String, Entry<T>> seen = new HashMap<>(); // lookups only

        private Builder(String kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /**
         * Adds an entry.
         *
         * @param name its name
         * @param description one line for people
         * @param value the strategy
         * @param origin where it came from
         * @return this builder
         * @throws IllegalArgumentException for a bad name, a missing value, or a name already taken,
         *     naming both origins
         */
        public Builder<T> add(String name, String description, T value, Origin origin) {
            Objects.requireNonNull(origin, "origin");
            checkName(kind, name, origin);
            if (value == null) {
                throw new IllegalArgumentException(kind + " '" + name + "' from " + origin + " is null");
            }
            Entry<T> entry = new Entry<>(name, description == null ? name : description, value, origin);
            Entry<T> before = seen.putIfAbsent(name, entry);
            if (before != null) {
                throw new IllegalArgumentException(
                        kind + " '" + name + "' is registered twice: by " + before.origin() + " and by " + origin);
            }
            (origin.builtIn() ? builtIns : plugins).add(entry);
            return this;
        }

        /**
         * The registry: built-ins in the order added, then plugins' entries sorted by name.
         *
         * @return the registry
         */
        public Registry<T> build() {
            List<Entry<T>> all = new ArrayList<>(builtIns);
            List<Entry<T>> sorted = new ArrayList<>(plugins);
            sorted.sort(Comparator.comparing(Entry::name));
            all.addAll(sorted);
            return new Registry<>(kind, all);
        }
    }

    /**
     * A provider found by {@link #discover}, with its origin.
     *
     * @param provider the provider instance
     * @param origin where it came from
     * @param <P> the provider interface
     */
    public record Discovered<P>(P provider, Origin origin) {}

    /**
     * Finds the providers of a service interface with {@link ServiceLoader}: Slotwise's own provider
     * first, then the plugins' sorted by class name (so that the result does not depend on the order
     * of the class path).
     *
     * @param service the provider interface, e.g. {@link StrategyProvider}
     * @param builtIn Slotwise's own provider class, listed in its module's {@code
     *     META-INF/services} file like any plugin's
     * @param loader where to look: the class loader of the application, or one over plugin jars
     *     whose parent sees Slotwise
     * @param <P> the provider interface
     * @return the providers, the built-in one first
     * @throws IllegalArgumentException naming the provider if a plugin's provider cannot be loaded
     *     or created
     * @throws IllegalStateException if the built-in provider is not found (a jar whose service
     *     files were not merged)
     */
    public static <P> List<Discovered<P>> discover(Class<P> service, Class<? extends P> builtIn, ClassLoader loader) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(builtIn, "builtIn");
        Objects.requireNonNull(loader, "loader");
        List<Discovered<P>> found = new ArrayList<>();
        boolean builtInFound = false;
        try {
            for (ServiceLoader.Provider<P> p :
                    ServiceLoader.load(service, loader).stream().toList()) {
                boolean isBuiltIn = p.type() == builtIn;
                if (isBuiltIn && builtInFound) {
                    continue; // the same services file seen twice through nested loaders
                }
                builtInFound |= isBuiltIn;
                P provider;
                try {
                    provider = p.get();
                } catch (ServiceConfigurationError | RuntimeException e) {
                    throw new IllegalArgumentException(
                            "cannot create " + service.getSimpleName() + " " + Origin.of(p.type(), isBuiltIn) + ": "
                                    + message(e),
                            e);
                }
                found.add(new Discovered<>(provider, Origin.of(p.type(), isBuiltIn)));
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException(
                    "cannot load a " + service.getSimpleName() + " plugin: " + message(e), e);
        }
        if (!builtInFound) {
            throw new IllegalStateException("Slotwise's own " + service.getSimpleName() + " " + builtIn.getName()
                    + " was not found through META-INF/services/" + service.getName()
                    + " (a jar built without merging service files?)");
        }
        found.sort(Comparator.comparing((Discovered<P> d) -> !d.origin().builtIn())
                .thenComparing(d -> d.origin().provider())
                .thenComparing(d -> d.origin().location()));
        return List.copyOf(found);
    }

    /**
     * Builds a registry from providers: each provider's entries of this kind, in the provider's
     * order.
     *
     * @param kind the kind, for messages
     * @param providers the providers, as {@link #discover} returns them
     * @param entries a provider's strategies of this kind
     * @param name a strategy's name
     * @param description a strategy's description
     * @param <P> the provider interface
     * @param <T> the kind of strategy
     * @return the registry
     * @throws IllegalArgumentException for a bad or clashing name, naming both origins
     */
    public static <P, T> Registry<T> from(
            String kind,
            List<Discovered<P>> providers,
            Function<P, List<? extends T>> entries,
            Function<T, String> name,
            Function<T, String> description) {
        Builder<T> b = builder(kind);
        for (Discovered<P> d : providers) {
            List<? extends T> list;
            try {
                list = entries.apply(d.provider());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "cannot list the " + kind + "s of " + d.origin() + ": " + message(e), e);
            }
            if (list == null) {
                throw new IllegalArgumentException(d.origin() + " returned null for its " + kind + "s");
            }
            for (T t : list) {
                if (t == null) {
                    throw new IllegalArgumentException(d.origin() + " listed a null " + kind);
                }
                b.add(name.apply(t), description.apply(t), t, d.origin());
            }
        }
        return b.build();
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }
}
