package io.github.slotwise.simulation;

import io.github.slotwise.simulation.Autoscaler.ChangeLimit;
import io.github.slotwise.simulation.Autoscaler.Hpa;
import io.github.slotwise.simulation.Autoscaler.Observation;
import java.time.Duration;

/**
 * A built-in {@link Hpa} evaluated sync after sync by the simulator's fleet, on primitives: what
 * {@link Hpa#evaluate} does, with its {@link Autoscaler.State} kept as arrays of times (nanoseconds
 * since the scenario's start) and numbers instead of a new state, lists and observation per sync. It
 * gives the same number of TaskManagers and the same explanation at every sync (the arithmetic and the
 * explanation are {@link Hpa}'s own methods; the windows and limits compare times exactly as {@link
 * java.time.Instant#isAfter} of {@code now.minus(window)} does).
 *
 * <p>It relies on what the fleet guarantees: syncs come in strictly increasing time order, so the
 * recommendations and changes it keeps are in time order and the ones that fall out of a window are the
 * oldest.
 */
final class HpaRun {
    private final Hpa hpa;
    private final long upWindow;
    private final long downWindow;
    /** How long changes are kept: the longer rate-limit period, 0 without limits. */
    private final long changesWindow;
    /** The sync period: the grain of {@link #quietSync}'s stretches. */
    private final long syncPeriod;

    private int desired;

    /** The least recommendation of the scale-up window. */
    private final Extreme lowest = new Extreme(false);
    /** The greatest recommendation of the scale-down window. */
    private final Extreme highest = new Extreme(true);

    /** Changes of the desired number in time order: when, and by how much. */
    private final TimedInts changes = new TimedInts(8);

    /**
     * For the quick tolerance check ({@link #surelyWithinTolerance}): whether it applies to this HPA,
     * {@code 1 / target}, and the last capacity and TaskManager count with their reciprocals.
     */
    private final boolean quick;

    private final double perTarget;
    private double capacityOf = Double.NaN;
    private double perCapacity;
    private int presentOf = -1;
    private double perPresent;
    /** Syncs the quick check decided (for tests). */
    private long quickSyncs;

    /**
     * For {@link #quietSync}: the inputs its stretch was found for (the number wanted, the capacity,
     * the TaskManagers present and busy), the end of the stretch, and, if none was found, when to look
     * again with the same inputs. {@code quietEnd} is -1 while nothing was looked for.
     */
    private int quietDesired;

    private double quietCapacity;
    private int quietPresent;
    private int quietBusy;
    private long quietEnd = -1;
    private long quietRetry = Long.MIN_VALUE;
    /** {@link #inQuietBand} as a band. */
    private final RateCurve.Band quietBand = this::inQuietBand;
    /** Syncs {@link #quietSync} took (for tests). */
    private long quietSyncs;

    /** The time of the last quiet sync whose windows are not moved yet, or {@link #NO_QUIET}. */
    private long lastQuiet = NO_QUIET;

    private static final long NO_QUIET = Long.MIN_VALUE;

    private HpaRun(Hpa hpa, int desired) {
        this.hpa = hpa;
        this.upWindow = hpa.scaleUpStabilization().toNanos();
        this.downWindow = hpa.scaleDownStabilization().toNanos();
        long up = hpa.scaleUpLimit().map(l -> l.period().toNanos()).orElse(0L);
        long down = hpa.scaleDownLimit().map(l -> l.period().toNanos()).orElse(0L);
        this.changesWindow = Math.max(up, down);
        this.syncPeriod = hpa.syncPeriod().toNanos();
        this.desired = desired;
        this.quick = hpa.metric() == Autoscaler.Metric.UTILIZATION
                && hpa.tolerance() > 1e-9
                && hpa.tolerance() < 0.5
                && normal(hpa.target());
        this.perTarget = 1 / hpa.target();
    }

    /**
     * The run of an autoscaler, if it is a built-in {@link Hpa} whose sync period, windows and periods are at most
     * {@link SimulationLimits#MAX_DURATION} (so that every time difference fits in nanoseconds).
     *
     * @param autoscaler the scenario's autoscaler
     * @param desired the TaskManagers it wants at first ({@link Autoscaler.State#initial})
     * @return the run, or null: then the fleet calls {@link Autoscaler#evaluate}
     */
    static HpaRun of(Autoscaler autoscaler, int desired) {
        if (!(autoscaler instanceof Hpa hpa)) {
            return null;
        }
        for (Duration d : new Duration[] {
            hpa.syncPeriod(),
            hpa.scaleUpStabilization(),
            hpa.scaleDownStabilization(),
            hpa.scaleUpLimit().map(ChangeLimit::period).orElse(Duration.ZERO),
            hpa.scaleDownLimit().map(ChangeLimit::period).orElse(Duration.ZERO)
        }) {
            if (d.compareTo(SimulationLimits.MAX_DURATION) > 0) {
                return null;
            }
        }
        return new HpaRun(hpa, desired);
    }

    /** The TaskManagers it wants now. */
    int desired() {
        return desired;
    }

    /**
     * One sync, as {@code hpa.evaluate(state, observation)} with the observation's figures.
     *
     * @param now the time, in nanoseconds since the start, after the previous sync's
     * @param inputRate records per second arriving
     * @param deployed whether the job is deployed
     * @param capacity its capacity, if deployed
     * @param backlog records waiting
     * @param present TaskManagers present
     * @param busy of those, the ones the deployment runs tasks on
     * @return why the number changed, or null if it did not
     */
    String sync(long now, double inputRate, boolean deployed, double capacity, double backlog, int present, int busy) {
        if ((!deployed && hpa.metric() != Autoscaler.Metric.LAG) || present == 0) {
            // no metric: the state stays as it is
            return null;
        }
        settleQuiet();
        int current = desired;
        double total = Double.NaN;
        int raw;
        if (surelyWithinTolerance(current, inputRate, capacity, present, busy)) {
            raw = current;
            quickSyncs++;
        } else {
            total = hpa.total(Observation.value(hpa.metric(), inputRate, capacity, backlog), busy);
            raw = hpa.raw(current, total, present);
        }

        // stabilization: the least of the recommendations after now − the up window and this one,
        // the greatest of those after now − the down window and this one
        int up = lowest.after(now - upWindow, raw);
        int down = highest.after(now - downWindow, raw);
        lowest.add(now, raw);
        highest.add(now, raw);
        int next = Math.min(Math.max(current, up), down);
        int stabilized = next;

        // rate limits over the changes of the past period
        if (next > current && hpa.scaleUpLimit().isPresent()) {
            ChangeLimit limit = hpa.scaleUpLimit().get();
            long from = now - limit.period().toNanos();
            int added = 0;
            for (int i = changes.from; i < changes.to; i++) {
                if (changes.at[i] > from && changes.value[i] > 0) {
                    added += changes.value[i];
                }
            }
            next = Math.min(next, Math.max(current, current - added + limit.taskManagers()));
        } else if (next < current && hpa.scaleDownLimit().isPresent()) {
            ChangeLimit limit = hpa.scaleDownLimit().get();
            long from = now - limit.period().toNanos();
            int removed = 0;
            for (int i = changes.from; i < changes.to; i++) {
                if (changes.at[i] > from && changes.value[i] < 0) {
                    removed += -changes.value[i];
                }
            }
            next = Math.max(next, Math.min(current, current + removed - limit.taskManagers()));
        }
        int limited = next;
        next = Math.max(hpa.minTaskManagers(), Math.min(hpa.maxTaskManagers(), next));

        // State.changedTo: keep the changes of the longer limit period, then record this one
        changes.dropUpTo(now - changesWindow);
        if (next == current) {
            return null;
        }
        changes.add(now, next - current);
        desired = next;
        if (Double.isNaN(total)) {
            // not reached: within the tolerance the number stays (see surelyWithinTolerance)
            total = hpa.total(Observation.value(hpa.metric(), inputRate, capacity, backlog), busy);
        }
        return hpa.why(total / present, present, raw, stabilized, limited, next, current);
    }

    /**
     * One sync taken without the input rate when it surely changes nothing: what {@link #sync} does
     * when the raw recommendation is the current number, done if the rate curve stays, from {@code
     * now} on, within the band of rates for which {@link Hpa#raw} recommends the current number with
     * these inputs. The number then stays (a window's least and greatest recommendation straddle it,
     * and it is within the bounds), and only the windows move.
     *
     * <p>That band is an interval, so {@link RateCurve#inBandUntil} can vouch for a whole stretch from
     * the least and greatest rate of each piece. {@link Hpa#raw} recommends the current number within
     * the tolerance, or where the ceiling of {@code total / target} is that number; both quotients grow
     * with the rate (each rounding is monotone), so each of the two sets of rates is an interval. With
     * as many TaskManagers present as wanted, both hold where {@code total / target} is the current
     * number itself, up to roundings far smaller than the tolerance, so the two intervals overlap and
     * their union is an interval; this is why a quiet sync needs the TaskManagers present to be the
     * number wanted. The stretch is kept while the inputs stay the same, and looked for again once it
     * ends (or, if there was none, once the curve starts a new linear piece).
     *
     * @param now the time, in nanoseconds since the start, after the previous sync's
     * @param rate the input rate's curve (the same rates {@link #sync} would be given)
     * @param deployed whether the job is deployed
     * @param capacity its capacity, if deployed
     * @param present TaskManagers present
     * @param busy of those, the ones the deployment runs tasks on
     * @return whether the sync was taken; if not, {@link #sync} must take it, and nothing changed
     */
    boolean quietSync(long now, RateCurve rate, boolean deployed, double capacity, int present, int busy) {
        if (!quick
                || !deployed
                || present != desired
                || present < 1
                || present < hpa.minTaskManagers()
                || present > hpa.maxTaskManagers()
                || !normal(capacity)) {
            return false;
        }
        int current = desired;
        boolean same =
                current == quietDesired && capacity == quietCapacity && present == quietPresent && busy == quietBusy;
        if (!same || now >= quietEnd) {
            if (same && now < quietRetry) {
                // the last look found no stretch, and the curve has not started a new piece since
                return false;
            }
            quietDesired = current;
            quietCapacity = capacity;
            quietPresent = present;
            quietBusy = busy;
            quietEnd = rate.inBandUntil(now, Long.MAX_VALUE, syncPeriod, quietBand);
            if (quietEnd <= now) {
                quietEnd = now;
                quietRetry = rate.nextPointAfter(now, Long.MAX_VALUE);
                return false;
            }
            quietRetry = Long.MIN_VALUE;
        }
        // as sync with the raw recommendation current: the windows move, the number stays; the windows
        // are moved at the next full sync, for the last quiet one (see settleQuiet)
        lastQuiet = now;
        quickSyncs++;
        quietSyncs++;
        return true;
    }

    /**
     * Moves the windows as the quiet syncs since the last full sync would have, from the last of them
     * alone: each quiet sync drops what falls out of the windows at its time, and adds the current
     * number as a recommendation, which, in a queue of the least (greatest) recommendations, takes the
     * place of every later one at least (at most) as large, including the quiet sync's before it. So a
     * run of quiet syncs with one number leaves the queues as its last one does alone: the drops move
     * forward, and the adds replace each other.
     */
    private void settleQuiet() {
        long t = lastQuiet;
        if (t == NO_QUIET) {
            return;
        }
        lastQuiet = NO_QUIET;
        int current = desired; // the same through every quiet sync: only a full sync changes it
        lowest.after(t - upWindow, current);
        highest.after(t - downWindow, current);
        lowest.add(t, current);
        highest.add(t, current);
        changes.dropUpTo(t - changesWindow);
    }

    /** Whether {@link Hpa#raw} recommends the current number at this rate with {@link #quietSync}'s inputs. */
    private boolean inQuietBand(double rate) {
        double total = hpa.total(Observation.value(Autoscaler.Metric.UTILIZATION, rate, quietCapacity, 0), quietBusy);
        return hpa.raw(quietDesired, total, quietPresent) == quietDesired;
    }

    /** How many syncs {@link #quietSync} took (for tests). */
    long quietSyncs() {
        return quietSyncs;
    }

    /**
     * Whether {@link Hpa#raw} would surely find the average within the tolerance of the target, found
     * without its chain of divisions: {@code inputRate × (1 / capacity) × busy × (1 / present) × (1 /
     * target)} with the reciprocals kept. That product is within 7 roundings of the exact quotient and
     * {@link Hpa#raw}'s {@code ((inputRate / capacity) × busy / present) / target} within 4 (every operand
     * and result a normal number: the bounds below keep them so), so the two differ by less than
     * {@code 12 × 2^-53} of their size; an answer of yes needs the product to be within the tolerance by
     * a margin of {@code 1e-12}, thousands of times that. Then the raw recommendation is {@code current};
     * as {@code current} is within the bounds and a window's least and greatest recommendation straddle
     * it, the number stays, and no total is needed for an explanation. Any doubt, or an input out of
     * those bounds, answers no, and the exact arithmetic decides.
     */
    private boolean surelyWithinTolerance(int current, double inputRate, double capacity, int present, int busy) {
        if (!quick
                || busy < 1
                || busy > (1 << 20)
                || present > (1 << 20)
                || current < hpa.minTaskManagers()
                || current > hpa.maxTaskManagers()
                || !normal(inputRate)
                || !normal(capacity)) {
            return false;
        }
        if (capacity != capacityOf) {
            capacityOf = capacity;
            perCapacity = 1 / capacity;
        }
        if (present != presentOf) {
            presentOf = present;
            perPresent = 1.0 / present;
        }
        double ratio = inputRate * perCapacity * busy * perPresent * perTarget;
        return ratio >= 0.5 && ratio <= 2 && Math.abs(ratio - 1) <= hpa.tolerance() - 1e-12;
    }

    /** A positive number well inside the normal doubles: its products and quotients above stay normal. */
    private static boolean normal(double v) {
        return v >= 0x1p-400 && v <= 0x1p400;
    }

    /** How many syncs the quick tolerance check decided (for tests). */
    long quickSyncs() {
        return quickSyncs;
    }

    /**
     * The least (or greatest) of the recommendations made after a time, over a window that only moves
     * forward: a queue of recommendations in time order whose numbers rise (or fall) from the oldest
     * on, as a newer recommendation that is at most (or at least) an older one outlasts it in every
     * later window. The answer is the exact minimum (maximum) of the same numbers the HPA's loop over
     * its kept recommendations takes.
     */
    private static final class Extreme {
        private final boolean greatest;
        private final TimedInts queue = new TimedInts(16);

        Extreme(boolean greatest) {
            this.greatest = greatest;
        }

        /**
         * The least (greatest) of {@code with} and the recommendations made after {@code after}; those
         * made at or before it are dropped, as every later call asks from a later time.
         */
        int after(long after, int with) {
            TimedInts q = queue;
            q.dropUpTo(after);
            if (q.from == q.to) {
                return with;
            }
            return greatest ? Math.max(with, q.value[q.from]) : Math.min(with, q.value[q.from]);
        }

        /** A recommendation, later than every one before it. */
        void add(long t, int v) {
            TimedInts q = queue;
            while (q.from < q.to && (greatest ? q.value[q.to - 1] <= v : q.value[q.to - 1] >= v)) {
                q.to--;
            }
            q.add(t, v);
        }
    }

    /**
     * Numbers with their times (nanoseconds since the start), in time order, as a queue over two
     * arrays: added at the back, dropped from the front as windows move forward; the arrays are
     * compacted (or doubled when more than half full) when the back reaches their end.
     */
    private static final class TimedInts {
        long[] at;
        int[] value;
        /** The oldest kept entry. */
        int from;
        /** One past the newest. */
        int to;

        TimedInts(int capacity) {
            at = new long[capacity];
            value = new int[capacity];
        }

        /** Drops the entries at or before {@code t} from the front. */
        void dropUpTo(long t) {
            while (from < to && at[from] <= t) {
                from++;
            }
        }

        /** Adds an entry at the back, later than every kept one. */
        void add(long t, int v) {
            if (to == at.length) {
                int n = to - from;
                long[] times = at;
                int[] values = value;
                if (n * 2 > times.length) {
                    times = new long[times.length * 2];
                    values = new int[values.length * 2];
                }
                System.arraycopy(at, from, times, 0, n);
                System.arraycopy(value, from, values, 0, n);
                at = times;
                value = values;
                from = 0;
                to = n;
            }
            at[to] = t;
            value[to++] = v;
        }
    }
}
