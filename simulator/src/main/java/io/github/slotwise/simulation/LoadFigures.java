package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link LoadScenario} cost: the backlog the job built up, and the TaskManagers it took.
 *
 * @param samples the state every {@link LoadScenario#sampleInterval()} from the start to the end,
 *     in time order, for charts
 * @param peakBacklog the largest backlog (consumer lag) at any time, in records
 * @param peakBacklogAt when the backlog first reached {@code peakBacklog}; the start if it never
 *     grew
 * @param lagSeconds the integral of the backlog over the scenario, in record-seconds: a backlog of
 *     1000 records for a minute is 60 000
 * @param finalBacklog the backlog at the end, in records
 * @param taskManagerHours the time each TaskManager was present (from joining until it is stopped,
 *     killed or the end), summed, in hours: the bill at one unit per TaskManager-hour
 * @param peakTaskManagers the most TaskManagers present at once
 * @param scaleUps how often the autoscaler raised the number of TaskManagers it wants
 * @param scaleDowns how often it lowered it
 */
public record LoadFigures(
        List<Sample> samples,
        double peakBacklog,
        Instant peakBacklogAt,
        double lagSeconds,
        double finalBacklog,
        double taskManagerHours,
        int peakTaskManagers,
        int scaleUps,
        int scaleDowns) {

    /**
     * Checks and copies the fields.
     *
     * @param samples the samples, in time order
     * @param peakBacklog the largest backlog
     * @param peakBacklogAt when it was first reached
     * @param lagSeconds the integral of the backlog
     * @param finalBacklog the backlog at the end
     * @param taskManagerHours TaskManager presence, in hours
     * @param peakTaskManagers the most TaskManagers at once
     * @param scaleUps the autoscaler's increases
     * @param scaleDowns the autoscaler's decreases
     */
    public LoadFigures {
        samples = ImmutableList.copyOf(samples);
        Objects.requireNonNull(peakBacklogAt, "peakBacklogAt");
    }

    /**
     * The state at one instant, after everything that happens at that instant.
     *
     * @param time when
     * @param inputRate records per second arriving
     * @param capacity records per second the job processes from now on: the deployed parallelism's
     *     capacity, or 0 while it is not deployed, within its restart cost or stalled
     * @param backlog records waiting
     * @param taskManagers TaskManagers present (joined, not stopped or killed)
     * @param desiredTaskManagers TaskManagers the autoscaler wants
     * @param slotsUsed slots the deployed parallelism uses; 0 while not deployed
     */
    public record Sample(
            Instant time,
            double inputRate,
            double capacity,
            double backlog,
            int taskManagers,
            int desiredTaskManagers,
            int slotsUsed) {
        /**
         * Checks the time.
         *
         * @param time when
         * @param inputRate records per second arriving
         * @param capacity records per second processed from now on
         * @param backlog records waiting
         * @param taskManagers TaskManagers present
         * @param desiredTaskManagers TaskManagers wanted
         * @param slotsUsed slots used
         */
        public Sample {
            Objects.requireNonNull(time, "time");
        }
    }
}
