package io.github.slotwise.sweep;

/**
 * A {@link RemoteSweepEngine} could not run a sweep: the endpoint could not be reached ({@link
 * #unreachable()}), or the run failed there. The message is one line that names the endpoint.
 */
public final class RemoteSweepException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    /**
     * @param message one line naming the endpoint and what went wrong
     * @param unreachable whether the endpoint could not be reached at all (nothing ran)
     * @param cause the engine's own exception
     */
    public RemoteSweepException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /**
     * Whether the endpoint could not be reached (nothing ran), rather than the run failing there.
     *
     * @return true if unreachable
     */
    public boolean unreachable() {
        return unreachable;
    }
}
