package io.github.slotwise.simulation;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the key-group skew peaked: the first deployment whose keyed vertex has the highest skew
 * ({@link io.github.slotwise.keygroup.KeyGroupPartitioning#skew()}: the hottest subtask's key groups
 * over the mean).
 *
 * @param skew the skew, at least 1
 * @param vertex the keyed vertex
 * @param parallelism its parallelism then
 * @param maxParallelism its key groups
 * @param at when that deployment happened, since the start
 */
public record PeakSkew(double skew, String vertex, int parallelism, int maxParallelism, Duration at) {
    /**
     * Checks the fields are present.
     *
     * @param skew the skew
     * @param vertex the vertex
     * @param parallelism its parallelism
     * @param maxParallelism its key groups
     * @param at since the start
     */
    public PeakSkew {
        Objects.requireNonNull(vertex, "vertex");
        Objects.requireNonNull(at, "at");
    }
}
