/**
 * Simulation of a job on a changing cluster: a {@link io.github.slotwise.simulation.ClusterTrace} of
 * TaskManagers joining and leaving (and checkpoints and requirement changes) goes through a {@link
 * io.github.slotwise.rescale.RescaleDecider}, and the {@link io.github.slotwise.simulation.Simulator}
 * reports the resulting timeline and a {@link io.github.slotwise.simulation.Summary} of rescales,
 * downtime and slot usage. Time is data: the simulator reads no clock and starts no thread.
 */
package io.github.slotwise.simulation;
