package io.github.slotwise.cost;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.Map;
import java.util.Objects;

/**
 * How much keyed state each keyed vertex holds, spread evenly over its key groups.
 *
 * <p>A keyed vertex named in {@link #totalBytes()} holds that many bytes over its {@code M} key
 * groups ({@link JobVertex#effectiveMaxParallelism()}): key groups {@code [a, b)} hold {@code
 * floor(T*b/M) - floor(T*a/M)} bytes, so the key groups of any split add up to {@code T} exactly.
 * Every other keyed vertex holds {@link #bytesPerKeyGroup()} per key group. Vertices that are not
 * keyed hold none (operator state is not modelled).
 *
 * @param bytesPerKeyGroup keyed state per key group of a keyed vertex not named in {@code
 *     totalBytes}, in bytes; in {@code [0, 2^40]} (1 TiB)
 * @param totalBytes total keyed state of particular vertices, by vertex id, in bytes; each in {@code
 *     [0, 2^47]} (128 TiB), so that every product of the formula fits a {@code long}
 */
public record KeyedState(long bytesPerKeyGroup, Map<String, Long> totalBytes) {

    /** The largest {@link #bytesPerKeyGroup()}: 2^40 bytes (1 TiB). */
    public static final long MAX_BYTES_PER_KEY_GROUP = 1L << 40;

    /** The largest entry of {@link #totalBytes()}: 2^47 bytes (128 TiB). */
    public static final long MAX_TOTAL_BYTES = 1L << 47;

    /** No keyed state at all. */
    public static final KeyedState NONE = new KeyedState(0, Map.of());

    /**
     * Validates and copies the sizes, keeping the caller's vertex order.
     *
     * @param bytesPerKeyGroup bytes per key group of unnamed keyed vertices, in {@code [0, 2^40]}
     * @param totalBytes total bytes of named vertices, each in {@code [0, 2^47]}
     * @throws IllegalArgumentException naming the field and the value out of range
     */
    public KeyedState {
        if (bytesPerKeyGroup < 0 || bytesPerKeyGroup > MAX_BYTES_PER_KEY_GROUP) {
            throw new IllegalArgumentException("KeyedState.bytesPerKeyGroup must be in [0, " + MAX_BYTES_PER_KEY_GROUP
                    + "], got " + bytesPerKeyGroup);
        }
        Objects.requireNonNull(totalBytes, "KeyedState.totalBytes must not be null");
        totalBytes.forEach((vertex, bytes) -> {
            if (vertex == null || vertex.isBlank()) {
                throw new IllegalArgumentException("KeyedState.totalBytes: vertex id must be a non-blank id, got "
                        + (vertex == null ? "null" : "'" + vertex + "'"));
            }
            if (bytes == null || bytes < 0 || bytes > MAX_TOTAL_BYTES) {
                throw new IllegalArgumentException("KeyedState.totalBytes of vertex '" + vertex + "' must be in [0, "
                        + MAX_TOTAL_BYTES + "], got " + bytes);
            }
        });
        totalBytes = ImmutableMap.copyOf(totalBytes);
    }

    /**
     * The same state per key group for every keyed vertex.
     *
     * @param bytes bytes per key group, in {@code [0, 2^40]}
     * @return the state
     */
    public static KeyedState perKeyGroup(long bytes) {
        return new KeyedState(bytes, Map.of());
    }

    /**
     * Whether no vertex holds any state.
     *
     * @return true if {@link #bytesPerKeyGroup()} and every total are 0
     */
    public boolean isEmpty() {
        return bytesPerKeyGroup == 0 && totalBytes.values().stream().allMatch(b -> b == 0);
    }

    /**
     * The keyed state of key groups {@code [from, to)} of a vertex (see the class comment).
     *
     * @param vertex the vertex
     * @param from the first key group, in {@code [0, M]}
     * @param to the key group after the last, in {@code [from, M]}
     * @return bytes; 0 for a vertex that is not keyed
     * @throws IllegalArgumentException if the range is not within the vertex's key groups
     */
    public long bytes(JobVertex vertex, int from, int to) {
        int m = vertex.effectiveMaxParallelism();
        if (from < 0 || to < from || to > m) {
            throw new IllegalArgumentException("key groups [" + from + ", " + to + ") are not within the " + m
                    + " key groups of vertex '" + vertex.id() + "'");
        }
        if (!vertex.keyed()) {
            return 0;
        }
        Long total = totalBytes.get(vertex.id());
        if (total == null) {
            return Math.multiplyExact(bytesPerKeyGroup, (long) (to - from));
        }
        return Math.multiplyExact(total, (long) to) / m - Math.multiplyExact(total, (long) from) / m;
    }

    /**
     * The keyed state of a whole vertex.
     *
     * @param vertex the vertex
     * @return bytes of all its key groups
     */
    public long bytes(JobVertex vertex) {
        return bytes(vertex, 0, vertex.effectiveMaxParallelism());
    }

    /**
     * Checks that every vertex this state names is a keyed vertex of the job.
     *
     * @param graph the job
     * @throws IllegalArgumentException naming the first vertex the job does not have, or that is not
     *     keyed
     */
    public void checkAgainst(JobGraph graph) {
        for (String vertex : totalBytes.keySet()) {
            JobVertex v = graph.vertexById().get(vertex);
            if (v == null) {
                throw new IllegalArgumentException("KeyedState.totalBytes names vertex '" + vertex
                        + "', which the job does not have (its vertices: "
                        + String.join(", ", graph.vertexById().keySet()) + ")");
            }
            if (!v.keyed()) {
                throw new IllegalArgumentException(
                        "KeyedState.totalBytes names vertex '" + vertex + "', which is not keyed");
            }
        }
    }
}
