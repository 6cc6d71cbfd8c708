package io.github.slotwise.simulation;

/**
 * A kind of {@link Autoscaler} as load-scenario files name it ({@code "autoscaler": {"type": "hpa",
 * ...}}): reads its fields and builds the autoscaler. Registered through {@link AutoscalerProvider}.
 *
 * <pre>{@code
 * public final class StepType implements AutoscalerType {
 *     public String name() { return "acme-step"; }
 *     public String description() { return "one TaskManager more per 10 000 records of lag"; }
 *     public Autoscaler read(AutoscalerFields f) {
 *         return new StepAutoscaler(f.number("recordsPerStep"), f.integer("maxTaskManagers"));
 *     }
 * }
 * }</pre>
 */
public interface AutoscalerType {
    /**
     * The {@code type} in files.
     *
     * @return the name, matching {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
     */
    String name();

    /**
     * One line for people.
     *
     * @return the description
     */
    String description();

    /**
     * Builds the autoscaler from its fields.
     *
     * @param fields the object's fields other than {@code type}
     * @return the autoscaler
     * @throws IllegalArgumentException for values the autoscaler rejects; reported at the object
     */
    Autoscaler read(AutoscalerFields fields);
}
