package io.github.slotwise.sweep;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statistics of a sweep: for each cell and metric, the spread of its values over the samples
 * and, for every cell but the baseline, the paired difference against the baseline of its family.
 * A value: the same sweep gives an equal report, and the same {@link #csv()}.
 *
 * @param families the families, in order
 * @param policies the policies' names, in order
 * @param assigners the assigners' names, in order
 * @param samples days per family
 * @param baselinePolicy the baseline policy's name
 * @param baselineAssigner the baseline assigner's name
 * @param seed the bootstrap's seed
 * @param bootstrapResamples resamples per bootstrap interval
 * @param rows one per cell and metric, cell by cell ({@link SweepSpec#cells()} order), then metric
 *     by metric
 */
public record SweepReport(
        List<FamilyInfo> families,
        List<String> policies,
        List<String> assigners,
        int samples,
        String baselinePolicy,
        String baselineAssigner,
        long seed,
        int bootstrapResamples,
        List<Row> rows) {

    /** The confidence level of every interval. */
    public static final double CONFIDENCE = 0.95;

    /**
     * Copies the lists.
     *
     * @param families the families
     * @param policies the policies
     * @param assigners the assigners
     * @param samples days per family
     * @param baselinePolicy the baseline policy
     * @param baselineAssigner the baseline assigner
     * @param seed the bootstrap's seed
     * @param bootstrapResamples resamples per interval
     * @param rows the rows
     */
    public SweepReport {
        families = ImmutableList.copyOf(families);
        policies = ImmutableList.copyOf(policies);
        assigners = ImmutableList.copyOf(assigners);
        Limits.checkNotNull("SweepReport.baselinePolicy", baselinePolicy);
        Limits.checkNotNull("SweepReport.baselineAssigner", baselineAssigner);
        rows = ImmutableList.copyOf(rows);
    }

    /**
     * A family as the report names it.
     *
     * @param name its name
     * @param description what it varies
     * @param seed the seed its days were drawn with
     */
    public record FamilyInfo(String name, String description, long seed) {
        /**
         * Checks the fields are present.
         *
         * @param name the name
         * @param description the description
         * @param seed the seed
         */
        public FamilyInfo {
            Limits.checkNotNull("FamilyInfo.name", name);
            Limits.checkNotNull("FamilyInfo.description", description);
        }
    }

    /**
     * The spread of one metric of one cell over the samples. Percentiles are estimated as R's and
     * NumPy's default (R-7, linear interpolation between order statistics).
     *
     * @param n samples
     * @param mean the mean
     * @param stddev the sample standard deviation (n − 1)
     * @param min the least value
     * @param p50 the median
     * @param p90 the 90th percentile
     * @param p99 the 99th percentile
     * @param max the greatest value
     */
    public record Spread(
            int n, double mean, double stddev, double min, double p50, double p90, double p99, double max) {}

    /**
     * The paired difference of one metric: this cell's value minus the baseline's on the same sample,
     * over the samples.
     *
     * @param mean the mean difference
     * @param tLow the lower end of the 95 % paired t interval of the mean difference
     * @param tHigh its upper end
     * @param bootstrapLow the lower end of the 95 % bootstrap percentile interval of the mean
     *     difference (the 2.5th percentile of the means of {@link SweepReport#bootstrapResamples()}
     *     resamples)
     * @param bootstrapHigh its upper end (the 97.5th percentile)
     * @param lower samples on which this cell's value is below the baseline's
     * @param equal samples on which they are equal
     * @param higher samples on which it is above
     */
    public record Difference(
            double mean,
            double tLow,
            double tHigh,
            double bootstrapLow,
            double bootstrapHigh,
            int lower,
            int equal,
            int higher) {}

    /**
     * One metric of one cell.
     *
     * @param cell the cell
     * @param metric the metric
     * @param spread its spread over the samples
     * @param difference against the baseline of the cell's family; empty for the baseline itself
     */
    public record Row(Cell cell, Metric metric, Spread spread, Optional<Difference> difference) {
        /**
         * Checks the fields are present.
         *
         * @param cell the cell
         * @param metric the metric
         * @param spread the spread
         * @param difference the difference, if not the baseline
         */
        public Row {
            Limits.checkNotNull("Row.cell", cell);
            Limits.checkNotNull("Row.metric", metric);
            Limits.checkNotNull("Row.spread", spread);
            Limits.checkNotNull("Row.difference", difference);
        }
    }

    /**
     * The rows of one metric.
     *
     * @param metric the metric
     * @return its rows, in cell order
     */
    public List<Row> rows(Metric metric) {
        return rows.stream().filter(r -> r.metric() == metric).collect(ImmutableList.toImmutableList());
    }

    /**
     * The report as CSV (RFC 4180, a header line, one line per row, {@code \n} line ends): every
     * number in Java's shortest exact decimal form ({@link Double#toString(double)}), the difference's
     * columns empty for the baseline.
     *
     * @return the CSV text
     */
    public String csv() {
        StringBuilder s = new StringBuilder();
        s.append("family,policy,assigner,metric,samples,mean,stddev,min,p50,p90,p99,max,"
                + "diff_mean,diff_t_low,diff_t_high,diff_bootstrap_low,diff_bootstrap_high,lower,equal,higher\n");
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(List.of(
                    field(r.cell().family()),
                    field(r.cell().policy()),
                    field(r.cell().assigner()),
                    r.metric().id()));
            Spread sp = r.spread();
            for (double v : new double[] {sp.mean(), sp.stddev(), sp.min(), sp.p50(), sp.p90(), sp.p99(), sp.max()}) {
                cells.add(Double.toString(v));
            }
            cells.add(4, Integer.toString(sp.n()));
            if (r.difference().isPresent()) {
                Difference d = r.difference().get();
                for (double v : new double[] {d.mean(), d.tLow(), d.tHigh(), d.bootstrapLow(), d.bootstrapHigh()}) {
                    cells.add(Double.toString(v));
                }
                cells.add(Integer.toString(d.lower()));
                cells.add(Integer.toString(d.equal()));
                cells.add(Integer.toString(d.higher()));
            } else {
                for (int i = 0; i < 8; i++) {
                    cells.add("");
                }
            }
            s.append(String.join(",", cells)).append('\n');
        }
        return s.toString();
    }

    private static String field(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
