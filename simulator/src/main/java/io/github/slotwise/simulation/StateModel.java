package io.github.slotwise.simulation;

import io.github.slotwise.cost.KeyedState;
import io.github.slotwise.cost.RestoreModel;
import java.util.Objects;

/**
 * The keyed state of a {@link LoadScenario}'s job and how a deployment restores it: with it, every
 * deployment after the first costs {@link RestoreModel#downtime} (the simulator's restart cost as
 * the fixed part, then the slowest subtask's download and restore), and every restart replays the
 * records processed since the last completed checkpoint. See {@link Simulator#run(
 * io.github.slotwise.model.JobGraph, LoadScenario, io.github.slotwise.rescale.RescaleDecider,
 * SimulationConfig)}.
 *
 * @param keyedState how much state each keyed vertex holds
 * @param restore local recovery, download bandwidth per TaskManager, restore time per byte
 */
public record StateModel(KeyedState keyedState, RestoreModel restore) {
    /**
     * Checks both are present.
     *
     * @param keyedState the state sizes
     * @param restore the restore model
     */
    public StateModel {
        Objects.requireNonNull(keyedState, "StateModel.keyedState must not be null");
        Objects.requireNonNull(restore, "StateModel.restore must not be null");
    }
}
