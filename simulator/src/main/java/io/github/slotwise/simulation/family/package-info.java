/**
 * Families of days: a base {@link io.github.slotwise.simulation.LoadScenario}, a {@link
 * io.github.slotwise.simulation.family.Variation} of its parameters and a seed, whose sample {@code
 * k} is a pure function of the seed and {@code k} ({@link
 * io.github.slotwise.simulation.family.ScenarioFamily#sample}); built-in families in {@link
 * io.github.slotwise.simulation.family.Families}.
 */
package io.github.slotwise.simulation.family;
