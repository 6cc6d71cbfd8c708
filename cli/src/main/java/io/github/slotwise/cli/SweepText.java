package io.github.slotwise.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.slotwise.simulation.SimulationConfig;
import io.github.slotwise.sweep.Metric;
import io.github.slotwise.sweep.SweepReport;
import io.github.slotwise.sweep.SweepReport.Difference;
import io.github.slotwise.sweep.SweepReport.FamilyInfo;
import io.github.slotwise.sweep.SweepReport.Row;
import io.github.slotwise.sweep.SweepReport.Spread;
import java.util.Optional;
import java.util.function.DoubleFunction;

/** A {@link SweepReport} as text tables, one per metric, and as JSON. Every figure is the report's. */
final class SweepText {
    private SweepText() {}

    static String text(SweepReport r, SimulationConfig config, Optional<String> chart) {
        StringBuilder s = new StringBuilder();
        s.append("Sweep: ")
                .append(r.samples())
                .append(" days of each family, baseline ")
                .append(r.baselinePolicy())
                .append(" with ")
                .append(r.baselineAssigner())
                .append(", bootstrap seed ")
                .append(r.seed())
                .append('\n');
        for (FamilyInfo f : r.families()) {
            s.append("  ")
                    .append(f.name())
                    .append(" (seed ")
                    .append(f.seed())
                    .append("): ")
                    .append(f.description())
                    .append('\n');
        }
        s.append("  simulator: heartbeat timeout ")
                .append(Format.seconds(config.heartbeatTimeout()))
                .append(" s, restart cost ")
                .append(Format.seconds(config.restartCost()))
                .append(" s\n");
        for (Metric m : Metric.values()) {
            s.append('\n').append(title(m)).append('\n');
            TextTable t = new TextTable(
                    "family",
                    "policy",
                    "assigner",
                    ">mean",
                    ">p50",
                    ">p90",
                    ">p99",
                    ">vs baseline",
                    ">95% CI (t)",
                    ">95% CI (bootstrap)",
                    ">lower/equal/higher");
            DoubleFunction<String> f = format(m);
            for (Row row : r.rows(m)) {
                Spread sp = row.spread();
                if (row.difference().isEmpty()) {
                    t.row(
                            row.cell().family(),
                            row.cell().policy(),
                            row.cell().assigner(),
                            f.apply(sp.mean()),
                            f.apply(sp.p50()),
                            f.apply(sp.p90()),
                            f.apply(sp.p99()),
                            "baseline",
                            "",
                            "",
                            "");
                } else {
                    Difference d = row.difference().get();
                    t.row(
                            row.cell().family(),
                            row.cell().policy(),
                            row.cell().assigner(),
                            f.apply(sp.mean()),
                            f.apply(sp.p50()),
                            f.apply(sp.p90()),
                            f.apply(sp.p99()),
                            signed(f, d.mean()),
                            "[" + signed(f, d.tLow()) + ", " + signed(f, d.tHigh()) + "]",
                            "[" + signed(f, d.bootstrapLow()) + ", " + signed(f, d.bootstrapHigh()) + "]",
                            d.lower() + "/" + d.equal() + "/" + d.higher());
                }
            }
            t.appendTo(s, "  ");
        }
        s.append('\n')
                .append("Each row: the mean and percentiles (R-7) over the days; the mean difference from the"
                        + " baseline on the same days, with 95 % confidence intervals (paired t; bootstrap"
                        + " percentile of " + r.bootstrapResamples() + " resamples); the days on which the"
                        + " row's figure is lower than, equal to or higher than the baseline's.\n");
        chart.ifPresent(c -> s.append("Chart: ").append(c).append('\n'));
        return s.toString();
    }

    private static String title(Metric m) {
        return switch (m) {
            case RESCALES -> "Rescales";
            case DOWNTIME -> "Downtime (s)";
            case LAG_SECONDS -> "Lag-seconds (record-seconds)";
            case TASK_MANAGER_HOURS -> "TaskManager-hours";
            case KEY_GROUPS_MOVED -> "Key groups moved";
        };
    }

    private static DoubleFunction<String> format(Metric m) {
        return switch (m) {
            case LAG_SECONDS -> Format::scientific;
            case DOWNTIME, KEY_GROUPS_MOVED -> v -> Format.fixed(v, 1);
            default -> v -> Format.fixed(v, 2);
        };
    }

    private static String signed(DoubleFunction<String> f, double v) {
        String s = f.apply(v);
        if (s.matches("-0(\\.0+)?")) {
            s = s.substring(1);
        }
        return v > 0 && !s.matches("0(\\.0+)?") ? "+" + s : s;
    }

    static String json(SweepReport r, Optional<String> chart) {
        ObjectNode root = SimulationJson.MAPPER.createObjectNode();
        root.put("samples", r.samples());
        root.put("baselinePolicy", r.baselinePolicy());
        root.put("baselineAssigner", r.baselineAssigner());
        root.put("bootstrapSeed", r.seed());
        root.put("bootstrapResamples", r.bootstrapResamples());
        root.put("confidence", SweepReport.CONFIDENCE);
        ArrayNode families = root.putArray("families");
        for (FamilyInfo f : r.families()) {
            families.addObject()
                    .put("name", f.name())
                    .put("description", f.description())
                    .put("seed", f.seed());
        }
        r.policies().forEach(root.putArray("policies")::add);
        r.assigners().forEach(root.putArray("assigners")::add);
        ArrayNode rows = root.putArray("rows");
        for (Row row : r.rows()) {
            ObjectNode o = rows.addObject();
            o.put("family", row.cell().family());
            o.put("policy", row.cell().policy());
            o.put("assigner", row.cell().assigner());
            o.put("metric", row.metric().id());
            Spread sp = row.spread();
            o.put("n", sp.n());
            o.put("mean", sp.mean());
            o.put("stddev", sp.stddev());
            o.put("min", sp.min());
            o.put("p50", sp.p50());
            o.put("p90", sp.p90());
            o.put("p99", sp.p99());
            o.put("max", sp.max());
            if (row.difference().isPresent()) {
                Difference d = row.difference().get();
                ObjectNode diff = o.putObject("difference");
                diff.put("mean", d.mean());
                diff.put("tLow", d.tLow());
                diff.put("tHigh", d.tHigh());
                diff.put("bootstrapLow", d.bootstrapLow());
                diff.put("bootstrapHigh", d.bootstrapHigh());
                diff.put("lower", d.lower());
                diff.put("equal", d.equal());
                diff.put("higher", d.higher());
            } else {
                o.putNull("difference");
            }
        }
        SimulationJson.putOptional(root, "chart", chart);
        return SimulationJson.write(root);
    }
}
