package io.github.slotwise.simulation;

import java.util.List;

/**
 * The service interface through which autoscaler types reach {@link Autoscalers}: a jar lists its
 * implementation in {@code META-INF/services/io.github.slotwise.simulation.AutoscalerProvider}.
 * Slotwise's own types come the same way ({@link BuiltInAutoscalers}). An implementation needs a
 * public no-argument constructor.
 */
public interface AutoscalerProvider {
    /**
     * The types it contributes.
     *
     * @return the types
     */
    List<AutoscalerType> autoscalerTypes();
}
