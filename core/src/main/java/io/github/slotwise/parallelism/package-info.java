/**
 * How many subtasks each vertex gets for a number of available slots: the {@link
 * io.github.slotwise.parallelism.ParallelismSolver} interface, its Flink-compatible implementation,
 * and the requirements (Reactive Mode, per-vertex bounds) that feed it.
 */
package io.github.slotwise.parallelism;
