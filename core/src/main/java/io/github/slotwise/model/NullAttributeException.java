package io.github.slotwise.model;

/**
 * What the model's builders throw for a null attribute (Immutables' {@code throwForNullPointer}):
 * an {@link IllegalArgumentException} whose message names the type and the attribute, e.g. {@code
 * "JobVertex.slotSharingGroup must not be null"}.
 */
final class NullAttributeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NullAttributeException(String attribute) {
        super(Checks.builtType() + "." + attribute + " must not be null");
    }
}
