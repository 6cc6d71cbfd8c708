package org.apache.flink.runtime.scheduler.adaptive.allocator;

import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of previous placements with explicit key-group ranges ({@link
 * SubtaskPlacement#keyGroupRange()}): the cases of {@link StateLocalityMatrixTest}, but every
 * previous allocation carries a random range, as Flink's {@code JobAllocationsInformation} may: the
 * ranges of a smaller maxParallelism, an uneven split of the key groups, one wide range beside
 * siblings that hold one key group each, independent random ranges that overlap and leave gaps, or
 * the derived ranges given explicitly; a few state sizes of 2^60 bytes over a multiple of 16 key
 * groups, where Flink's {@code stateSize * |range|} wraps to 0. Slotwise gets the same ranges as
 * explicit ranges; the comparison is {@link StateLocalityMatrixTest}'s (whole mappings where the
 * line's group ids can be pinned, else what its random group ids cannot decide).
 *
 * <p>Shared test support (flink-test-support/src/lines/locality): runs on 2.3 and 1.20 in the
 * default build and on every line from 1.18 in the version matrix. Seeded by {@code slotwise.seed}
 * (default {@value #DEFAULT_SEED}).
 */
class ExplicitKeyGroupRangesDifferentialTest {
    static final long DEFAULT_SEED = 20261207L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int CASES = 4_000;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.inOrder(SEED, DifferentialResults.oracle());

    @Test
    void explicitPreviousRangesAreScoredAsTheLineScoresThem() throws ReflectiveOperationException {
        StateLocalityMatrixTest.run(TALLY, new SplittableRandom(SEED), CASES, true);
    }
}
