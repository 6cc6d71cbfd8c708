package io.github.slotwise.sweep;

import com.google.common.hash.Hashing;
import io.github.slotwise.sweep.SweepReport.Difference;
import io.github.slotwise.sweep.SweepReport.FamilyInfo;
import io.github.slotwise.sweep.SweepReport.Row;
import io.github.slotwise.sweep.SweepReport.Spread;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The statistics of a {@link SweepResult}, all from Apache Commons Math: means and variances ({@link
 * StatUtils}), percentiles ({@link Percentile}, estimation R-7), the paired t interval ({@link
 * TDistribution}) and the bootstrap percentile interval, whose resamples draw from a {@link
 * Well19937c} seeded with a Murmur3 hash of (the sweep's seed, the cell, the metric): each interval
 * has its own generator, so the report does not depend on the order rows are computed in.
 */
final class SweepStatistics {
    private SweepStatistics() {}

    static SweepReport report(SweepResult result, int threads) {
        SweepSpec spec = result.spec();
        List<Cell> cells = result.cells();
        Metric[] metrics = Metric.values();
        Row[] rows = new Row[cells.size() * metrics.length];
        Parallel.run(rows.length, threads, i -> {
            int c = (int) (i / metrics.length);
            Metric metric = metrics[(int) (i % metrics.length)];
            Cell cell = cells.get(c);
            double[] x = result.raw(c, metric);
            Optional<Difference> difference = Optional.empty();
            Cell baseline = new Cell(cell.family(), spec.baselinePolicy(), spec.baselineAssigner());
            if (!cell.equals(baseline)) {
                double[] b = result.raw(cells.indexOf(baseline), metric);
                difference =
                        Optional.of(difference(x, b, random(spec.seed(), cell, metric), spec.bootstrapResamples()));
            }
            rows[(int) i] = new Row(cell, metric, spread(x), difference);
        });
        return new SweepReport(
                spec.families().stream()
                        .map(f -> new FamilyInfo(
                                f.name(), f.description(), f.family().seed()))
                        .toList(),
                spec.policies().stream().map(p -> p.name()).toList(),
                spec.assigners().stream().map(a -> a.name()).toList(),
                spec.samples(),
                spec.baselinePolicy(),
                spec.baselineAssigner(),
                spec.seed(),
                spec.bootstrapResamples(),
                List.of(rows));
    }

    static Spread spread(double[] x) {
        Percentile percentile = percentile(x);
        return new Spread(
                x.length,
                StatUtils.mean(x),
                Math.sqrt(StatUtils.variance(x)),
                StatUtils.min(x),
                percentile.evaluate(50),
                percentile.evaluate(90),
                percentile.evaluate(99),
                StatUtils.max(x));
    }

    static Difference difference(double[] x, double[] baseline, Well19937c random, int resamples) {
        int n = x.length;
        double[] d = new double[n];
        int lower = 0;
        int equal = 0;
        for (int k = 0; k < n; k++) {
            d[k] = x[k] - baseline[k];
            if (x[k] < baseline[k]) {
                lower++;
            } else if (x[k] == baseline[k]) {
                equal++;
            }
        }
        double mean = StatUtils.mean(d);
        double sd = Math.sqrt(StatUtils.variance(d));
        double half = sd == 0
                ? 0
                : new TDistribution(n - 1).inverseCumulativeProbability(0.5 + SweepReport.CONFIDENCE / 2)
                        * sd
                        / Math.sqrt(n);
        double bootLow = mean;
        double bootHigh = mean;
        if (sd != 0) {
            double[] means = new double[resamples];
            for (int r = 0; r < resamples; r++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += d[random.nextInt(n)];
                }
                means[r] = sum / n;
            }
            Percentile p = percentile(means);
            double tail = (1 - SweepReport.CONFIDENCE) / 2 * 100;
            bootLow = p.evaluate(tail);
            bootHigh = p.evaluate(100 - tail);
        }
        return new Difference(mean, mean - half, mean + half, bootLow, bootHigh, lower, equal, n - lower - equal);
    }

    private static Percentile percentile(double[] values) {
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(values);
        return p;
    }

    private static Well19937c random(long seed, Cell cell, Metric metric) {
        long hash = Hashing.murmur3_128()
                .newHasher()
                .putLong(seed)
                .putString(cell.family(), StandardCharsets.UTF_8)
                .putByte((byte) 0)
                .putString(cell.policy(), StandardCharsets.UTF_8)
                .putByte((byte) 0)
                .putString(cell.assigner(), StandardCharsets.UTF_8)
                .putByte((byte) 0)
                .putString(metric.id(), StandardCharsets.UTF_8)
                .hash()
                .asLong();
        return new Well19937c(hash);
    }
}
