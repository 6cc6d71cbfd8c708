package io.github.slotwise.simulation.family;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.simulation.BuiltInScenario;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.LoadScenario.Removal;
import io.github.slotwise.simulation.Scenarios;
import io.github.slotwise.simulation.StateModel;
import io.github.slotwise.simulation.family.Distribution.Uniform;
import io.github.slotwise.simulation.family.Variation.LossProcess;
import io.github.slotwise.simulation.family.Variation.Noise;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Built-in families of days, by name, each derived from a built-in scenario ({@link Scenarios}):
 * the scenario is the base, and the family varies its load shape, its noise and its losses. Every
 * family's seed is 0 ({@link NamedFamily#withSeed} changes it).
 *
 * <ul>
 *   <li>{@value #REACTIVE_BLOG_DAY}: the blog post's day with a mean of 2500 to 3500 records/s, an
 *       amplitude of 1500 to 2500, a period of 4 to 8 h at any phase, up to 10 % noise every 5 min,
 *       and TaskManagers that take 20 to 60 s to join.
 *   <li>{@value #SPOT_DAY}: the spot day with a mean of 5000 to 7000 records/s, an amplitude of 1000
 *       to 3000 at any phase of the day, up to 10 % noise every 5 min, and instead of the five
 *       scripted reclaims, reclaims at random times (3 to 7 a day on average, each killing 1 to 3
 *       TaskManagers without notice).
 *   <li>{@value #SPOT_DAY_STATEFUL}: {@value #SPOT_DAY} with the keyed state of {@code
 *       state/spot-day-50gb-local} (a checkpoint every minute, local recovery on, downloads at 1
 *       Gbit/s), its size drawn between 20 and 80 GB.
 * </ul>
 *
 * All draws are uniform.
 */
public final class Families {
    /** The prefix of every built-in family's name. */
    public static final String PREFIX = "family/";

    /** The blog post's day, varied. */
    public static final String REACTIVE_BLOG_DAY = PREFIX + Scenarios.REACTIVE_BLOG_DAY;

    /** The spot day, varied. */
    public static final String SPOT_DAY = PREFIX + Scenarios.SPOT_DAY;

    /** The spot day with keyed state, varied. */
    public static final String SPOT_DAY_STATEFUL = PREFIX + "spot-day-50gb-local";

    private static final List<String> NAMES = List.of(REACTIVE_BLOG_DAY, SPOT_DAY, SPOT_DAY_STATEFUL);

    private static final double HOUR = 3600;

    private Families() {}

    /**
     * The names.
     *
     * @return {@value #REACTIVE_BLOG_DAY}, {@value #SPOT_DAY}, {@value #SPOT_DAY_STATEFUL}
     */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Every built-in family, in {@link #names()} order.
     *
     * @return the families
     */
    public static List<NamedFamily> all() {
        return NAMES.stream().map(Families::byName).collect(ImmutableList.toImmutableList());
    }

    /**
     * A built-in family.
     *
     * @param name one of {@link #names()}
     * @return the family, seed 0
     * @throws IllegalArgumentException naming the unknown name and every known one
     */
    public static NamedFamily byName(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("no built-in family named " + (name == null ? "null" : "'" + name + "'")
                    + "; known: " + String.join(", ", NAMES));
        }
        return switch (name) {
            case REACTIVE_BLOG_DAY -> reactiveBlogDay();
            case SPOT_DAY -> spotDay();
            default -> spotDayStateful();
        };
    }

    /**
     * The base of {@value #SPOT_DAY_STATEFUL}: the spot day with 50 GB of keyed state in {@code count},
     * a checkpoint every minute, local recovery on and downloads at 1 Gbit/s per TaskManager (the
     * built-in load {@code spot-day-50gb-local}).
     *
     * @return the load
     */
    public static LoadScenario spotDay50GbLocal() {
        return LoadScenario.builder()
                .from(Scenarios.byName(Scenarios.SPOT_DAY).load())
                .checkpointInterval(Duration.ofMinutes(1))
                .state(new StateModel(
                        new KeyedState(0, Map.of("count", 50_000_000_000L)),
                        RestoreModel.DEFAULT.withLocalRecovery(true)))
                .build();
    }

    private static Variation.Builder spotVariation() {
        return Variation.builder()
                .rateMean(new Uniform(5000, 7000))
                .rateAmplitude(new Uniform(1000, 3000))
                .ratePhaseSeconds(new Uniform(0, 24 * HOUR))
                .noise(new Noise(new Uniform(0, 0.1), Duration.ofMinutes(5)))
                .addLosses(new LossProcess(new Uniform(3, 7), new Uniform(1, 3), Removal.KILL));
    }

    private static NamedFamily reactiveBlogDay() {
        BuiltInScenario s = Scenarios.byName(Scenarios.REACTIVE_BLOG_DAY);
        Variation v = Variation.builder()
                .rateMean(new Uniform(2500, 3500))
                .rateAmplitude(new Uniform(1500, 2500))
                .ratePeriodSeconds(new Uniform(4 * HOUR, 8 * HOUR))
                .ratePhaseSeconds(new Uniform(0, 8 * HOUR))
                .noise(new Noise(new Uniform(0, 0.1), Duration.ofMinutes(5)))
                .provisioningDelaySeconds(new Uniform(20, 60))
                .build();
        return new NamedFamily(
                REACTIVE_BLOG_DAY,
                "The blog post's day, varied: mean 2500 to 3500 records/s, amplitude 1500 to 2500, period 4 to 8 h"
                        + " at any phase, up to 10 % noise every 5 min, TaskManagers joining after 20 to 60 s",
                s.graph(),
                new ScenarioFamily(s.load(), v, 0));
    }

    private static NamedFamily spotDay() {
        BuiltInScenario s = Scenarios.byName(Scenarios.SPOT_DAY);
        return new NamedFamily(
                SPOT_DAY,
                "The spot day, varied: mean 5000 to 7000 records/s, amplitude 1000 to 3000 at any phase, up to"
                        + " 10 % noise every 5 min, and 3 to 7 reclaims a day at random times, each killing 1 to 3"
                        + " TaskManagers",
                s.graph(),
                new ScenarioFamily(s.load(), spotVariation().build(), 0));
    }

    private static NamedFamily spotDayStateful() {
        BuiltInScenario s = Scenarios.byName(Scenarios.SPOT_DAY);
        Variation v = spotVariation()
                .putStateBytes("count", new Uniform(20_000_000_000L, 80_000_000_000L))
                .build();
        return new NamedFamily(
                SPOT_DAY_STATEFUL,
                "The spot day, varied as family/spot-day, with 20 to 80 GB of keyed state in count, a checkpoint"
                        + " every minute, downloads at 1 Gbit/s per TaskManager and local recovery on",
                s.graph(),
                new ScenarioFamily(spotDay50GbLocal(), v, 0));
    }
}
