package io.github.slotwise.sweep;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs tasks {@code 0} to {@code count − 1} on a number of threads. Tasks are taken in index order;
 * each writes its own result slot, so results do not depend on the thread count. If tasks fail, no
 * new task is taken, and the failure of the lowest index is thrown: every task below it was taken
 * before it and has finished, so that is the first failing task whatever the threads.
 */
final class Parallel {
    private Parallel() {}

    static void run(long count, int threads, LongConsumer task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (threads == 1 || count <= 1) {
            for (long i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicLong next = new AtomicLong();
        AtomicBoolean failed = new AtomicBoolean();
        ConcurrentSkipListMap<Long, RuntimeException> failures = new ConcurrentSkipListMap<>();
        ConcurrentSkipListMap<Long, Error> errors = new ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "slotwise-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int w = 0; w < threads; w++) {
                pool.execute(() -> {
                    while (!failed.get() && !Thread.currentThread().isInterrupted()) {
                        long i = next.getAndIncrement();
                        if (i >= count) {
                            return;
                        }
                        try {
                            task.accept(i);
                        } catch (RuntimeException e) {
                            failures.put(i, e);
                            failed.set(true);
                        } catch (Error e) {
                            errors.put(i, e);
                            failed.set(true);
                        }
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // wait
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new CancellationException("sweep interrupted");
        }
        if (!errors.isEmpty()) {
            throw errors.firstEntry().getValue();
        }
        if (!failures.isEmpty()) {
            throw failures.firstEntry().getValue();
        }
    }
}
