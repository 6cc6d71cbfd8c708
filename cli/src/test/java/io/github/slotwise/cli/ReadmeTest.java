package io.github.slotwise.cli;

import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.cli.SlotwiseCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command outputs cannot go stale: every {@code bash} block after a {@value #MARKER}
 * comment holds one {@code java -jar cli/target/slotwise.jar ...} command, and the next {@code text}
 * block is its whole output ("whole output") or a part of it ("part of"). A {@code --chart} file is
 * written to a temporary directory instead.
 */
class ReadmeTest {
    static final String MARKER = "<!-- checked by ReadmeTest: ";
    static final String JAR = "java -jar cli/target/slotwise.jar ";

    @TempDir
    Path dir;

    /** One checked command and the text the README shows for it. */
    record Checked(List<String> args, String text, boolean whole) {}

    @Test
    void everyCheckedOutputIsTheCommandsCurrentOutput() throws Exception {
        List<Checked> checked = checkedBlocks(Files.readAllLines(readme()));
        assertThat(checked).as("checked blocks in README.md").hasSizeGreaterThanOrEqualTo(2);
        for (Checked c : checked) {
            List<String> args = new ArrayList<>(c.args());
            int chart = args.indexOf("--chart");
            if (chart >= 0) {
                Path shown = Path.of(args.get(chart + 1));
                assertThat(readme().resolveSibling(shown.toString()))
                        .as("the chart the README shows")
                        .exists();
                args.set(chart + 1, dir.resolve(shown.getFileName()).toString());
            }
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exitCode())
                    .as(String.join(" ", c.args()) + ": " + r.err())
                    .isZero();
            if (c.whole()) {
                assertThat(r.out()).as(String.join(" ", c.args())).isEqualTo(c.text());
            } else {
                assertThat(r.out()).as(String.join(" ", c.args())).contains(c.text());
            }
        }
    }

    static List<Checked> checkedBlocks(List<String> lines) {
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(MARKER)) {
                continue;
            }
            boolean whole = lines.get(i).contains("whole output");
            int bash = next(lines, i, "```bash");
            String command = lines.get(bash + 1);
            assertThat(command).startsWith(JAR);
            assertThat(lines.get(bash + 2)).isEqualTo("```");
            int text = next(lines, bash + 2, "```text");
            int end = next(lines, text + 1, "```");
            StringBuilder block = new StringBuilder();
            for (String line : lines.subList(text + 1, end)) {
                block.append(line).append('\n');
            }
            List<String> args = Arrays.asList(command.substring(JAR.length()).split(" "));
            checked.add(new Checked(args, block.toString(), whole));
            i = end;
        }
        return checked;
    }

    private static int next(List<String> lines, int from, String line) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        throw new AssertionError("no " + line + " after line " + (from + 1) + " of README.md");
    }

    /** README.md at the root of the repository, above the cli module. */
    static Path readme() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path readme = d.resolve("README.md");
            if (Files.exists(readme) && Files.exists(d.resolve("cli"))) {
                return readme;
            }
        }
        throw new AssertionError("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
