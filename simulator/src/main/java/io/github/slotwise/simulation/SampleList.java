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
 * its time) per sample while the simulator runs. As a {@link java.util.List} it is any other
 * immutable list of the same samples: {@link #equals}, {@link #hashCode} and {@link #toString} are
 * {@link AbstractList}'s, element by element, and every method that would change it throws {@link
 * UnsupportedOperationException}.
 */
final class SampleList extends AbstractList<LoadFigures.Sample> implements RandomAccess {
    private final int size;
    private final long[] seconds;
    private final int[] nanos;
    private final double[] inputRate;
    private final double[] capacity;
    private final double[] backlog;
    private final int[] taskManagers;
    private final int[] desiredTaskManagers;
    private final int[] slotsUsed;
    private final Object[] bottleneck;

    private SampleList(Builder b) {
        this.size = b.size;
        this.seconds = b.seconds;
        this.nanos = b.nanos;
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
                Instant.ofEpochSecond(seconds[index], nanos[index]),
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

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Collects samples in order; {@link #build()} hands its arrays to the list, once. */
    static final class Builder {
        private final long startSecond;
        private final int startNano;
        private int size;
        private long[] seconds;
        private int[] nanos;
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
         * @param start the time samples are added relative to ({@link #add})
         * @param expected room for this many samples at first, at least 0 (it grows beyond)
         */
        Builder(Instant start, int expected) {
            this.startSecond = start.getEpochSecond();
            this.startNano = start.getNano();
            allocate(Math.max(expected, 1));
        }

        private void allocate(int n) {
            seconds = seconds == null ? new long[n] : Arrays.copyOf(seconds, n);
            nanos = nanos == null ? new int[n] : Arrays.copyOf(nanos, n);
            inputRate = inputRate == null ? new double[n] : Arrays.copyOf(inputRate, n);
            capacity = capacity == null ? new double[n] : Arrays.copyOf(capacity, n);
            backlog = backlog == null ? new double[n] : Arrays.copyOf(backlog, n);
            taskManagers = taskManagers == null ? new int[n] : Arrays.copyOf(taskManagers, n);
            desiredTaskManagers = desiredTaskManagers == null ? new int[n] : Arrays.copyOf(desiredTaskManagers, n);
            slotsUsed = slotsUsed == null ? new int[n] : Arrays.copyOf(slotsUsed, n);
            bottleneck = bottleneck == null ? new Object[n] : Arrays.copyOf(bottleneck, n);
        }

        /**
         * Adds a sample with the fields of {@link LoadFigures.Sample}, checked as it checks them; its
         * time is {@code sinceStart} nanoseconds after the builder's start, at least 0.
         */
        void add(
                long sinceStart,
                double rate,
                double cap,
                double waiting,
                int present,
                int desired,
                int slots,
                Optional<String> bottleneckId) {
            Objects.requireNonNull(bottleneckId, "bottleneck");
            if (size == seconds.length) {
                allocate(size * 2);
            }
            // as start.plusNanos(sinceStart): the sum of the nanosecond parts fits a long
            long n = startNano + sinceStart;
            seconds[size] = Math.addExact(startSecond, n / NANOS_PER_SECOND);
            nanos[size] = (int) (n % NANOS_PER_SECOND);
            inputRate[size] = rate;
            capacity[size] = cap;
            backlog[size] = waiting;
            taskManagers[size] = present;
            desiredTaskManagers[size] = desired;
            slotsUsed[size] = slots;
            bottleneck[size] = bottleneckId;
            size++;
        }

        /** The list of the samples added; the builder is then spent. */
        SampleList build() {
            SampleList list = new SampleList(this);
            seconds = null;
            nanos = null;
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
