package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.slotwise.simulation.InputRate.Constant;
import io.github.slotwise.simulation.InputRate.PiecewiseLinear;
import io.github.slotwise.simulation.InputRate.Point;
import io.github.slotwise.simulation.InputRate.SineWave;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputRateTest {
    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void aConstantRateIsTheSameAtEveryTime() {
        Constant c = new Constant(1500);
        assertThat(c.at(Duration.ZERO)).isEqualTo(1500);
        assertThat(c.at(Duration.ofDays(3))).isEqualTo(1500);
    }

    @Test
    void aSineWaveFromItsTroughPeaksHalfAPeriodLater() {
        SineWave wave = SineWave.fromTrough(3000, 2000, s(400));
        assertThat(wave.phase()).isEqualTo(s(300));
        assertThat(wave.at(s(0))).isCloseTo(1000, within(1e-9));
        assertThat(wave.at(s(100))).isCloseTo(3000, within(1e-9));
        assertThat(wave.at(s(200))).isCloseTo(5000, within(1e-9));
        assertThat(wave.at(s(300))).isCloseTo(3000, within(1e-9));
        assertThat(wave.at(s(400))).isCloseTo(1000, within(1e-9));
        // periodic, exactly: the position within the wave is computed in nanoseconds
        assertThat(wave.at(s(4000 + 123))).isEqualTo(wave.at(s(123)));
    }

    @Test
    void aSineWaveWithoutPhaseStartsAtItsMeanGoingUp() {
        SineWave wave = new SineWave(100, 100, s(40), Duration.ZERO);
        assertThat(wave.at(s(0))).isEqualTo(100);
        assertThat(wave.at(s(10))).isCloseTo(200, within(1e-9));
        assertThat(wave.at(s(30))).isCloseTo(0, within(1e-9)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void piecewiseLinearInterpolatesAndHoldsItsEnds() {
        PiecewiseLinear rate =
                new PiecewiseLinear(List.of(new Point(s(10), 100), new Point(s(20), 300), new Point(s(40), 0)));
        assertThat(rate.at(s(0))).isEqualTo(100);
        assertThat(rate.at(s(10))).isEqualTo(100);
        assertThat(rate.at(s(15))).isEqualTo(200);
        assertThat(rate.at(s(20))).isEqualTo(300);
        assertThat(rate.at(s(30))).isEqualTo(150);
        assertThat(rate.at(s(40))).isEqualTo(0);
        assertThat(rate.at(s(100))).isEqualTo(0);
    }

    @Test
    void twoPointsAtOneTimeMakeAStepThatHoldsFromThatTime() {
        PiecewiseLinear step =
                new PiecewiseLinear(List.of(new Point(s(0), 100), new Point(s(60), 100), new Point(s(60), 400)));
        assertThat(step.at(s(59))).isEqualTo(100);
        assertThat(step.at(Duration.ofMillis(59_999))).isEqualTo(100);
        assertThat(step.at(s(60))).isEqualTo(400);
        assertThat(step.at(s(61))).isEqualTo(400);
    }

    @Test
    void badRatesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> new Constant(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Constant.recordsPerSecond");
        assertThatThrownBy(() -> new Constant(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SineWave(100, 101, s(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below 0");
        assertThatThrownBy(() -> new SineWave(100, 50, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SineWave.period");
        assertThatThrownBy(() -> new SineWave(100, 50, s(60), s(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SineWave.phase");
        assertThatThrownBy(() -> new PiecewiseLinear(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new PiecewiseLinear(List.of(new Point(s(20), 1), new Point(s(10), 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("points[1]");
        assertThatThrownBy(() -> new Point(s(-1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Point.at");
    }
}
