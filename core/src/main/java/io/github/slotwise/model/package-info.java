/**
 * The job and slot model: immutable, validated value types that every algorithm in Slotwise reads.
 *
 * <p>Every collection keeps the caller's order, and no result depends on hash iteration order. A
 * value that fails validation throws {@link IllegalArgumentException} naming the field and the bad
 * value; nothing half-built escapes. A null attribute, or a required one not set, is an {@link
 * IllegalArgumentException} naming the type and attribute too. The largest accepted inputs are in
 * {@link Limits}.
 */
@Value.Style(
        throwForInvalidImmutableState = MissingAttributeException.class,
        throwForNullPointer = NullAttributeException.class,
        jdkOnly = true,
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        defaults = @Value.Immutable(copy = true))
package io.github.slotwise.model;

import org.immutables.value.Value;
