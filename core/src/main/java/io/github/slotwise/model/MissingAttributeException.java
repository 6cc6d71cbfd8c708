package io.github.slotwise.model;

/**
 * What the model's builders throw when a required attribute is not set (Immutables'
 * {@code throwForInvalidImmutableState}): an {@link IllegalArgumentException} that says, in place of
 * Immutables' {@code "Cannot build JobVertex, some of required attributes are not set [id]"}, {@code
 * "JobVertex: id is required but not set"}.
 */
final class MissingAttributeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MissingAttributeException(String immutablesMessage) {
        super(Checks.missingAttributes(immutablesMessage));
    }
}
