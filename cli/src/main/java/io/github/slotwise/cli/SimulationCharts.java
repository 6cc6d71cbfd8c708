package io.github.slotwise.cli;

import io.github.slotwise.model.JobVertex;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The charts of {@code simulate} and {@code compare}: what to draw from the runs. */
final class SimulationCharts {
    /** Jobs with more vertices than this show only their keyed vertices' parallelism. */
    static final int MAX_VERTEX_LINES = 6;

    /** Load figures with more samples than this are drawn by their range in this many runs. */
    static final int MAX_BUCKETS = 500;

    private SimulationCharts() {}

    /** Slots available and used, each vertex's parallelism, and the rescales, over time. */
    static Charts.Chart simulate(SimulationRun run) {
        TimeAxis axis = TimeAxis.of(run.input());
        List<TimelineEntry> timeline = run.result().timeline();
        List<Charts.Series> series = new ArrayList<>();
        series.add(step(axis, "slots available", timeline, TimelineEntry::availableSlots, Charts.Style.AREA));
        series.add(slotsUsed(axis, "slots used", timeline));
        List<JobVertex> vertices = run.input().graph().vertices();
        boolean keyedOnly = vertices.size() > MAX_VERTEX_LINES;
        for (JobVertex v : vertices) {
            if (!keyedOnly || v.keyed()) {
                ToDoubleFunction<TimelineEntry> parallelism =
                        e -> e.running().map(p -> p.get(v.id())).orElse(0);
                series.add(step(axis, "parallelism " + v.id(), timeline, parallelism, Charts.Style.LINE));
            }
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (TimelineEntry e : run.result().rescales()) {
            x.add(axis.x(e.time()));
            y.add((double) e.decision().orElseThrow().plan().orElseThrow().slotsUsed());
        }
        if (!x.isEmpty()) {
            series.add(new Charts.Series("rescale", array(x), array(y), Charts.Style.MARKERS));
        }
        List<Charts.Panel> panels = new ArrayList<>();
        panels.add(new Charts.Panel(run.policy().name() + " on " + run.input().name(), "slots / parallelism", series));
        run.load().ifPresent(load -> {
            List<LoadFigures.Sample> samples = load.samples();
            panels.add(new Charts.Panel(
                    "Input rate and what the job processes"
                            + load.bottleneck()
                                    .map(b -> "; while the lag grew, " + b.vertex() + " at parallelism "
                                            + b.parallelism() + " (" + Format.number(b.capacity(), 0)
                                            + " records/s) capped it")
                                    .orElse(""),
                    "records / s",
                    List.of(
                            sampled(axis, "input rate", samples, LoadFigures.Sample::inputRate),
                            sampled(axis, "capacity", samples, LoadFigures.Sample::capacity))));
            panels.add(new Charts.Panel(
                    "Lag", "records", List.of(sampled(axis, "backlog", samples, LoadFigures.Sample::backlog))));
        });
        return new Charts.Chart(axis.title(), panels);
    }

    /** One panel per scenario, one line per policy in each: the slots each uses over time. */
    static Charts.Chart compare(List<List<SimulationRun>> runsPerInput) {
        boolean hours = runsPerInput.stream()
                .anyMatch(runs -> TimeAxis.of(runs.get(0).input()).hours());
        List<Charts.Panel> panels = new ArrayList<>();
        for (List<SimulationRun> runs : runsPerInput) {
            SimulationInput input = runs.get(0).input();
            TimeAxis axis = new TimeAxis(input.start(), input.end(), hours);
            List<Charts.Series> series = new ArrayList<>();
            for (SimulationRun run : runs) {
                series.add(slotsUsed(
                        axis, CompareReport.rowName(runs, run), run.result().timeline()));
            }
            panels.add(new Charts.Panel("Slots used on " + input.name(), "slots used", series));
            if (input.load().isPresent()) {
                List<Charts.Series> lag = new ArrayList<>();
                for (SimulationRun run : runs) {
                    lag.add(sampled(
                            axis,
                            CompareReport.rowName(runs, run),
                            run.load().orElseThrow().samples(),
                            LoadFigures.Sample::backlog));
                }
                panels.add(new Charts.Panel("Lag on " + input.name(), "records", lag));
            }
        }
        return new Charts.Chart(new TimeAxis(Instant.EPOCH, Instant.EPOCH, hours).title(), panels);
    }

    /** The slots the deployed plan uses after each entry; 0 while not deployed. */
    private static Charts.Series slotsUsed(TimeAxis axis, String name, List<TimelineEntry> timeline) {
        Step step = new Step(axis);
        int used = 0;
        for (TimelineEntry e : timeline) {
            if (e.running().isEmpty()) {
                used = 0;
            } else if (e.decision().map(Decision::isRescale).orElse(false)) {
                used = e.decision().get().plan().orElseThrow().slotsUsed();
            }
            step.at(e.time(), used);
        }
        return step.series(name, Charts.Style.LINE);
    }

    private static Charts.Series step(
            TimeAxis axis,
            String name,
            List<TimelineEntry> timeline,
            ToDoubleFunction<TimelineEntry> value,
            Charts.Style style) {
        Step step = new Step(axis);
        for (TimelineEntry e : timeline) {
            step.at(e.time(), value.applyAsDouble(e));
        }
        return step.series(name, style);
    }

    /**
     * A load figure over the samples, joined by straight lines. Beyond {@value #MAX_BUCKETS} samples,
     * each of {@value #MAX_BUCKETS} runs of samples is drawn by its lowest and highest point, in time
     * order: the chart keeps every peak (a lag spike between two kept samples would vanish) at a
     * fraction of the points.
     */
    static Charts.Series sampled(
            TimeAxis axis, String name, List<LoadFigures.Sample> samples, ToDoubleFunction<LoadFigures.Sample> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        int n = samples.size();
        int buckets = Math.min(n, MAX_BUCKETS);
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                double v = value.applyAsDouble(samples.get(i));
                if (v < value.applyAsDouble(samples.get(lo))) {
                    lo = i;
                }
                if (v > value.applyAsDouble(samples.get(hi))) {
                    hi = i;
                }
            }
            for (int i : lo == hi ? new int[] {lo} : new int[] {Math.min(lo, hi), Math.max(lo, hi)}) {
                x.add(axis.x(samples.get(i).time()));
                y.add(value.applyAsDouble(samples.get(i)));
            }
        }
        return new Charts.Series(name, array(x), array(y), Charts.Style.LINE);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The x axis: time since the start, in minutes, or in hours for runs longer than 3 h. */
    record TimeAxis(Instant start, Instant end, boolean hours) {
        static TimeAxis of(SimulationInput in) {
            return new TimeAxis(in.start(), in.end(), in.duration().compareTo(Duration.ofHours(3)) > 0);
        }

        double x(Instant t) {
            return Duration.between(start, t).toMillis() / (hours ? 3_600_000.0 : 60_000.0);
        }

        String title() {
            return hours ? "hours since start" : "minutes since start";
        }
    }

    /** A step function from 0 at the start, holding each value until the next, up to the end. */
    private static final class Step {
        private final TimeAxis axis;
        private final List<Double> x = new ArrayList<>();
        private final List<Double> y = new ArrayList<>();
        private double last;

        Step(TimeAxis axis) {
            this.axis = axis;
            x.add(0.0);
            y.add(0.0);
        }

        void at(Instant t, double value) {
            if (value != last) {
                double at = axis.x(t);
                x.add(at);
                y.add(last);
                x.add(at);
                y.add(value);
                last = value;
            }
        }

        Charts.Series series(String name, Charts.Style style) {
            x.add(axis.x(axis.end()));
            y.add(last);
            return new Charts.Series(name, array(x), array(y), style);
        }
    }
}
