package io.github.slotwise.model;

/**
 * The largest inputs Slotwise accepts, checked when a value is built, before any algorithm runs.
 * Each is far beyond any Flink cluster (Flink's key groups stop at 32768 subtasks per vertex), yet
 * small enough that every algorithm finishes in bounded memory and every sum of slots, subtasks and
 * state bytes is exact in the type that holds it.
 *
 * <ul>
 *   <li>{@link #MAX_SLOTS} slots in a {@link SlotPool}, on one {@link TaskManager}, and available
 *       to a rescale decider: a pool keeps a few hundred bytes per slot, so this is at most a few
 *       hundred MiB (measured: 5 million subtasks on 10,000 TaskManagers fit a 1 GiB heap).
 *   <li>{@link #MAX_TASK_MANAGERS} TaskManagers in a pool.
 *   <li>{@link #MAX_SUBTASKS} for the sum of a job's upper bounds: every sum of parallelisms or
 *       slots a solver forms then fits an {@code int} with room to spare.
 *   <li>{@link #MAX_ID_LENGTH} characters in an id, which must not contain control characters:
 *       every message quotes ids, and a TaskManager's slot ids repeat its id.
 *   <li>The state bytes of a {@link PreviousPlacement} sum to at most {@link Long#MAX_VALUE}, so
 *       the bytes moved by a rescale are a {@code long}.
 * </ul>
 */
public final class Limits {
    /** The most slots of a pool, of one TaskManager, or available to a decider: 2^20 = 1,048,576. */
    public static final int MAX_SLOTS = 1 << 20;

    /** The most TaskManagers of a pool: 2^20 = 1,048,576. */
    public static final int MAX_TASK_MANAGERS = 1 << 20;

    /** The longest id (of a vertex, group, TaskManager, slot, location): 256 characters. */
    public static final int MAX_ID_LENGTH = 256;

    /** The most subtasks of a job: the sum of its vertices' upper bounds, 100,000,000. */
    public static final int MAX_SUBTASKS = 100_000_000;

    private Limits() {}

    /**
     * Checks that {@code value} is at most {@code max}.
     *
     * @param field the field, for the message
     * @param value the value
     * @param max the limit
     * @throws IllegalArgumentException naming the field, the value and the limit otherwise
     */
    public static void checkAtMost(String field, long value, long max) {
        if (value > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + ", got " + value);
        }
    }

    /**
     * A caller's text as messages quote it: in single quotes, control characters escaped, and cut
     * after 60 characters with its length, so that a message stays one short line.
     *
     * @param text the text, may be null
     * @return {@code 'text'}, or {@code null}
     */
    public static String quote(String text) {
        return Checks.quote(text);
    }

    /**
     * Checks that an argument is not null: the model's and the algorithms' null check, an {@link
     * IllegalArgumentException} like every other rejected input.
     *
     * @param field the parameter or field, for the message
     * @param value the value
     * @param <T> its type
     * @return {@code value}
     * @throws IllegalArgumentException {@code "<field> must not be null"} if it is null
     */
    public static <T> T checkNotNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }
}
