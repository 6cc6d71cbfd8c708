package io.github.slotwise.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.KeyGroupGainGate;
import io.github.slotwise.rescale.RescaleCostModel;
import io.github.slotwise.rescale.RescalePolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy registry: names, order, lookups and what each name builds. */
class PoliciesTest {

    @Test
    void namesAreThePresetsThenEachPresetWithEachStrategy() {
        List<String> expected =
                new ArrayList<>(List.of("flink-1.17", "flink-1.18", "flink-1.20", "flink-2", "reactive"));
        for (String preset : List.of("flink-1.17", "flink-1.18", "flink-1.20", "flink-2", "reactive")) {
            for (String strategy : List.of("keygroup-aware", "proportional", "keygroup-skip", "cost-aware")) {
                expected.add(preset + "+" + strategy);
            }
        }
        assertThat(Policies.names()).containsExactlyElementsOf(expected).hasSize(25);
        assertThat(Policies.all()).extracting(Policies.Policy::name).containsExactlyElementsOf(expected);
        for (String name : Policies.names()) {
            assertThat(Policies.byName(name).name()).isEqualTo(name);
            assertThat(Policies.byName(name).description()).isNotBlank();
        }
    }

    @Test
    void flink2IsFlinksDeciderWithFlinksSolver() {
        Policies.Policy p = Policies.byName("flink-2");
        assertThat(p.rescalePolicy()).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(p.solver()).isInstanceOf(FlinkParallelismSolver.class);
        assertThat(p.decider()).isInstanceOf(FlinkRescaleDecider.class);
        assertThat(p.decider().name()).isEqualTo("flink-2");
        FlinkRescaleDecider d = (FlinkRescaleDecider) p.decider();
        assertThat(d.policy()).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(d.solver()).isSameAs(p.solver());
        assertThat(d.gate()).isEmpty();
    }

    @Test
    void presetsMapToRescalePolicies() {
        assertThat(Policies.byName("flink-1.17").rescalePolicy()).isEqualTo(RescalePolicy.FLINK_1_17);
        assertThat(Policies.byName("flink-1.18").rescalePolicy()).isEqualTo(RescalePolicy.FLINK_1_18);
        assertThat(Policies.byName("flink-1.20").rescalePolicy()).isEqualTo(RescalePolicy.FLINK_1_20);
        assertThat(Policies.byName("reactive").rescalePolicy()).isEqualTo(RescalePolicy.REACTIVE);
        assertThat(Policies.byName("reactive").decider().name()).isEqualTo("flink-2-reactive");
        assertThat(Policies.byName("flink-1.20").decider().name()).isEqualTo("flink-1.20");
    }

    @Test
    void strategiesPickTheirSolverOrGate() {
        Policies.Policy aware = Policies.byName("reactive+keygroup-aware");
        assertThat(aware.rescalePolicy()).isEqualTo(RescalePolicy.REACTIVE);
        assertThat(aware.solver()).isInstanceOf(KeyGroupAwareParallelismSolver.class);
        assertThat(aware.decider().name()).isEqualTo("flink-2-reactive+keygroup-aware");

        Policies.Policy proportional = Policies.byName("flink-1.20+proportional");
        assertThat(proportional.solver()).isInstanceOf(ProportionalParallelismSolver.class);
        assertThat(proportional.decider().name()).isEqualTo("flink-1.20+proportional");

        Policies.Policy skip = Policies.byName("flink-2+keygroup-skip");
        assertThat(skip.solver()).isInstanceOf(FlinkParallelismSolver.class);
        assertThat(skip.decider().name()).isEqualTo("flink-2+keygroup-skip");
        assertThat(((FlinkRescaleDecider) skip.decider()).gate()).containsInstanceOf(KeyGroupGainGate.class);

        Policies.Policy cost = Policies.byName("flink-1.18+cost-aware");
        assertThat(cost.decider().name()).isEqualTo("flink-1.18+cost-aware");
        assertThat(((FlinkRescaleDecider) cost.decider()).gate()).contains(RescaleCostModel.DEFAULT);
    }

    @Test
    void anUnknownNameIsRejectedWithTheClosestOnes() {
        assertThatThrownBy(() -> Policies.byName("flink-3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown policy 'flink-3'; closest: flink-2, flink-1.17, flink-1.18 ("
                        + Policies.names().size() + " policies are known)");
        assertThatThrownBy(() -> Policies.byName("flink-2+keygroupaware"))
                .hasMessageStartingWith("unknown policy 'flink-2+keygroupaware'; closest: flink-2+keygroup-aware,");
        assertThatThrownBy(() -> Policies.byName(null)).hasMessageStartingWith("unknown policy null (");
    }

    @Test
    void theListsAreImmutable() {
        assertThatThrownBy(() -> Policies.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Policies.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
