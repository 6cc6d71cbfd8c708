/**
 * The job and slot model: immutable, validated value types that every algorithm in Slotwise reads.
 *
 * <p>Every collection keeps the caller's order, and no result depends on hash iteration order. A
 * value that fails validation throws {@link IllegalArgumentException} naming the field and the bad
 * value; nothing half-built escapes.
 */
@Value.Style(
        throwForInvalidImmutableState = IllegalArgumentException.class,
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        defaults = @Value.Immutable(copy = true))
package io.github.slotwise.model;

import org.immutables.value.Value;
