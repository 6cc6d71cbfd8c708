/**
 * A property-testing kit for Slotwise and for users' own scheduling policies: QuickTheories
 * generators of valid inputs ({@link io.github.slotwise.testkit.SlotwiseGenerators}) and checkers
 * that report broken invariants as values ({@link io.github.slotwise.testkit.Invariants}).
 *
 * <p>A typical property:
 *
 * <pre>{@code
 * qt().withExamples(500)
 *         .forAll(SlotwiseGenerators.jobGraphs(), SlotwiseGenerators.slotCounts(40))
 *         .checkAssert((graph, slots) -> Invariants.requireNone(
 *                 Invariants.checkPlan(graph, slots, mySolver.solve(graph, slots))));
 * }</pre>
 *
 * <p>When a property fails, QuickTheories shrinks the counterexample and prints it with its seed; it
 * reads the {@code QT_SEED} system property to replay that run (and {@code QT_EXAMPLES} for a default
 * example count).
 */
package io.github.slotwise.testkit;
