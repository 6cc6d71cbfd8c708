/**
 * What a (re)deployment of a stateful job costs: how much keyed state each subtask holds ({@link
 * io.github.slotwise.cost.KeyedState}), and how long bringing it to the subtasks takes ({@link
 * io.github.slotwise.cost.RestoreModel}). One formula, used by the cost-aware rescale gate ({@link
 * io.github.slotwise.rescale.RescaleCostModel}) to estimate a rescale and by the simulator to charge
 * every deployment, so that the gate is judged by the physics it assumes.
 */
package io.github.slotwise.cost;
