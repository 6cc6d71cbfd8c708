package io.github.slotwise.simulation.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.simulation.InputRate;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.LoadScenario.Loss;
import io.github.slotwise.simulation.LoadScenario.Removal;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.family.Distribution.Choice;
import io.github.slotwise.simulation.family.Distribution.Fixed;
import io.github.slotwise.simulation.family.Distribution.Normal;
import io.github.slotwise.simulation.family.Distribution.Uniform;
import io.github.slotwise.simulation.family.Variation.LossProcess;
import io.github.slotwise.simulation.format.LoadScenarioJson;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ScenarioFamilyTest {
    private static final LoadScenario SPOT =
            Scenarios.byName(Scenarios.SPOT_DAY).load();

    @Test
    void aSampleIsAPureFunctionOfSeedAndIndexWhateverTheOrderOrThread() {
        ScenarioFamily family = Families.byName(Families.SPOT_DAY).family();
        List<LoadScenario> forward =
                LongStream.range(0, 40).mapToObj(family::sample).toList();
        List<LoadScenario> backward = LongStream.range(0, 40)
                .map(k -> 39 - k)
                .mapToObj(family::sample)
                .toList();
        List<LoadScenario> parallel =
                LongStream.range(0, 40).parallel().mapToObj(family::sample).toList();
        assertThat(parallel).isEqualTo(forward);
        for (int k = 0; k < 40; k++) {
            assertThat(backward.get(39 - k)).isEqualTo(forward.get(k));
        }
        assertThat(forward.stream().distinct()).hasSize(40);
        assertThat(family.withSeed(1).sample(3)).isNotEqualTo(family.sample(3));
        assertThat(family.withSeed(1).sample(3)).isEqualTo(family.withSeed(1).sample(3));
    }

    @Test
    void drawsStayWithinTheDistributionsBoundsAndLossesAreInTimeOrder() {
        ScenarioFamily family = Families.byName(Families.SPOT_DAY).family();
        double lossesPerDay = 0;
        int n = 400;
        for (int k = 0; k < n; k++) {
            LoadScenario day = family.sample(k);
            assertThat(day.inputRate()).isInstanceOf(InputRate.PiecewiseLinear.class); // noise
            // 5 min apart over the day, and the end
            assertThat(((InputRate.PiecewiseLinear) day.inputRate()).points()).hasSize(24 * 12 + 1);
            List<Loss> losses = day.losses();
            for (int i = 0; i < losses.size(); i++) {
                assertThat(losses.get(i).count()).isBetween(1, 3);
                assertThat(losses.get(i).removal()).isEqualTo(Removal.KILL);
                assertThat(losses.get(i).at()).isLessThanOrEqualTo(Duration.ofDays(1));
                if (i > 0) {
                    assertThat(losses.get(i).at())
                            .isGreaterThanOrEqualTo(losses.get(i - 1).at());
                }
            }
            lossesPerDay += losses.size();
            // what does not vary is the base's
            assertThat(day.autoscaler()).isEqualTo(SPOT.autoscaler());
            assertThat(day.initialTaskManagers()).isEqualTo(SPOT.initialTaskManagers());
        }
        // a Poisson process of 3 to 7 a day, uniform: 5 a day on average (the standard error over 400 days
        // is about 0.12)
        assertThat(lossesPerDay / n).isBetween(4.6, 5.4);
    }

    @Test
    void sineParametersAreDrawnWithinTheirBounds() {
        Variation v = Variation.builder()
                .rateMean(new Uniform(5000, 7000))
                .rateAmplitude(new Choice(List.of(1000.0, 3000.0)))
                .ratePeriodSeconds(new Fixed(7200))
                .ratePhaseSeconds(new Normal(3600, 600, 0, 7200))
                .initialTaskManagers(new Uniform(2, 4))
                .provisioningDelaySeconds(new Uniform(10, 20))
                .build();
        ScenarioFamily family = new ScenarioFamily(SPOT, v, 7);
        boolean[] tms = new boolean[5];
        for (int k = 0; k < 200; k++) {
            LoadScenario day = family.sample(k);
            InputRate.SineWave s = (InputRate.SineWave) day.inputRate();
            assertThat(s.mean()).isBetween(5000.0, 7000.0);
            assertThat(s.amplitude()).isIn(1000.0, 3000.0);
            assertThat(s.period()).isEqualTo(Duration.ofHours(2));
            assertThat(s.phase()).isBetween(Duration.ZERO, Duration.ofHours(2));
            assertThat(day.provisioningDelay()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
            tms[day.initialTaskManagers()] = true;
            assertThat(day.losses()).isEqualTo(SPOT.losses()); // no loss processes: the scripted ones
        }
        // every whole number between the bounds, the bounds included, and no other
        assertThat(tms).containsExactly(false, false, true, true, true);
    }

    @Test
    void varyingOneMoreParameterKeepsTheOthersDraws() {
        Variation mean = Variation.builder().rateMean(new Uniform(5000, 7000)).build();
        Variation meanAndLosses = Variation.builder()
                .from(mean)
                .addLosses(new LossProcess(new Uniform(1, 4), new Fixed(1), Removal.STOP))
                .build();
        for (int k = 0; k < 20; k++) {
            LoadScenario a = new ScenarioFamily(SPOT, mean, 3).sample(k);
            LoadScenario b = new ScenarioFamily(SPOT, meanAndLosses, 3).sample(k);
            assertThat(b.inputRate()).isEqualTo(a.inputRate());
            assertThat(b.losses()).allMatch(l -> l.removal() == Removal.STOP);
        }
    }

    @Test
    void withoutVariationEverySampleIsTheBase() {
        ScenarioFamily family = ScenarioFamily.of(SPOT);
        assertThat(family.sample(0)).isEqualTo(SPOT);
        assertThat(family.sample(12345)).isEqualTo(SPOT);
        assertThat(family.variation().isEmpty()).isTrue();
    }

    @Test
    void theStatefulFamilysBaseIsTheBuiltInStatefulLoad() {
        assertThat(Families.spotDay50GbLocal()).isEqualTo(LoadScenarioJson.readExample("spot-day-50gb-local"));
        ScenarioFamily stateful = Families.byName(Families.SPOT_DAY_STATEFUL).family();
        ScenarioFamily stateless = Families.byName(Families.SPOT_DAY).family();
        for (int k = 0; k < 50; k++) {
            LoadScenario day = stateful.sample(k);
            long bytes = day.state().orElseThrow().keyedState().totalBytes().get("count");
            assertThat(bytes).isBetween(20_000_000_000L, 80_000_000_000L);
            // the same load as the stateless family's day k: the state is drawn from a generator of its own
            assertThat(day.inputRate()).isEqualTo(stateless.sample(k).inputRate());
            assertThat(day.losses()).isEqualTo(stateless.sample(k).losses());
        }
    }

    @Test
    void builtInFamiliesByName() {
        assertThat(Families.all()).extracting(NamedFamily::name).containsExactlyElementsOf(Families.names());
        assertThatThrownBy(() -> Families.byName("family/spot"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no built-in family named 'family/spot'; known:"
                        + " family/reactive-blog-day, family/spot-day, family/spot-day-50gb-local");
    }

    @Test
    void familiesThatCouldBreakALimitAreRejectedBeforeAnySample() {
        assertThatThrownBy(() -> new ScenarioFamily(
                        SPOT,
                        Variation.builder()
                                .rateMean(new Uniform(2000, 7000))
                                .rateAmplitude(new Uniform(1000, 3000))
                                .build(),
                        0))
                .hasMessage("ScenarioFamily: inputRate.amplitude up to 3000.0 may exceed the mean down to 2000.0:"
                        + " the rate would go below 0");
        LoadScenario constant = LoadScenario.builder()
                .from(SPOT)
                .inputRate(new InputRate.Constant(10))
                .build();
        assertThatThrownBy(() -> new ScenarioFamily(
                        constant,
                        Variation.builder().rateMean(new Uniform(1, 2)).build(),
                        0))
                .hasMessageContaining("needs a 'sine' input rate");
        assertThatThrownBy(() -> new ScenarioFamily(
                        SPOT,
                        Variation.builder()
                                .putStateBytes("count", new Uniform(1, 2))
                                .build(),
                        0))
                .hasMessage("ScenarioFamily: varying state needs a base with state (and a checkpointInterval)");
        assertThatThrownBy(() -> new ScenarioFamily(
                        SPOT,
                        Variation.builder()
                                .initialTaskManagers(new Uniform(1, 2.5))
                                .build(),
                        0))
                .hasMessage("ScenarioFamily: initialTaskManagers must be whole numbers between 0 and 10000, got"
                        + " uniform from 1 to 2.5");
        assertThatThrownBy(() -> new LossProcess(new Uniform(-1, 2), new Fixed(1), Removal.KILL))
                .hasMessage("LossProcess.perDay must be between 0 and 86400, got a distribution from -1.0 to 2.0");
        assertThatThrownBy(() -> new Uniform(3, 1)).hasMessage("Uniform.max 1.0 must be at least min 3.0");
        assertThatThrownBy(() -> family().sample(-1)).hasMessage("ScenarioFamily.sample: k must be >= 0, got -1");
    }

    @Test
    void distributionsStayInTheirSupport() {
        SplittableRandom random = new SplittableRandom(5);
        Normal normal = new Normal(0, 10, -1, 1);
        IntStream.range(0, 1000).forEach(i -> {
            assertThat(normal.sample(random)).isBetween(-1.0, 1.0);
            assertThat(normal.sampleWhole(random)).isBetween(-1L, 1L);
            assertThat(new Uniform(2, 3).sample(random))
                    .isGreaterThanOrEqualTo(2.0)
                    .isLessThan(3.0);
        });
        assertThat(new Normal(0, 1, -1, 1).toString())
                .isEqualTo("normal with mean 0 and standard deviation 1, within -1 to 1");
    }

    private static ScenarioFamily family() {
        return Families.byName(Families.SPOT_DAY).family();
    }
}
