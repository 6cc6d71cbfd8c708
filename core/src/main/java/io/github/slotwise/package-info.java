/** Slotwise: pure, deterministic scheduling algorithms for elastic stream processing. */
package io.github.slotwise;
