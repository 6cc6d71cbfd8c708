package io.github.slotwise.assignment;

import java.util.Arrays;

/**
 * Slow, obviously exact references for the maximum-weight matching of a dense score matrix {@code
 * w[group][slot]} (0 = no pair): exhaustive search and the textbook O(n^3) Hungarian method.
 */
final class MatchingReference {
    private MatchingReference() {}

    /** The best total over all matchings, by trying every slot (or none) for every group. */
    static long exhaustive(long[][] w, int slots) {
        return exhaustive(w, slots, 0, new boolean[slots]);
    }

    private static long exhaustive(long[][] w, int slots, int g, boolean[] used) {
        if (g == w.length) {
            return 0;
        }
        long best = exhaustive(w, slots, g + 1, used); // g keeps no slot
        for (int s = 0; s < slots; s++) {
            if (!used[s] && w[g][s] > 0) {
                used[s] = true;
                best = Math.max(best, w[g][s] + exhaustive(w, slots, g + 1, used));
                used[s] = false;
            }
        }
        return best;
    }

    /**
     * The best total by the Hungarian method on the square matrix of side {@code max(groups, slots)}
     * padded with zeros, minimising {@code -w}: a perfect matching there is a matching here plus
     * zero-score pairs.
     */
    static long hungarian(long[][] w, int slots) {
        int n = Math.max(w.length, slots);
        long[][] cost = new long[n + 1][n + 1]; // 1-based
        for (int g = 0; g < w.length; g++) {
            for (int s = 0; s < slots; s++) {
                cost[g + 1][s + 1] = -w[g][s];
            }
        }
        long[] u = new long[n + 1];
        long[] v = new long[n + 1];
        int[] rowOfColumn = new int[n + 1];
        int[] way = new int[n + 1];
        for (int row = 1; row <= n; row++) {
            rowOfColumn[0] = row;
            int column = 0;
            long[] minv = new long[n + 1];
            Arrays.fill(minv, Long.MAX_VALUE);
            boolean[] used = new boolean[n + 1];
            do {
                used[column] = true;
                int r = rowOfColumn[column];
                long delta = Long.MAX_VALUE;
                int next = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        long reduced = cost[r][j] - u[r] - v[j];
                        if (reduced < minv[j]) {
                            minv[j] = reduced;
                            way[j] = column;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            next = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                column = next;
            } while (rowOfColumn[column] != 0);
            do {
                int previous = way[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }
        long total = 0;
        for (int j = 1; j <= n; j++) {
            total -= cost[rowOfColumn[j]][j];
        }
        return total;
    }
}
