package io.github.slotwise.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.assignment.LocalityScore.Scoring;
import org.junit.jupiter.api.Test;

/** The two Flink scorings of a state-locality pair, and which line uses which. */
class LocalityScoringTest {
    @Test
    void keyGroupScoringCountsSharedKeyGroupsWhateverTheState() {
        // 3 shared key groups of an old range of 4 holding 4000 bytes.
        assertThat(Scoring.KEY_GROUPS.score(3, 4000, 4)).isEqualTo(3);
        assertThat(Scoring.STATE_BYTES.score(3, 4000, 4)).isEqualTo(3000);
        // No state: 2.x gives 1 for any overlap, 1.18 to 1.20 the count.
        assertThat(Scoring.KEY_GROUPS.score(3, 0, 4)).isEqualTo(3);
        assertThat(Scoring.STATE_BYTES.score(3, 0, 4)).isEqualTo(1);
        assertThat(Scoring.KEY_GROUPS.score(0, 4000, 4)).isZero();
        assertThat(Scoring.STATE_BYTES.score(0, 4000, 4)).isZero();
    }

    @Test
    void eachLineHasItsScoring() {
        assertThat(Scoring.forFlinkVersion("1.18.1")).isEqualTo(Scoring.KEY_GROUPS);
        assertThat(Scoring.forFlinkVersion("1.19")).isEqualTo(Scoring.KEY_GROUPS);
        assertThat(Scoring.forFlinkVersion("1.20.5")).isEqualTo(Scoring.KEY_GROUPS);
        assertThat(Scoring.forFlinkVersion("2.0.2")).isEqualTo(Scoring.STATE_BYTES);
        assertThat(Scoring.forFlinkVersion("2.3")).isEqualTo(Scoring.STATE_BYTES);
        for (String bad : new String[] {"1.17", "2.4", "x"}) {
            assertThatThrownBy(() -> Scoring.forFlinkVersion(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("flinkVersion")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> new FlinkStateLocalitySlotAssigner(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scoring");
        assertThat(new FlinkStateLocalitySlotAssigner(Scoring.KEY_GROUPS).scoring())
                .isEqualTo(Scoring.KEY_GROUPS);
        assertThat(new FlinkStateLocalitySlotAssigner().scoring()).isEqualTo(Scoring.STATE_BYTES);
    }

    @Test
    void groupingIsChecked() {
        assertThatThrownBy(() -> new FlinkStateLocalitySlotAssigner(Scoring.STATE_BYTES, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grouping");
        FlinkStateLocalitySlotAssigner tasks = new FlinkStateLocalitySlotAssigner(
                Scoring.STATE_BYTES, FlinkStateLocalitySlotAssigner.Grouping.TASK_BALANCED);
        assertThat(tasks.grouping()).isEqualTo(FlinkStateLocalitySlotAssigner.Grouping.TASK_BALANCED);
        assertThat(tasks.toString()).contains("TASK_BALANCED");
        assertThat(new FlinkStateLocalitySlotAssigner().grouping())
                .isEqualTo(FlinkStateLocalitySlotAssigner.Grouping.DEFAULT);
    }

    @Test
    void stateBytesScoringTestsTheProductAsFlinkDoesWrapAroundIncluded() {
        // Flink tests stateSize * |oldRange| == 0 in long arithmetic: 2^60 bytes over 16 key groups
        // wraps to 0, so the pair scores 1 for any overlap, not 3 * 2^56.
        assertThat(LocalityScore.of(3, 1L << 60, 16)).isEqualTo(1);
        assertThat(LocalityScore.of(0, 1L << 60, 16)).isZero();
        // one key group less and the product does not wrap: bytes per key group count
        assertThat(LocalityScore.of(3, 1L << 60, 15)).isEqualTo(3 * ((1L << 60) / 15));
    }
}
