package io.github.slotwise.registry;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.Suggestions;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Registry.Discovered;
import io.github.slotwise.registry.Registry.Entry;
import io.github.slotwise.rescale.DeciderPreset;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every registry of strategies, as one class loader sees them: Slotwise's own and the plugins'
 * found through {@link StrategyProvider} ({@code META-INF/services}). {@link #standard()} looks with
 * Slotwise's own class loader (what is on the class path); {@link #load(ClassLoader)} with any, e.g.
 * a {@link java.net.URLClassLoader} over plugin jars.
 *
 * <h2>Policy names</h2>
 *
 * A policy is named either as a whole (a {@link StrategyProvider#policies() named policy}) or as a
 * composition
 *
 * <pre>{@code <preset>[+<solver>][+<gate>]...[+<assigner>]}</pre>
 *
 * a {@link DeciderPreset}, then at most one {@link ParallelismSolver}, then any number of distinct
 * {@link RescaleGate}s, asked in the order written (the first that holds a rescale holds it), then at
 * most one {@link SlotAssigner}, last ({@link Policy#assigner()}: the simulator and the CLI place the
 * job's tasks with it unless told otherwise). Every part is a registry name, built-in or a plugin's:
 * {@code flink-2+keygroup-aware}, {@code reactive+keygroup-skip+cost-aware}, {@code
 * flink-2+my-solver+my-gate+my-assigner}. A named policy takes an assigner too: {@code
 * <named-policy>+<assigner>}. The policy's description is the preset's (or named policy's), then
 * each part's after {@code "; "}.
 *
 * <p>Solvers, gates and assigners share one name space, as do presets and named policies, so that
 * every part of a composed name means one thing; a plugin that takes a name of the other kind is
 * rejected when the registries are loaded.
 *
 * <p>{@link #policies()} enumerates the policies the CLI compares by default: each built-in preset,
 * then each built-in preset with each built-in solver other than Flink's and each built-in gate (in
 * registry order), then the plugins' presets and named policies, sorted by name.
 */
public final class Strategies {
    private static volatile Strategies standard;

    private final Registry<SlotAssigner> slotAssigners;
    private final Registry<ParallelismSolver> solvers;
    private final Registry<RescaleGate> gates;
    private final Registry<DeciderPreset> presets;
    private final Registry<Policy> namedPolicies;
    private final ImmutableMap<String, Policy> enumerated;

    private Strategies(List<Discovered<StrategyProvider>> providers) {
        slotAssigners = Registry.from(
                "slot assigner",
                providers,
                StrategyProvider::slotAssigners,
                SlotAssigner::name,
                SlotAssigner::description);
        solvers = Registry.from(
                "parallelism solver",
                providers,
                StrategyProvider::parallelismSolvers,
                ParallelismSolver::name,
                ParallelismSolver::description);
        gates = Registry.from(
                "rescale gate", providers, StrategyProvider::rescaleGates, RescaleGate::name, RescaleGate::description);
        presets = Registry.from(
                "decider preset",
                providers,
                StrategyProvider::deciderPresets,
                DeciderPreset::name,
                DeciderPreset::description);
        namedPolicies =
                Registry.from("policy", providers, StrategyProvider::policies, Policy::name, Policy::description);
        noSharedName(solvers, gates);
        noSharedName(solvers, slotAssigners);
        noSharedName(gates, slotAssigners);
        noSharedName(presets, namedPolicies);
        enumerated = enumerate();
    }

    /**
     * The strategies on Slotwise's own class path, loaded once.
     *
     * @return the registries
     * @throws IllegalArgumentException if a plugin on the class path cannot be loaded or clashes
     */
    public static Strategies standard() {
        Strategies s = standard;
        if (s == null) {
            synchronized (Strategies.class) {
                s = standard;
                if (s == null) {
                    s = load(Strategies.class.getClassLoader());
                    standard = s;
                }
            }
        }
        return s;
    }

    /**
     * The strategies a class loader sees: Slotwise's own and every {@link StrategyProvider} listed in
     * a {@code META-INF/services/io.github.slotwise.registry.StrategyProvider} file it can read.
     *
     * @param loader the class loader, e.g. a {@link java.net.URLClassLoader} over plugin jars whose
     *     parent sees Slotwise
     * @return the registries
     * @throws IllegalArgumentException if a plugin cannot be loaded, or a name is bad or taken, the
     *     message naming both origins
     */
    public static Strategies load(ClassLoader loader) {
        return new Strategies(Registry.discover(StrategyProvider.class, BuiltInStrategies.class, loader));
    }

    /**
     * The slot assigners.
     *
     * @return the registry
     */
    public Registry<SlotAssigner> slotAssigners() {
        return slotAssigners;
    }

    /**
     * The parallelism solvers.
     *
     * @return the registry
     */
    public Registry<ParallelismSolver> parallelismSolvers() {
        return solvers;
    }

    /**
     * The rescale gates.
     *
     * @return the registry
     */
    public Registry<RescaleGate> rescaleGates() {
        return gates;
    }

    /**
     * The decider presets.
     *
     * @return the registry
     */
    public Registry<DeciderPreset> deciderPresets() {
        return presets;
    }

    /**
     * The policies registered by name as a whole (none built in).
     *
     * @return the registry
     */
    public Registry<Policy> namedPolicies() {
        return namedPolicies;
    }

    /**
     * The enumerated policies (see the class comment), in their fixed order.
     *
     * @return the policies, immutable
     */
    public List<Policy> policies() {
        return enumerated.values().asList();
    }

    /**
     * The names of {@link #policies()}.
     *
     * @return the names, immutable
     */
    public List<String> policyNames() {
        return enumerated.keySet().asList();
    }

    /**
     * The policy called {@code name}: a named policy, or a composition {@code
     * <preset>[+<solver>][+<gate>]...[+<assigner>]} (or {@code <named-policy>+<assigner>}) of
     * registered names.
     *
     * @param name the name
     * @return the policy
     * @throws IllegalArgumentException naming the name, the part that is wrong, and the names known
     *     for that part
     */
    public Policy policy(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(unknownPolicy(name));
        }
        Policy known = enumerated.get(name);
        if (known != null) {
            return known;
        }
        Optional<Entry<Policy>> named = namedPolicies.find(name);
        if (named.isPresent()) {
            return named.get().value();
        }
        return compose(name);
    }

    /** The message for a name that is neither a known policy nor a composition of known parts. */
    private String unknownPolicy(String name) {
        return Registry.unknownMessage(
                "policy",
                name,
                policyNames(),
                name == null || !name.contains("+")
                        ? ""
                        : "; or compose <preset>[+<solver>][+<gate>]...[+<assigner>] of presets "
                                + String.join(", ", presets.names()) + "; solvers "
                                + String.join(", ", solvers.names()) + "; gates " + String.join(", ", gates.names())
                                + "; assigners " + String.join(", ", slotAssigners.names()));
    }

    private List<String> partNames() {
        List<String> names = new ArrayList<>(solvers.names());
        names.addAll(gates.names());
        names.addAll(slotAssigners.names());
        return names;
    }

    /** Parses and builds {@code <preset>[+<solver>][+<gate>]...[+<assigner>]} or {@code <named>+<assigner>}. */
    private Policy compose(String name) {
        String[] parts = name.split("\\+", -1);
        Optional<Entry<Policy>> named = namedPolicies.find(parts[0]);
        if (named.isPresent() && parts.length == 2) {
            return withAssigner(name, named.get().value(), parts[1]);
        }
        Optional<Entry<DeciderPreset>> preset = presets.find(parts[0]);
        if (preset.isEmpty()) {
            throw new IllegalArgumentException(unknownPolicy(name));
        }
        Optional<Entry<SlotAssigner>> assigner = Optional.empty();
        Optional<ParallelismSolver> solver = Optional.empty();
        List<RescaleGate> chosenGates = new ArrayList<>();
        StringBuilder description = new StringBuilder(preset.get().description());
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            Optional<Entry<ParallelismSolver>> s = solvers.find(part);
            Optional<Entry<RescaleGate>> g = gates.find(part);
            Optional<Entry<SlotAssigner>> a = slotAssigners.find(part);
            if (a.isPresent()) {
                if (i != parts.length - 1) {
                    throw new IllegalArgumentException("policy '" + name + "': slot assigner '" + part
                            + "' must be the last part; write <preset>[+<solver>][+<gate>]...[+<assigner>]");
                }
                assigner = a;
                description.append("; ").append(a.get().description());
            } else if (s.isPresent()) {
                if (solver.isPresent()) {
                    throw new IllegalArgumentException("policy '" + name + "': two solvers, '"
                            + solver.get().name() + "' and '" + part + "'; a policy has at most one");
                }
                if (!chosenGates.isEmpty()) {
                    throw new IllegalArgumentException("policy '" + name + "': solver '" + part
                            + "' after a gate; write <preset>[+<solver>][+<gate>]...");
                }
                solver = Optional.of(s.get().value());
                description.append("; ").append(s.get().description());
            } else if (g.isPresent()) {
                if (chosenGates.stream().anyMatch(x -> x.name().equals(part))) {
                    throw new IllegalArgumentException("policy '" + name + "': gate '" + part + "' named twice");
                }
                chosenGates.add(g.get().value());
                description.append("; ").append(g.get().description());
            } else {
                throw new IllegalArgumentException("policy '" + name + "': "
                        + (part.isEmpty()
                                ? "empty part"
                                : Limits.quote(part) + " is neither a parallelism solver, a rescale gate nor a"
                                        + " slot assigner" + Suggestions.closestText(part, partNames()))
                        + "; solvers: " + String.join(", ", solvers.names()) + "; gates: "
                        + String.join(", ", gates.names()) + "; assigners: "
                        + String.join(", ", slotAssigners.names()));
            }
        }
        RescaleDecider decider;
        try {
            decider = preset.get().value().decider(solver, List.copyOf(chosenGates));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy '" + name + "': " + e.getMessage(), e);
        }
        return new Policy(name, description.toString(), decider, assigner.map(Entry::value));
    }

    /** A named policy with a slot assigner after it. */
    private Policy withAssigner(String name, Policy named, String part) {
        Optional<Entry<SlotAssigner>> a = slotAssigners.find(part);
        if (a.isEmpty()) {
            throw new IllegalArgumentException("policy '" + name + "': after the named policy '" + named.name()
                    + "' only a slot assigner may follow, got " + Limits.quote(part)
                    + Suggestions.closestText(part, slotAssigners.names()) + "; assigners: "
                    + String.join(", ", slotAssigners.names()));
        }
        if (named.assigner().isPresent()) {
            throw new IllegalArgumentException("policy '" + name + "': the named policy '" + named.name()
                    + "' already places tasks with '" + named.assigner().get().name() + "'");
        }
        return new Policy(
                name,
                named.description() + "; " + a.get().description(),
                named.decider(),
                Optional.of(a.get().value()));
    }

    private ImmutableMap<String, Policy> enumerate() {
        List<String> names = new ArrayList<>();
        List<Entry<DeciderPreset>> builtInPresets =
                presets.entries().stream().filter(e -> e.origin().builtIn()).toList();
        builtInPresets.forEach(p -> names.add(p.name()));
        for (Entry<DeciderPreset> p : builtInPresets) {
            for (Entry<ParallelismSolver> s : solvers.entries()) {
                if (s.origin().builtIn() && !s.name().equals(FlinkParallelismSolver.NAME)) {
                    names.add(p.name() + "+" + s.name());
                }
            }
            for (Entry<RescaleGate> g : gates.entries()) {
                if (g.origin().builtIn()) {
                    names.add(p.name() + "+" + g.name());
                }
            }
        }
        List<String> plugins = new ArrayList<>();
        presets.entries().stream().filter(e -> !e.origin().builtIn()).forEach(e -> plugins.add(e.name()));
        plugins.addAll(namedPolicies.names());
        plugins.sort(null);
        names.addAll(plugins);
        Map<String, Policy> result = new LinkedHashMap<>();
        for (String n : names) {
            Optional<Entry<Policy>> named = namedPolicies.find(n);
            result.put(n, named.isPresent() ? named.get().value() : compose(n));
        }
        return ImmutableMap.copyOf(result);
    }

    private static void noSharedName(Registry<?> a, Registry<?> b) {
        for (Entry<?> e : b.entries()) {
            a.find(e.name()).ifPresent(clash -> {
                throw new IllegalArgumentException("'" + e.name() + "' names both a " + a.kind() + " (from "
                        + clash.origin() + ") and a " + b.kind() + " (from " + e.origin()
                        + "); policy names would be ambiguous");
            });
        }
    }

    @Override
    public String toString() {
        return "strategies: " + ImmutableList.of(slotAssigners, solvers, gates, presets, namedPolicies);
    }
}
