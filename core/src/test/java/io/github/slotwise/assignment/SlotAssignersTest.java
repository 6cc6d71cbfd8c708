package io.github.slotwise.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotAssignersTest {
    @Test
    void listsTheNamesInAFixedOrder() {
        assertThat(SlotAssigners.names())
                .containsExactly(
                        "flink-default",
                        "flink-minimal-taskmanagers",
                        "flink-slots",
                        "flink-tasks",
                        "flink-state-locality",
                        "optimal-state-locality");
        assertThat(SlotAssigners.all()).extracting(SlotAssigner::name).isEqualTo(SlotAssigners.names());
    }

    @Test
    void findsEachAssignerByName() {
        assertThat(SlotAssigners.byName("flink-default")).isInstanceOf(FlinkDefaultSlotAssigner.class);
        assertThat(SlotAssigners.byName("flink-minimal-taskmanagers"))
                .isInstanceOfSatisfying(FlinkDefaultSlotAssigner.class, a -> assertThat(a.preferMinimalTaskManagers())
                        .isTrue());
        assertThat(SlotAssigners.byName("flink-slots")).isInstanceOf(FlinkSlotsBalancedSlotAssigner.class);
        assertThat(SlotAssigners.byName("flink-tasks")).isInstanceOf(FlinkTasksBalancedSlotAssigner.class);
        assertThat(SlotAssigners.byName("flink-state-locality")).isInstanceOf(FlinkStateLocalitySlotAssigner.class);
        assertThat(SlotAssigners.byName("optimal-state-locality")).isInstanceOf(OptimalStateLocalitySlotAssigner.class);
    }

    @Test
    void rejectsAnUnknownNameListingTheKnownOnes() {
        assertThatThrownBy(() -> SlotAssigners.byName("flink-random"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'flink-random'")
                .hasMessageContaining(
                        "flink-default, flink-minimal-taskmanagers, flink-slots, flink-tasks, flink-state-locality,"
                                + " optimal-state-locality");
        assertThatThrownBy(() -> SlotAssigners.byName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
