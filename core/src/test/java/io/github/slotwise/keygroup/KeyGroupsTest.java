package io.github.slotwise.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyGroupsTest {

    @Test
    void constants() {
        assertThat(KeyGroups.UPPER_BOUND_MAX_PARALLELISM).isEqualTo(32768);
        assertThat(KeyGroups.DEFAULT_LOWER_BOUND_MAX_PARALLELISM).isEqualTo(128);
    }

    /** Guava's MurmurHash3 x86_32 of one int, seed 0, is an independent implementation. */
    @Test
    void murmurHashIsMurmur3OfOneIntMadeNonNegative() {
        SplittableRandom random = new SplittableRandom(42);
        int[] fixed = {0, 1, -1, 42, Integer.MIN_VALUE, Integer.MAX_VALUE, "flink".hashCode()};
        for (int code : fixed) {
            assertThat(KeyGroups.murmurHash(code)).as("code %d", code).isEqualTo(guavaReference(code));
        }
        for (int n = 0; n < 200_000; n++) {
            int code = random.nextInt();
            assertThat(KeyGroups.murmurHash(code)).as("code %d", code).isEqualTo(guavaReference(code));
        }
    }

    private static int guavaReference(int code) {
        int h = Hashing.murmur3_32_fixed().hashInt(code).asInt();
        return h >= 0 ? h : h == Integer.MIN_VALUE ? 0 : -h;
    }

    @Test
    void murmurHashOfTheInputWhoseRawHashIsMinValueIsZero() {
        int code = MurmurInverse.preimageOfRawHash(Integer.MIN_VALUE);
        assertThat(Hashing.murmur3_32_fixed().hashInt(code).asInt()).isEqualTo(Integer.MIN_VALUE);
        assertThat(KeyGroups.murmurHash(code)).isZero();
        assertThat(KeyGroups.keyGroupForKeyHash(code, 128)).isZero();
    }

    @Test
    void murmurHashOfNegativeRawHashIsNegated() {
        int code = MurmurInverse.preimageOfRawHash(-12345);
        assertThat(KeyGroups.murmurHash(code)).isEqualTo(12345);
        assertThat(KeyGroups.murmurHash(MurmurInverse.preimageOfRawHash(12345))).isEqualTo(12345);
    }

    @Test
    void keyGroupForKeyHashIsMurmurModuloMaxParallelism() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 10_000; n++) {
            int hash = random.nextInt();
            int maxParallelism = 1 + random.nextInt(32768);
            int keyGroup = KeyGroups.keyGroupForKeyHash(hash, maxParallelism);
            assertThat(keyGroup).isEqualTo(KeyGroups.murmurHash(hash) % maxParallelism);
            assertThat(keyGroup).isBetween(0, maxParallelism - 1);
        }
        assertThat(KeyGroups.keyGroupForKeyHash(12345, 1)).isZero();
    }

    @Test
    void keyGroupForKeyUsesHashCode() {
        assertThat(KeyGroups.keyGroupForKey("some-key", 128))
                .isEqualTo(KeyGroups.keyGroupForKeyHash("some-key".hashCode(), 128));
        assertThat(KeyGroups.keyGroupForKey(42L, 4096))
                .isEqualTo(KeyGroups.keyGroupForKeyHash(Long.hashCode(42L), 4096));
        assertThat(KeyGroups.subtaskForKey("some-key", 128, 3))
                .isEqualTo(KeyGroups.subtaskForKeyGroup(128, 3, KeyGroups.keyGroupForKey("some-key", 128)));
    }

    @Test
    void worked128By3() {
        assertThat(KeyGroups.rangeForSubtask(128, 3, 0)).isEqualTo(new KeyGroupRange(0, 42));
        assertThat(KeyGroups.rangeForSubtask(128, 3, 1)).isEqualTo(new KeyGroupRange(43, 85));
        assertThat(KeyGroups.rangeForSubtask(128, 3, 2)).isEqualTo(new KeyGroupRange(86, 127));
        assertThat(KeyGroups.subtaskForKeyGroup(128, 3, 0)).isZero();
        assertThat(KeyGroups.subtaskForKeyGroup(128, 3, 42)).isZero();
        assertThat(KeyGroups.subtaskForKeyGroup(128, 3, 43)).isEqualTo(1);
        assertThat(KeyGroups.subtaskForKeyGroup(128, 3, 85)).isEqualTo(1);
        assertThat(KeyGroups.subtaskForKeyGroup(128, 3, 86)).isEqualTo(2);
        assertThat(KeyGroups.subtaskForKeyGroup(128, 3, 127)).isEqualTo(2);
    }

    @Test
    void extremeRanges() {
        assertThat(KeyGroups.rangeForSubtask(1, 1, 0)).isEqualTo(new KeyGroupRange(0, 0));
        assertThat(KeyGroups.rangeForSubtask(32768, 1, 0)).isEqualTo(new KeyGroupRange(0, 32767));
        assertThat(KeyGroups.rangeForSubtask(32768, 32768, 32767)).isEqualTo(new KeyGroupRange(32767, 32767));
        // 32767 subtasks over 32768 key groups: only subtask 0 gets two.
        assertThat(KeyGroups.rangeForSubtask(32768, 32767, 0)).isEqualTo(new KeyGroupRange(0, 1));
        assertThat(KeyGroups.rangeForSubtask(32768, 32767, 32766)).isEqualTo(new KeyGroupRange(32767, 32767));
        assertThat(KeyGroups.subtaskForKeyGroup(32768, 32768, 32767)).isEqualTo(32767);
    }

    @Test
    void rangesAgreeWithSubtaskForKeyGroupForAllSmallPairs() {
        for (int m = 1; m <= 100; m++) {
            for (int p = 1; p <= m; p++) {
                int next = 0;
                for (int i = 0; i < p; i++) {
                    KeyGroupRange range = KeyGroups.rangeForSubtask(m, p, i);
                    assertThat(range.startKeyGroup())
                            .as("M=%d p=%d i=%d", m, p, i)
                            .isEqualTo(next);
                    assertThat(range.numberOfKeyGroups()).isBetween(m / p, (m + p - 1) / p);
                    for (int kg = range.startKeyGroup(); kg <= range.endKeyGroup(); kg++) {
                        assertThat(KeyGroups.subtaskForKeyGroup(m, p, kg)).isEqualTo(i);
                    }
                    next = range.endKeyGroup() + 1;
                }
                assertThat(next).isEqualTo(m);
            }
        }
    }

    @Test
    void defaultMaxParallelismWorkedExamples() {
        for (int p = 1; p <= 85; p++) {
            assertThat(KeyGroups.defaultMaxParallelism(p)).as("p=%d", p).isEqualTo(128);
        }
        assertThat(KeyGroups.defaultMaxParallelism(86)).isEqualTo(256);
        assertThat(KeyGroups.defaultMaxParallelism(171)).isEqualTo(256);
        assertThat(KeyGroups.defaultMaxParallelism(172)).isEqualTo(512);
        assertThat(KeyGroups.defaultMaxParallelism(1000)).isEqualTo(2048);
        // 10923 + 5461 = 16384 is a power of two; one more needs 32768.
        assertThat(KeyGroups.defaultMaxParallelism(10923)).isEqualTo(16384);
        assertThat(KeyGroups.defaultMaxParallelism(10924)).isEqualTo(32768);
        // 21845 + 10922 = 32767 -> 32768 unclamped; 21846 + 10923 = 32769 -> 65536, clamped to 32768.
        assertThat(KeyGroups.defaultMaxParallelism(21845)).isEqualTo(32768);
        assertThat(KeyGroups.defaultMaxParallelism(21846)).isEqualTo(32768);
        assertThat(KeyGroups.defaultMaxParallelism(32768)).isEqualTo(32768);
    }

    @Test
    void defaultMaxParallelismIsAPowerOfTwoAtLeastParallelism() {
        int previous = 0;
        for (int p = 1; p <= 32768; p++) {
            int max = KeyGroups.defaultMaxParallelism(p);
            assertThat(Integer.bitCount(max)).isEqualTo(1);
            assertThat(max).isGreaterThanOrEqualTo(p).isGreaterThanOrEqualTo(previous);
            assertThat(max).isBetween(128, 32768);
            if (max < 32768) {
                assertThat((long) max).isGreaterThanOrEqualTo(p + p / 2);
            }
            previous = max;
        }
    }

    @Test
    void checkParallelismNamesFieldAndValue() {
        KeyGroups.checkParallelism("x", 1);
        KeyGroups.checkParallelism("x", 32768);
        assertThatThrownBy(() -> KeyGroups.checkParallelism("parallelism", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.checkParallelism("maxParallelism", 40000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 40000");
        assertThatThrownBy(() -> KeyGroups.checkParallelism("upperBound", -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upperBound must be in [1, 32768], got -5");
    }

    @Test
    void checkMaxParallelismChecksBothBoundsThenOrder() {
        KeyGroups.checkMaxParallelism(128, 128);
        assertThatThrownBy(() -> KeyGroups.checkMaxParallelism(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.checkMaxParallelism(40000, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 40000");
        assertThatThrownBy(() -> KeyGroups.checkMaxParallelism(128, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.checkMaxParallelism(128, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism 200 > maxParallelism 128");
    }

    @Test
    void keyGroupForKeyHashRejectsBadMaxParallelism() {
        assertThatThrownBy(() -> KeyGroups.keyGroupForKeyHash(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.keyGroupForKeyHash(1, 40000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 40000");
        assertThatThrownBy(() -> KeyGroups.keyGroupForKey("k", 32769))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 32769");
    }

    @Test
    void nullKeyIsANullPointerException() {
        assertThatThrownBy(() -> KeyGroups.keyGroupForKey(null, 128))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
        assertThatThrownBy(() -> KeyGroups.subtaskForKey(null, 128, 4))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
    }

    @Test
    void subtaskForKeyRejectsBadPair() {
        assertThatThrownBy(() -> KeyGroups.subtaskForKey("k", 128, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism 200 > maxParallelism 128");
    }

    @Test
    void subtaskForKeyGroupValidatesEverything() {
        assertThatThrownBy(() -> KeyGroups.subtaskForKeyGroup(0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.subtaskForKeyGroup(128, 200, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism 200 > maxParallelism 128");
        assertThatThrownBy(() -> KeyGroups.subtaskForKeyGroup(128, 3, 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyGroup must be in [0, 128), got 128");
        assertThatThrownBy(() -> KeyGroups.subtaskForKeyGroup(128, 3, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyGroup must be in [0, 128), got -1");
    }

    @Test
    void rangeForSubtaskValidatesEverything() {
        assertThatThrownBy(() -> KeyGroups.rangeForSubtask(0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.rangeForSubtask(40000, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 40000");
        assertThatThrownBy(() -> KeyGroups.rangeForSubtask(128, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.rangeForSubtask(128, 200, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism 200 > maxParallelism 128");
        assertThatThrownBy(() -> KeyGroups.rangeForSubtask(128, 3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subtaskIndex must be in [0, 3), got 3");
        assertThatThrownBy(() -> KeyGroups.rangeForSubtask(128, 3, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subtaskIndex must be in [0, 3), got -1");
    }

    @Test
    void defaultMaxParallelismRejectsBadParallelism() {
        assertThatThrownBy(() -> KeyGroups.defaultMaxParallelism(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> KeyGroups.defaultMaxParallelism(32769))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be in [1, 32768], got 32769");
    }
}
