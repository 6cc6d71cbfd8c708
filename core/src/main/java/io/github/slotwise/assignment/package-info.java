/**
 * Which slot each execution slot-sharing group goes to: the {@link
 * io.github.slotwise.assignment.SlotAssigner} strategy interface, its input and output values, and
 * the Flink-compatible implementations.
 */
package io.github.slotwise.assignment;
