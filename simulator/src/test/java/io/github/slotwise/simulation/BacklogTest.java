package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Backlog#arrivals}: what a restart replays is computed from it (the records processed since
 * the checkpoint are those that arrived less what the backlog grew by), so it must integrate the rate
 * over any stretch, whole integration steps or not.
 */
class BacklogTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long S = 1_000_000_000L;

    @Test
    void arrivalsIntegrateTheRateOverAnyStretch() {
        // 10 t records per second: from a to b, 5 (b² − a²) arrive; the midpoint rule is exact on a line
        InputRate ramp = new InputRate.PiecewiseLinear(
                List.of(new InputRate.Point(Duration.ZERO, 0), new InputRate.Point(Duration.ofSeconds(100), 1000)));
        Backlog backlog = new Backlog(ramp, T0, Duration.ofSeconds(1));
        assertThat(backlog.arrivals(2_500_000_000L, 37_750_000_000L)).isCloseTo(7094.0625, within(1e-9));
        assertThat(backlog.arrivals(0, 10 * S)).isCloseTo(500.0, within(1e-9));
        assertThat(backlog.arrivals(3 * S + 1, 3 * S + 1)).isZero();
        // a stretch within one step, and one that starts on a boundary and ends inside a step
        assertThat(backlog.arrivals(40_100_000_000L, 40_900_000_000L))
                .isCloseTo(5 * (40.9 * 40.9 - 40.1 * 40.1), within(1e-9));
        assertThat(backlog.arrivals(50 * S, 52_500_000_000L)).isCloseTo(5 * (52.5 * 52.5 - 2500), within(1e-9));
    }

    @Test
    void whatArrivedLessWhatTheBacklogGrewByIsWhatWasProcessed() {
        Backlog backlog = new Backlog(new InputRate.Constant(150), T0, Duration.ofSeconds(1));
        backlog.advance(0, 10 * S, 100); // 1500 arrive, 1000 processed, 500 wait
        assertThat(backlog.backlog()).isCloseTo(500.0, within(1e-9));
        double before = backlog.backlog();
        backlog.advance(10 * S, 12_500_000_000L, 0); // stalled: 375 arrive, nothing processed
        double processed = backlog.arrivals(10 * S, 12_500_000_000L) - backlog.backlog() + before;
        assertThat(processed).isCloseTo(0.0, within(1e-9));
        backlog.advance(12_500_000_000L, 20 * S, 400); // drains 875 at 250/s in 3.5 s, then keeps up
        processed = backlog.arrivals(10 * S, 20 * S) - backlog.backlog() + before;
        assertThat(backlog.backlog()).isZero();
        assertThat(processed).isCloseTo(1500 + 500.0, within(1e-9));
    }
}
