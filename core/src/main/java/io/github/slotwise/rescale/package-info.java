/**
 * When a running job should rescale: the {@link io.github.slotwise.rescale.RescaleDecider}, a pure
 * state machine that takes its state, one {@link io.github.slotwise.rescale.RescaleEvent} and the
 * time, and returns the next state and the {@link io.github.slotwise.rescale.Decision}s taken. No
 * clock, no timers, no threads: where Flink schedules a callback, the decider asks to be woken up.
 */
@Value.Style(
        throwForInvalidImmutableState = IllegalArgumentException.class,
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        defaults = @Value.Immutable(copy = true))
package io.github.slotwise.rescale;

import org.immutables.value.Value;
