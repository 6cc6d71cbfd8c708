package io.github.slotwise.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.parallelism.AutoscalerAlignment;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import java.util.Optional;

/**
 * The figures of {@code slotwise keygroups}.
 *
 * @param partitioning M key groups over P subtasks
 * @param balancedBelow the largest divisor of M at or below P
 * @param balancedAbove the smallest divisor of M at or above P
 * @param alignDown the key-group-aware rule's pick
 * @param current the autoscaler's running parallelism, if given (else a scale-up)
 * @param balanced the autoscaler's BALANCED pick for target P
 * @param evenlySpread the autoscaler's EVENLY_SPREAD pick for target P
 */
record KeyGroupsReport(
        KeyGroupPartitioning partitioning,
        int balancedBelow,
        int balancedAbove,
        int alignDown,
        Optional<Integer> current,
        int balanced,
        int evenlySpread) {
    /** Up to this many subtasks, the text lists every range. */
    static final int ALL_UP_TO = 16;

    /** Beyond {@link #ALL_UP_TO}, the text lists this many ranges at each end. */
    static final int SHOWN_AT_EACH_END = 4;

    static KeyGroupsReport of(int m, int p, Integer current) {
        int below = p;
        while (m % below != 0) {
            below--;
        }
        int above = p;
        while (m % above != 0) {
            above++;
        }
        // Without --current, a scale-up to p: the autoscaler then scans [p, M], whatever it ran at.
        int from = current != null ? current : Math.max(1, p - 1);
        return new KeyGroupsReport(
                new KeyGroupPartitioning(m, p),
                below,
                above,
                KeyGroupAwareParallelismSolver.alignDown(m, p),
                Optional.ofNullable(current),
                AutoscalerAlignment.align(AutoscalerAlignment.Mode.BALANCED, m, m, from, p),
                AutoscalerAlignment.align(AutoscalerAlignment.Mode.EVENLY_SPREAD, m, m, from, p));
    }

    int m() {
        return partitioning.maxParallelism();
    }

    int p() {
        return partitioning.parallelism();
    }

    String text(boolean allRanges) {
        KeyGroupPartitioning kg = partitioning;
        StringBuilder out = new StringBuilder();
        out.append("Key groups: ").append(m()).append(" over ").append(p()).append(" subtask(s)\n");
        TextTable ranges = new TextTable(">subtask", ">first", ">last", ">key groups");
        boolean compact = !allRanges && p() > ALL_UP_TO;
        for (int i = 0; i < p(); i++) {
            if (compact && i == SHOWN_AT_EACH_END) {
                ranges.row("...", "...", "...", "...");
                i = p() - SHOWN_AT_EACH_END - 1;
                continue;
            }
            ranges.row(i, kg.start(i), kg.end(i), kg.size(i));
        }
        ranges.appendTo(out, SimulationText.INDENT);
        if (compact) {
            out.append(SimulationText.INDENT)
                    .append("(subtasks ")
                    .append(SHOWN_AT_EACH_END)
                    .append(" to ")
                    .append(p() - SHOWN_AT_EACH_END - 1)
                    .append(" left out: --all-ranges lists every one)\n");
        }
        out.append('\n');

        int hot = kg.hotSubtasks();
        out.append("Skew:\n");
        new TextReport.Fields(SimulationText.INDENT)
                .add(
                        "key groups per subtask",
                        "min " + kg.minKeyGroupsPerSubtask() + ", max " + kg.maxKeyGroupsPerSubtask() + ", mean "
                                + TextReport.skew(kg.meanKeyGroupsPerSubtask()))
                .add(
                        "hot subtasks",
                        kg.isBalanced()
                                ? "none: all " + p() + " hold " + kg.maxKeyGroupsPerSubtask() + " key group(s)"
                                : hot + " of " + p() + " hold " + kg.maxKeyGroupsPerSubtask() + " key group(s), "
                                        + (p() - hot) + " hold " + kg.minKeyGroupsPerSubtask())
                .add(
                        "skew",
                        TextReport.skew(kg.skew()) + " (the hottest subtask's key groups over the mean"
                                + (kg.isBalanced() ? "; balanced)" : ")"))
                .appendTo(out);
        out.append('\n');

        out.append("Parallelism without skew (divisors of ").append(m()).append("):\n");
        new TextReport.Fields(SimulationText.INDENT)
                .add("at or below " + p(), String.valueOf(balancedBelow))
                .add("at or above " + p(), String.valueOf(balancedAbove))
                .appendTo(out);
        out.append('\n');

        out.append("What the rules pick for ").append(p()).append(":\n");
        new TextReport.Fields(SimulationText.INDENT)
                .add(
                        "key-group-aware (alignDown)",
                        alignDown + " (the fewest subtasks whose hottest holds " + kg.maxKeyGroupsPerSubtask()
                                + " key group(s): ceil(" + m() + " / " + kg.maxKeyGroupsPerSubtask() + "))")
                .add("flink-autoscaler BALANCED", balanced + " (" + autoscalerTarget() + ")")
                .add("flink-autoscaler EVENLY_SPREAD", evenlySpread + " (" + autoscalerTarget() + ")")
                .appendTo(out);
        return out.toString();
    }

    private String autoscalerTarget() {
        return "target " + p() + ", " + current.map(c -> "running at " + c).orElse("a scale-up");
    }

    String json() {
        KeyGroupPartitioning kg = partitioning;
        ObjectNode root = SimulationJson.MAPPER.createObjectNode();
        root.put("maxParallelism", m());
        root.put("parallelism", p());
        ArrayNode ranges = root.putArray("ranges");
        kg.forEachRange((subtask, start, end) -> {
            ObjectNode r = ranges.addObject();
            r.put("subtask", subtask);
            r.put("first", start);
            r.put("last", end);
            r.put("keyGroups", end - start + 1);
        });
        ObjectNode per = root.putObject("keyGroupsPerSubtask");
        per.put("min", kg.minKeyGroupsPerSubtask());
        per.put("max", kg.maxKeyGroupsPerSubtask());
        per.put("mean", kg.meanKeyGroupsPerSubtask());
        root.put("hotSubtasks", kg.hotSubtasks());
        root.put("skew", kg.skew());
        root.put("balanced", kg.isBalanced());
        ObjectNode noSkew = root.putObject("withoutSkew");
        noSkew.put("atOrBelow", balancedBelow);
        noSkew.put("atOrAbove", balancedAbove);
        root.put("keyGroupAware", alignDown);
        ObjectNode autoscaler = root.putObject("autoscaler");
        autoscaler.put("target", p());
        if (current.isPresent()) {
            autoscaler.put("current", current.get());
        } else {
            autoscaler.putNull("current");
        }
        autoscaler.put("BALANCED", balanced);
        autoscaler.put("EVENLY_SPREAD", evenlySpread);
        return SimulationJson.write(root);
    }
}
