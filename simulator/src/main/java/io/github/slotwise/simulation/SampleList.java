package io.github.slotwise.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The samples of a run, kept small: an immutable list of {@link LoadFigures.Sample} that makes a
 * sample when it is read, instead of two objects (the sample and its time) per sample while the
 * simulator runs. Samples come at a fixed interval from the start, so their times are not kept but
 * computed; so is the input rate, a function of the time ({@link InputRate#at}); the backlog is kept
 * sample by sample; and the figures that change only at the simulator's steps (capacity, TaskManagers
 * present and wanted, slots used, bottleneck) are kept once per run of samples that share them. As a
 * {@link java.util.List} it is any other immutable list of the same samples: {@link #equals}, {@link
 * #hashCode} and {@link #toString} are {@link AbstractList}'s, element by element, and every method
 * that would change it throws {@link UnsupportedOperationException}.
 */
final class SampleList extends AbstractList<LoadFigures.Sample> implements RandomAccess {
    private final int size;
    private final Instant start;
    private final long interval;
    private final InputRate inputRate;
    private final double[] backlog;
    /** The runs: the index of each one's first sample, ascending from 0, and the figures it shares. */
    private final int runCount;

    private final int[] runStart;
    private final double[] capacity;
    private final int[] taskManagers;
    private final int[] desiredTaskManagers;
    private final int[] slotsUsed;
    private final Object[] bottleneck;

    private SampleList(Builder b, InputRate inputRate) {
        this.size = b.size;
        this.start = b.start;
        this.interval = b.interval;
        this.inputRate = inputRate;
        this.backlog = b.backlog;
        this.runCount = b.runCount;
        this.runStart = b.runStart;
        this.capacity = b.capacity;
        this.taskManagers = b.taskManagers;
        this.desiredTaskManagers = b.desiredTaskManagers;
        this.slotsUsed = b.slotsUsed;
        this.bottleneck = b.bottleneck;
    }

    @Override
    @SuppressWarnings("unchecked")
    public LoadFigures.Sample get(int index) {
        Objects.checkIndex(index, size);
        int run = Arrays.binarySearch(runStart, 0, runCount, index);
        if (run < 0) {
            run = -run - 2; // the last run starting before the index
        }
        long sinceStart = index * interval; // at most the trace's span: fits
        return new LoadFigures.Sample(
                start.plusNanos(sinceStart),
                inputRate.at(Duration.ofNanos(sinceStart)),
                capacity[run],
                backlog[index],
                taskManagers[run],
                desiredTaskManagers[run],
                slotsUsed[run],
                (Optional<String>) bottleneck[run]);
    }

    @Override
    public int size() {
        return size;
    }

    /** Collects samples in order; {@link #build} hands its arrays to the list, once. */
    static final class Builder {
        private final Instant start;
        private final long interval;
        private int size;
        private double[] backlog;
        private int runCount;
        private int[] runStart = new int[16];
        private double[] capacity = new double[16];
        private int[] taskManagers = new int[16];
        private int[] desiredTaskManagers = new int[16];
        private int[] slotsUsed = new int[16];
        private Object[] bottleneck = new Object[16];

        /**
         * An empty builder.
         *
         * @param start the time of the first sample
         * @param interval nanoseconds between samples, at least 1
         * @param expected room for this many samples at first, at least 0 (it grows beyond)
         */
        Builder(Instant start, long interval, int expected) {
            this.start = Objects.requireNonNull(start, "start");
            if (interval < 1) {
                throw new IllegalArgumentException("interval must be >= 1 ns, got " + interval);
            }
            this.interval = interval;
            this.backlog = new double[Math.max(expected, 1)];
        }

        /**
         * Adds a sample with the fields of {@link LoadFigures.Sample} but the input rate, which the list
         * computes from the rate given to {@link #build}; its time is {@code sinceStart} nanoseconds
         * after the start, which must be the next interval's.
         */
        void add(
                long sinceStart,
                double cap,
                double waiting,
                int present,
                int desired,
                int slots,
                Optional<String> bottleneckId) {
            Objects.requireNonNull(bottleneckId, "bottleneck");
            if (sinceStart != size * interval) {
                throw new IllegalArgumentException(
                        "sample " + size + " at " + sinceStart + " ns, not at " + size + " x " + interval + " ns");
            }
            if (size == backlog.length) {
                backlog = Arrays.copyOf(backlog, size * 2);
            }
            backlog[size] = waiting;
            int last = runCount - 1;
            // a new run unless every figure is the last run's (doubles by their bits, as equals compares them)
            if (runCount == 0
                    || Double.doubleToLongBits(capacity[last]) != Double.doubleToLongBits(cap)
                    || taskManagers[last] != present
                    || desiredTaskManagers[last] != desired
                    || slotsUsed[last] != slots
                    || !bottleneck[last].equals(bottleneckId)) {
                if (runCount == runStart.length) {
                    int n = runCount * 2;
                    runStart = Arrays.copyOf(runStart, n);
                    capacity = Arrays.copyOf(capacity, n);
                    taskManagers = Arrays.copyOf(taskManagers, n);
                    desiredTaskManagers = Arrays.copyOf(desiredTaskManagers, n);
                    slotsUsed = Arrays.copyOf(slotsUsed, n);
                    bottleneck = Arrays.copyOf(bottleneck, n);
                }
                runStart[runCount] = size;
                capacity[runCount] = cap;
                taskManagers[runCount] = present;
                desiredTaskManagers[runCount] = desired;
                slotsUsed[runCount] = slots;
                bottleneck[runCount] = bottleneckId;
                runCount++;
            }
            size++;
        }

        /**
         * The list of the samples added, with the input rate at each one's time; the builder is then
         * spent.
         *
         * @param rate the input rate
         * @return the list
         */
        SampleList build(InputRate rate) {
            SampleList list = new SampleList(this, Objects.requireNonNull(rate, "rate"));
            backlog = null;
            runStart = null;
            capacity = null;
            taskManagers = null;
            desiredTaskManagers = null;
            slotsUsed = null;
            bottleneck = null;
            return list;
        }
    }
}
