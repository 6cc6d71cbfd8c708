package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.registry.Strategies;
import io.github.slotwise.simulation.Autoscaler.ChangeLimit;
import io.github.slotwise.simulation.family.Families;
import io.github.slotwise.simulation.family.NamedFamily;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The simulator takes most of a day's HPA syncs without a step of its own ({@link Fleet#quietSync}):
 * the results must be those of the same HPA asked at every sync through {@link Autoscaler#evaluate},
 * which the simulator cannot run on primitives and so steps through sync by sync. Every figure, time
 * and text is compared ({@link PinnedResultsTest#canonical}), on days of every built-in family and
 * with HPAs whose windows and rate limits remember the syncs taken quietly.
 */
class QuietSyncsSimulationTest {

    /** The same HPA, as an autoscaler the simulator does not know: asked at every sync. */
    private record Opaque(Autoscaler.Hpa hpa) implements Autoscaler {
        @Override
        public Duration syncPeriod() {
            return hpa.syncPeriod();
        }

        @Override
        public int minTaskManagers() {
            return hpa.minTaskManagers();
        }

        @Override
        public int maxTaskManagers() {
            return hpa.maxTaskManagers();
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            return hpa.evaluate(state, observation);
        }
    }

    @Test
    void quietSyncsGiveWhatEverySyncAskedGives() {
        int compared = 0;
        for (NamedFamily f : Families.all()) {
            for (int k = 0; k < 3; k++) {
                LoadScenario day = f.family().sample(k);
                Autoscaler.Hpa base = (Autoscaler.Hpa) day.autoscaler();
                List<Autoscaler.Hpa> hpas = List.of(
                        base,
                        base.withStabilization(Duration.ofSeconds(45), Duration.ofMinutes(2)),
                        base.withLimits(
                                Optional.of(new ChangeLimit(2, Duration.ofMinutes(1))),
                                Optional.of(new ChangeLimit(1, Duration.ofMinutes(3)))),
                        // syncs off the integration steps and the samples: each cuts them
                        new Autoscaler.Hpa(
                                base.metric(),
                                base.target(),
                                base.tolerance(),
                                base.scaleUpStabilization(),
                                base.scaleDownStabilization(),
                                base.scaleUpLimit(),
                                base.scaleDownLimit(),
                                base.minTaskManagers(),
                                base.maxTaskManagers(),
                                Duration.ofMillis(7_301)));
                for (Autoscaler.Hpa hpa : hpas) {
                    LoadScenario known =
                            LoadScenario.builder().from(day).autoscaler(hpa).build();
                    LoadScenario opaque = LoadScenario.builder()
                            .from(day)
                            .autoscaler(new Opaque(hpa))
                            .build();
                    for (String policy : List.of("flink-2", "flink-2+keygroup-aware")) {
                        assertThat(PinnedResultsTest.canonical(run(f, known, policy)))
                                .as("%s#%d %s %s", f.name(), k, hpa, policy)
                                .isEqualTo(PinnedResultsTest.canonical(run(f, opaque, policy)));
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(Families.all().size() * 3 * 4 * 2);
    }

    private static SimulationResult run(NamedFamily f, LoadScenario load, String policy) {
        return new Simulator()
                .run(f.graph(), load, Strategies.standard().policy(policy).decider(), SimulationConfig.defaults());
    }
}
