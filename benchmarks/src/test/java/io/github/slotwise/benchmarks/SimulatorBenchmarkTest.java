package io.github.slotwise.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.registry.Strategies;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.simulation.SimulationResult;
import io.github.slotwise.simulation.Simulator;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import org.junit.jupiter.api.Test;

class SimulatorBenchmarkTest {

    /** The benchmark simulates what a sweep cell simulates: the family's sample, the policy, the defaults. */
    @Test
    void everyFamilyAndPolicySimulatesTheSweepsDays() {
        for (String family : Families.names()) {
            for (String policy : new String[] {"flink-2", "flink-2+keygroup-aware"}) {
                SimulatorBenchmark b = new SimulatorBenchmark();
                b.family = family;
                b.policy = policy;
                b.setUp();
                NamedFamily f = Families.byName(family);
                int last = SimulatorBenchmark.DAYS - 1;
                SimulationResult direct = new Simulator()
                        .run(
                                f.graph(),
                                f.family().sample(last),
                                Strategies.standard().policy(policy).decider(),
                                SimulationConfig.defaults());
                assertThat(b.simulate(last)).as("%s %s", family, policy).isEqualTo(direct);
                assertThat(direct.load()).isPresent();
            }
        }
    }
}
