package io.github.slotwise.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.slotwise.testkit.LocalityReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matching on arbitrary bipartite graphs, not only those a key-group sweep makes: random dense
 * graphs with many ties (mostly cyclic, so the augmenting-path fallback runs), forests (the dynamic
 * program), and long paths, against exhaustive search and the Hungarian method.
 */
class LocalityMatchingTest {

    /** A random graph as raw pairs plus its dense matrix. */
    private record Case(LocalityGraph graph, long[][] dense) {}

    private static Case random(Random random, int groups, int slots, double density, int maxScore) {
        List<int[]> pairs = new ArrayList<>();
        long[][] dense = new long[groups][slots];
        for (int g = 0; g < groups; g++) {
            for (int s = 0; s < slots; s++) {
                if (random.nextDouble() < density) {
                    long w = 1 + random.nextInt(maxScore);
                    pairs.add(new int[] {g, s});
                    dense[g][s] = w;
                }
            }
        }
        return of(groups, slots, pairs, dense);
    }

    private static Case of(int groups, int slots, List<int[]> pairs, long[][] dense) {
        int[] g = new int[pairs.size()];
        int[] s = new int[pairs.size()];
        long[] w = new long[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            g[i] = pairs.get(i)[0];
            s[i] = pairs.get(i)[1];
            w[i] = dense[g[i]][s[i]];
        }
        return new Case(LocalityGraph.fromPairs(groups, slots, g, s, w), dense);
    }

    /** Checks that the result is a matching over existing pairs and returns its total. */
    private static long checkedTotal(LocalityGraph graph, LocalityMatching.Result result) {
        boolean[] slotUsed = new boolean[graph.slotCount];
        long total = 0;
        for (int g = 0; g < graph.groupCount; g++) {
            int e = result.matchOfGroup()[g];
            if (e < 0) {
                continue;
            }
            assertThat(graph.group[e]).isEqualTo(g);
            assertThat(slotUsed[graph.slot[e]])
                    .as("slot %d used twice", graph.slot[e])
                    .isFalse();
            slotUsed[graph.slot[e]] = true;
            total += graph.score[e];
        }
        return total;
    }

    @Test
    void smallRandomGraphsReachTheExhaustiveMaximum() {
        Random random = new Random(1);
        int cyclic = 0;
        for (int c = 0; c < 3000; c++) {
            int groups = 1 + random.nextInt(6);
            int slots = groups + random.nextInt(3);
            Case k = random(random, groups, slots, 0.2 + 0.6 * random.nextDouble(), 1 + random.nextInt(6));
            LocalityMatching.Result result = LocalityMatching.solve(k.graph());
            cyclic += result.cyclicComponents();
            assertThat(checkedTotal(k.graph(), result))
                    .as("case %d: %s", c, Arrays.deepToString(k.dense()))
                    .isEqualTo(LocalityReference.exhaustive(k.dense(), slots));
        }
        assertThat(cyclic).as("the augmenting-path fallback ran").isGreaterThan(500);
    }

    @Test
    void largerRandomGraphsReachTheHungarianMaximum() {
        Random random = new Random(2);
        for (int c = 0; c < 200; c++) {
            int groups = 5 + random.nextInt(40);
            int slots = groups + random.nextInt(10);
            double density = random.nextBoolean() ? 0.05 : 0.3;
            Case k = random(random, groups, slots, density, random.nextBoolean() ? 3 : 1_000_000);
            assertThat(checkedTotal(k.graph(), LocalityMatching.solve(k.graph())))
                    .as("case %d: %s", c, Arrays.deepToString(k.dense()))
                    .isEqualTo(LocalityReference.hungarian(k.dense(), slots));
        }
    }

    @Test
    void theExhaustiveAndHungarianReferencesAgree() {
        Random random = new Random(3);
        for (int c = 0; c < 500; c++) {
            int groups = 1 + random.nextInt(6);
            int slots = groups + random.nextInt(3);
            Case k = random(random, groups, slots, random.nextDouble(), 1 + random.nextInt(9));
            assertThat(LocalityReference.hungarian(k.dense(), slots))
                    .isEqualTo(LocalityReference.exhaustive(k.dense(), slots));
        }
    }

    @Test
    void randomForestsAreSolvedByTheDynamicProgramAlone() {
        Random random = new Random(4);
        for (int c = 0; c < 500; c++) {
            int groups = 1 + random.nextInt(30);
            int slots = groups + random.nextInt(5);
            // Grow a forest: nodes arrive in random order, each linked to at most one earlier node.
            long[][] dense = new long[groups][slots];
            List<int[]> pairs = new ArrayList<>();
            List<Integer> nodes = new ArrayList<>();
            for (int i = 0; i < groups + slots; i++) {
                nodes.add(i);
            }
            java.util.Collections.shuffle(nodes, random);
            List<Integer> earlierGroups = new ArrayList<>();
            List<Integer> earlierSlots = new ArrayList<>();
            for (int node : nodes) {
                boolean isGroup = node < groups;
                List<Integer> others = isGroup ? earlierSlots : earlierGroups;
                if (!others.isEmpty() && random.nextInt(5) > 0) {
                    int other = others.get(random.nextInt(others.size()));
                    int g = isGroup ? node : other;
                    int s = isGroup ? other - groups : node - groups;
                    dense[g][s] = 1 + random.nextInt(4);
                    pairs.add(new int[] {g, s});
                }
                (isGroup ? earlierGroups : earlierSlots).add(node);
            }
            Case k = of(groups, slots, pairs, dense);
            LocalityMatching.Result result = LocalityMatching.solve(k.graph());
            assertThat(result.cyclicComponents()).as("case %d", c).isZero();
            assertThat(checkedTotal(k.graph(), result))
                    .as("case %d: %s", c, Arrays.deepToString(dense))
                    .isEqualTo(LocalityReference.hungarian(dense, slots));
        }
    }

    /**
     * A zigzag path g0-s0-g1-s1-... whose weights alternate 2, 3, 2, 3, ...: the best matching takes
     * every "3" pair. 200,001 nodes, so a recursive solver would overflow the stack.
     */
    @Test
    void aLongPathIsSolvedWithoutRecursion() {
        int n = 100_000;
        int[] g = new int[2 * n - 1];
        int[] s = new int[2 * n - 1];
        long[] w = new long[2 * n - 1];
        for (int i = 0; i < n; i++) {
            g[2 * i] = i;
            s[2 * i] = i;
            w[2 * i] = 2; // g_i - s_i
            if (i + 1 < n) {
                g[2 * i + 1] = i + 1;
                s[2 * i + 1] = i;
                w[2 * i + 1] = 3; // g_{i+1} - s_i
            }
        }
        LocalityGraph graph = LocalityGraph.fromPairs(n, n, g, s, w);
        LocalityMatching.Result result = LocalityMatching.solve(graph);
        assertThat(result.treeComponents()).isEqualTo(1);
        assertThat(checkedTotal(graph, result)).isEqualTo(3L * (n - 1));
    }

    /** An even cycle g0-s0-g1-s1-g0: two perfect matchings, the heavier one wins. */
    @Test
    void aCycleTakesTheHeavierPerfectMatching() {
        long[][] dense = {{1, 5}, {5, 1}};
        Case k = of(2, 2, List.of(new int[] {0, 0}, new int[] {0, 1}, new int[] {1, 0}, new int[] {1, 1}), dense);
        LocalityMatching.Result result = LocalityMatching.solve(k.graph());
        assertThat(result.cyclicComponents()).isEqualTo(1);
        assertThat(checkedTotal(k.graph(), result)).isEqualTo(10);
        assertThat(k.graph().slot[result.matchOfGroup()[0]]).isEqualTo(1);
        assertThat(k.graph().slot[result.matchOfGroup()[1]]).isEqualTo(0);
    }

    /** Repeated pairs are summed before matching. */
    @Test
    void repeatedPairsAreSummed() {
        LocalityGraph graph =
                LocalityGraph.fromPairs(2, 2, new int[] {0, 1, 0, 1}, new int[] {0, 0, 0, 1}, new long[] {2, 3, 2, 1});
        assertThat(graph.edgeCount).isEqualTo(3);
        LocalityMatching.Result result = LocalityMatching.solve(graph);
        assertThat(checkedTotal(graph, result)).isEqualTo(5); // g0-s0 (2+2) and g1-s1 (1)
    }

    @Test
    void theSameGraphAlwaysGivesTheSameMatching() {
        Random random = new Random(5);
        for (int c = 0; c < 200; c++) {
            int groups = 1 + random.nextInt(20);
            Case k = random(random, groups, groups + 2, 0.3, 2);
            assertThat(LocalityMatching.solve(k.graph()).matchOfGroup())
                    .isEqualTo(LocalityMatching.solve(k.graph()).matchOfGroup());
        }
    }
}
