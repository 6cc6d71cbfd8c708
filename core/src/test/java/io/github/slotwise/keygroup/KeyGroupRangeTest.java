package io.github.slotwise.keygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyGroupRangeTest {

    @Test
    void emptyIsZeroToMinusOneAndHoldsNothing() {
        assertThat(KeyGroupRange.EMPTY.startKeyGroup()).isZero();
        assertThat(KeyGroupRange.EMPTY.endKeyGroup()).isEqualTo(-1);
        assertThat(KeyGroupRange.EMPTY.numberOfKeyGroups()).isZero();
        assertThat(KeyGroupRange.EMPTY.isEmpty()).isTrue();
        assertThat(KeyGroupRange.EMPTY.contains(0)).isFalse();
        assertThat(KeyGroupRange.EMPTY.contains(-1)).isFalse();
        assertThat(KeyGroupRange.EMPTY).hasToString("[0, -1]");
    }

    @Test
    void emptyCanBeConstructedAndEqualsTheConstant() {
        assertThat(new KeyGroupRange(0, -1)).isEqualTo(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(0, -1)).isSameAs(KeyGroupRange.EMPTY);
    }

    @Test
    void ofReturnsEmptyWhenStartExceedsEnd() {
        assertThat(KeyGroupRange.of(5, 4)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(-3, -7)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(Integer.MAX_VALUE, 0)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.of(3, 3)).isEqualTo(new KeyGroupRange(3, 3));
    }

    @Test
    void singleAndMultiKeyGroupRanges() {
        KeyGroupRange one = new KeyGroupRange(7, 7);
        assertThat(one.numberOfKeyGroups()).isEqualTo(1);
        assertThat(one.isEmpty()).isFalse();
        assertThat(one.contains(7)).isTrue();
        assertThat(one.contains(6)).isFalse();
        assertThat(one.contains(8)).isFalse();

        KeyGroupRange range = new KeyGroupRange(0, 42);
        assertThat(range.numberOfKeyGroups()).isEqualTo(43);
        assertThat(range).hasToString("[0, 42]");
        assertThat(range.contains(0)).isTrue();
        assertThat(range.contains(42)).isTrue();
        assertThat(range.contains(43)).isFalse();
        assertThat(range.contains(-1)).isFalse();
    }

    @Test
    void largestRangeThatDoesNotOverflow() {
        assertThat(new KeyGroupRange(1, Integer.MAX_VALUE).numberOfKeyGroups()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void hashCodeIsFlinks() {
        assertThat(new KeyGroupRange(3, 9).hashCode()).isEqualTo(31 * 3 + 9);
        assertThat(KeyGroupRange.EMPTY.hashCode()).isEqualTo(-1);
        assertThat(new KeyGroupRange(3, 9)).isEqualTo(new KeyGroupRange(3, 9)).isNotEqualTo(new KeyGroupRange(3, 10));
    }

    @Test
    void intersection() {
        KeyGroupRange a = new KeyGroupRange(0, 42);
        KeyGroupRange b = new KeyGroupRange(40, 85);
        assertThat(a.intersection(b)).isEqualTo(new KeyGroupRange(40, 42));
        assertThat(b.intersection(a)).isEqualTo(new KeyGroupRange(40, 42));
        assertThat(a.intersectionSize(b)).isEqualTo(3);

        KeyGroupRange touching = new KeyGroupRange(42, 50);
        assertThat(a.intersection(touching)).isEqualTo(new KeyGroupRange(42, 42));
        assertThat(a.intersectionSize(touching)).isEqualTo(1);

        KeyGroupRange inside = new KeyGroupRange(10, 20);
        assertThat(a.intersection(inside)).isEqualTo(inside);
        assertThat(a.intersection(a)).isEqualTo(a);
    }

    @Test
    void disjointOrEmptyIntersectionIsEmpty() {
        KeyGroupRange a = new KeyGroupRange(0, 42);
        KeyGroupRange adjacent = new KeyGroupRange(43, 85);
        assertThat(a.intersection(adjacent)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(a.intersectionSize(adjacent)).isZero();
        assertThat(a.intersection(KeyGroupRange.EMPTY)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.EMPTY.intersection(a)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(KeyGroupRange.EMPTY.intersection(KeyGroupRange.EMPTY)).isSameAs(KeyGroupRange.EMPTY);
        assertThat(a.intersectionSize(KeyGroupRange.EMPTY)).isZero();
        assertThat(KeyGroupRange.EMPTY.intersectionSize(KeyGroupRange.EMPTY)).isZero();
    }

    @Test
    void intersectionSizeMatchesIntersectionOnAllSmallRanges() {
        for (int s1 = 0; s1 < 12; s1++) {
            for (int e1 = s1 - 1; e1 < 12; e1++) {
                KeyGroupRange a = KeyGroupRange.of(s1, e1);
                for (int s2 = 0; s2 < 12; s2++) {
                    for (int e2 = s2 - 1; e2 < 12; e2++) {
                        KeyGroupRange b = KeyGroupRange.of(s2, e2);
                        assertThat(a.intersectionSize(b))
                                .as("%s ∩ %s", a, b)
                                .isEqualTo(a.intersection(b).numberOfKeyGroups());
                    }
                }
            }
        }
    }

    @Test
    void rejectsNegativeStart() {
        assertThatThrownBy(() -> new KeyGroupRange(-1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startKeyGroup must be >= 0, got -1");
        assertThatThrownBy(() -> KeyGroupRange.of(-1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startKeyGroup must be >= 0, got -1");
    }

    @Test
    void rejectsStartAfterEndExceptEmpty() {
        assertThatThrownBy(() -> new KeyGroupRange(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startKeyGroup 5 > endKeyGroup 4");
        assertThatThrownBy(() -> new KeyGroupRange(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startKeyGroup 1 > endKeyGroup 0");
        assertThatThrownBy(() -> new KeyGroupRange(0, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startKeyGroup 0 > endKeyGroup -2");
    }

    @Test
    void rejectsOverflowingSize() {
        assertThatThrownBy(() -> new KeyGroupRange(0, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key group range [0, 2147483647] holds more than 2147483647 key groups");
    }
}
