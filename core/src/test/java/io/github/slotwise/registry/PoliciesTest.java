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
        assertThat(p.decider()).isInstanceOf(FlinkRescaleDecider.class);
        assertThat(p.decider().name()).isEqualTo("flink-2");
        FlinkRescaleDecider d = (FlinkRescaleDecider) p.decider();
        assertThat(d.policy()).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(d.solver()).isInstanceOf(FlinkParallelismSolver.class);
        assertThat(d.gate()).isEmpty();
    }

    @Test
    void presetsMapToRescalePolicies() {
        assertThat(flink("flink-1.17").policy()).isEqualTo(RescalePolicy.FLINK_1_17);
        assertThat(flink("flink-1.18").policy()).isEqualTo(RescalePolicy.FLINK_1_18);
        assertThat(flink("flink-1.20").policy()).isEqualTo(RescalePolicy.FLINK_1_20);
        assertThat(flink("reactive").policy()).isEqualTo(RescalePolicy.REACTIVE);
        assertThat(Policies.byName("reactive").decider().name()).isEqualTo("flink-2-reactive");
        assertThat(Policies.byName("flink-1.20").decider().name()).isEqualTo("flink-1.20");
    }

    @Test
    void strategiesPickTheirSolverOrGate() {
        Policies.Policy aware = Policies.byName("reactive+keygroup-aware");
        assertThat(flink("reactive+keygroup-aware").policy()).isEqualTo(RescalePolicy.REACTIVE);
        assertThat(flink("reactive+keygroup-aware").solver()).isInstanceOf(KeyGroupAwareParallelismSolver.class);
        assertThat(aware.decider().name()).isEqualTo("flink-2-reactive+keygroup-aware");

        Policies.Policy proportional = Policies.byName("flink-1.20+proportional");
        assertThat(flink("flink-1.20+proportional").solver()).isInstanceOf(ProportionalParallelismSolver.class);
        assertThat(proportional.decider().name()).isEqualTo("flink-1.20+proportional");

        Policies.Policy skip = Policies.byName("flink-2+keygroup-skip");
        assertThat(flink("flink-2+keygroup-skip").solver()).isInstanceOf(FlinkParallelismSolver.class);
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
        assertThatThrownBy(() -> Policies.byName("flink-3+keygroup-aware"))
                .hasMessage("unknown policy 'flink-3+keygroup-aware'; closest: flink-2+keygroup-aware,"
                        + " flink-1.17+keygroup-aware, flink-1.18+keygroup-aware ("
                        + Policies.names().size()
                        + " policies are known); or compose <preset>[+<solver>][+<gate>]...[+<assigner>] of presets"
                        + " flink-1.17, flink-1.18, flink-1.20, flink-2, reactive; solvers flink, keygroup-aware,"
                        + " proportional; gates keygroup-skip, cost-aware; assigners flink-default,"
                        + " flink-minimal-taskmanagers, flink-slots, flink-tasks, flink-state-locality,"
                        + " optimal-state-locality");
        assertThatThrownBy(() -> Policies.byName("flink-2+keygroupaware"))
                .hasMessageStartingWith("policy 'flink-2+keygroupaware': 'keygroupaware' is neither a parallelism"
                        + " solver, a rescale gate nor a slot assigner; closest: keygroup-aware,");
        assertThatThrownBy(() -> Policies.byName(null)).hasMessageStartingWith("unknown policy null (");
    }

    @Test
    void compositionsOfRegisteredNamesBuildTheirDecider() {
        Policies.Policy p = Policies.byName("flink-2+proportional+keygroup-skip+cost-aware");
        FlinkRescaleDecider d = (FlinkRescaleDecider) p.decider();
        assertThat(d.name()).isEqualTo("flink-2+proportional+keygroup-skip+cost-aware");
        assertThat(d.solver()).isInstanceOf(ProportionalParallelismSolver.class);
        assertThat(d.gate().orElseThrow().name()).isEqualTo("keygroup-skip+cost-aware");
        assertThat(p.description())
                .isEqualTo("Flink 2.x: 30 s cooldown, 60 s executing stabilization, rescale on checkpoints; every"
                        + " vertex scaled by one factor of its configured parallelism; skips rescales that lower no"
                        + " keyed vertex's hottest subtask; skips rescales whose restart and state-transfer cost"
                        + " exceed their gain");
        assertThat(Policies.byName("reactive+flink").decider().name()).isEqualTo("flink-2-reactive");
    }

    @Test
    void badCompositionsNameWhatIsWrong() {
        assertThatThrownBy(() -> Policies.byName("flink-2+keygroup-skip+proportional"))
                .hasMessage("policy 'flink-2+keygroup-skip+proportional': solver 'proportional' after a gate;"
                        + " write <preset>[+<solver>][+<gate>]...");
        assertThatThrownBy(() -> Policies.byName("flink-2+proportional+keygroup-aware"))
                .hasMessage("policy 'flink-2+proportional+keygroup-aware': two solvers, 'proportional' and"
                        + " 'keygroup-aware'; a policy has at most one");
        assertThatThrownBy(() -> Policies.byName("flink-2+cost-aware+cost-aware"))
                .hasMessage("policy 'flink-2+cost-aware+cost-aware': gate 'cost-aware' named twice");
        assertThatThrownBy(() -> Policies.byName("flink-2+fast"))
                .hasMessageStartingWith("policy 'flink-2+fast': 'fast' is neither a parallelism solver, a rescale"
                        + " gate nor a slot assigner; closest: ")
                .hasMessageEndingWith(
                        "; solvers: flink, keygroup-aware, proportional; gates: keygroup-skip, cost-aware; assigners:"
                                + " flink-default, flink-minimal-taskmanagers, flink-slots, flink-tasks,"
                                + " flink-state-locality, optimal-state-locality");
        assertThatThrownBy(() -> Policies.byName("flink-2+"))
                .hasMessageStartingWith("policy 'flink-2+': empty part; solvers: ");
    }

    private static FlinkRescaleDecider flink(String name) {
        return (FlinkRescaleDecider) Policies.byName(name).decider();
    }

    @Test
    void theListsAreImmutable() {
        assertThatThrownBy(() -> Policies.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Policies.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
