package io.github.slotwise.cli;

import static io.github.slotwise.cli.SlotwiseCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.cli.SlotwiseCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/bring-your-cluster.md's worked example cannot go stale: its checked blocks (marked as in the
 * README, see {@link ReadmeTest}) are run in order. Paths under {@code docs/} are the repository's;
 * other {@code .json} files (what {@code import} writes and {@code compare} reads) live in a temporary
 * directory, whose name is taken out of the output again.
 */
class BringYourClusterDocTest {
    @TempDir
    Path dir;

    @Test
    void everyCheckedOutputIsTheCommandsCurrentOutput() throws Exception {
        Path root = ReadmeTest.readme().getParent();
        Path page = root.resolve("docs/bring-your-cluster.md");
        List<String> lines = Files.readAllLines(page);
        List<String> marked = new ArrayList<>();
        for (String line : lines) {
            marked.add(line.replace("<!-- checked by BringYourClusterDocTest: ", ReadmeTest.MARKER));
        }
        List<ReadmeTest.Checked> checked = ReadmeTest.checkedBlocks(marked);
        assertThat(checked).as("checked blocks in " + page).hasSize(3);
        for (ReadmeTest.Checked c : checked) {
            List<String> args = new ArrayList<>();
            for (String arg : c.args()) {
                if (arg.startsWith("docs/")) {
                    args.add(root.resolve(arg).toString());
                } else if (arg.endsWith(".json")) {
                    args.add(dir.resolve(arg).toString());
                } else {
                    args.add(arg);
                }
            }
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exitCode())
                    .as(String.join(" ", c.args()) + ": " + r.err())
                    .isZero();
            String out = r.out().replace(dir + "/", "").replace(root + "/", "");
            if (c.whole()) {
                assertThat(out).as(String.join(" ", c.args())).isEqualTo(c.text());
            } else {
                assertThat(out).as(String.join(" ", c.args())).contains(c.text());
            }
        }
    }
}
