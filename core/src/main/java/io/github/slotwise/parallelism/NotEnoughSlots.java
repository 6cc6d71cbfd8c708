package io.github.slotwise.parallelism;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Not even the lower bounds fit: {@code requiredSlots} slots are needed, {@code availableSlots} are
 * there.
 *
 * @param requiredSlots slots needed to run every vertex at (at least) its lower bound
 * @param availableSlots slots offered
 * @param explanation why, one line each
 */
public record NotEnoughSlots(int requiredSlots, int availableSlots, List<String> explanation)
        implements ParallelismResult {
    /** Copies the explanation. */
    public NotEnoughSlots {
        explanation = ImmutableList.copyOf(explanation);
    }

    /** How many slots are missing (always positive). */
    public int missingSlots() {
        return requiredSlots - availableSlots;
    }
}
