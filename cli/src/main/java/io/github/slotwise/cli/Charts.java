package io.github.slotwise.cli;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.github.slotwise.simulation.format.InputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts with XChart, stacked in panels that share the time axis, written headless as PNG or
 * SVG. The same data gives the same bytes: no timestamps, fixed sizes, no random ids.
 */
final class Charts {
    static {
        // before the first AWT class: no display is needed, or used if there is one
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 1000;
    static final int PANEL_HEIGHT = 380;

    private static final Color AREA_FILL = new Color(200, 215, 235);
    private static final Color AREA_LINE = new Color(120, 150, 200);

    /** How a series is drawn. */
    enum Style {
        /** Straight lines between points; a step function has two points at each change. */
        LINE,
        /** Markers only, e.g. rescale events. */
        MARKERS,
        /** A light area under a step line, for what is offered (e.g. slots available). */
        AREA
    }

    /** One named series; {@code x} and {@code y} have the same length, at least 1. */
    record Series(String name, double[] x, double[] y, Style style) {
        Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x, " + y.length + " y");
            }
        }
    }

    /** One chart of the stack. */
    record Panel(String title, String yAxisTitle, List<Series> series) {}

    /** Panels one below the other, sharing the time axis' title. */
    record Chart(String xAxisTitle, List<Panel> panels) {}

    private Charts() {}

    /**
     * Draws the panels one below the other and writes them to {@code file}.
     *
     * @throws InputException if the file cannot be written
     */
    static void write(ChartFile file, Chart chart) {
        write(file, render(file.format(), chart));
    }

    /**
     * Writes rendered bytes to {@code file}.
     *
     * @throws InputException if the file cannot be written
     */
    static void write(ChartFile file, byte[] bytes) {
        try {
            Files.write(file.path(), bytes);
        } catch (AccessDeniedException e) {
            throw new InputException("--chart " + file.path() + ": cannot write: permission denied");
        } catch (IOException e) {
            throw new InputException("--chart " + file.path() + ": cannot write: " + e.getMessage());
        }
    }

    static byte[] render(ChartFile.Format format, Chart chart) {
        List<XYChart> charts =
                chart.panels().stream().map(p -> xyChart(chart.xAxisTitle(), p)).toList();
        return render(format, charts);
    }

    /** XChart charts of any kind, one below the other, each {@value #WIDTH} x {@value #PANEL_HEIGHT}. */
    static byte[] render(
            ChartFile.Format format, List<? extends org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts) {
        int height = PANEL_HEIGHT * charts.size();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (format == ChartFile.Format.PNG) {
                BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                paint(g, charts);
                g.dispose();
                ImageIO.write(image, "png", out);
            } else {
                VectorGraphics2D g = new VectorGraphics2D();
                paint(g, charts);
                new SVGProcessor()
                        .getDocument(g.getCommands(), new PageSize(0, 0, WIDTH, height))
                        .writeTo(out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void paint(Graphics2D g, List<? extends org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts) {
        for (int i = 0; i < charts.size(); i++) {
            Graphics2D panel = (Graphics2D) g.create(0, i * PANEL_HEIGHT, WIDTH, PANEL_HEIGHT);
            charts.get(i).paint(panel, WIDTH, PANEL_HEIGHT);
            panel.dispose();
        }
    }

    private static XYChart xyChart(String xAxisTitle, Panel panel) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(PANEL_HEIGHT)
                .title(panel.title())
                .xAxisTitle(xAxisTitle)
                .yAxisTitle(panel.yAxisTitle())
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        // 250,000 rather than XChart's 2.5E5 for large figures such as lag
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        for (Series s : panel.series()) {
            XYSeries series = chart.addSeries(s.name(), s.x(), s.y());
            switch (s.style()) {
                case MARKERS -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(SeriesMarkers.DIAMOND);
                }
                case AREA -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
                    series.setMarker(SeriesMarkers.NONE);
                    series.setFillColor(AREA_FILL);
                    series.setLineColor(AREA_LINE);
                }
                case LINE -> series.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }
}
