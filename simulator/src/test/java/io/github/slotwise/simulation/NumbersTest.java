package io.github.slotwise.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kept texts of numbers are the formatter's, for new numbers and numbers seen before alike. */
class NumbersTest {

    @Test
    void everyTextIsTheFormattersWhetherKeptOrNot() {
        SplittableRandom random = new SplittableRandom(16);
        double[] seen = new double[300];
        for (int i = 0; i < 20_000; i++) {
            double v =
                    switch (random.nextInt(4)) {
                        case 0 -> seen[random.nextInt(seen.length)]; // again
                        case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-6, 12));
                        case 2 -> -random.nextDouble() * 1000;
                        default -> random.nextInt(0, 100) / 100.0;
                    };
            seen[random.nextInt(seen.length)] = v;
            assertThat(Numbers.threeDigits(v)).as("%s", v).isEqualTo(String.format(Locale.US, "%.3g", v));
        }
    }
}
