package io.github.slotwise.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
}
