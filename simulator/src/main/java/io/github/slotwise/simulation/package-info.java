/**
 * Simulation of a job on a changing cluster: a {@link io.github.slotwise.simulation.ClusterTrace} of
 * TaskManagers joining and leaving (and checkpoints and requirement changes) goes through a {@link
 * io.github.slotwise.rescale.RescaleDecider}, and the {@link io.github.slotwise.simulation.Simulator}
 * reports the resulting timeline and a {@link io.github.slotwise.simulation.Summary} of rescales,
 * downtime and slot usage. Time is data: the simulator reads no clock and starts no thread.
 *
 * <p>A {@link io.github.slotwise.simulation.LoadScenario} makes the trace in the loop instead: an
 * {@link io.github.slotwise.simulation.InputRate} meets the capacity of the deployed parallelism
 * ({@link io.github.slotwise.simulation.CapacityModel}), a backlog builds up and drains, and an
 * {@link io.github.slotwise.simulation.Autoscaler} adds and removes TaskManagers from what it sees;
 * the result adds {@link io.github.slotwise.simulation.LoadFigures}: peak lag, lag-seconds and
 * TaskManager-hours. {@link io.github.slotwise.simulation.Scenarios} names a few built-in ones.
 */
@Value.Style(
        throwForInvalidImmutableState = IllegalArgumentException.class,
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        defaults = @Value.Immutable(copy = true))
package io.github.slotwise.simulation;

import org.immutables.value.Value;
