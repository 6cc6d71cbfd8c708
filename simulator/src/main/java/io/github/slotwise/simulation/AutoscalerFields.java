package io.github.slotwise.simulation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The fields of one {@code autoscaler} object of a load-scenario file, as an {@link AutoscalerType}
 * reads them. Every accessor checks the JSON type and fails with the file, line, column and field;
 * a field no accessor asked for is rejected after {@link AutoscalerType#read} returns, listing the
 * fields the type asked for. Ask for every field the type takes, optional ones too, so that the
 * list is complete.
 */
public interface AutoscalerFields {
    /**
     * A required number.
     *
     * @param name the field
     * @return its value
     */
    double number(String name);

    /**
     * An optional number.
     *
     * @param name the field
     * @return its value, if present
     */
    OptionalDouble optionalNumber(String name);

    /**
     * A required integer.
     *
     * @param name the field
     * @return its value
     */
    int integer(String name);

    /**
     * An optional integer.
     *
     * @param name the field
     * @return its value, if present
     */
    OptionalInt optionalInteger(String name);

    /**
     * An optional duration, in Flink's syntax ({@code "30 s"}) or milliseconds as an integer.
     *
     * @param name the field
     * @return its value, if present
     */
    Optional<Duration> optionalDuration(String name);

    /**
     * An optional string that must be one of {@code choices}.
     *
     * @param name the field
     * @param choices the allowed values
     * @return its value, if present
     */
    Optional<String> optionalChoice(String name, List<String> choices);

    /**
     * An optional nested object.
     *
     * @param name the field
     * @return its fields, checked the same way, if present
     */
    Optional<AutoscalerFields> optionalObject(String name);

    /**
     * A failure at this object, for a rule the type checks itself (the model's {@link
     * IllegalArgumentException}s thrown from {@link AutoscalerType#read} become one anyway).
     *
     * @param message what is wrong
     * @return the exception to throw
     */
    RuntimeException failure(String message);
}
