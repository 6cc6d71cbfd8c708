package io.github.slotwise.cli;

import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.registry.Registry;
import io.github.slotwise.registry.Strategies;
import io.github.slotwise.simulation.format.InputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Policy and assigner names from the command line, resolved in the registries a command loaded. */
final class PolicyChoice {
    /** The policy {@code simulate} uses without {@code --policy}. */
    static final String DEFAULT = "flink-2";

    private PolicyChoice() {}

    /**
     * The registry policy called {@code name}.
     *
     * @param strategies the registries, the plugins' included
     * @param option the option that named it, for the message
     * @throws InputException naming the option and the unknown name, and listing the known ones
     */
    static Policy byName(Strategies strategies, String name, String option) {
        try {
            return strategies.policy(name);
        } catch (IllegalArgumentException e) {
            throw new InputException(option + ": " + e.getMessage() + "; 'slotwise simulate --list' lists them");
        }
    }

    /**
     * A comma-separated list of policy names, in the order given, without repeats.
     *
     * @throws InputException for an empty list or name, or an unknown name
     */
    static List<Policy> list(Strategies strategies, String names, String option) {
        List<Policy> policies = new ArrayList<>();
        for (String n : names(names, option, "policy", "('slotwise simulate --list' lists the policies)")) {
            policies.add(byName(strategies, n, option));
        }
        return policies;
    }

    /**
     * The slot assigner called {@code name}.
     *
     * @param where the option or field that named it, for the message
     * @throws InputException naming where, the unknown name and the closest known ones
     */
    static SlotAssigner assigner(Registry<SlotAssigner> assigners, String name, String where) {
        try {
            return assigners.byName(name);
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ": " + e.getMessage());
        }
    }

    /**
     * A comma-separated list of assigner names, in the order given, without repeats.
     *
     * @throws InputException for an empty list or name, or an unknown name
     */
    static List<SlotAssigner> assigners(Registry<SlotAssigner> assigners, String names, String option) {
        List<SlotAssigner> result = new ArrayList<>();
        for (String n : names(names, option, "assigner", "; known: " + String.join(", ", assigners.names()))) {
            result.add(assigner(assigners, n, option));
        }
        return result;
    }

    /** The names of a comma-separated list, stripped, in order, without repeats; none may be empty. */
    private static Set<String> names(String names, String option, String kind, String known) {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names.split(",", -1)) {
            String n = name.strip();
            if (n.isEmpty()) {
                throw new InputException(option + ": empty " + kind + " name in '" + names + "'"
                        + (known.startsWith(";") ? "" : " ") + known);
            }
            seen.add(n);
        }
        return seen;
    }

    /** The built-in policy names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Policies.names().iterator();
        }
    }

    /** The built-in assigner names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class AssignerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Strategies.standard().slotAssigners().names().iterator();
        }
    }
}
