package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param replayedRecords records processed again after restarts, summed: at each restart after the
 *     first start, those processed since the last completed checkpoint (0 without a {@link
 *     StateModel})
 * @param bottleneck the vertex that capped the job longest while the lag grew; empty if the lag
 *     never grew while the job was processing
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
        int scaleDowns,
        double replayedRecords,
        Optional<Bottleneck> bottleneck) {

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
     * @param replayedRecords records replayed after restarts
     * @param bottleneck the vertex that capped the job longest while the lag grew, if any
     */
    public LoadFigures {
        // the simulator's own list is immutable already, and cheaper than a copy
        samples = samples instanceof SampleList ? samples : ImmutableList.copyOf(samples);
        Objects.requireNonNull(peakBacklogAt, "peakBacklogAt");
        Objects.requireNonNull(bottleneck, "bottleneck");
    }

    /**
     * A vertex that capped the job while the lag grew: the input rate was above what the deployed
     * parallelism processes, and this vertex processes the least ({@link CapacityModel#bottleneck}).
     *
     * @param vertex the vertex
     * @param parallelism its parallelism then
     * @param capacity what it processes at that parallelism, in records per second
     * @param laggingSeconds how long, summed, the job was processing at that parallelism, capped by this
     *     vertex, with the lag growing
     */
    public record Bottleneck(String vertex, int parallelism, double capacity, double laggingSeconds) {
        /**
         * Checks the vertex is present.
         *
         * @param vertex the vertex
         * @param parallelism its parallelism
         * @param capacity records per second
         * @param laggingSeconds seconds of growing lag
         */
        public Bottleneck {
            Objects.requireNonNull(vertex, "vertex");
        }
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
     * @param bottleneck the vertex that caps the deployed parallelism ({@link
     *     CapacityModel#bottleneck}); empty while not deployed
     */
    public record Sample(
            Instant time,
            double inputRate,
            double capacity,
            double backlog,
            int taskManagers,
            int desiredTaskManagers,
            int slotsUsed,
            Optional<String> bottleneck) {
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
         * @param bottleneck the vertex that caps the deployed parallelism, if deployed
         */
        public Sample {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(bottleneck, "bottleneck");
        }
    }
}
