package io.github.slotwise.parallelism;

/**
 * The flink-autoscaler's parallelism alignment ({@code job.autoscaler.scaling.parallelism-alignment.mode},
 * FLIP-586, in the Flink Kubernetes operator's {@code ParallelismAligner}), reproduced for comparison
 * with {@link KeyGroupAwareParallelismSolver}; written from the documented rule, not Flink's code.
 *
 * <p>The autoscaler computes a target parallelism from load, then aligns it to {@code N}, the number of
 * key groups (maxParallelism) of a keyed vertex or the partitions of a source. It scans upward from
 * the target through a region and takes the first accepted {@code p}:
 *
 * <ul>
 *   <li>region: for a scale-up ({@code target > current}) {@code [target, min(N, upperLimit)]}; for a
 *       scale-down {@code [target, min(current, N, upperLimit)]}, so it never turns into a scale-up;
 *   <li>{@link Mode#BALANCED} (the default) accepts a divisor of {@code N} or a {@code p} with
 *       {@code N / p < N / target} (integer division: fewer key groups on the least loaded subtask);
 *       {@link Mode#EVENLY_SPREAD} accepts divisors only; {@link Mode#OFF} keeps the target;
 *   <li>nothing accepted in the region: the target stays (the built-in modes never block a scale).
 * </ul>
 *
 * <p>The contrast: the autoscaler knows the load and so the parallelism the job needs, and rounds it
 * <em>up</em> to a balanced value (more slots for no more hot-subtask load); {@link
 * KeyGroupAwareParallelismSolver} knows only the slots there are, and rounds <em>down</em> to the
 * fewest subtasks with the same hottest subtask (fewer slots for the same hot-subtask load). For M =
 * 128 and a target of 96, BALANCED asks for 128, the key-group-aware solver settles on 64.
 */
public final class AutoscalerAlignment {
    /** The built-in alignment modes. */
    public enum Mode {
        /** Accept a divisor of N or any p that lowers {@code N / p} (integer division); the default. */
        BALANCED,
        /** Accept divisors of N only (the old default's acceptance, without its blocking fallback). */
        EVENLY_SPREAD,
        /** Keep the target. */
        OFF
    }

    private AutoscalerAlignment() {}

    /**
     * Aligns a target parallelism as the autoscaler's built-in modes do.
     *
     * @param mode the alignment mode
     * @param n key groups (the vertex's maxParallelism) or source partitions, at least 1
     * @param upperLimit the highest parallelism allowed: {@code min(maxParallelism, vertex upper
     *     limit)}, at least 1
     * @param current the running parallelism, at least 1
     * @param target the parallelism computed from load, in {@code [1, upperLimit]}
     * @return the aligned parallelism, {@code target} if the region holds no accepted value
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static int align(Mode mode, int n, int upperLimit, int current, int target) {
        if (n < 1 || upperLimit < 1 || current < 1 || target < 1 || target > upperLimit) {
            throw new IllegalArgumentException("need n, upperLimit, current >= 1 and 1 <= target <= upperLimit, got n="
                    + n + ", upperLimit=" + upperLimit + ", current=" + current + ", target=" + target);
        }
        if (mode == Mode.OFF) {
            return target;
        }
        int alignLimit = Math.min(n, upperLimit);
        int regionEnd = target > current ? alignLimit : Math.min(current, alignLimit);
        for (int p = target; p <= regionEnd; p++) {
            if (n % p == 0 || (mode == Mode.BALANCED && n / p < n / target)) {
                return p;
            }
        }
        return target;
    }
}
