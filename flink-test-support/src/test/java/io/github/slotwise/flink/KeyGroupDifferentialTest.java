package io.github.slotwise.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.keygroup.KeyGroups;
import io.github.slotwise.keygroup.MurmurInverse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.util.MathUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@code io.github.slotwise.keygroup} against flink-runtime itself, the oracle:
 * {@link KeyGroupRangeAssignment}, Flink's {@code KeyGroupRange} and {@link MathUtils#murmurHash}.
 *
 * <p>Random cases come from a {@link SplittableRandom} seeded by the system property {@code
 * slotwise.seed} (default {@value #DEFAULT_SEED}); every failure message names the seed. Rerun a
 * failure with {@code mvn -B verify -pl flink-adapter -am -Dslotwise.seed=<seed>}.
 *
 * <p>Shared test support (flink-test-support): flink-adapter runs it against Flink 2.3, and the version
 * matrix ({@code -Pflink-matrix}) against every line from 1.17 to 2.3: these classes have not changed
 * across them, and the suite checks that they still agree with Slotwise's.
 *
 * <p>Hot loops compare plain ints and only build a message on a mismatch, so that the hundreds of
 * millions of exhaustive comparisons stay fast.
 */
class KeyGroupDifferentialTest {

    static final long DEFAULT_SEED = 20240521L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);

    private static final Map<String, Long> COMPARED = new LinkedHashMap<>();
    private static long startNanos;

    @BeforeAll
    static void start() {
        startNanos = System.nanoTime();
    }

    @AfterAll
    static void report() {
        long total = COMPARED.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "KeyGroupDifferentialTest: seed=%d, %,d cases compared with %s in %.1f s: %s%n",
                SEED, total, DifferentialResults.oracle(), (System.nanoTime() - startNanos) / 1e9, COMPARED);
        // Every case that ran agreed: a disagreement fails the test.
        DifferentialResults.record("KeyGroupDifferentialTest", total, total, 0, "");
    }

    private static synchronized void count(String what, long cases) {
        COMPARED.merge(what, cases, Long::sum);
    }

    private static String seed() {
        return "seed=" + SEED + " (rerun with -Dslotwise.seed=" + SEED + "): ";
    }

    private static void compareRange(int m, int p, int i, int start, int end, String source) {
        org.apache.flink.runtime.state.KeyGroupRange flink =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(m, p, i);
        if (flink.getStartKeyGroup() != start || flink.getEndKeyGroup() != end) {
            fail(seed() + source + " range of M=" + m + " p=" + p + " subtask " + i + " is [" + start + ", " + end
                    + "], Flink says " + interval(flink));
        }
    }

    private static void compareOperatorIndex(KeyGroupPartitioning partitioning, int keyGroup) {
        int m = partitioning.maxParallelism();
        int p = partitioning.parallelism();
        int flink = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(m, p, keyGroup);
        int ours = KeyGroups.subtaskForKeyGroup(m, p, keyGroup);
        int viaPartitioning = partitioning.subtaskOf(keyGroup);
        if (flink != ours || flink != viaPartitioning) {
            fail(seed() + "M=" + m + " p=" + p + " key group " + keyGroup + ": subtaskForKeyGroup=" + ours
                    + ", subtaskOf=" + viaPartitioning + ", Flink computeOperatorIndexForKeyGroup=" + flink);
        }
    }

    /**
     * Compares every subtask's range (through forEachRange, start/end and rangeForSubtask, against
     * one Flink call per subtask) and every key group's subtask of one (M, p).
     */
    private static void compareAll(int m, int p) {
        KeyGroupPartitioning partitioning = new KeyGroupPartitioning(m, p);
        int[] visited = {0};
        partitioning.forEachRange((i, start, end) -> {
            org.apache.flink.runtime.state.KeyGroupRange flink =
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(m, p, i);
            KeyGroupRange range = KeyGroups.rangeForSubtask(m, p, i);
            if (i != visited[0]++
                    || flink.getStartKeyGroup() != start
                    || flink.getEndKeyGroup() != end
                    || range.startKeyGroup() != start
                    || range.endKeyGroup() != end
                    || partitioning.start(i) != start
                    || partitioning.end(i) != end) {
                fail(seed() + "M=" + m + " p=" + p + " subtask " + i + ": forEachRange [" + start + ", " + end
                        + "], rangeForSubtask " + range + ", start/end [" + partitioning.start(i) + ", "
                        + partitioning.end(i) + "], Flink " + interval(flink));
            }
        });
        if (visited[0] != p) {
            fail(seed() + "M=" + m + " p=" + p + ": forEachRange visited " + visited[0] + " subtasks");
        }
        for (int keyGroup = 0; keyGroup < m; keyGroup++) {
            compareOperatorIndex(partitioning, keyGroup);
        }
    }

    @Test
    void everyPairUpToMaxParallelism1024() {
        long ranges = 0;
        long keyGroups = 0;
        for (int m = 1; m <= 1024; m++) {
            for (int p = 1; p <= m; p++) {
                compareAll(m, p);
                ranges += p;
                keyGroups += m;
            }
        }
        count("exhaustive ranges (M<=1024)", ranges);
        count("exhaustive key groups (M<=1024)", keyGroups);
        assertThat(ranges).as(seed()).isEqualTo(179_481_600L);
    }

    private static int randomMaxParallelism(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 4) {
            return 1 + random.nextInt(32768);
        } else if (kind < 6) {
            return 1 << random.nextInt(16);
        } else if (kind < 8) {
            return 32768 - random.nextInt(1024);
        } else {
            return KeyGroups.defaultMaxParallelism(1 + random.nextInt(32768));
        }
    }

    private static int randomParallelism(SplittableRandom random, int m) {
        int kind = random.nextInt(20);
        if (kind < 10) {
            return 1 + random.nextInt(m);
        } else if (kind < 13) {
            return 1 + random.nextInt(Math.min(m, 16));
        } else if (kind < 16) {
            return m - random.nextInt(Math.min(m, 16));
        } else {
            return Math.max(1, m / (1 + random.nextInt(m))); // near a divisor of m
        }
    }

    @Test
    void randomPairsUpToMaxParallelism32768() {
        SplittableRandom random = new SplittableRandom(SEED);
        int pairs = 100_000;
        int fullEvery = 50;
        long ranges = 0;
        long keyGroups = 0;
        for (int n = 0; n < pairs; n++) {
            int m = randomMaxParallelism(random);
            int p = randomParallelism(random, m);
            if (n % fullEvery == 0) {
                compareAll(m, p);
                ranges += p;
                keyGroups += m;
                continue;
            }
            KeyGroupPartitioning partitioning = new KeyGroupPartitioning(m, p);
            for (int k = 0; k < 18; k++) {
                int i = k == 0 ? 0 : k == 1 ? p - 1 : random.nextInt(p);
                KeyGroupRange range = KeyGroups.rangeForSubtask(m, p, i);
                compareRange(m, p, i, range.startKeyGroup(), range.endKeyGroup(), "rangeForSubtask");
                compareRange(m, p, i, partitioning.start(i), partitioning.end(i), "KeyGroupPartitioning");
                ranges++;
            }
            for (int k = 0; k < 18; k++) {
                compareOperatorIndex(partitioning, k == 0 ? 0 : k == 1 ? m - 1 : random.nextInt(m));
                keyGroups++;
            }
        }
        count("ranges of " + pairs + " random (M, p) pairs", ranges);
        count("key groups of " + pairs + " random (M, p) pairs", keyGroups);
    }

    @Test
    void murmurHashAndKeyGroupOfRandomKeyHashes() {
        SplittableRandom random = new SplittableRandom(SEED);
        int hashes = 1_000_000;
        for (int n = 0; n < hashes; n++) {
            compareKeyHash(random.nextInt(), 1 + random.nextInt(32768));
        }
        long cases = hashes;
        // Edge hashes, small hashes (as from small Integer keys) and the hash that murmurs to
        // Integer.MIN_VALUE (folded to 0), against every max parallelism.
        int[] edges = {
            0,
            1,
            -1,
            2,
            -2,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE + 1,
            Integer.MAX_VALUE - 1,
            MurmurInverse.preimageOfRawHash(Integer.MIN_VALUE),
            MurmurInverse.preimageOfRawHash(-1),
            MurmurInverse.preimageOfRawHash(Integer.MAX_VALUE)
        };
        assertThat(MathUtils.murmurHash(MurmurInverse.preimageOfRawHash(Integer.MIN_VALUE)))
                .as("Flink folds a raw hash of MIN_VALUE to 0")
                .isZero();
        for (int hash : edges) {
            for (int m = 1; m <= 32768; m++) {
                compareKeyHash(hash, m);
            }
            cases += 32768;
        }
        for (int hash = -10_000; hash <= 10_000; hash++) {
            compareKeyHash(hash, 128);
            compareKeyHash(hash, 32768);
            cases += 2;
        }
        count("key hashes", cases);
    }

    private static void compareKeyHash(int hash, int m) {
        int flinkMurmur = MathUtils.murmurHash(hash);
        int flinkKeyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, m);
        if (KeyGroups.murmurHash(hash) != flinkMurmur || KeyGroups.keyGroupForKeyHash(hash, m) != flinkKeyGroup) {
            fail(seed() + "hash " + hash + ", M=" + m + ": murmurHash=" + KeyGroups.murmurHash(hash)
                    + " (Flink " + flinkMurmur + "), keyGroupForKeyHash=" + KeyGroups.keyGroupForKeyHash(hash, m)
                    + " (Flink " + flinkKeyGroup + ")");
        }
    }

    @Test
    void keyGroupAndSubtaskOfRandomStringLongAndIntegerKeys() {
        SplittableRandom random = new SplittableRandom(SEED);
        int perType = 100_000;
        for (int n = 0; n < perType; n++) {
            compareKey(randomString(random), random);
            compareKey(random.nextLong(), random);
            compareKey(random.nextInt(), random);
        }
        compareKey("", random);
        compareKey(0L, random);
        compareKey(Long.MIN_VALUE, random);
        compareKey(Integer.MIN_VALUE, random);
        count("String/Long/Integer keys", 3L * perType + 4);

        assertThatThrownBy(() -> KeyGroupRangeAssignment.assignToKeyGroup(null, 128))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> KeyGroups.keyGroupForKey(null, 128)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> KeyGroupRangeAssignment.assignKeyToParallelOperator(null, 128, 4))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> KeyGroups.subtaskForKey(null, 128, 4)).isInstanceOf(NullPointerException.class);
    }

    private static String randomString(SplittableRandom random) {
        char[] chars = new char[random.nextInt(24)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0xD800) : (char) (' ' + random.nextInt(95));
        }
        return new String(chars);
    }

    private static void compareKey(Object key, SplittableRandom random) {
        int m = randomMaxParallelism(random);
        int p = randomParallelism(random, m);
        int flinkKeyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, m);
        int flinkSubtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(key, m, p);
        if (KeyGroups.keyGroupForKey(key, m) != flinkKeyGroup || KeyGroups.subtaskForKey(key, m, p) != flinkSubtask) {
            fail(seed() + key.getClass().getSimpleName() + " key '" + key + "', M=" + m + " p=" + p
                    + ": keyGroupForKey=" + KeyGroups.keyGroupForKey(key, m) + " (Flink " + flinkKeyGroup
                    + "), subtaskForKey=" + KeyGroups.subtaskForKey(key, m, p) + " (Flink " + flinkSubtask + ")");
        }
    }

    @Test
    void defaultMaxParallelismForEveryParallelism() {
        for (int p = 1; p <= 32768; p++) {
            int flink = KeyGroupRangeAssignment.computeDefaultMaxParallelism(p);
            if (KeyGroups.defaultMaxParallelism(p) != flink) {
                fail("defaultMaxParallelism(" + p + ") = " + KeyGroups.defaultMaxParallelism(p) + ", Flink " + flink);
            }
        }
        count("defaultMaxParallelism", 32768);
    }

    @Test
    void constantsMatch() {
        assertThat(KeyGroups.UPPER_BOUND_MAX_PARALLELISM)
                .isEqualTo(KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM);
        assertThat(KeyGroups.DEFAULT_LOWER_BOUND_MAX_PARALLELISM)
                .isEqualTo(KeyGroupRangeAssignment.DEFAULT_LOWER_BOUND_MAX_PARALLELISM);
        count("constants", 2);
    }

    /**
     * Where Flink validates (bounds of M and p, and p <= M), both sides reject the same inputs with an
     * IllegalArgumentException. Slotwise additionally rejects what Flink lets through unchecked.
     */
    @Test
    void rejectsTheSameParallelismPairsAsFlink() {
        int[] values = {Integer.MIN_VALUE, -1, 0, 1, 2, 3, 127, 128, 129, 32767, 32768, 32769, Integer.MAX_VALUE};
        long cases = 0;
        for (int m : values) {
            for (int p : values) {
                boolean flinkAccepts =
                        accepts(() -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(m, p, 0));
                boolean oursAccepts = accepts(() -> KeyGroups.rangeForSubtask(m, p, 0));
                assertThat(oursAccepts).as("M=%d p=%d", m, p).isEqualTo(flinkAccepts);
                assertThat(accepts(() -> new KeyGroupPartitioning(m, p)))
                        .as("M=%d p=%d", m, p)
                        .isEqualTo(flinkAccepts);
                cases++;
            }
            assertThat(accepts(() -> KeyGroups.defaultMaxParallelism(m)))
                    .as("p=%d", m)
                    .isEqualTo(accepts(() -> KeyGroupRangeAssignment.computeDefaultMaxParallelism(m)));
            cases++;
        }
        count("validation", cases);
    }

    private static boolean accepts(Runnable call) {
        try {
            call.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void keyGroupRangeBehavesLikeFlinks() {
        SplittableRandom random = new SplittableRandom(SEED);
        long cases = 0;
        int[] bounds = new int[44];
        for (int i = 0; i < 40; i++) {
            bounds[i] = i - 3;
        }
        bounds[40] = Integer.MAX_VALUE - 1;
        bounds[41] = Integer.MAX_VALUE;
        bounds[42] = Integer.MIN_VALUE;
        bounds[43] = 1 + random.nextInt(1 << 20);
        for (int s : bounds) {
            for (int e : bounds) {
                boolean flinkAccepts = accepts(() -> new org.apache.flink.runtime.state.KeyGroupRange(s, e));
                boolean oursAccepts = accepts(() -> new KeyGroupRange(s, e));
                // The one intended difference: Slotwise's constructor must build EMPTY = (0, -1).
                assertThat(oursAccepts).as("(%d, %d)", s, e).isEqualTo(flinkAccepts || (s == 0 && e == -1));
                boolean flinkOfAccepts = accepts(() -> org.apache.flink.runtime.state.KeyGroupRange.of(s, e));
                assertThat(accepts(() -> KeyGroupRange.of(s, e)))
                        .as("of(%d, %d)", s, e)
                        .isEqualTo(flinkOfAccepts);
                if (flinkOfAccepts) {
                    compareRange(org.apache.flink.runtime.state.KeyGroupRange.of(s, e), KeyGroupRange.of(s, e));
                }
                cases += 2;
            }
        }
        compareRange(org.apache.flink.runtime.state.KeyGroupRange.EMPTY_KEY_GROUP_RANGE, KeyGroupRange.EMPTY);
        for (int n = 0; n < 100_000; n++) {
            int s1 = random.nextInt(64);
            int s2 = random.nextInt(64);
            int e1 = s1 - 1 + random.nextInt(64);
            int e2 = s2 - 1 + random.nextInt(64);
            var flink1 = org.apache.flink.runtime.state.KeyGroupRange.of(s1, e1);
            var flink2 = org.apache.flink.runtime.state.KeyGroupRange.of(s2, e2);
            KeyGroupRange ours1 = KeyGroupRange.of(s1, e1);
            KeyGroupRange ours2 = KeyGroupRange.of(s2, e2);
            var flinkIntersection = flink1.getIntersection(flink2);
            compareRange(flinkIntersection, ours1.intersection(ours2));
            assertThat(ours1.intersectionSize(ours2)).isEqualTo(flinkIntersection.getNumberOfKeyGroups());
            cases++;
        }
        count("KeyGroupRange", cases);
    }

    private static final java.lang.reflect.Method PRETTY_PRINT = prettyPrint();

    /** Flink's {@code KeyGroupRange#prettyPrintInterval}, where the line has it (1.18 on). */
    private static java.lang.reflect.Method prettyPrint() {
        try {
            return org.apache.flink.runtime.state.KeyGroupRange.class.getMethod("prettyPrintInterval");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * How Flink prints a range: its {@code prettyPrintInterval}, or on a line without it (1.17) the
     * "[start, end]" form that method has everywhere else.
     */
    private static String interval(org.apache.flink.runtime.state.KeyGroupRange flink) {
        if (PRETTY_PRINT == null) {
            return "[" + flink.getStartKeyGroup() + ", " + flink.getEndKeyGroup() + "]";
        }
        try {
            return (String) PRETTY_PRINT.invoke(flink);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compareRange(org.apache.flink.runtime.state.KeyGroupRange flink, KeyGroupRange ours) {
        boolean same = ours.startKeyGroup() == flink.getStartKeyGroup()
                && ours.endKeyGroup() == flink.getEndKeyGroup()
                && ours.numberOfKeyGroups() == flink.getNumberOfKeyGroups()
                && ours.hashCode() == flink.hashCode()
                && ours.toString().equals(interval(flink))
                && ours.isEmpty() == flink.equals(org.apache.flink.runtime.state.KeyGroupRange.EMPTY_KEY_GROUP_RANGE);
        for (int k = flink.getStartKeyGroup() - 2; same && k <= flink.getEndKeyGroup() + 2; k++) {
            same = ours.contains(k) == flink.contains(k);
        }
        if (!same) {
            fail(seed() + "Slotwise " + ours + " (size " + ours.numberOfKeyGroups() + ", hash " + ours.hashCode()
                    + ", empty " + ours.isEmpty() + ") differs from Flink " + flink + " (size "
                    + flink.getNumberOfKeyGroups() + ", hash " + flink.hashCode() + ") or in contains()");
        }
    }
}
