package io.github.slotwise.cli;

import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.cli.SlotwiseCliTest.Run;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ChartTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void simulateWritesAPngAndSaysSo() throws Exception {
        Path png = dir.resolve("run.png");

        Run r = run("simulate", "--scenario", "trace/sigkill-scale-down", "--chart", png.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).last().isEqualTo("Chart: " + png);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, 8)).isEqualTo(PNG_MAGIC);
        assertThat(bytes.length).isGreaterThan(10_000);
        // the same run draws the same picture
        Path again = dir.resolve("again.png");
        run("simulate", "--scenario", "trace/sigkill-scale-down", "--chart", again.toString());
        assertThat(Files.readAllBytes(again)).isEqualTo(bytes);
    }

    @Test
    void simulateWritesAnSvgWithTheSeries() throws Exception {
        Path svg = dir.resolve("run.SVG");

        Run r = run("simulate", "--scenario", "trace/startup-one-by-one", "--chart", svg.toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("chart").asText()).isEqualTo(svg.toString());
        byte[] bytes = Files.readAllBytes(svg);
        assertThat(bytes.length).isGreaterThan(10_000);
        Document doc = parse(bytes);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        // XChart draws text as outlines: the SVG is shapes only
        assertThat(doc.getElementsByTagName("path").getLength()).isGreaterThan(50);
        Path again = dir.resolve("again.svg");
        run("simulate", "--scenario", "trace/startup-one-by-one", "--chart", again.toString());
        assertThat(Files.readAllBytes(again)).isEqualTo(bytes);
    }

    // startup-one-by-one with flink-2 (see SimulateCommandTest): 2 slots at 0, 4 at 20 s, 6 at 45 s,
    // 8 at 2 min, 10 at 4 min; the job uses 2 slots from 10 s and 6 from 45 s.
    @Test
    void theSimulateChartsSeriesAreStepFunctionsOfTheTimeline() {
        SimulationRun run = SimulationRun.of(
                BuiltInScenarios.byName("trace/startup-one-by-one", "test").input(Optional.empty()),
                io.github.slotwise.registry.Policies.byName("flink-2"));

        Charts.Chart chart = SimulationCharts.simulate(run);

        assertThat(chart.xAxisTitle()).isEqualTo("minutes since start");
        assertThat(chart.panels()).hasSize(1);
        Charts.Panel panel = chart.panels().get(0);
        assertThat(panel.title()).isEqualTo("flink-2 on trace/startup-one-by-one");
        assertThat(panel.series())
                .extracting(Charts.Series::name)
                .containsExactly(
                        "slots available",
                        "slots used",
                        "parallelism source",
                        "parallelism tokenize",
                        "parallelism count",
                        "parallelism sink",
                        "rescale");
        Charts.Series available = panel.series().get(0);
        assertThat(available.style()).isEqualTo(Charts.Style.AREA);
        assertThat(available.x()).containsExactly(0, 0, 0, 1 / 3.0, 1 / 3.0, 0.75, 0.75, 2, 2, 4, 4, 6);
        assertThat(available.y()).containsExactly(0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10);
        Charts.Series used = panel.series().get(1);
        assertThat(used.x()).containsExactly(0, 1 / 6.0, 1 / 6.0, 0.75, 0.75, 6);
        assertThat(used.y()).containsExactly(0, 0, 2, 2, 6, 6);
        Charts.Series rescales = panel.series().get(6);
        assertThat(rescales.style()).isEqualTo(Charts.Style.MARKERS);
        assertThat(rescales.x()).containsExactly(1 / 6.0, 0.75);
        assertThat(rescales.y()).containsExactly(2, 6);
    }

    @Test
    void compareDrawsOneLinePerPolicyAndOnePanelPerScenario() throws Exception {
        Path svg = dir.resolve("compare.svg");

        Run r = run(
                "compare",
                "--scenario",
                "trace/startup-one-by-one,trace/autoscaler",
                "--policies",
                "flink-2,reactive,flink-2+keygroup-aware",
                "--chart",
                svg.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(svg);
        assertThat(parse(bytes).getDocumentElement().getAttribute("height")).isEqualTo(2 * Charts.PANEL_HEIGHT + "px");
        Charts.Chart chart = SimulationCharts.compare(List.of(List.of(SimulationRun.of(
                BuiltInScenarios.byName("trace/autoscaler", "test").input(Optional.empty()),
                io.github.slotwise.registry.Policies.byName("reactive")))));
        assertThat(chart.panels().get(0).title()).isEqualTo("Slots used on trace/autoscaler");
        assertThat(chart.panels().get(0).series())
                .extracting(Charts.Series::name)
                .containsExactly("reactive");

        Path png = dir.resolve("compare.png");
        assertThat(run("compare", "--scenario", "trace/sigkill-scale-down", "--chart", png.toString())
                        .exitCode())
                .isZero();
        assertThat(Arrays.copyOf(Files.readAllBytes(png), 8)).isEqualTo(PNG_MAGIC);
    }

    // A load scenario adds the input rate, capacity and lag, from the samples: startup-one-by-one
    // lasts 20 min, sampled every 10 s (121 samples, fewer than the buckets: every one is drawn).
    @Test
    void aLoadScenarioAddsRateCapacityAndLag() {
        SimulationRun run = SimulationRun.of(
                BuiltInScenarios.byName("startup-one-by-one", "test").input(Optional.empty()),
                io.github.slotwise.registry.Policies.byName("flink-2"));

        Charts.Chart chart = SimulationCharts.simulate(run);

        assertThat(chart.panels())
                .extracting(Charts.Panel::title)
                .containsExactly(
                        "flink-2 on startup-one-by-one",
                        // parallelism 2 processes 1000 x 128 / 64 = 2000 of the 6000 records/s from 0:20 (the
                        // start at 0:10 plus the 10 s restart) to the rescale at 1:30: 70 s, longer than any
                        // other stretch of growing lag (parallelism 6: 128 000 / 22 = 5818 for 50 s)
                        "Input rate and what the job processes; while the lag grew, count at parallelism 2 (2000"
                                + " records/s) capped it",
                        "Lag");
        assertThat(chart.panels().get(1).series())
                .extracting(Charts.Series::name)
                .containsExactly("input rate", "capacity");
        Charts.Series backlog = chart.panels().get(2).series().get(0);
        assertThat(backlog.x()).hasSize(121);
        assertThat(Arrays.stream(backlog.y()).max().orElseThrow())
                .isEqualTo(run.load().orElseThrow().samples().stream()
                        .mapToDouble(io.github.slotwise.simulation.LoadFigures.Sample::backlog)
                        .max()
                        .orElseThrow());

        Charts.Chart compare = SimulationCharts.compare(List.of(List.of(run)));
        assertThat(compare.panels())
                .extracting(Charts.Panel::title)
                .containsExactly("Slots used on startup-one-by-one", "Lag on startup-one-by-one");
    }

    // Many samples are drawn as each run's lowest and highest point, so no peak is lost.
    @Test
    void longLoadsKeepTheirPeaks() {
        SimulationRun run = SimulationRun.of(
                BuiltInScenarios.byName("reactive-blog-day", "test").input(Optional.empty()),
                io.github.slotwise.registry.Policies.byName("reactive"));

        Charts.Series backlog =
                SimulationCharts.simulate(run).panels().get(2).series().get(0);

        assertThat(run.load().orElseThrow().samples()).hasSize(8641);
        assertThat(backlog.x()).hasSizeLessThanOrEqualTo(2 * SimulationCharts.MAX_BUCKETS);
        assertThat(Arrays.stream(backlog.y()).max().orElseThrow())
                .isEqualTo(run.load().orElseThrow().samples().stream()
                        .mapToDouble(io.github.slotwise.simulation.LoadFigures.Sample::backlog)
                        .max()
                        .orElseThrow());
        for (int i = 1; i < backlog.x().length; i++) {
            assertThat(backlog.x()[i]).isGreaterThan(backlog.x()[i - 1]);
        }
    }

    /** Parses SVG without fetching its DTD. */
    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new ByteArrayInputStream(svg));
    }
}
