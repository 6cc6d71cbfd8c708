package org.apache.flink.runtime.scheduler.adaptive;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The adaptive scheduler's main thread for the rescale differential tests: a manual clock and a
 * queue of scheduled callbacks that runs them in due-time order, callbacks due at the same time in
 * the order they were scheduled.
 *
 * <p>That tie order is a choice: Flink hands its callbacks to a {@code ScheduledExecutorService}
 * whose order for equal deadlines is its own. It is the convention Slotwise's {@code
 * FlinkRescaleDecider} documents (timers due at or before an event fire first, in due-time order,
 * ties in scheduling order), so this queue follows it.
 *
 * <p>Delays are cut to whole milliseconds, as {@code AdaptiveScheduler#runIfState} does ({@code
 * delay.toMillis()}); negative delays run at once, as in a {@code ScheduledThreadPoolExecutor}.
 *
 * <p>Shared test support (flink-test-support/src/test/java): every line compiles it against its own
 * Flink version (it uses no Flink type), for the rescale harnesses of 1.17 to 2.3. Only the clock Flink's states read differs between the versions,
 * so it is not here: each harness adapts {@link #now()} to its Flink's clock type (2.3's
 * transition manager takes a {@code Supplier<Temporal>}, 1.20's WaitingForResources a {@code
 * org.apache.flink.util.clock.Clock}).
 */
final class ManualMainThread {
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq));
    private Instant now;
    private long nextSeq;

    ManualMainThread(Instant start) {
        this.now = start;
    }

    /** The manual clock's time: that of the callback running, or the last {@link #runUntil}. */
    Instant now() {
        return now;
    }

    ScheduledFuture<?> schedule(Runnable callback, Duration delay) {
        long millis = Math.max(0, delay.toMillis());
        Task task = new Task(now.plusMillis(millis), nextSeq++, callback);
        queue.add(task);
        return task;
    }

    /** {@code Executor#execute}: a callback due now, after those already due now. */
    void execute(Runnable callback) {
        schedule(callback, Duration.ZERO);
    }

    /**
     * Runs every live callback due at or before {@code until}, including those they schedule, each
     * at its due time; then the clock reads {@code until}.
     */
    void runUntil(Instant until) {
        if (until.isBefore(now)) {
            throw new IllegalArgumentException("time runs forward: " + until + " is before " + now);
        }
        while (!queue.isEmpty() && !queue.peek().due.isAfter(until)) {
            Task task = queue.poll();
            if (task.cancelled) {
                continue;
            }
            now = task.due;
            task.done = true;
            task.callback.run();
        }
        now = until;
    }

    /** A scheduled callback; {@link #cancel} keeps it from running. */
    private final class Task implements ScheduledFuture<Object> {
        final Instant due;
        final long seq;
        final Runnable callback;
        boolean cancelled;
        boolean done;

        Task(Instant due, long seq, Runnable callback) {
            this.due = due;
            this.seq = seq;
            this.callback = callback;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("the manual main thread does not block");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("the manual main thread does not block");
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(now, due));
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
