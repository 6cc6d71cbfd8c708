package io.github.slotwise.registry;

import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.FlinkSlotsBalancedSlotAssigner;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.FlinkTasksBalancedSlotAssigner;
import io.github.slotwise.assignment.OptimalStateLocalitySlotAssigner;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.rescale.DeciderPreset;
import io.github.slotwise.rescale.KeyGroupGainGate;
import io.github.slotwise.rescale.RescaleCostModel;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import java.util.List;

/**
 * Slotwise's own strategies, registered through {@code
 * META-INF/services/io.github.slotwise.registry.StrategyProvider} like any plugin's, in their
 * documented order.
 */
public final class BuiltInStrategies implements StrategyProvider {
    private static final List<SlotAssigner> ASSIGNERS = List.of(
            new FlinkDefaultSlotAssigner(false),
            new FlinkDefaultSlotAssigner(true),
            new FlinkSlotsBalancedSlotAssigner(),
            new FlinkTasksBalancedSlotAssigner(),
            new FlinkStateLocalitySlotAssigner(),
            new OptimalStateLocalitySlotAssigner());

    private static final List<ParallelismSolver> SOLVERS = List.of(
            new FlinkParallelismSolver(), new KeyGroupAwareParallelismSolver(), new ProportionalParallelismSolver());

    private static final List<RescaleGate> GATES = List.of(new KeyGroupGainGate(), RescaleCostModel.DEFAULT);

    private static final List<DeciderPreset> PRESETS = List.of(
            DeciderPreset.flink(
                    "flink-1.17",
                    "Flink 1.17: rescale at once when the total parallelism grows by min-parallelism-increase",
                    RescalePolicy.FLINK_1_17),
            DeciderPreset.flink(
                    "flink-1.18",
                    "Flink 1.18: rescale at once when any vertex shrinks or grows by min-parallelism-increase",
                    RescalePolicy.FLINK_1_18),
            DeciderPreset.flink(
                    "flink-1.20",
                    "Flink 1.19/1.20: as 1.18, at most once per 30 s scaling-interval.min",
                    RescalePolicy.FLINK_1_20),
            DeciderPreset.flink(
                    "flink-2",
                    "Flink 2.x: 30 s cooldown, 60 s executing stabilization, rescale on checkpoints",
                    RescalePolicy.FLINK_2),
            DeciderPreset.flink(
                    "reactive",
                    "Flink 2.x Reactive Mode: every vertex up to its maxParallelism, waits for slots forever",
                    RescalePolicy.REACTIVE));

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public BuiltInStrategies() {}

    /**
     * {@code flink-default}, {@code flink-minimal-taskmanagers}, {@code flink-slots}, {@code
     * flink-tasks}, {@code flink-state-locality}, {@code optimal-state-locality}.
     */
    @Override
    public List<SlotAssigner> slotAssigners() {
        return ASSIGNERS;
    }

    /** {@code flink}, {@code keygroup-aware}, {@code proportional}. */
    @Override
    public List<ParallelismSolver> parallelismSolvers() {
        return SOLVERS;
    }

    /** {@code keygroup-skip}, {@code cost-aware}. */
    @Override
    public List<RescaleGate> rescaleGates() {
        return GATES;
    }

    /** {@code flink-1.17}, {@code flink-1.18}, {@code flink-1.20}, {@code flink-2}, {@code reactive}. */
    @Override
    public List<DeciderPreset> deciderPresets() {
        return PRESETS;
    }
}
