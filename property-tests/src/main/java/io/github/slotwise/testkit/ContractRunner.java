package io.github.slotwise.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs a contract's checks over generated examples with a fixed seed and returns the violations of
 * the first example that breaks it: the engine of the {@code *Contract} classes, usable on its own.
 */
final class ContractRunner {
    /** A strategy threw where it must not. */
    static final String NO_EXCEPTION = "contract.no-exception";

    /** The name is a registry name. */
    static final String NAME = "contract.name";

    private static final Pattern NAME_SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private ContractRunner() {}

    /**
     * The violations of the first generated example that has any, each message followed by the
     * example; empty if none of {@code examples} examples has one.
     */
    static <T> List<Violation> firstFailure(
            Gen<T> gen, int examples, long seed, Function<T, List<Violation>> check, Function<T, String> describe) {
        List<Violation> first = new ArrayList<>();
        try {
            QuickTheory.qt()
                    .withFixedSeed(seed)
                    .withExamples(examples)
                    .withShrinkCycles(0)
                    .forAll(gen)
                    .checkAssert(example -> {
                        List<Violation> found;
                        try {
                            found = check.apply(example);
                        } catch (RuntimeException e) {
                            found = List.of(new Violation(NO_EXCEPTION, "threw " + e));
                        }
                        if (!found.isEmpty()) {
                            if (first.isEmpty()) {
                                String where = describe.apply(example);
                                found.forEach(
                                        v -> first.add(new Violation(v.invariant(), v.message() + "; for " + where)));
                            }
                            throw new AssertionError(found.toString());
                        }
                    });
        } catch (AssertionError e) {
            if (first.isEmpty()) {
                throw e;
            }
        }
        return List.copyOf(first);
    }

    /** A violation if {@code name} is not a registry name. */
    static List<Violation> checkName(String kind, String name) {
        return name != null && NAME_SYNTAX.matcher(name).matches()
                ? List.of()
                : List.of(new Violation(NAME, kind + " name " + name + " must match [A-Za-z0-9][A-Za-z0-9_.-]*"));
    }

    /** Fails a JUnit test with the violations, one per line. */
    static void assertNone(List<Violation> violations) {
        if (!violations.isEmpty()) {
            StringBuilder b = new StringBuilder(violations.size() + " contract violation(s):");
            violations.forEach(v -> b.append("\n  ").append(v));
            org.junit.jupiter.api.Assertions.fail(b.toString());
        }
    }
}
