package io.github.slotwise.cli;

import io.github.slotwise.registry.Policies;
import io.github.slotwise.registry.Policies.Policy;
import io.github.slotwise.simulation.format.InputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Policy names from the command line, and the decider a run uses. */
final class PolicyChoice {
    /** The policy {@code simulate} uses without {@code --policy}. */
    static final String DEFAULT = "flink-2";

    private PolicyChoice() {}

    /**
     * The registry policy called {@code name}.
     *
     * @param option the option that named it, for the message
     * @throws InputException naming the option and the unknown name, and listing the known ones
     */
    static Policy byName(String name, String option) {
        try {
            return Policies.byName(name);
        } catch (IllegalArgumentException e) {
            throw new InputException(option + ": " + e.getMessage() + "; 'slotwise simulate --list' lists them");
        }
    }

    /**
     * A comma-separated list of policy names, in the order given, without repeats.
     *
     * @throws InputException for an empty list or name, or an unknown name
     */
    static List<Policy> list(String names, String option) {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names.split(",", -1)) {
            String n = name.strip();
            if (n.isEmpty()) {
                throw new InputException(option + ": empty policy name in '" + names
                        + "' ('slotwise simulate --list' lists the policies)");
            }
            seen.add(n);
        }
        List<Policy> policies = new ArrayList<>();
        for (String n : seen) {
            policies.add(byName(n, option));
        }
        return policies;
    }

    /** The registry names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Policies.names().iterator();
        }
    }
}
