package io.github.slotwise.flink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The seed and the tally of a seeded differential test against Flink: counts what its random cases
 * covered, names the seed in failure messages, and prints the counts with the seed and the time taken
 * once the test class is done, as {@code <TestClass>: seed=<seed>, compared with <oracle> in <s> s:
 * {<counts>}}.
 *
 * <p>A test class registers one as a static field with {@code @RegisterExtension}. Shared test support
 * (flink-test-support): flink-adapter and flink-adapter-1.20 each compile it against their own Flink
 * version.
 */
public final class DifferentialTally implements BeforeAllCallback, AfterAllCallback {
    private final long seed;
    private final String oracle;
    private final Map<String, Long> counts;
    private long startNanos;
    private long cases;
    private long agreements;
    private long listed;

    private DifferentialTally(long seed, String oracle, Map<String, Long> counts) {
        this.seed = seed;
        this.oracle = oracle;
        this.counts = counts;
    }

    /** A tally that reports its counts in key order; {@code oracle} names what the test compares with. */
    public static DifferentialTally sorted(long seed, String oracle) {
        return new DifferentialTally(seed, oracle, new TreeMap<>());
    }

    /** A tally that reports its counts in the order they first occurred. */
    public static DifferentialTally inOrder(long seed, String oracle) {
        return new DifferentialTally(seed, oracle, new LinkedHashMap<>());
    }

    /** Counts one more {@code what}. */
    public void count(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    /**
     * Counts one more {@code what} as a case where Slotwise and Flink were compared and agreed (a
     * disagreement fails the test instead). These cases make the "cases" and "agreements" columns of
     * the version matrix's table ({@link DifferentialResults}).
     */
    public void agreed(String what) {
        count(what);
        cases++;
        agreements++;
    }

    /**
     * Counts one more {@code what} as a case of a listed, explained difference between Slotwise and
     * the Flink version under test: counted in the table's "cases" and "listed" columns, not compared.
     */
    public void listed(String what) {
        count(what);
        cases++;
        listed++;
    }

    /** The start of a failure message: the seed, the case, and how to rerun it. */
    public String seed(int caseIndex) {
        return "seed=" + seed + " case " + caseIndex + " (rerun with -Dslotwise.seed=" + seed + "): ";
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startNanos = System.nanoTime();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.out.printf(
                "%s: seed=%d, compared with %s in %.1f s: %s%n",
                context.getRequiredTestClass().getSimpleName(),
                seed,
                oracle,
                (System.nanoTime() - startNanos) / 1e9,
                counts);
        if (cases > 0) {
            DifferentialResults.record(
                    context.getRequiredTestClass().getSimpleName(), cases, agreements, listed, notes());
        }
    }

    /** The counts that are neither agreements nor listed differences, for the table's notes. */
    private String notes() {
        StringBuilder b = new StringBuilder();
        counts.forEach((what, n) -> {
            if (b.length() < 400) {
                b.append(b.length() == 0 ? "" : "; ").append(what).append(' ').append(n);
            }
        });
        return b.toString();
    }
}
