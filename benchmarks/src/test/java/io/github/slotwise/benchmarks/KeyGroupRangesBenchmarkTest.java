package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both benchmarked implementations do the same work: their checksums agree. */
class KeyGroupRangesBenchmarkTest {

    @Test
    void implementationsComputeTheSameChecksum() {
        for (int parallelism : new int[] {1, 3, 128, 1024, 8192, 32767, 32768}) {
            assertThat(KeyGroupRangesBenchmark.slotwise(KeyGroupRangesBenchmark.MAX_PARALLELISM, parallelism))
                    .as("parallelism %d", parallelism)
                    .isEqualTo(KeyGroupRangesBenchmark.flink(KeyGroupRangesBenchmark.MAX_PARALLELISM, parallelism));
        }
    }
}
