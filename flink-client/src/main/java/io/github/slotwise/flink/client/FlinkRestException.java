package io.github.slotwise.flink.client;

import com.google.common.collect.ImmutableList;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A request to Flink's REST API failed: the connection was refused or timed out, Flink answered with
 * an error status, or the answer was not the JSON expected. The message is one line naming the
 * method, the URL, the HTTP status (if any) and Flink's own error messages (the {@code errors} array
 * of its error body), with the first line of a Java stack trace Flink may put there.
 */
public final class FlinkRestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Flink's error messages, each cut to its first line (Flink appends stack traces). */
    private final ImmutableList<String> flinkErrors;

    private final transient URI uri;
    private final int status;

    /**
     * A failure.
     *
     * @param message the whole one-line message
     * @param uri the URL requested
     * @param status the HTTP status, or -1 if there was no answer
     * @param flinkErrors Flink's error messages, possibly empty
     * @param cause the underlying exception, or null
     */
    FlinkRestException(String message, URI uri, int status, List<String> flinkErrors, Throwable cause) {
        super(message, cause);
        this.uri = Objects.requireNonNull(uri, "uri");
        this.status = status;
        this.flinkErrors = ImmutableList.copyOf(flinkErrors);
    }

    /**
     * The URL requested.
     *
     * @return the URL
     */
    public URI uri() {
        return uri;
    }

    /**
     * The HTTP status Flink answered with.
     *
     * @return the status, or empty if there was no answer (refused, timed out, unreachable)
     */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /**
     * Flink's error messages from its error body ({@code {"errors": [...]}}), each cut to its first
     * line.
     *
     * @return the messages, empty if there was no answer or it had no {@code errors} array
     */
    public List<String> flinkErrors() {
        return flinkErrors;
    }
}
