package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both benchmarked implementations route every key to the same subtask: their checksums agree. */
class KeyToSubtaskBenchmarkTest {

    @Test
    void implementationsComputeTheSameChecksum() {
        for (int parallelism : new int[] {1, 3, 128, 1024, 8192, 32767, 32768}) {
            KeyToSubtaskBenchmark flink = benchmark(KeyToSubtaskBenchmark.Implementation.FLINK, parallelism);
            KeyToSubtaskBenchmark slotwise = benchmark(KeyToSubtaskBenchmark.Implementation.SLOTWISE, parallelism);
            assertThat(slotwise.route()).as("parallelism %d", parallelism).isEqualTo(flink.route());
        }
    }

    @Test
    void everyKeyGoesToTheSameSubtask() {
        String[] keys = KeyToSubtaskBenchmark.keys();
        for (int parallelism : new int[] {128, 32768}) {
            for (String key : keys) {
                assertThat(KeyToSubtaskBenchmark.slotwise(new String[] {key}, parallelism))
                        .isEqualTo(KeyToSubtaskBenchmark.flink(new String[] {key}, parallelism));
            }
        }
    }

    private static KeyToSubtaskBenchmark benchmark(KeyToSubtaskBenchmark.Implementation implementation, int p) {
        KeyToSubtaskBenchmark b = new KeyToSubtaskBenchmark();
        b.implementation = implementation;
        b.parallelism = p;
        b.setUp();
        return b;
    }
}
