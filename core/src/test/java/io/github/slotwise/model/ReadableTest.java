package io.github.slotwise.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadableTest {
    @Test
    void durationsLeaveOutZeroUnits() {
        assertThat(Readable.duration(Duration.ZERO)).isEqualTo("0 s");
        assertThat(Readable.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Readable.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
        assertThat(Readable.duration(Duration.ofMillis(122_500))).isEqualTo("2 min 2 s 500 ms");
        assertThat(Readable.duration(Duration.ofHours(26))).isEqualTo("1 d 2 h");
        assertThat(Readable.duration(Duration.ofSeconds(-5))).isEqualTo("-5 s");
    }

    @Test
    void subMillisecondDurationsKeepTheirExactSeconds() {
        assertThat(Readable.duration(Duration.ofSeconds(158, 437_500_000))).isEqualTo("2 min 38.4375 s");
        assertThat(Readable.duration(Duration.ofNanos(1))).isEqualTo("0.000000001 s");
        assertThat(Readable.duration(Duration.ofSeconds(3600, 500_001))).isEqualTo("1 h 0.000500001 s");
    }

    /** The seconds of a duration that is not a whole number of milliseconds read as exact decimal arithmetic writes them. */
    @Test
    void subMillisecondSecondsReadAsTheirExactDecimal() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 5_000; i++) {
            long seconds = random.nextInt(4) == 0 ? random.nextLong(0, 1L << 40) : random.nextLong(0, 120);
            int nanos = random.nextInt(1_000_000_000);
            if (nanos % 1_000_000 == 0) {
                nanos += 1 + random.nextInt(3) * 10 + random.nextInt(2) * 100_000;
            }
            if (random.nextBoolean()) {
                nanos -= nanos % (int) Math.pow(10, random.nextInt(6)); // trailing zeros
                nanos = nanos % 1_000_000 == 0 ? nanos + 1000 : nanos;
            }
            Duration d = Duration.ofSeconds(seconds, nanos);
            String exact = BigDecimal.valueOf(seconds % 60)
                    .add(BigDecimal.valueOf(nanos, 9))
                    .stripTrailingZeros()
                    .toPlainString();
            String text = Readable.duration(d);
            assertThat(text).endsWith((seconds >= 60 ? " " : "") + exact + " s");
            assertThat(text.startsWith("-")).isFalse();
        }
    }

    @Test
    void bytesUseDecimalUnits() {
        assertThat(Readable.bytes(0)).isEqualTo("0 B");
        assertThat(Readable.bytes(999)).isEqualTo("999 B");
        assertThat(Readable.bytes(1_500_000_000L)).isEqualTo("1.5 GB");
        assertThat(Readable.bytes(390_625_000L)).isEqualTo("390.625 MB");
        assertThat(Readable.bytes(1_234_567L)).isEqualTo("1.235 MB");
        assertThat(Readable.bytes(Long.MAX_VALUE)).isEqualTo("9.223 EB");
        assertThatThrownBy(() -> Readable.bytes(-1)).hasMessage("bytes must be at least 0, got -1");
    }

    /** The long arithmetic of {@link Readable#bytes} gives the text exact decimal arithmetic gives. */
    @Test
    void bytesReadsAsExactDecimalArithmeticRoundsIt() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {
            0,
            1,
            999,
            1000,
            1001,
            1500,
            999_999,
            999_999_499,
            999_999_500,
            999_999_501,
            999_999_999,
            1_000_000,
            1_000_500,
            1_001_500,
            1_000_000_500_000L,
            999_999_999_999_999_999L,
            Long.MAX_VALUE
        };
        for (long b : edges) {
            assertThat(Readable.bytes(b)).as("%d", b).isEqualTo(byBigDecimal(b));
        }
        for (int i = 0; i < 200_000; i++) {
            long magnitude = (long) Math.pow(10, random.nextInt(0, 19));
            long b = random.nextLong(0, magnitude) + (random.nextBoolean() ? 0 : magnitude / 2);
            // and values right at a rounding tie: a multiple of half a thousandth of a unit
            long tie = (b / 500) * 500;
            assertThat(Readable.bytes(b)).as("%d", b).isEqualTo(byBigDecimal(b));
            assertThat(Readable.bytes(tie)).as("%d", tie).isEqualTo(byBigDecimal(tie));
        }
    }

    private static String byBigDecimal(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        long scale = 1;
        while (u + 1 < units.length && bytes / scale >= 1000) {
            scale *= 1000;
            u++;
        }
        return BigDecimal.valueOf(bytes)
                        .divide(BigDecimal.valueOf(scale))
                        .setScale(3, RoundingMode.HALF_EVEN)
                        .stripTrailingZeros()
                        .toPlainString()
                + " " + units[u];
    }
}
