package io.github.slotwise.cli;

import io.github.slotwise.cost.RestoreModel;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Readable;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.simulation.Autoscaler;
import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.StateModel;
import io.github.slotwise.simulation.Summary;
import io.github.slotwise.simulation.TimelineEntry;
import io.github.slotwise.simulation.TraceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders a {@link SimulationRun} as plain text: ASCII only, no colours, {@code \n} line ends. */
final class SimulationText {
    static final String INDENT = "  ";

    private SimulationText() {}

    /**
     * The report of {@code slotwise simulate}.
     *
     * @param fullTimeline every timeline entry, not only those that change something
     * @param chart the chart file written, if any
     */
    static String render(SimulationRun run, boolean fullTimeline, Optional<String> chart) {
        StringBuilder out = new StringBuilder();
        policy(out, run);
        out.append('\n');
        timeline(out, run, fullTimeline);
        out.append('\n');
        summary(out, run);
        chart.ifPresent(c -> out.append('\n').append("Chart: ").append(c).append('\n'));
        return out.toString();
    }

    /** The title line, and the fields that describe the input; callers add theirs and append them. */
    static TextReport.Fields header(StringBuilder out, SimulationInput in) {
        out.append("Simulation: ").append(in.name()).append('\n');
        return new TextReport.Fields(INDENT)
                .add("scenario", in.description())
                .add("job", in.jobName() + ": " + vertexNames(in))
                .add(in.kind(), in.trace().isPresent() ? trace(in) : load(in));
    }

    private static void policy(StringBuilder out, SimulationRun run) {
        header(out, run.input())
                .add("policy", run.policy().name() + " (" + run.policy().description() + ")")
                .add("simulator", settings(run))
                .appendTo(out);
    }

    static String settings(SimulationRun run) {
        return settings(run, false);
    }

    /** The simulator's settings; {@code assignerPerRow}: the assigner is a column of the table. */
    static String settings(SimulationRun run, boolean assignerPerRow) {
        return "heartbeat timeout " + Readable.duration(run.config().heartbeatTimeout()) + ", restart cost "
                + Readable.duration(run.config().restartCost()) + ", assigner "
                + (assignerPerRow ? "per row" : run.config().assigner().name());
    }

    static String vertexNames(SimulationInput in) {
        return in.graph().vertices().stream().map(JobVertex::id).collect(Collectors.joining(", "));
    }

    static String trace(SimulationInput in) {
        List<TraceEvent> events = in.trace().orElseThrow().events();
        return Readable.duration(in.duration()) + ", " + events.size() + " event(s), " + checkpoints(in);
    }

    static String load(SimulationInput in) {
        LoadScenario l = in.load().orElseThrow();
        return Readable.duration(in.duration()) + ", TaskManagers of " + l.slotsPerTaskManager() + " slot(s), "
                + l.initialTaskManagers() + " at the start, " + autoscaler(l.autoscaler()) + ", removal "
                + l.removal() + ", " + l.losses().size() + " scripted loss(es), " + checkpoints(in)
                + l.state().map(SimulationText::state).orElse("");
    }

    /** The state model, for the load line: {@code ", keyed state 390.625 MB per key group, ..."}. */
    static String state(StateModel s) {
        List<String> sizes = new java.util.ArrayList<>();
        if (s.keyedState().bytesPerKeyGroup() > 0 || s.keyedState().totalBytes().isEmpty()) {
            sizes.add(Readable.bytes(s.keyedState().bytesPerKeyGroup()) + " per key group");
        }
        s.keyedState().totalBytes().forEach((v, b) -> sizes.add(Readable.bytes(b) + " in " + v));
        RestoreModel r = s.restore();
        return ", keyed state " + String.join(" and ", sizes) + ", local recovery " + (r.localRecovery() ? "on" : "off")
                + ", downloads at " + Readable.bytes(r.downloadBytesPerSecond()) + "/s per TaskManager, restore "
                + Readable.duration(r.restorePerGigabyte()) + " per GB";
    }

    private static String autoscaler(Autoscaler a) {
        return a.summary();
    }

    private static String checkpoints(SimulationInput in) {
        return in.checkpointInterval()
                .map(i -> "a checkpoint every " + Readable.duration(i) + " (also the policy's interval)")
                .orElse("no periodic checkpoints");
    }

    /** Whether the report shows an entry: it is not a repeat of the previous one's decision and state. */
    static boolean changesSomething(List<TimelineEntry> timeline, int i) {
        TimelineEntry e = timeline.get(i);
        if (i == 0 || e.decision().isEmpty()) {
            return true;
        }
        Decision d = e.decision().get();
        if (d.action() != Decision.Action.STAY && d.action() != Decision.Action.WAIT) {
            return true;
        }
        TimelineEntry prev = timeline.get(i - 1);
        return prev.availableSlots() != e.availableSlots()
                || !prev.running().equals(e.running())
                || !d.reason().equals(prev.decision().map(Decision::reason).orElse(null));
    }

    private static void timeline(StringBuilder out, SimulationRun run, boolean full) {
        List<TimelineEntry> timeline = run.result().timeline();
        TextTable table =
                new TextTable(">time", ">slots", ">parallelism", "decision", "reason", ">moved", "event | why");
        int shown = 0;
        for (int i = 0; i < timeline.size(); i++) {
            if (!full && !changesSomething(timeline, i)) {
                continue;
            }
            shown++;
            TimelineEntry e = timeline.get(i);
            table.row(
                    Format.clock(Duration.between(run.input().start(), e.time())),
                    e.availableSlots(),
                    e.running().map(Format::parallelism).orElse("-"),
                    e.decision().map(d -> d.action().name()).orElse("-"),
                    e.decision().map(d -> d.reason().name()).orElse("-"),
                    e.keyGroupsMoved().isPresent()
                            ? String.valueOf(e.keyGroupsMoved().getAsLong())
                            : "-",
                    e.cause() + e.decision().map(d -> " | " + d.explanation()).orElse(""));
        }
        out.append("Timeline (parallelism: ")
                .append(run.input().graph().vertices().stream()
                        .map(JobVertex::id)
                        .collect(Collectors.joining("/")))
                .append("; moved: key groups that changed slot; ")
                .append(
                        shown == timeline.size()
                                ? "all " + shown + " entries"
                                : shown + " of " + timeline.size()
                                        + " entries, repeats left out: --full-timeline shows all")
                .append("):\n");
        table.appendTo(out, INDENT);
    }

    /** Which vertex capped the job while the lag grew, and for how long. */
    static String bottleneck(LoadFigures.Bottleneck b) {
        return b.vertex() + " at parallelism " + b.parallelism() + " (" + Format.number(b.capacity(), 0)
                + " records/s) capped the job while the lag grew, for "
                + Readable.duration(Duration.ofMillis(Math.round(b.laggingSeconds() * 1000)));
    }

    private static void summary(StringBuilder out, SimulationRun run) {
        Summary s = run.summary();
        out.append("Summary:\n");
        TextReport.Fields fields = new TextReport.Fields(INDENT)
                .add(
                        "deployments",
                        s.deployments()
                                + s.firstStart()
                                        .map(t -> ", the first at "
                                                + Format.clock(Duration.between(
                                                        run.input().start(), t)))
                                        .orElse(", the job never started"))
                .add("rescales", String.valueOf(s.rescales()))
                .add("restarts after failures", String.valueOf(s.failureRestarts()))
                .add("restart downtime", Readable.duration(s.restartDowntime()))
                .add(
                        "downtime",
                        Readable.duration(s.downtime()) + " (restarting " + Readable.duration(s.restartDowntime())
                                + ", stalled " + Readable.duration(s.stalledTime()) + ", not deployed "
                                + Readable.duration(s.notRunningTime()) + ")")
                .add(
                        "slot-seconds",
                        Format.number(s.slotSecondsUsed(), 3) + " used of " + Format.number(s.slotSecondsAvailable(), 3)
                                + " available (" + Format.percent(s.utilization()) + ")")
                .add(
                        "peak key-group skew",
                        run.summary()
                                .peakSkew()
                                .map(p -> TextReport.skew(p.skew()) + " (" + p.vertex() + " at parallelism "
                                        + p.parallelism() + " of " + p.maxParallelism() + " key groups, from "
                                        + Format.clock(p.at()) + ")")
                                .orElse("- (no keyed vertex deployed)"))
                .add("key groups moved", String.valueOf(run.summary().keyGroupsMoved()))
                .add(
                        "time to desired parallelism",
                        s.timeToDesiredParallelism().map(Readable::duration).orElse("not reached"))
                .add(
                        "final parallelism",
                        s.finalParallelism().map(Format::parallelism).orElse("- (not deployed)"))
                .add("final scheduler state", s.finalState().name());
        run.load().ifPresent(l -> fields.add(
                        "peak lag",
                        Format.number(l.peakBacklog(), 0) + " records at "
                                + Format.clock(Duration.between(run.input().start(), l.peakBacklogAt())))
                .add("lag-seconds", Format.scientific(l.lagSeconds()) + " record-seconds")
                .add("final lag", Format.number(l.finalBacklog(), 0) + " records")
                .add("TaskManager-hours", Format.fixed(l.taskManagerHours(), 2))
                .add("peak TaskManagers", String.valueOf(l.peakTaskManagers()))
                .add("autoscaler changes", l.scaleUps() + " up, " + l.scaleDowns() + " down"));
        if (run.input().load().flatMap(LoadScenario::state).isPresent()) {
            fields.add(
                            "state restored",
                            Readable.bytes(s.stateBytesDownloaded()) + " downloaded, "
                                    + Readable.bytes(s.stateBytesLocal()) + " read locally")
                    .add(
                            "replayed",
                            Format.number(run.load().orElseThrow().replayedRecords(), 0)
                                    + " records (processed again after restarts)");
        }
        run.load().flatMap(LoadFigures::bottleneck).ifPresent(b -> fields.add("bottleneck", bottleneck(b)));
        fields.appendTo(out);
    }
}
