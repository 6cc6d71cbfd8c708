package io.github.slotwise.simulation;

import io.github.slotwise.model.Limits;
import io.github.slotwise.rescale.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A job's load and its cluster's autoscaler, from which the {@link Simulator} makes the cluster
 * trace as it goes: records arrive at an {@link #inputRate()}, the deployed parallelism processes
 * them at its {@link #capacity()}, the rest waits as backlog, and the {@link #autoscaler()} asks for
 * TaskManagers from what it sees. See {@link Simulator#run(io.github.slotwise.model.JobGraph,
 * LoadScenario, io.github.slotwise.rescale.RescaleDecider, SimulationConfig)} for how it runs.
 *
 * <p>Build with {@link #builder()}: {@code start}, {@code end}, {@code inputRate}, {@code capacity}
 * and {@code autoscaler} are required; the rest have defaults.
 */
@Value.Immutable
public abstract class LoadScenario {
    LoadScenario() {}

    /**
     * A new builder.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link LoadScenario}. */
    public static final class Builder extends ImmutableLoadScenario.Builder {}

    /** How the cluster removes a TaskManager. */
    public enum Removal {
        /**
         * Gracefully: it deregisters, and the JobManager sees its slots go at once ({@link
         * TraceEvent.TaskManagerStopped}).
         */
        STOP,
        /**
         * Abruptly (a spot instance reclaimed, a pod whose network goes first, SIGKILL): the JobManager
         * notices after the heartbeat timeout ({@link TraceEvent.TaskManagerKilled}).
         */
        KILL;

        /**
         * The name in files and reports.
         *
         * @return the lower-case name
         */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * TaskManagers lost at a scripted time, whatever the autoscaler wants (spot instances reclaimed,
     * a node lost): the most recently joined go first. The autoscaler's deployment replaces them at
     * its next sync, after the provisioning delay.
     *
     * @param at how long after the start, at most the scenario's duration
     * @param count how many, at least 1; if fewer are present, all of them
     * @param removal how they go
     */
    public record Loss(Duration at, int count, Removal removal) {
        /**
         * Validates the fields.
         *
         * @param at how long after the start, at least 0
         * @param count at least 1
         * @param removal how they go
         */
        public Loss {
            Limits.checkNotNull("Loss.at", at);
            Limits.checkNotNull("Loss.removal", removal);
            SimulationLimits.checkNotNegative("Loss.at", at);
            if (count < 1) {
                throw new IllegalArgumentException("Loss.count must be >= 1, got " + count);
            }
        }
    }

    /**
     * When the job is submitted and the scenario starts.
     *
     * @return the start
     */
    public abstract Instant start();

    /**
     * When the simulation stops.
     *
     * @return the end, at or after {@link #start()}
     */
    public abstract Instant end();

    /**
     * How long the scenario lasts.
     *
     * @return from {@link #start()} to {@link #end()}
     */
    public Duration duration() {
        return Duration.between(start(), end());
    }

    /**
     * TaskManagers present at the start (they join at the start, before the job is submitted).
     *
     * @return at least 0; default 1
     */
    @Value.Default
    public int initialTaskManagers() {
        return 1;
    }

    /**
     * Slots each TaskManager offers ({@code taskmanager.numberOfTaskSlots}).
     *
     * @return at least 1; default 1
     */
    @Value.Default
    public int slotsPerTaskManager() {
        return 1;
    }

    /**
     * Records per second arriving over time.
     *
     * @return the input rate
     */
    public abstract InputRate inputRate();

    /**
     * What the job processes at a parallelism.
     *
     * @return the capacity model
     */
    public abstract CapacityModel capacity();

    /**
     * Who asks for TaskManagers.
     *
     * @return the autoscaler
     */
    public abstract Autoscaler autoscaler();

    /**
     * How long after the autoscaler asks for a TaskManager it joins (scheduling a pod, starting a
     * JVM).
     *
     * @return at least 0; default 30 s
     */
    @Value.Default
    public Duration provisioningDelay() {
        return Duration.ofSeconds(30);
    }

    /**
     * How far apart TaskManagers asked for at the same sync join, one after another (0: all at once
     * after the {@link #provisioningDelay()}); the {@code k}-th joins {@code provisioningDelay + k ×
     * joinInterval} after the request. A slow node pool starts them one by one.
     *
     * @return at least 0; default 0
     */
    @Value.Default
    public Duration joinInterval() {
        return Duration.ZERO;
    }

    /**
     * How the autoscaler's deployment removes TaskManagers it no longer wants.
     *
     * @return default {@link Removal#STOP}
     */
    @Value.Default
    public Removal removal() {
        return Removal.STOP;
    }

    /**
     * Scripted losses, in time order.
     *
     * @return the losses; default none
     */
    public abstract List<Loss> losses();

    /**
     * Periodic checkpointing, as {@link ClusterTrace#checkpointInterval()}; give the decider's policy
     * the same interval.
     *
     * @return the interval, if checkpointing is on; default off
     */
    public abstract Optional<Duration> checkpointInterval();

    /**
     * The job's keyed state and how it is restored; requires a {@link #checkpointInterval()}, since
     * state is restored, and records replayed, from the last completed checkpoint.
     *
     * @return the state model; default none: every deployment costs the fixed restart cost and
     *     nothing is replayed
     */
    public abstract Optional<StateModel> state();

    /**
     * How often the result samples rate, capacity, backlog and TaskManagers ({@link LoadFigures#samples()}),
     * from the start.
     *
     * @return positive; default 10 s
     */
    @Value.Default
    public Duration sampleInterval() {
        return Duration.ofSeconds(10);
    }

    /**
     * The longest step of the backlog integration; steps are aligned to the start (see {@link
     * Simulator}).
     *
     * @return positive; default 1 s
     */
    @Value.Default
    public Duration integrationStep() {
        return Duration.ofSeconds(1);
    }

    @Value.Check
    void check() {
        SimulationLimits.checkTime("LoadScenario.start", start());
        SimulationLimits.checkTime("LoadScenario.end", end());
        if (end().isBefore(start())) {
            throw new IllegalArgumentException("LoadScenario.end " + end() + " is before the start " + start());
        }
        if (initialTaskManagers() < 0) {
            throw new IllegalArgumentException(
                    "LoadScenario.initialTaskManagers must be >= 0, got " + initialTaskManagers());
        }
        if (slotsPerTaskManager() < 1) {
            throw new IllegalArgumentException(
                    "LoadScenario.slotsPerTaskManager must be >= 1, got " + slotsPerTaskManager());
        }
        Limits.checkAtMost(
                "LoadScenario.initialTaskManagers", initialTaskManagers(), SimulationLimits.MAX_TASK_MANAGERS);
        Limits.checkAtMost(
                "LoadScenario.autoscaler.maxTaskManagers",
                autoscaler().maxTaskManagers(),
                SimulationLimits.MAX_TASK_MANAGERS);
        long most = Math.max(initialTaskManagers(), autoscaler().maxTaskManagers());
        Limits.checkAtMost(
                "LoadScenario slots (" + most + " TaskManagers x " + slotsPerTaskManager() + " slotsPerTaskManager)",
                most * slotsPerTaskManager(),
                Limits.MAX_SLOTS);
        notNegative("provisioningDelay", provisioningDelay());
        notNegative("joinInterval", joinInterval());
        positive("sampleInterval", sampleInterval());
        positive("integrationStep", integrationStep());
        checkpointInterval().ifPresent(i -> positive("checkpointInterval", i));
        SimulationLimits.checkPositive(
                "LoadScenario.autoscaler.syncPeriod", autoscaler().syncPeriod());
        SimulationLimits.checkSteps("LoadScenario.integrationStep", duration(), integrationStep());
        SimulationLimits.checkSteps("LoadScenario.sampleInterval", duration(), sampleInterval());
        SimulationLimits.checkSteps(
                "LoadScenario.autoscaler.syncPeriod", duration(), autoscaler().syncPeriod());
        checkpointInterval()
                .ifPresent(i -> SimulationLimits.checkSteps("LoadScenario.checkpointInterval", duration(), i));
        if (state().isPresent() && checkpointInterval().isEmpty()) {
            throw new IllegalArgumentException("LoadScenario.state needs a checkpointInterval: state is restored,"
                    + " and records are replayed, from the last completed checkpoint");
        }
        for (int i = 0; i < losses().size(); i++) {
            Loss loss = losses().get(i);
            if (loss.at().compareTo(duration()) > 0) {
                throw new IllegalArgumentException("LoadScenario.losses[" + i + "] at " + Durations.format(loss.at())
                        + " is after the end, " + Durations.format(duration()) + " after the start");
            }
            if (i > 0 && loss.at().compareTo(losses().get(i - 1).at()) < 0) {
                throw new IllegalArgumentException("LoadScenario.losses[" + i + "] at " + Durations.format(loss.at())
                        + " is before losses[" + (i - 1) + "] at "
                        + Durations.format(losses().get(i - 1).at()));
            }
        }
    }

    private static void notNegative(String field, Duration d) {
        SimulationLimits.checkNotNegative("LoadScenario." + field, d);
    }

    private static void positive(String field, Duration d) {
        SimulationLimits.checkPositive("LoadScenario." + field, d);
    }
}
