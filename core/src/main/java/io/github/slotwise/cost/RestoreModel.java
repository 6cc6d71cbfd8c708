package io.github.slotwise.cost;

import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a (re)deployment keeps a job down: a fixed scheduling cost, then the time to bring each
 * subtask's keyed state to it. The one formula both the cost-aware gate and the simulator use.
 *
 * <pre>
 *   download(t) = ceil(sum of downloadedBytes of the subtasks on TaskManager t / downloadBytesPerSecond)
 *   restore(s)  = ceil(bytes(s) x restorePerGigabyte / 10^9)
 *   downtime    = fixed + max over subtasks s of (download(taskManager(s)) + restore(s))
 * </pre>
 *
 * <p>A subtask restores the key groups it will own: those whose state is already on its
 * TaskManager's disk (local recovery) are read there, the others are downloaded from the checkpoint
 * store. The downloads of one TaskManager share its bandwidth and are taken to finish together, when
 * all its bytes are in (a fair share that splits the link in proportion to size); TaskManagers
 * download in parallel. Each subtask then restores (opens, clips, rebuilds) all its bytes, local or
 * downloaded, at {@link #restorePerGigabyte()}, subtasks in parallel. The slowest subtask decides.
 * Times are exact in nanoseconds, each term rounded up; a sum that would not fit a {@link Duration}
 * throws {@link ArithmeticException}.
 *
 * @param localRecovery Flink's {@code state.backend.local-recovery} (default false): whether state
 *     on the TaskManager's disk is used; without it every byte is downloaded
 * @param downloadBytesPerSecond how fast one TaskManager downloads state from the checkpoint store,
 *     in bytes per second; positive
 * @param restorePerGigabyte how long restoring 10^9 bytes takes once they are on the TaskManager; in
 *     {@code [0, 1 h]}
 */
public record RestoreModel(boolean localRecovery, long downloadBytesPerSecond, Duration restorePerGigabyte) {

    /**
     * 1 Gbit/s (125 000 000 bytes/s) per TaskManager: an assumption, a common cloud instance's
     * sustained network share; measure your checkpoint store.
     */
    public static final long DEFAULT_DOWNLOAD_BYTES_PER_SECOND = 125_000_000L;

    /**
     * 2 s per GB (500 MB/s) to open, clip and rebuild restored state: an assumption (RocksDB with
     * incremental checkpoints opens downloaded files without rebuilding them; a heap backend or a
     * rescaled RocksDB instance that must drop or ingest key-group ranges is slower).
     */
    public static final Duration DEFAULT_RESTORE_PER_GIGABYTE = Duration.ofSeconds(2);

    /** The longest {@link #restorePerGigabyte()}: 1 h. */
    public static final Duration MAX_RESTORE_PER_GIGABYTE = Duration.ofHours(1);

    /** Local recovery off (Flink's default), {@link #DEFAULT_DOWNLOAD_BYTES_PER_SECOND}, {@link #DEFAULT_RESTORE_PER_GIGABYTE}. */
    public static final RestoreModel DEFAULT =
            new RestoreModel(false, DEFAULT_DOWNLOAD_BYTES_PER_SECOND, DEFAULT_RESTORE_PER_GIGABYTE);

    /**
     * Validates the parameters.
     *
     * @param localRecovery whether state on the TaskManager's disk is used
     * @param downloadBytesPerSecond positive
     * @param restorePerGigabyte in {@code [0, 1 h]}
     * @throws IllegalArgumentException naming the parameter and its value
     */
    public RestoreModel {
        Objects.requireNonNull(restorePerGigabyte, "RestoreModel.restorePerGigabyte must not be null");
        if (downloadBytesPerSecond <= 0) {
            throw new IllegalArgumentException(
                    "RestoreModel.downloadBytesPerSecond must be positive, got " + downloadBytesPerSecond);
        }
        if (restorePerGigabyte.isNegative() || restorePerGigabyte.compareTo(MAX_RESTORE_PER_GIGABYTE) > 0) {
            throw new IllegalArgumentException(
                    "RestoreModel.restorePerGigabyte must be in [0 s, 1 h], got " + restorePerGigabyte);
        }
    }

    /**
     * This model with local recovery on or off.
     *
     * @param on whether state on the TaskManager's disk is used
     * @return a copy
     */
    public RestoreModel withLocalRecovery(boolean on) {
        return new RestoreModel(on, downloadBytesPerSecond, restorePerGigabyte);
    }

    /**
     * This model with another download bandwidth.
     *
     * @param bytesPerSecond positive
     * @return a copy
     */
    public RestoreModel withDownloadBytesPerSecond(long bytesPerSecond) {
        return new RestoreModel(localRecovery, bytesPerSecond, restorePerGigabyte);
    }

    /**
     * What one deployment costs.
     *
     * @param total {@code fixed + stateTime}
     * @param fixed the fixed scheduling cost
     * @param stateTime the slowest subtask's download and restore time; 0 without state
     * @param localBytes state read from TaskManagers' disks, summed over subtasks
     * @param downloadedBytes state downloaded from the checkpoint store, summed over subtasks
     * @param slowest the subtask that decides {@code stateTime} (the first in the given order on a
     *     tie); empty without subtasks
     */
    public record Downtime(
            Duration total,
            Duration fixed,
            Duration stateTime,
            long localBytes,
            long downloadedBytes,
            Optional<SubtaskId> slowest) {
        /**
         * Checks the fields are present.
         *
         * @param total the downtime
         * @param fixed its fixed part
         * @param stateTime its state part
         * @param localBytes bytes read locally
         * @param downloadedBytes bytes downloaded
         * @param slowest the subtask that decides
         */
        public Downtime {
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(fixed, "fixed");
            Objects.requireNonNull(stateTime, "stateTime");
            Objects.requireNonNull(slowest, "slowest");
        }
    }

    /**
     * The formula (see the class comment).
     *
     * @param fixed the fixed scheduling cost (cancel, schedule, deploy), at least 0
     * @param restores what each deployed subtask restores, each on its TaskManager; subtasks without
     *     state may be left out
     * @return the downtime and its parts
     * @throws IllegalArgumentException if {@code fixed} is negative
     * @throws ArithmeticException if a sum does not fit
     */
    public Downtime downtime(Duration fixed, List<SubtaskRestore> restores) {
        Objects.requireNonNull(fixed, "fixed");
        if (fixed.isNegative()) {
            throw new IllegalArgumentException("the fixed scheduling cost must not be negative, got " + fixed);
        }
        // per TaskManager: the bytes its subtasks download, then (once) how long that takes; lookups only,
        // and none while restores in a row name the same TaskManager (the same id instance)
        Map<String, long[]> perTaskManager = new HashMap<>();
        long[][] ofRestore = new long[restores.size()][];
        String lastId = null;
        long[] last = null;
        long local = 0;
        long downloaded = 0;
        int i = 0;
        for (SubtaskRestore r : restores) {
            String id = r.taskManagerId();
            if (id != lastId) {
                last = perTaskManager.computeIfAbsent(id, k -> new long[] {0, -1});
                lastId = id;
            }
            ofRestore[i++] = last;
            last[0] = Math.addExact(last[0], r.downloadedBytes());
            local = Math.addExact(local, r.localBytes());
            downloaded = Math.addExact(downloaded, r.downloadedBytes());
        }
        long restoreNanosPerGigabyte = restorePerGigabyte.toNanos();
        long slowestTime = 0;
        SubtaskId slowest = null;
        i = 0;
        for (SubtaskRestore r : restores) {
            long[] bytesAndTime = ofRestore[i++];
            if (bytesAndTime[1] < 0) {
                bytesAndTime[1] = ceilOfProductOverNanos(bytesAndTime[0], 1_000_000_000L, downloadBytesPerSecond);
            }
            // two times below 2^63 ns each: their sum fits 64 bits unsigned
            long t = bytesAndTime[1] + ceilOfProductOverNanos(r.bytes(), restoreNanosPerGigabyte, 1_000_000_000L);
            if (slowest == null || Long.compareUnsigned(t, slowestTime) > 0) {
                slowestTime = t;
                slowest = r.subtask();
            }
        }
        Duration state = Duration.ofSeconds(
                Long.divideUnsigned(slowestTime, 1_000_000_000L), Long.remainderUnsigned(slowestTime, 1_000_000_000L));
        return new Downtime(fixed.plus(state), fixed, state, local, downloaded, Optional.ofNullable(slowest));
    }

    /**
     * How long one TaskManager takes to download some bytes.
     *
     * @param bytes at least 0
     * @return {@code ceil(bytes / downloadBytesPerSecond)}, in nanoseconds
     */
    public Duration downloadTime(long bytes) {
        return ceilOfProductOver(bytes, 1_000_000_000L, downloadBytesPerSecond);
    }

    /**
     * How long one subtask takes to restore some bytes once they are on its TaskManager.
     *
     * @param bytes at least 0
     * @return {@code ceil(bytes x restorePerGigabyte / 10^9)}, in nanoseconds
     */
    public Duration restoreTime(long bytes) {
        return ceilOfProductOver(bytes, restorePerGigabyte.toNanos(), 1_000_000_000L);
    }

    /**
     * {@code ceil(a × b / d)} nanoseconds, exactly (see {@link #ceilOfProductOverNanos}).
     *
     * @param a at least 0
     * @param b at least 0
     * @param d positive
     */
    static Duration ceilOfProductOver(long a, long b, long d) {
        return Duration.ofNanos(ceilOfProductOverNanos(a, b, d));
    }

    /**
     * {@code ceil(a × b / d)}, exactly: in {@code long} arithmetic when the product fits; else, for
     * {@code d} below 2^31 (a restore's 10^9 ns per GB), the 128-bit product divided 32 bits at a
     * time; else, or if the quotient does not fit a long, through {@code BigInteger} (a quotient
     * beyond a long fails as {@link BigInteger#longValueExact} does).
     *
     * @param a at least 0
     * @param b at least 0
     * @param d positive
     */
    static long ceilOfProductOverNanos(long a, long b, long d) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if (high == 0 && low >= 0) {
            long q = low / d;
            return low % d == 0 ? q : q + 1;
        }
        if (d <= Integer.MAX_VALUE) {
            // long division of the four 32-bit digits of high:low (a, b >= 0: high >= 0); every partial
            // dividend is below d × 2^32 <= 2^63, so every quotient digit is below 2^32
            long n3 = high >>> 32;
            long q3 = n3 / d;
            long n2 = ((n3 % d) << 32) | (high & 0xFFFF_FFFFL);
            long q2 = n2 / d;
            long n1 = ((n2 % d) << 32) | (low >>> 32);
            long q1 = n1 / d;
            long n0 = ((n1 % d) << 32) | (low & 0xFFFF_FFFFL);
            long q0 = n0 / d;
            long q = (q1 << 32) | q0;
            if (q3 == 0 && q2 == 0 && q1 < (1L << 31) && (n0 % d == 0 || q < Long.MAX_VALUE)) {
                return n0 % d == 0 ? q : q + 1;
            }
        }
        BigInteger[] qr =
                BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(d));
        BigInteger n = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return n.longValueExact();
    }

    /**
     * What a rescale from {@code running} to {@code candidate} restores, as the cost-aware gate
     * estimates it before any slot is chosen: subtask {@code i} of every vertex runs on TaskManager
     * {@code i / slotsPerTaskManager}, before and after (subtask {@code i} in slot {@code i}, one
     * slot-sharing group, TaskManagers in order: Flink's default assignment on a cluster that grew or
     * shrank at its end). A key group is local if its old and its new subtask are on the same
     * TaskManager (and local recovery is on); the others are downloaded.
     *
     * @param graph the job
     * @param state the keyed state
     * @param running the plan the job runs
     * @param candidate the plan it would move to
     * @param slotsPerTaskManager slots per TaskManager, at least 1 (1: a key group is local only if
     *     it keeps its subtask index, and every subtask downloads over its own link)
     * @return one entry per keyed subtask of {@code candidate} with state, in graph and index order;
     *     TaskManagers are named {@code "tm-<n>"} from 0
     */
    public List<SubtaskRestore> estimateRescale(
            JobGraph graph,
            KeyedState state,
            ParallelismPlan running,
            ParallelismPlan candidate,
            int slotsPerTaskManager) {
        if (slotsPerTaskManager < 1) {
            throw new IllegalArgumentException("slotsPerTaskManager must be >= 1, got " + slotsPerTaskManager);
        }
        List<SubtaskRestore> restores = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            if (!v.keyed() || state.bytes(v) == 0) {
                continue;
            }
            int m = v.effectiveMaxParallelism();
            KeyGroupPartitioning before = new KeyGroupPartitioning(m, running.parallelismOf(v.id()));
            KeyGroupPartitioning after = new KeyGroupPartitioning(m, candidate.parallelismOf(v.id()));
            for (int i = 0; i < after.parallelism(); i++) {
                int tm = i / slotsPerTaskManager;
                long local = 0;
                long all = 0;
                for (int g = after.start(i); g <= after.end(i); g++) {
                    long bytes = state.bytes(v, g, g + 1);
                    all = Math.addExact(all, bytes);
                    if (localRecovery && before.subtaskOf(g) / slotsPerTaskManager == tm) {
                        local = Math.addExact(local, bytes);
                    }
                }
                restores.add(new SubtaskRestore(new SubtaskId(v.id(), i), "tm-" + tm, local, all - local));
            }
        }
        return restores;
    }
}
