package io.github.slotwise.simulation.format;

/**
 * Bad input: a missing or unreadable file, malformed JSON, an unknown field or assigner, or a value
 * the model rejects. The message is one line that names the file, the field and the value; the CLI
 * prints it after {@code slotwise: } and exits with {@link SlotwiseCli#EXIT_BAD_INPUT}.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(oneLine(message), null, false, false);
    }

    /** The longest message kept whole; a longer one (a huge value quoted in it) is cut. */
    static final int MAX_LENGTH = 600;

    /**
     * Collapses line breaks so that the message always fits on one line, and cuts a message longer
     * than {@value #MAX_LENGTH} characters, saying how long it was.
     */
    public static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "invalid input";
        }
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        if (line.length() <= MAX_LENGTH) {
            return line;
        }
        return line.substring(0, MAX_LENGTH) + "... (" + line.length() + " characters)";
    }
}
