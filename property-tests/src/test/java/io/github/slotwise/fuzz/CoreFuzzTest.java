package io.github.slotwise.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.testkit.fuzz.CoreEntryPoints;
import io.github.slotwise.testkit.fuzz.FuzzTable;
import io.github.slotwise.testkit.fuzz.Fuzzer;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every public entry point of core: a small seeded run in {@code mvn verify}, at least a
 * million inputs with {@code -Pfuzz} ({@code -Dslotwise.fuzz.inputs}, {@code -Dslotwise.fuzz.seed}).
 */
class CoreFuzzTest {
    static long inputs() {
        return Long.getLong("slotwise.fuzz.inputs", 20_000);
    }

    static long seed() {
        return Long.getLong("slotwise.fuzz.seed", 15);
    }

    @Test
    void everyInputIsAcceptedAndValidOrRejectedNamingAField() {
        long start = System.nanoTime();
        FuzzTable table = Fuzzer.run(CoreEntryPoints.all(), inputs(), seed(), IllegalArgumentException.class, 10_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print(table.render(String.format(
                java.util.Locale.ROOT, "core fuzz: seed %d, %d inputs, %.1f s", seed(), table.tried(), seconds)));
        assertThat(table.failureExamples()).isEmpty();
        assertThat(table.failures()).isZero();
        assertThat(table.tried())
                .isGreaterThanOrEqualTo(inputs() - CoreEntryPoints.all().size());
    }
}
