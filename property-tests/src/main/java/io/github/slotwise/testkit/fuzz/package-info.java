/**
 * A fuzzing harness for Slotwise's public API: generators of hostile and valid inputs ({@link
 * io.github.slotwise.testkit.fuzz.Hostile}), entry points that feed them to the library ({@link
 * io.github.slotwise.testkit.fuzz.CoreEntryPoints}), a classifier ({@link
 * io.github.slotwise.testkit.fuzz.Classifier}: accepted and valid under the kit's invariants, a
 * documented rejection naming a field, or a failure) and a seeded runner that prints the table
 * ({@link io.github.slotwise.testkit.fuzz.Fuzzer}).
 */
package io.github.slotwise.testkit.fuzz;
