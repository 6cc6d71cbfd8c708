package io.github.slotwise.simulation.family;

import com.google.common.hash.Hashing;
import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.model.Limits;
import io.github.slotwise.simulation.InputRate;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.SimulationLimits;
import io.github.slotwise.simulation.StateModel;
import io.github.slotwise.simulation.family.Variation.LossProcess;
import io.github.slotwise.simulation.family.Variation.Noise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Many days instead of one: a base {@link LoadScenario}, a {@link Variation} that draws some of its
 * parameters from distributions, and a seed. {@link #sample(long) sample(k)} is the {@code k}-th
 * day, a pure function of the base, the variation, the seed and {@code k}: every policy that is
 * given sample {@code k} simulates the same day (paired comparisons), and samples do not depend on
 * which were drawn before or on which thread.
 *
 * <p>Each parameter draws from a generator of its own, a {@link SplittableRandom} seeded with a
 * Murmur3 hash of (seed, k, the parameter's name): varying one more parameter does not change the
 * values drawn for the others.
 *
 * @param base the day that samples vary; parameters the variation does not name keep its values
 * @param variation which parameters vary, and how
 * @param seed the seed
 */
public record ScenarioFamily(LoadScenario base, Variation variation, long seed) {
    /** One day's worth of seconds, for loss rates per day. */
    private static final double SECONDS_PER_DAY = 86_400;

    /**
     * Checks that no sample can break a limit of a load scenario, from the distributions' bounds,
     * before any is drawn.
     *
     * @param base the base day
     * @param variation the variation
     * @param seed the seed
     * @throws IllegalArgumentException naming the parameter and its bounds
     */
    public ScenarioFamily {
        Limits.checkNotNull("ScenarioFamily.base", base);
        Limits.checkNotNull("ScenarioFamily.variation", variation);
        check(base, variation);
    }

    /**
     * A family that varies nothing: every sample is {@code base}.
     *
     * @param base the day
     * @return the family
     */
    public static ScenarioFamily of(LoadScenario base) {
        return new ScenarioFamily(base, Variation.none(), 0);
    }

    /**
     * This family with another seed.
     *
     * @param newSeed the seed
     * @return a copy with {@code newSeed}
     */
    public ScenarioFamily withSeed(long newSeed) {
        return new ScenarioFamily(base, variation, newSeed);
    }

    /**
     * The {@code k}-th day.
     *
     * @param k the sample's index, at least 0
     * @return the day: the base with the varied parameters drawn for {@code k}
     */
    public LoadScenario sample(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("ScenarioFamily.sample: k must be >= 0, got " + k);
        }
        Variation v = variation;
        LoadScenario.Builder b = LoadScenario.builder().from(base);
        InputRate rate = base.inputRate();
        if (hasSineVariation(v)) {
            InputRate.SineWave s = (InputRate.SineWave) rate;
            rate = new InputRate.SineWave(
                    v.rateMean().map(d -> d.sample(random(k, "inputRate.mean"))).orElse(s.mean()),
                    v.rateAmplitude()
                            .map(d -> d.sample(random(k, "inputRate.amplitude")))
                            .orElse(s.amplitude()),
                    v.ratePeriodSeconds()
                            .map(d -> seconds(d.sample(random(k, "inputRate.period"))))
                            .orElse(s.period()),
                    v.ratePhaseSeconds()
                            .map(d -> seconds(d.sample(random(k, "inputRate.phase"))))
                            .orElse(s.phase()));
        }
        if (v.noise().isPresent()) {
            rate = noisy(rate, v.noise().get(), k);
        }
        b.inputRate(rate);
        if (!v.losses().isEmpty()) {
            b.losses(losses(k));
        }
        v.initialTaskManagers()
                .ifPresent(d -> b.initialTaskManagers((int) d.sampleWhole(random(k, "initialTaskManagers"))));
        v.provisioningDelaySeconds()
                .ifPresent(d -> b.provisioningDelay(seconds(d.sample(random(k, "provisioningDelay")))));
        if (!v.stateBytes().isEmpty() || v.downloadBytesPerSecond().isPresent()) {
            StateModel state = base.state().orElseThrow();
            Map<String, Long> bytes = new TreeMap<>(state.keyedState().totalBytes());
            v.stateBytes()
                    .forEach((vertex, d) -> bytes.put(vertex, d.sampleWhole(random(k, "state.perVertex." + vertex))));
            RestoreModel restore = v.downloadBytesPerSecond()
                    .map(d -> state.restore()
                            .withDownloadBytesPerSecond(d.sampleWhole(random(k, "state.downloadBytesPerSecond"))))
                    .orElse(state.restore());
            b.state(new StateModel(new KeyedState(state.keyedState().bytesPerKeyGroup(), bytes), restore));
        }
        return b.build();
    }

    /** The generator of one parameter of sample {@code k}. */
    private SplittableRandom random(long k, String parameter) {
        long hash = Hashing.murmur3_128()
                .newHasher()
                .putLong(seed)
                .putLong(k)
                .putString(parameter, StandardCharsets.UTF_8)
                .hash()
                .asLong();
        return new SplittableRandom(hash);
    }

    private InputRate noisy(InputRate rate, Noise noise, long k) {
        double relative = noise.relative().sample(random(k, "inputRate.noise.relative"));
        SplittableRandom z = random(k, "inputRate.noise");
        Duration duration = base.duration();
        List<InputRate.Point> points = new ArrayList<>();
        for (Duration at = Duration.ZERO; at.compareTo(duration) < 0; at = at.plus(noise.every())) {
            points.add(new InputRate.Point(at, rate.at(at) * Math.max(0, 1 + relative * z.nextGaussian())));
        }
        points.add(new InputRate.Point(duration, rate.at(duration) * Math.max(0, 1 + relative * z.nextGaussian())));
        return new InputRate.PiecewiseLinear(points);
    }

    private List<LoadScenario.Loss> losses(long k) {
        record Timed(Duration at, int process, LoadScenario.Loss loss) {}
        List<Timed> all = new ArrayList<>();
        long durationMillis = base.duration().toMillis();
        for (int i = 0; i < variation.losses().size(); i++) {
            LossProcess p = variation.losses().get(i);
            String name = "losses[" + i + "]";
            double perDay = p.perDay().sample(random(k, name + ".perDay"));
            if (perDay == 0) {
                continue;
            }
            SplittableRandom times = random(k, name + ".times");
            SplittableRandom counts = random(k, name + ".count");
            double meanGapSeconds = SECONDS_PER_DAY / perDay;
            double t = 0;
            while (true) {
                t += times.nextExponential() * meanGapSeconds;
                long at = Math.round(t * 1000);
                if (at > durationMillis) {
                    break;
                }
                all.add(new Timed(
                        Duration.ofMillis(at),
                        i,
                        new LoadScenario.Loss(
                                Duration.ofMillis(at), (int) p.count().sampleWhole(counts), p.removal())));
                if (all.size() > SimulationLimits.MAX_STEPS) {
                    throw new IllegalArgumentException(
                            "ScenarioFamily sample " + k + ": more than " + SimulationLimits.MAX_STEPS + " losses");
                }
            }
        }
        // in time order; at one time, in process order (the sort is stable)
        all.sort(Comparator.comparing(Timed::at).thenComparingInt(Timed::process));
        return all.stream().map(Timed::loss).toList();
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static boolean hasSineVariation(Variation v) {
        return v.rateMean().isPresent()
                || v.rateAmplitude().isPresent()
                || v.ratePeriodSeconds().isPresent()
                || v.ratePhaseSeconds().isPresent();
    }

    private static void check(LoadScenario base, Variation v) {
        if (hasSineVariation(v)) {
            if (!(base.inputRate() instanceof InputRate.SineWave s)) {
                throw new IllegalArgumentException("ScenarioFamily: varying the mean, amplitude, period or phase"
                        + " needs a 'sine' input rate, but the base's is not");
            }
            double meanMin = v.rateMean().map(Distribution::min).orElse(s.mean());
            double amplitudeMin = v.rateAmplitude().map(Distribution::min).orElse(s.amplitude());
            double amplitudeMax = v.rateAmplitude().map(Distribution::max).orElse(s.amplitude());
            atLeast("inputRate.mean", v.rateMean(), 0);
            atLeast("inputRate.amplitude", v.rateAmplitude(), 0);
            if (amplitudeMax > meanMin) {
                throw new IllegalArgumentException("ScenarioFamily: inputRate.amplitude up to " + amplitudeMax
                        + " may exceed the mean down to " + meanMin + ": the rate would go below 0");
            }
            if (amplitudeMin < 0) {
                throw new IllegalArgumentException("ScenarioFamily: inputRate.amplitude must be >= 0");
            }
            v.ratePeriodSeconds().ifPresent(d -> durationSeconds("inputRate.period", d, 0.001));
            v.ratePhaseSeconds().ifPresent(d -> durationSeconds("inputRate.phase", d, 0));
        }
        v.noise()
                .ifPresent(n -> SimulationLimits.checkSteps(
                        "ScenarioFamily: inputRate.noise.every", base.duration(), n.every()));
        double days = base.duration().toMillis() / (SECONDS_PER_DAY * 1000);
        for (int i = 0; i < v.losses().size(); i++) {
            double expected = v.losses().get(i).perDay().max() * days;
            if (expected > SimulationLimits.MAX_STEPS / 100.0) {
                throw new IllegalArgumentException("ScenarioFamily: losses[" + i + "].perDay up to "
                        + v.losses().get(i).perDay().max() + " makes up to " + expected
                        + " losses on average over the day(s), more than " + SimulationLimits.MAX_STEPS / 100);
            }
        }
        v.initialTaskManagers().ifPresent(d -> {
            whole("initialTaskManagers", d, 0, SimulationLimits.MAX_TASK_MANAGERS);
            Limits.checkAtMost(
                    "ScenarioFamily: initialTaskManagers (up to " + (long) d.max() + ") x slotsPerTaskManager "
                            + base.slotsPerTaskManager(),
                    (long) d.max() * base.slotsPerTaskManager(),
                    Limits.MAX_SLOTS);
        });
        v.provisioningDelaySeconds().ifPresent(d -> durationSeconds("provisioningDelay", d, 0));
        if ((!v.stateBytes().isEmpty() || v.downloadBytesPerSecond().isPresent())
                && base.state().isEmpty()) {
            throw new IllegalArgumentException(
                    "ScenarioFamily: varying state needs a base with state (and a checkpointInterval)");
        }
        v.stateBytes().forEach((vertex, d) -> whole("state.perVertex." + vertex, d, 0, KeyedState.MAX_TOTAL_BYTES));
        v.downloadBytesPerSecond().ifPresent(d -> whole("state.downloadBytesPerSecond", d, 1, Long.MAX_VALUE));
    }

    private static void atLeast(String field, Optional<Distribution> d, double min) {
        if (d.isPresent() && d.get().min() < min) {
            throw new IllegalArgumentException("ScenarioFamily: " + field + " must be >= " + Distribution.number(min)
                    + ", got a distribution down to " + d.get().min());
        }
    }

    private static void durationSeconds(String field, Distribution d, double min) {
        double maxSeconds = SimulationLimits.MAX_DURATION.getSeconds();
        if (d.min() < min || d.max() > maxSeconds) {
            throw new IllegalArgumentException("ScenarioFamily: " + field + " must be between "
                    + Distribution.number(min)
                    + " s and " + (long) maxSeconds + " s, got a distribution from " + d.min() + " s to " + d.max()
                    + " s");
        }
    }

    private static void whole(String field, Distribution d, long min, long max) {
        if (!d.isWhole() || d.min() < min || d.max() > max) {
            throw new IllegalArgumentException("ScenarioFamily: " + field + " must be whole numbers between " + min
                    + " and " + max + ", got " + d);
        }
    }
}
