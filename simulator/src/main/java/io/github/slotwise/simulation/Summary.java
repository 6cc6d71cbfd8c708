package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.rescale.SchedulerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The figures of one simulation, over the trace from its start to its end.
 *
 * <p>The job is <em>deployed</em> from a {@link io.github.slotwise.rescale.Decision.Action#RESCALE}
 * decision until the next STOP or FAIL. It is <em>processing</em> while deployed, past its last deployment's
 * cost ({@link SimulationConfig#restartCost()}, plus restoring state with a {@link StateModel}), and not <em>stalled</em>. It is stalled
 * while a TaskManager that runs its tasks has been killed and the JobManager has not noticed (the
 * heartbeat timeout has not passed, and the TaskManager has not come back).
 *
 * <p>From the first start to the end, every instant at which the job is not processing falls in
 * exactly one of three kinds of downtime, checked in this order: not deployed ({@link
 * #notRunningTime()}), within the restart cost of the last deployment ({@link #restartDowntime()}),
 * stalled ({@link #stalledTime()}).
 *
 * @param deployments RESCALE decisions: the first start, every rescale and every restart after a
 *     failure; each costs {@link SimulationConfig#restartCost()}, plus restoring state with a {@link
 *     StateModel} (cut short by the next decision or the end)
 * @param rescales restarts to change parallelism: RESCALE decisions taken while the job was deployed,
 *     plus STOP decisions that are not a failure (before Flink 2.0 a rescale may stop the job and
 *     wait for resources before it redeploys; the later RESCALE is not counted again)
 * @param failureRestarts STOP decisions because running tasks were lost ({@link
 *     io.github.slotwise.rescale.Reason#TASKS_LOST}): a TaskManager running tasks stopped, or its
 *     kill was noticed
 * @param firstStart the time of the first RESCALE decision; empty if the job never started
 * @param restartDowntime time within the restart cost after a deployment (see above)
 * @param stalledTime time deployed, past the restart cost, but stalled (see above)
 * @param notRunningTime time after the first start that the job is not deployed: between a STOP and
 *     the next RESCALE, and after a FAIL
 * @param slotSecondsUsed the integral over the trace of the slots the deployed plan uses ({@link
 *     io.github.slotwise.parallelism.ParallelismPlan#slotsUsed()}, 0 when not deployed), in slot
 *     seconds
 * @param slotSecondsAvailable the integral over the trace of the slots registered with the JobManager
 *     (killed TaskManagers count until noticed), in slot seconds
 * @param timeToDesiredParallelism from the trace start to the first instant at which the job is
 *     processing with every vertex at the upper bound of the requirements in force when that plan was
 *     chosen; empty if that never happens before the end
 * @param finalParallelism the parallelism deployed at the end; empty if not deployed
 * @param finalState the decider's scheduler state at the end
 * @param keyGroupsMoved key groups of keyed vertices that changed slot, summed over every deployment
 *     after the first ({@link io.github.slotwise.assignment.AssignmentMetrics#keyGroupsMoved()})
 * @param peakSkew the highest key-group skew of any keyed vertex in any deployment; empty if no
 *     keyed vertex was deployed
 * @param stateBytesDownloaded keyed state downloaded from the checkpoint store, summed over every
 *     deployment (0 without a {@link StateModel})
 * @param stateBytesLocal keyed state read from TaskManagers' disks (local recovery), summed over
 *     every deployment (0 without a {@link StateModel})
 */
public record Summary(
        int deployments,
        int rescales,
        int failureRestarts,
        Optional<Instant> firstStart,
        Duration restartDowntime,
        Duration stalledTime,
        Duration notRunningTime,
        double slotSecondsUsed,
        double slotSecondsAvailable,
        Optional<Duration> timeToDesiredParallelism,
        Optional<Map<String, Integer>> finalParallelism,
        SchedulerState finalState,
        long keyGroupsMoved,
        Optional<PeakSkew> peakSkew,
        long stateBytesDownloaded,
        long stateBytesLocal) {

    /**
     * Checks the fields and copies the parallelism map in vertex order.
     *
     * @param deployments RESCALE decisions
     * @param rescales restarts to change parallelism
     * @param failureRestarts STOP decisions because running tasks were lost
     * @param firstStart the first RESCALE decision's time, if any
     * @param restartDowntime time within the restart cost after a deployment
     * @param stalledTime time deployed, past the restart cost, but stalled
     * @param notRunningTime time after the first start that the job is not deployed
     * @param slotSecondsUsed slot seconds of the deployed plans
     * @param slotSecondsAvailable slot seconds registered with the JobManager
     * @param timeToDesiredParallelism from the start to processing at the upper bounds, if reached
     * @param finalParallelism the parallelism deployed at the end, if any
     * @param finalState the decider's scheduler state at the end
     * @param keyGroupsMoved key groups that changed slot, summed over deployments
     * @param peakSkew the highest key-group skew deployed, if any
     * @param stateBytesDownloaded state downloaded, summed over deployments
     * @param stateBytesLocal state read locally, summed over deployments
     */
    public Summary {
        Objects.requireNonNull(peakSkew, "peakSkew");
        Objects.requireNonNull(firstStart, "firstStart");
        Objects.requireNonNull(restartDowntime, "restartDowntime");
        Objects.requireNonNull(stalledTime, "stalledTime");
        Objects.requireNonNull(notRunningTime, "notRunningTime");
        Objects.requireNonNull(timeToDesiredParallelism, "timeToDesiredParallelism");
        Objects.requireNonNull(finalParallelism, "finalParallelism");
        Objects.requireNonNull(finalState, "finalState");
        if (keyGroupsMoved < 0 || stateBytesDownloaded < 0 || stateBytesLocal < 0) {
            throw new IllegalArgumentException("Summary: moved key groups and state bytes must be >= 0, got "
                    + keyGroupsMoved + ", " + stateBytesDownloaded + ", " + stateBytesLocal);
        }
        finalParallelism = finalParallelism.map(ImmutableMap::copyOf);
    }

    /**
     * Total downtime from the first start to the end.
     *
     * @return {@link #restartDowntime()} + {@link #stalledTime()} + {@link #notRunningTime()}; zero if
     *     the job never started
     */
    public Duration downtime() {
        return restartDowntime.plus(stalledTime).plus(notRunningTime);
    }

    /**
     * The share of the available slot time the job used.
     *
     * @return {@link #slotSecondsUsed()} / {@link #slotSecondsAvailable()}, or 0 if no slot was ever
     *     available
     */
    public double utilization() {
        return slotSecondsAvailable == 0 ? 0 : slotSecondsUsed / slotSecondsAvailable;
    }
}
