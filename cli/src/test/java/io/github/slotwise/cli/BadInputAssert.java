package io.github.slotwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.cli.SlotwiseCliTest.Run;

/** The contract for bad input: exit code 2, nothing on stdout, one stderr line naming the problem. */
final class BadInputAssert {
    private BadInputAssert() {}

    static void assertBadInput(Run r, String... parts) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(SlotwiseCli.EXIT_BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.err()).endsWith("\n");
        assertThat(r.errLines().get(0)).startsWith("slotwise: ").contains(parts);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }
}
