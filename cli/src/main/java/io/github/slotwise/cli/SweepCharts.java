package io.github.slotwise.cli;

import io.github.slotwise.simulation.family.NamedFamily;
import io.github.slotwise.sweep.Cell;
import io.github.slotwise.sweep.Metric;
import io.github.slotwise.sweep.SweepResult;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.style.BoxStyler;

/**
 * Box plots of a sweep: one panel per metric and family, one box per policy and assigner over the
 * days (quartiles, whiskers to the most extreme days within 1.5 interquartile ranges).
 */
final class SweepCharts {
    private SweepCharts() {}

    static void write(ChartFile file, SweepResult result) {
        Charts.write(file, Charts.render(file.format(), charts(result)));
    }

    static List<BoxChart> charts(SweepResult result) {
        List<BoxChart> charts = new ArrayList<>();
        boolean oneAssigner = result.spec().assigners().size() == 1;
        for (Metric m : Metric.values()) {
            for (NamedFamily f : result.spec().families()) {
                BoxChart chart = new BoxChartBuilder()
                        .width(Charts.WIDTH)
                        .height(Charts.PANEL_HEIGHT)
                        .title(m.id() + " on " + f.name() + " (" + result.spec().samples() + " days)")
                        .yAxisTitle(m.id())
                        .build();
                chart.getStyler().setChartBackgroundColor(Color.WHITE);
                chart.getStyler().setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1_PLUS_1);
                chart.getStyler().setLegendVisible(false);
                chart.getStyler().setYAxisDecimalPattern("#,##0.##");
                for (Cell c : result.cells()) {
                    if (c.family().equals(f.name())) {
                        String name = oneAssigner ? c.policy() : c.policy() + " / " + c.assigner();
                        chart.addSeries(name, result.values(c, m).toArray());
                    }
                }
                charts.add(chart);
            }
        }
        return charts;
    }
}
