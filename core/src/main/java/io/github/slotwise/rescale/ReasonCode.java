package io.github.slotwise.rescale;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a {@link Decision} was taken or a {@link RescaleGate} held a rescale: a stable,
 * machine-readable code. The built-in codes are the constants of {@link Reason}; a strategy of one's
 * own names its reasons with {@link #of(String)}, e.g. {@code ReasonCode.of("LAG_BUDGET_LEFT")}.
 *
 * <p>Codes compare by {@link #name()}: {@code ReasonCode.of("COOLDOWN")} is {@link Reason#COOLDOWN}
 * itself, so a built-in code compares with {@code ==} however it was obtained. Reports and JSON
 * print {@link #name()}.
 */
public interface ReasonCode {
    /**
     * The code as reports and JSON print it; for the built-ins the {@link Reason} constant's name.
     *
     * @return the code, matching {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
     */
    String name();

    /**
     * Whether this is one of Slotwise's own codes ({@link Reason}).
     *
     * @return true for a {@link Reason}
     */
    default boolean isBuiltIn() {
        return this instanceof Reason;
    }

    /**
     * The code called {@code name}: the {@link Reason} of that name if there is one, else a code of
     * one's own.
     *
     * @param name the code, matching {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
     * @return the code
     * @throws IllegalArgumentException naming the value if it is null, empty or has other characters
     */
    static ReasonCode of(String name) {
        if (name == null || !Custom.SYNTAX.matcher(name).matches()) {
            throw new IllegalArgumentException("ReasonCode.name must match [A-Za-z0-9][A-Za-z0-9_.-]*, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        for (Reason r : Reason.values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return new Custom(name);
    }

    /**
     * A code that is not one of {@link Reason}'s, made by {@link ReasonCode#of(String)}.
     *
     * @param name the code
     */
    record Custom(String name) implements ReasonCode {
        private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

        /**
         * Checks the code; use {@link ReasonCode#of(String)}, which returns a built-in code for a
         * built-in name.
         *
         * @param name the code
         */
        public Custom {
            Objects.requireNonNull(name, "ReasonCode.name");
            if (!SYNTAX.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "ReasonCode.name must match [A-Za-z0-9][A-Za-z0-9_.-]*, got '" + name + "'");
            }
            for (Reason r : Reason.values()) {
                if (r.name().equals(name)) {
                    throw new IllegalArgumentException("ReasonCode.name '" + name
                            + "' is a built-in code: use ReasonCode.of, which returns Reason." + name);
                }
            }
        }

        /** The code itself, as the built-in codes print. */
        @Override
        public String toString() {
            return name;
        }
    }
}
