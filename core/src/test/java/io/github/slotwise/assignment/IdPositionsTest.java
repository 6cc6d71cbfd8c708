package io.github.slotwise.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdPositionsTest {
    @Test
    void agreesWithAMapOnRandomIdsIncludingEqualHashes() {
        Random random = new Random(5);
        for (int c = 0; c < 200; c++) {
            int n = random.nextInt(300);
            IdPositions table = new IdPositions(n);
            Map<String, Integer> reference = new HashMap<>();
            for (int k = 0; k < n; k++) {
                // "Aa" and "BB" share a hash code, so pieces of them collide in whole.
                String id = random.nextBoolean()
                        ? "tm-" + random.nextInt(50) + "/" + random.nextInt(8)
                        : (random.nextBoolean() ? "Aa" : "BB")
                                + (random.nextBoolean() ? "Aa" : "BB")
                                + random.nextInt(3);
                int position = random.nextInt(1 << 30);
                Integer before = reference.putIfAbsent(id, position);
                // a fresh String instance, so the lookup cannot end on identity
                assertThat(table.putIfAbsent(new String(id), position)).isEqualTo(before == null ? -1 : before);
            }
            assertThat(table.size()).isEqualTo(reference.size());
            for (Map.Entry<String, Integer> e : reference.entrySet()) {
                assertThat(table.get(new String(e.getKey()))).isEqualTo(e.getValue());
            }
            assertThat(table.get("tm-absent")).isEqualTo(-1);
            assertThat(table.get("AaAa9")).isEqualTo(-1);
        }
    }

    @Test
    void keepsPositionZeroAndTheLargestPosition() {
        IdPositions table = new IdPositions(2);
        table.putIfAbsent("a", 0);
        table.putIfAbsent("b", Integer.MAX_VALUE - 1);
        assertThat(table.get("a")).isZero();
        assertThat(table.get("b")).isEqualTo(Integer.MAX_VALUE - 1);
    }

    @Test
    void refusesMoreIdsThanItWasSizedFor() {
        IdPositions table = new IdPositions(2);
        table.putIfAbsent("id0", 0);
        table.putIfAbsent("id1", 1);
        assertThat(table.putIfAbsent("id1", 7)).isEqualTo(1); // already there: no room needed
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.putIfAbsent("id2", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sized for fewer ids");
    }
}
