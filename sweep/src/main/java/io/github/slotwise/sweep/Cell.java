package io.github.slotwise.sweep;

import io.github.slotwise.model.Limits;

/**
 * One combination a sweep simulates on every sample: a family, a policy and a slot assigner, by name.
 *
 * @param family the family's name
 * @param policy the policy's registry name
 * @param assigner the slot assigner's registry name
 */
public record Cell(String family, String policy, String assigner) {
    /**
     * Checks the names are present.
     *
     * @param family the family
     * @param policy the policy
     * @param assigner the assigner
     */
    public Cell {
        Limits.checkNotNull("Cell.family", family);
        Limits.checkNotNull("Cell.policy", policy);
        Limits.checkNotNull("Cell.assigner", assigner);
    }
}
