package io.github.slotwise.cli;

import io.github.slotwise.keygroup.KeyGroups;
import io.github.slotwise.simulation.format.InputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slotwise keygroups}: how Flink splits M key groups over P subtasks, and what is balanced. */
@Command(
        name = "keygroups",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        header = "Key-group ranges, skew and the balanced parallelism for M key groups over P subtasks.",
        description = {
            "Shows how Flink splits the key groups (maxParallelism M) of a keyed operator over P subtasks:"
                    + " each subtask's range, the skew (the hottest subtask's key groups over the mean),"
                    + " the nearest parallelism without skew below and above P (divisors of M), what"
                    + " Slotwise's key-group-aware rule picks (alignDown: the fewest subtasks with the same"
                    + " hottest subtask), and what the flink-autoscaler's BALANCED and EVENLY_SPREAD"
                    + " alignment picks for a target of P.",
            ""
        },
        footer = {
            "",
            "Example: slotwise keygroups --max-parallelism 128 --parallelism 96",
            "Exit codes: 0 ok, 2 bad input or usage."
        })
final class KeyGroupsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--max-parallelism",
            paramLabel = "M",
            required = true,
            description = "The number of key groups, 1 to " + KeyGroups.UPPER_BOUND_MAX_PARALLELISM + ".")
    private int maxParallelism;

    @Option(names = "--parallelism", paramLabel = "P", required = true, description = "The number of subtasks, 1 to M.")
    private int parallelism;

    @Option(
            names = "--current",
            paramLabel = "C",
            description = "The running parallelism the autoscaler aligns from, 1 to M; by default a scale-up"
                    + " to P (then C does not matter).")
    private Integer current;

    @Option(
            names = "--all-ranges",
            description = "List every subtask's range; by default only the first and last "
                    + KeyGroupsReport.SHOWN_AT_EACH_END + " when P > " + KeyGroupsReport.ALL_UP_TO + ".")
    private boolean allRanges;

    @Option(names = "--json", description = "Print one JSON document (with every range) instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        int max = KeyGroups.UPPER_BOUND_MAX_PARALLELISM;
        if (maxParallelism < 1 || maxParallelism > max) {
            throw new InputException("--max-parallelism " + maxParallelism + ": must be in [1, " + max
                    + "], Flink's bounds for the number of key groups");
        }
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new InputException("--parallelism " + parallelism + ": must be in [1, " + maxParallelism
                    + "] (at most --max-parallelism: every subtask needs a key group)");
        }
        if (current != null && (current < 1 || current > maxParallelism)) {
            throw new InputException("--current " + current + ": must be in [1, " + maxParallelism + "]");
        }
        KeyGroupsReport report = KeyGroupsReport.of(maxParallelism, parallelism, current);
        spec.commandLine().getOut().print(json ? report.json() : report.text(allRanges));
        return SlotwiseCli.EXIT_OK;
    }
}
