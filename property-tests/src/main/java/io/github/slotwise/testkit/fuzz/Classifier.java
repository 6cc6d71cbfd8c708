package io.github.slotwise.testkit.fuzz;

import io.github.slotwise.testkit.Violation;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Classifies one call: accepted when it returns no violations, rejected when it throws a documented
 * rejection, a failure otherwise.
 *
 * <p>A documented rejection is an {@link IllegalArgumentException} (or, for file readers, the
 * exception type the caller names) whose message is one line for people: not blank, at most {@value
 * #MAX_MESSAGE} characters, naming a field or value, and free of the internals issue 15 found in
 * messages: a {@code Duration}'s ISO form ({@code PT0S}), a record's {@code toString} ({@code
 * Type[field=...]}), Java class or method names.
 */
public final class Classifier {
    /** The longest message a person reads in one line. */
    public static final int MAX_MESSAGE = 1000;

    private static final Pattern LEAKS = Pattern.compile(
            "(?:got|at|is|after|before|within|of|the) -?PT-?\\d|\\w\\[\\w+=|java\\.|\\.java\\b|\\(\\)`|Exception\\b");

    private Classifier() {}

    /**
     * The result of one call.
     *
     * @param outcome how it ended
     * @param detail for a failure, what went wrong (the throwable or the violations); else empty
     */
    public record Result(Outcome outcome, String detail) {}

    /**
     * Runs {@code call} and classifies what it does.
     *
     * @param call the input fed to an entry point; returns the invariant violations of its result
     * @param rejection the exception type that documents a rejection ({@code IllegalArgumentException}
     *     for the library)
     * @return the result
     */
    public static Result classify(Callable<List<Violation>> call, Class<? extends Throwable> rejection) {
        try {
            List<Violation> violations = call.call();
            return violations.isEmpty()
                    ? new Result(Outcome.ACCEPTED, "")
                    : new Result(Outcome.FAILURE, "violations: " + violations);
        } catch (Throwable t) {
            if (rejection.isInstance(t)) {
                String why = badMessage(t.getMessage());
                return why == null
                        ? new Result(Outcome.REJECTED, "")
                        : new Result(Outcome.FAILURE, why + ": " + abbreviate(String.valueOf(t.getMessage())));
            }
            if (t instanceof Error
                    && !(t instanceof AssertionError)
                    && !(t instanceof StackOverflowError)
                    && !(t instanceof OutOfMemoryError)) {
                throw (Error) t;
            }
            return new Result(Outcome.FAILURE, abbreviate(t.toString()) + at(t));
        }
    }

    /**
     * Why a rejection's message is not one for people, or null if it is.
     *
     * @param message the message
     * @return the reason, or null
     */
    public static String badMessage(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        if (message.length() > MAX_MESSAGE) {
            return "a message of " + message.length() + " characters";
        }
        if (message.contains("\n")) {
            return "a message of several lines";
        }
        // what the caller wrote is quoted as written ('PT30S' is theirs); the rest is Slotwise's
        if (LEAKS.matcher(message.replaceAll("'[^']*'", "''")).find()) {
            return "a message that leaks internals";
        }
        return null;
    }

    private static String at(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "" : " at " + st[0];
    }

    static String abbreviate(String s) {
        String line = s.replace("\n", "\\n");
        return line.length() <= 300 ? line : line.substring(0, 300) + "... (" + line.length() + " characters)";
    }
}
