package io.github.slotwise.simulation.family;

import io.github.slotwise.model.Limits;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.SimulationLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How the days of a {@link ScenarioFamily} differ from its base {@link LoadScenario}: a {@link
 * Distribution} for each parameter that varies; every parameter not named keeps the base's value.
 * Durations are in seconds, sizes in bytes, rates in records per second.
 *
 * <p>Build with {@link #builder()}; {@link #none()} varies nothing.
 */
@Value.Immutable
public abstract class Variation {
    Variation() {}

    /**
     * A new builder.
     *
     * @return a builder that varies nothing yet
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link Variation}. */
    public static final class Builder extends ImmutableVariation.Builder {}

    /**
     * The variation that varies nothing: every sample is the base.
     *
     * @return an empty variation
     */
    public static Variation none() {
        return builder().build();
    }

    /**
     * The mean of a sine input rate ({@link io.github.slotwise.simulation.InputRate.SineWave#mean()}).
     *
     * @return its distribution, in records per second; empty: the base's
     */
    public abstract Optional<Distribution> rateMean();

    /**
     * The amplitude of a sine input rate; its largest value must not exceed the smallest mean.
     *
     * @return its distribution, in records per second; empty: the base's
     */
    public abstract Optional<Distribution> rateAmplitude();

    /**
     * The period of a sine input rate.
     *
     * @return its distribution, in seconds (drawn to the millisecond); empty: the base's
     */
    public abstract Optional<Distribution> ratePeriodSeconds();

    /**
     * The phase of a sine input rate: how far into the wave the day starts.
     *
     * @return its distribution, in seconds (drawn to the millisecond); empty: the base's
     */
    public abstract Optional<Distribution> ratePhaseSeconds();

    /**
     * Noise on the input rate (of any type), applied after the sine parameters are drawn.
     *
     * @return the noise; empty: none
     */
    public abstract Optional<Noise> noise();

    /**
     * Random losses of TaskManagers that replace the base's scripted {@link LoadScenario#losses()}:
     * each process draws its own loss times and counts, and the sample's losses are all of them in
     * time order. Empty: the base's scripted losses.
     *
     * @return the loss processes, in order
     */
    public abstract List<LossProcess> losses();

    /**
     * TaskManagers present at the start ({@link LoadScenario#initialTaskManagers()}).
     *
     * @return its distribution, whole numbers; empty: the base's
     */
    public abstract Optional<Distribution> initialTaskManagers();

    /**
     * How long a TaskManager takes to join after it is asked for ({@link
     * LoadScenario#provisioningDelay()}).
     *
     * @return its distribution, in seconds (drawn to the millisecond); empty: the base's
     */
    public abstract Optional<Distribution> provisioningDelaySeconds();

    /**
     * The total keyed state of particular keyed vertices ({@link
     * io.github.slotwise.cost.KeyedState#totalBytes()}); requires a base with {@link
     * LoadScenario#state()}. Vertices not named keep the base's state.
     *
     * @return vertex id to its distribution, whole numbers of bytes
     */
    public abstract Map<String, Distribution> stateBytes();

    /**
     * How fast one TaskManager downloads state ({@link
     * io.github.slotwise.cost.RestoreModel#downloadBytesPerSecond()}); requires a base with {@link
     * LoadScenario#state()}.
     *
     * @return its distribution, whole bytes per second; empty: the base's
     */
    public abstract Optional<Distribution> downloadBytesPerSecond();

    /**
     * Whether nothing varies.
     *
     * @return true if every sample is the base
     */
    public boolean isEmpty() {
        return equals(none());
    }

    /**
     * Noise on the input rate: the sample's rate is a piecewise-linear rate through a point every
     * {@code every} from the start (and one at the end), each the rate without noise times {@code
     * max(0, 1 + relative × z)}, with {@code z} a standard normal draw of its own and {@code
     * relative} drawn once per sample.
     *
     * @param relative the standard deviation of the noise as a share of the rate, at least 0
     * @param every how far apart the noisy points are, positive
     */
    public record Noise(Distribution relative, Duration every) {
        /**
         * Checks the fields.
         *
         * @param relative at least 0
         * @param every positive
         */
        public Noise {
            Limits.checkNotNull("Noise.relative", relative);
            Limits.checkNotNull("Noise.every", every);
            SimulationLimits.checkPositive("Noise.every", every);
            if (relative.min() < 0) {
                throw new IllegalArgumentException(
                        "Noise.relative must be >= 0, got a distribution down to " + relative.min());
            }
        }
    }

    /**
     * Losses of TaskManagers at random times: a Poisson process with {@code perDay} losses a day on
     * average (drawn once per sample), each taking {@code count} of the most recently joined
     * TaskManagers (drawn per loss), which go as {@code removal} says. With {@link
     * LoadScenario.Removal#KILL} these are spot reclaims or lost nodes; with {@link
     * LoadScenario.Removal#STOP}, churn such as node drains: the JobManager sees the TaskManager go
     * at once.
     *
     * @param perDay the mean number of losses per day, at least 0
     * @param count TaskManagers per loss, whole numbers of at least 1
     * @param removal how they go
     */
    public record LossProcess(Distribution perDay, Distribution count, LoadScenario.Removal removal) {
        /** At most this many losses a day on average: a day has 86,400 seconds. */
        public static final double MAX_PER_DAY = 86_400;

        /**
         * Checks the fields.
         *
         * @param perDay at least 0 and at most {@link #MAX_PER_DAY}
         * @param count whole numbers, at least 1 and at most {@link SimulationLimits#MAX_TASK_MANAGERS}
         * @param removal how they go
         */
        public LossProcess {
            Limits.checkNotNull("LossProcess.perDay", perDay);
            Limits.checkNotNull("LossProcess.count", count);
            Limits.checkNotNull("LossProcess.removal", removal);
            if (perDay.min() < 0 || perDay.max() > MAX_PER_DAY) {
                throw new IllegalArgumentException("LossProcess.perDay must be between 0 and " + (long) MAX_PER_DAY
                        + ", got a distribution from " + perDay.min() + " to " + perDay.max());
            }
            if (!count.isWhole() || count.min() < 1 || count.max() > SimulationLimits.MAX_TASK_MANAGERS) {
                throw new IllegalArgumentException("LossProcess.count must be whole numbers between 1 and "
                        + SimulationLimits.MAX_TASK_MANAGERS + ", got " + count);
            }
        }
    }
}
