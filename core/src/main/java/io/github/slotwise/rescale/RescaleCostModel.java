package io.github.slotwise.rescale;

import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.keygroup.KeyGroupOverlap;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.Readable;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Weighs what a rescale buys against what it costs, and holds it when the cost is higher: the
 * "cost-aware" {@link RescaleGate}.
 *
 * <p><b>The formula.</b> Both sides are in <em>subtask-seconds</em>: the work one fully busy
 * subtask does in one second.
 *
 * <pre>
 *   e_v(p)   = p                           if v is not keyed
 *            = M_v / ceil(M_v / p)         if v is keyed (M_v key groups, equally loaded)
 *   K(P)     = sum over vertices v of e_v(P_v)                      effective subtasks of plan P
 *   downtime = RestoreModel.downtime(restartTime, RestoreModel.estimateRescale(...))
 *   benefit  = (K(candidate) - K(running)) * horizon
 *   cost     = K(running) * downtime
 *   rescale  iff benefit >= cost, i.e. (K(c) - K(r)) / K(r) >= downtime / horizon
 * </pre>
 *
 * <p>{@code e_v} is the parallelism whose evenly loaded subtasks carry as much as the hottest
 * subtask: 96 subtasks over 128 key groups carry what 64 balanced ones do (the hottest holds 2), so
 * growing 96 to 112 gains nothing, while a non-keyed vertex gains every slot. The benefit is the extra
 * capacity the new plan offers over the {@link #horizon()} it is expected to run; the cost is the
 * capacity lost while the job is down. The downtime is the simulator's own formula ({@link
 * RestoreModel#downtime}): the fixed {@link #restartTime()}, then the slowest subtask's download and
 * restore of its {@link #state()}, with the placement {@link RestoreModel#estimateRescale} assumes
 * (subtask {@code i} on TaskManager {@code i / slotsPerTaskManager()} before and after, so with local
 * recovery only the key groups that change TaskManager are downloaded; with one slot per TaskManager
 * those that change subtask index, {@link KeyGroupOverlap#movement}). A shrink has a negative benefit and is held while the
 * running plan still fits; the decider never holds a rescale the job must make.
 *
 * <p>With the {@link #DEFAULT} (10 min horizon, 10 s restart, 8 MiB per key group downloaded at 100
 * MiB/s per subtask, local recovery on, nothing charged for the restore itself) a rescale must gain
 * at least {@code downtime / 600 s} of the job's effective subtasks: about 2 % for a stateless job,
 * and more the more state the slowest subtask downloads. (Before the gate shared the simulator's
 * formula it charged every moved byte over one link.) The simulator gives a load scenario's gate the scenario's own state and
 * restore model instead ({@link #inWorld}).
 *
 * @param horizon how long the new plan is expected to run before the next change; positive
 * @param restartTime the fixed downtime of any restart (cancel, schedule, deploy); at least 0
 * @param state the keyed state of the job's vertices
 * @param restore how the state is brought to the subtasks
 * @param slotsPerTaskManager slots per TaskManager the estimate assumes, at least 1
 */
public record RescaleCostModel(
        Duration horizon, Duration restartTime, KeyedState state, RestoreModel restore, int slotsPerTaskManager)
        implements RescaleGate {

    /** The gate's name. */
    public static final String NAME = "cost-aware";

    /**
     * A 10 min horizon, a 10 s restart (the simulator's default restart cost), 8 MiB of state per key
     * group (1 GiB over 128) restored at 100 MiB/s. Assumptions, not Flink settings: measure your job.
     */
    public static final RescaleCostModel DEFAULT =
            new RescaleCostModel(Duration.ofMinutes(10), Duration.ofSeconds(10), 8L << 20, 100L << 20);

    /**
     * Validates the parameters.
     *
     * @param horizon positive
     * @param restartTime at least 0
     * @param state the keyed state
     * @param restore the restore model
     * @param slotsPerTaskManager at least 1
     * @throws IllegalArgumentException naming the bad parameter
     */
    public RescaleCostModel {
        Limits.checkNotNull("horizon", horizon);
        Limits.checkNotNull("restartTime", restartTime);
        Limits.checkNotNull("state", state);
        Limits.checkNotNull("restore", restore);
        if (horizon.isZero() || horizon.isNegative()) {
            throw new IllegalArgumentException("horizon must be positive, got " + horizon);
        }
        if (restartTime.isNegative()) {
            throw new IllegalArgumentException("restartTime must not be negative, got " + restartTime);
        }
        if (slotsPerTaskManager < 1) {
            throw new IllegalArgumentException("slotsPerTaskManager must be >= 1, got " + slotsPerTaskManager);
        }
    }

    /**
     * A gate with the same state per key group for every keyed vertex, local recovery on, one slot per
     * TaskManager (each subtask downloads what changes subtask index over its own link at {@code
     * stateBytesPerSecond}) and no restore time.
     *
     * @param horizon positive
     * @param restartTime at least 0
     * @param stateBytesPerKeyGroup keyed state per key group of every keyed vertex, in {@code [0, 2^40]}
     * @param stateBytesPerSecond how fast moved state is transferred; positive
     * @throws IllegalArgumentException naming the bad parameter
     */
    public RescaleCostModel(
            Duration horizon, Duration restartTime, long stateBytesPerKeyGroup, long stateBytesPerSecond) {
        this(
                horizon,
                restartTime,
                KeyedState.perKeyGroup(checked("stateBytesPerKeyGroup", stateBytesPerKeyGroup, 0)),
                new RestoreModel(true, checked("stateBytesPerSecond", stateBytesPerSecond, 1), Duration.ZERO),
                1);
    }

    private static long checked(String field, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(
                    field + " must be " + (least == 0 ? ">= 0" : "positive") + ", got " + value);
        }
        return value;
    }

    /**
     * This gate in a world the simulator knows: the same horizon, the world's fixed restart cost,
     * keyed state, restore model and TaskManager size, so that the gate estimates a rescale's
     * downtime exactly as the simulator will charge it (up to where the slots really go).
     *
     * @param fixedCost the fixed scheduling cost of a deployment
     * @param keyedState the job's keyed state
     * @param restoreModel how state is restored
     * @param slots slots per TaskManager, at least 1
     * @return a gate with the same name and horizon
     */
    @Override
    public RescaleCostModel inWorld(Duration fixedCost, KeyedState keyedState, RestoreModel restoreModel, int slots) {
        return new RescaleCostModel(horizon, fixedCost, keyedState, restoreModel, slots);
    }

    /**
     * The figures of one rescale.
     *
     * @param capacityBefore {@code K(running)}, effective subtasks
     * @param capacityAfter {@code K(candidate)}, effective subtasks
     * @param keyGroupsMoved key groups of keyed vertices that change subtask index
     * @param stateBytesMoved state downloaded from the checkpoint store ({@link
     *     RestoreModel.Downtime#downloadedBytes()}): with local recovery the state of the key groups
     *     that move, without it all state
     * @param downtimeSeconds {@link RestoreModel#downtime}: restart time plus the slowest subtask's
     *     download and restore, in seconds
     * @param benefit {@code (capacityAfter - capacityBefore) * horizon}, subtask-seconds
     * @param cost {@code capacityBefore * downtime}, subtask-seconds
     */
    public record Estimate(
            double capacityBefore,
            double capacityAfter,
            long keyGroupsMoved,
            long stateBytesMoved,
            double downtimeSeconds,
            double benefit,
            double cost) {
        /** Whether the rescale pays: {@code benefit >= cost}. */
        public boolean worthIt() {
            return benefit >= cost;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "skips rescales whose restart and state-transfer cost exceed their gain";
    }

    /**
     * The effective parallelism {@code e_v(p)}: {@code p} for a non-keyed vertex, {@code M /
     * ceil(M / p)} for a keyed one.
     *
     * @param vertex the vertex
     * @param parallelism its parallelism, in {@code [1, maxParallelism]}
     * @return the number of balanced subtasks that carry as much as the hottest one
     */
    public static double effectiveParallelism(JobVertex vertex, int parallelism) {
        if (!vertex.keyed()) {
            return parallelism;
        }
        int m = vertex.effectiveMaxParallelism();
        return m / (double) KeyGroupGainGate.hot(m, parallelism);
    }

    /**
     * {@code K(plan)}: the sum of the vertices' effective parallelism.
     *
     * @param graph the graph
     * @param plan a plan for it
     * @return effective subtasks
     */
    public static double capacity(JobGraph graph, ParallelismPlan plan) {
        double k = 0;
        for (JobVertex v : graph.vertices()) {
            k += effectiveParallelism(v, plan.parallelismOf(v.id()));
        }
        return k;
    }

    /**
     * Evaluates the formula for a rescale from {@code running} to {@code candidate}.
     *
     * @param graph the graph
     * @param running the plan the job runs
     * @param candidate the plan it would move to
     * @return the figures
     */
    public Estimate estimate(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
        long moved = 0;
        for (JobVertex v : graph.vertices()) {
            if (v.keyed()) {
                int m = v.effectiveMaxParallelism();
                moved += KeyGroupOverlap.movement(
                                new KeyGroupPartitioning(m, running.parallelismOf(v.id())),
                                new KeyGroupPartitioning(m, candidate.parallelismOf(v.id())))
                        .keyGroupsMoved();
            }
        }
        RestoreModel.Downtime down = restore.downtime(
                restartTime, restore.estimateRescale(graph, state, running, candidate, slotsPerTaskManager));
        double downtime = seconds(down.total());
        double before = capacity(graph, running);
        double after = capacity(graph, candidate);
        return new Estimate(
                before,
                after,
                moved,
                down.downloadedBytes(),
                downtime,
                (after - before) * seconds(horizon),
                before * downtime);
    }

    @Override
    public Optional<Hold> hold(JobGraph graph, ParallelismPlan running, ParallelismPlan candidate) {
        Estimate e = estimate(graph, running, candidate);
        if (e.worthIt()) {
            return Optional.empty();
        }
        return Optional.of(new Hold(
                Reason.RESCALE_COST_EXCEEDS_BENEFIT,
                String.format(
                        Locale.ROOT,
                        "%s -> %s not worth it: benefit %.1f < cost %.1f subtask-s; benefit = (%.1f - %.1f"
                                + " effective subtasks) x %.0f s horizon, cost = %.1f x %.1f s down (%.1f s restart, then"
                                + " the slowest subtask's download and restore; %d key groups moved, %s downloaded)",
                        running.vertexParallelism(),
                        candidate.vertexParallelism(),
                        e.benefit(),
                        e.cost(),
                        e.capacityAfter(),
                        e.capacityBefore(),
                        seconds(horizon),
                        e.capacityBefore(),
                        e.downtimeSeconds(),
                        seconds(restartTime),
                        e.keyGroupsMoved(),
                        Readable.bytes(e.stateBytesMoved()))));
    }

    private static double seconds(Duration d) {
        return Durations.seconds(d);
    }
}
