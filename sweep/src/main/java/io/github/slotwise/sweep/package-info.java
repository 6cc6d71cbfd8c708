/**
 * Policy evaluation at scale: {@link io.github.slotwise.sweep.Sweep#run} simulates families of days
 * ({@link io.github.slotwise.simulation.family.ScenarioFamily}) × policies × slot assigners × samples
 * on every core, and {@link io.github.slotwise.sweep.SweepResult#report} summarizes each metric with
 * its spread and the paired difference against a baseline, with 95 % confidence intervals from Apache
 * Commons Math. The same spec gives the same report whatever the number of threads.
 */
package io.github.slotwise.sweep;
