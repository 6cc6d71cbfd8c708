package io.github.slotwise.flink.client;

/** A plain description of a replay for assertion messages. */
final class ReplayReportForTest {
    private ReplayReportForTest() {}

    static String describe(Replay.Result replay) {
        StringBuilder b = new StringBuilder();
        for (Replay.Row row : replay.rows()) {
            b.append(row.flink()
                            .map(f -> "flink " + f.triggerCause() + " "
                                    + f.executingAt().toMillis() + "ms "
                                    + f.parallelism().values())
                            .orElse("flink -"))
                    .append(" | ")
                    .append(row.slotwise()
                            .map(s -> "slotwise " + s.cause() + " " + s.at().toMillis() + "ms "
                                    + s.parallelism().values() + " " + s.reason())
                            .orElse("slotwise -"))
                    .append(row.agrees() ? " AGREE" : " DIFFER")
                    .append('\n');
        }
        replay.converted().trace().events().forEach(e -> b.append("  trace ")
                .append(e)
                .append('\n'));
        replay.converted()
                .skipped()
                .forEach(s -> b.append("  skipped ").append(s).append('\n'));
        return b.toString();
    }
}
