package io.github.slotwise.simulation;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The samples of a run, column by column: an immutable list of {@link LoadFigures.Sample} that keeps
 * each field in an array and makes a sample when it is read, instead of two objects (the sample and
 * its time) per sample while the simulator runs. Samples come at a fixed interval from the start, so
 * their times are not kept but computed. As a {@link java.util.List} it is any other
 * immutable list of the same samples: {@link #equals}, {@link #hashCode} and {@link #toString} are
 * {@link AbstractList}'s, element by element, and every method that would change it throws {@link
 * UnsupportedOperationException}.
 */
final class SampleList extends AbstractList<LoadFigures.Sample> implements RandomAccess {
    private final int size;
    private final Instant start;
    private final long interval;
    private final double[] inputRate;
    private final double[] capacity;
    private final double[] backlog;
    private final int[] taskManagers;
    private final int[] desiredTaskManagers;
    private final int[] slotsUsed;
    private final Object[] bottleneck;

    private SampleList(Builder b) {
        this.size = b.size;
        this.start = b.start;
        this.interval = b.interval;
        this.inputRate = b.inputRate;
        this.capacity = b.capacity;
        this.backlog = b.backlog;
        this.taskManagers = b.taskManagers;
        this.desiredTaskManagers = b.desiredTaskManagers;
        this.slotsUsed = b.slotsUsed;
        this.bottleneck = b.bottleneck;
    }

    @Override
    @SuppressWarnings("unchecked")
    public LoadFigures.Sample get(int index) {
        Objects.checkIndex(index, size);
        return new LoadFigures.Sample(
                start.plusNanos(index * interval),
                inputRate[index],
                capacity[index],
                backlog[index],
                taskManagers[index],
                desiredTaskManagers[index],
                slotsUsed[index],
                (Optional<String>) bottleneck[index]);
    }

    @Override
    public int size() {
        return size;
    }

    /** Collects samples in order; {@link #build()} hands its arrays to the list, once. */
    static final class Builder {
        private final Instant start;
        private final long interval;
        private int size;
        private double[] inputRate;
        private double[] capacity;
        private double[] backlog;
        private int[] taskManagers;
        private int[] desiredTaskManagers;
        private int[] slotsUsed;
        private Object[] bottleneck;

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
            allocate(Math.max(expected, 1));
        }

        private void allocate(int n) {
            inputRate = inputRate == null ? new double[n] : Arrays.copyOf(inputRate, n);
            capacity = capacity == null ? new double[n] : Arrays.copyOf(capacity, n);
            backlog = backlog == null ? new double[n] : Arrays.copyOf(backlog, n);
            taskManagers = taskManagers == null ? new int[n] : Arrays.copyOf(taskManagers, n);
            desiredTaskManagers = desiredTaskManagers == null ? new int[n] : Arrays.copyOf(desiredTaskManagers, n);
            slotsUsed = slotsUsed == null ? new int[n] : Arrays.copyOf(slotsUsed, n);
            bottleneck = bottleneck == null ? new Object[n] : Arrays.copyOf(bottleneck, n);
        }

        /**
         * Adds a sample with the fields of {@link LoadFigures.Sample} but the input rate, which {@link
         * #build} fills in for every sample at once; its time is {@code sinceStart} nanoseconds after the
         * start, which must be the next interval's.
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
            if (size == inputRate.length) {
                allocate(size * 2);
            }
            capacity[size] = cap;
            backlog[size] = waiting;
            taskManagers[size] = present;
            desiredTaskManagers[size] = desired;
            slotsUsed[size] = slots;
            bottleneck[size] = bottleneckId;
            size++;
        }

        /**
         * The list of the samples added, with the input rate at each one's time; the builder is then
         * spent.
         *
         * @param rate the input rate (its cursor moves)
         * @return the list
         */
        SampleList build(RateCurve rate) {
            rate.fill(0, interval, size, inputRate);
            SampleList list = new SampleList(this);
            inputRate = null;
            capacity = null;
            backlog = null;
            taskManagers = null;
            desiredTaskManagers = null;
            slotsUsed = null;
            bottleneck = null;
            return list;
        }
    }
}
