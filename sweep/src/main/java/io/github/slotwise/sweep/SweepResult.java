package io.github.slotwise.sweep;

import com.google.common.primitives.ImmutableDoubleArray;
import java.util.Arrays;
import java.util.List;

/**
 * Every figure of a sweep: for each {@link Cell} and {@link Metric}, one value per sample, in
 * sample order. {@link #report(int)} summarizes them.
 */
public final class SweepResult {
    private final SweepSpec spec;
    private final List<Cell> cells;
    private final double[][][] values;

    SweepResult(SweepSpec spec, double[][][] values) {
        this.spec = spec;
        this.cells = spec.cells();
        this.values = values;
    }

    /**
     * What was swept.
     *
     * @return the spec
     */
    public SweepSpec spec() {
        return spec;
    }

    /**
     * The cells, in {@link SweepSpec#cells()} order.
     *
     * @return the cells
     */
    public List<Cell> cells() {
        return cells;
    }

    /**
     * One metric of one cell, sample by sample.
     *
     * @param cell one of {@link #cells()}
     * @param metric the metric
     * @return value {@code k} is sample {@code k}'s
     * @throws IllegalArgumentException if the cell is not one of this sweep's
     */
    public ImmutableDoubleArray values(Cell cell, Metric metric) {
        int i = cells.indexOf(cell);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "no cell " + cell.family() + " / " + cell.policy() + " / " + cell.assigner() + " in this sweep");
        }
        return ImmutableDoubleArray.copyOf(values[i][metric.ordinal()]);
    }

    /**
     * The statistics of every cell and metric, computed on {@code threads} threads (the result does
     * not depend on how many).
     *
     * @param threads at least 1
     * @return the report
     */
    public SweepReport report(int threads) {
        return SweepStatistics.report(this, threads);
    }

    /** Sample values of cell {@code i}, metric {@code m}, not copied: for the statistics. */
    double[] raw(int i, Metric m) {
        return values[i][m.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SweepResult r && r.cells.equals(cells) && Arrays.deepEquals(r.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * cells.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "sweep of " + cells.size() + " cells x " + spec.samples() + " samples";
    }
}
