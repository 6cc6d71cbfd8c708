package io.github.slotwise.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.slotwise.model.Readable;
import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders {@code slotwise compare}: per scenario, one row per policy, its summary figures in columns. */
final class CompareReport {
    private CompareReport() {}

    static String text(List<List<SimulationRun>> runsPerInput, Optional<String> chart) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < runsPerInput.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            List<SimulationRun> runs = runsPerInput.get(i);
            SimulationText.header(out, runs.get(0).input())
                    .add("simulator", SimulationText.settings(runs.get(0), byAssigner(runs)))
                    .appendTo(out);
            out.append('\n');
            table(runs).appendTo(out, SimulationText.INDENT);
        }
        out.append('\n')
                .append("Columns: restarts after failures; downtime in seconds (restart downtime: within the")
                .append(" restart cost of a deployment); slot-seconds used and available; peak key-group skew")
                .append(" of any keyed vertex; key groups moved by rescales; seconds to the desired parallelism;")
                .append(" for load scenarios the peak lag in records, the lag-seconds (record-seconds) and the")
                .append(" TaskManager-hours.");
        if (runsPerInput.stream().anyMatch(runs -> hasState(runs.get(0)))) {
            out.append(" With keyed state: the state downloaded from the checkpoint store and read from")
                    .append(
                            " TaskManagers' disks over all restarts, and the records replayed since the last checkpoint.");
        }
        out.append('\n');
        chart.ifPresent(c -> out.append('\n').append("Chart: ").append(c).append('\n'));
        return out.toString();
    }

    /** Whether the runs of one scenario use more than one assigner: then each row names its own. */
    static boolean byAssigner(List<SimulationRun> runs) {
        return runs.stream().map(r -> r.config().assigner().name()).distinct().count() > 1;
    }

    /** How a row (and a chart line) names a run: its policy, and its assigner if the rows differ in it. */
    static String rowName(List<SimulationRun> runs, SimulationRun run) {
        return run.policy().name()
                + (byAssigner(runs) ? " " + run.config().assigner().name() : "");
    }

    private static boolean hasState(SimulationRun run) {
        return run.input().load().flatMap(LoadScenario::state).isPresent();
    }

    /** The comparison table of one scenario. */
    static TextTable table(List<SimulationRun> runs) {
        boolean load = runs.get(0).load().isPresent();
        boolean state = hasState(runs.get(0));
        boolean assigners = byAssigner(runs);
        List<String> header = new ArrayList<>(List.of("policy"));
        if (assigners) {
            header.add("assigner");
        }
        header.addAll(List.of(
                ">rescales",
                ">restarts",
                ">restart downtime s",
                ">downtime s",
                ">slot-s used",
                ">slot-s available",
                ">utilization",
                ">peak skew",
                ">key groups moved",
                ">to desired s"));
        if (load) {
            header.addAll(List.of(">peak lag", ">lag-seconds", ">TM-hours"));
        } else {
            header.add(">final parallelism");
        }
        if (state) {
            header.addAll(List.of(">downloaded", ">read locally", ">replayed"));
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (SimulationRun run : runs) {
            Summary s = run.summary();
            List<Object> row = new ArrayList<>(List.of(run.policy().name()));
            if (assigners) {
                row.add(run.config().assigner().name());
            }
            row.addAll(List.of(
                    s.rescales(),
                    s.failureRestarts(),
                    Format.seconds(s.restartDowntime()),
                    Format.seconds(s.downtime()),
                    Format.number(s.slotSecondsUsed(), 1),
                    Format.number(s.slotSecondsAvailable(), 1),
                    Format.percent(s.utilization()),
                    run.summary().peakSkew().map(p -> TextReport.skew(p.skew())).orElse("-"),
                    run.summary().keyGroupsMoved(),
                    s.timeToDesiredParallelism().map(Format::seconds).orElse("-")));
            if (load) {
                LoadFigures l = run.load().orElseThrow();
                row.add(Format.number(l.peakBacklog(), 0));
                row.add(Format.scientific(l.lagSeconds()));
                row.add(Format.fixed(l.taskManagerHours(), 2));
            } else {
                row.add(s.finalParallelism().map(Format::parallelism).orElse("-"));
            }
            if (state) {
                row.add(Readable.bytes(s.stateBytesDownloaded()));
                row.add(Readable.bytes(s.stateBytesLocal()));
                row.add(Format.scientific(run.load().orElseThrow().replayedRecords()));
            }
            table.row(row.toArray());
        }
        return table;
    }

    static String json(List<List<SimulationRun>> runsPerInput, Optional<String> chart) {
        ObjectNode root = SimulationJson.MAPPER.createObjectNode();
        ArrayNode comparisons = root.putArray("comparisons");
        for (List<SimulationRun> runs : runsPerInput) {
            ObjectNode c = comparisons.addObject();
            SimulationJson.input(c.putObject("input"), runs.get(0).input());
            ObjectNode simulator = c.putObject("simulator");
            simulator.put(
                    "heartbeatTimeoutMs",
                    runs.get(0).config().heartbeatTimeout().toMillis());
            simulator.put("restartCostMs", runs.get(0).config().restartCost().toMillis());
            simulator.put("assigner", runs.get(0).config().assigner().name());
            ArrayNode rows = c.putArray("runs");
            for (SimulationRun run : runs) {
                ObjectNode r = rows.addObject();
                r.put("policy", run.policy().name());
                r.put("assigner", run.config().assigner().name());
                r.put("decider", run.result().deciderName());
                SimulationJson.summary(r.putObject("summary"), run);
            }
        }
        SimulationJson.putOptional(root, "chart", chart);
        return SimulationJson.write(root);
    }
}
