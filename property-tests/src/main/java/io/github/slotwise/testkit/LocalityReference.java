package io.github.slotwise.testkit;

import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.LocalityScore;
import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskPlacement;
import java.util.Arrays;
import java.util.List;

/**
 * Slow, literal references for state-locality assigners: every (execution slot-sharing group, slot)
 * score computed the way Flink's {@code StateLocalitySlotAssigner#calculateScore} does (every group
 * subtask against every old subtask of its vertex), and the best total score any assignment can
 * reach, by exhaustive search or by the textbook Hungarian method.
 *
 * <p>Use it to check that an assigner is optimal ({@code assignment.metrics().localityScore() ==
 * maxTotalScore(...)}) or to measure how far from optimal it is.
 */
public final class LocalityReference {
    private LocalityReference() {}

    /**
     * The score of every (group, slot) pair: {@code result[g][s]} for the {@code g}-th execution
     * slot-sharing group of the default resolver (slot-sharing groups in {@link
     * JobGraph#slotSharingGroups()} order, then index) and the {@code s}-th slot of the pool.
     *
     * @param request the request; slots of the previous placement that are not in the pool score
     *     nothing
     * @return a dense matrix, {@code 0} where the pair shares no key group
     */
    public static long[][] pairScores(AssignmentRequest request) {
        JobGraph graph = request.graph();
        List<Slot> slots = request.pool().slots();
        int groups = 0;
        for (SlotSharingGroup sharing : graph.slotSharingGroups()) {
            groups += slotsOf(sharing, request);
        }
        long[][] scores = new long[groups][slots.size()];
        int first = 0;
        for (SlotSharingGroup sharing : graph.slotSharingGroups()) {
            for (JobVertex v : graph.verticesOf(sharing)) {
                int newP = request.plan().parallelismOf(v.id());
                List<SubtaskPlacement> before = request.previous().byVertex().getOrDefault(v.id(), List.of());
                int oldP = before.size();
                int m = v.effectiveMaxParallelism();
                for (int i = 0; i < newP; i++) {
                    for (SubtaskPlacement old : before) {
                        int o = old.subtask().subtaskIndex();
                        int oldStart = old.keyGroupRange()
                                .map(KeyGroupRange::startKeyGroup)
                                .orElse(rangeStart(m, oldP, o));
                        int oldEnd = old.keyGroupRange()
                                .map(KeyGroupRange::endKeyGroup)
                                .orElse(rangeEnd(m, oldP, o));
                        int shared = Math.max(
                                0,
                                Math.min(rangeEnd(m, newP, i), oldEnd)
                                        - Math.max(rangeStart(m, newP, i), oldStart)
                                        + 1);
                        int oldSize = oldEnd - oldStart + 1;
                        long score = LocalityScore.of(shared, old.stateSizeBytes(), oldSize);
                        for (int s = 0; s < slots.size(); s++) {
                            if (slots.get(s).id().equals(old.slotId())) {
                                scores[first + i][s] += score;
                            }
                        }
                    }
                }
            }
            first += slotsOf(sharing, request);
        }
        return scores;
    }

    /**
     * The highest total score of any assignment of the request's groups to distinct slots, by the
     * Hungarian method on {@link #pairScores}: {@code O(n^3)} for {@code n} slots.
     */
    public static long maxTotalScore(AssignmentRequest request) {
        return hungarian(pairScores(request), request.pool().size());
    }

    /**
     * The highest total of {@code scores[g][s]} over matchings (each group at most one slot, each slot
     * at most one group), by trying every slot or none for every group: exponential, for tiny inputs.
     *
     * @param scores non-negative scores, one row per group
     * @param slots the number of columns
     */
    public static long exhaustive(long[][] scores, int slots) {
        return exhaustive(scores, slots, 0, new boolean[slots]);
    }

    private static long exhaustive(long[][] w, int slots, int g, boolean[] used) {
        if (g == w.length) {
            return 0;
        }
        long best = exhaustive(w, slots, g + 1, used);
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
     * The same maximum as {@link #exhaustive} by the Hungarian method: the square matrix of side
     * {@code max(groups, slots)}, padded with zeros, minimising {@code -scores}. Any perfect matching
     * there is a matching here plus pairs that score 0.
     *
     * @param scores non-negative scores, one row per group
     * @param slots the number of columns
     */
    public static long hungarian(long[][] scores, int slots) {
        int n = Math.max(scores.length, slots);
        long[][] cost = new long[n + 1][n + 1]; // 1-based; row 0 and column 0 unused
        for (int g = 0; g < scores.length; g++) {
            for (int s = 0; s < slots; s++) {
                cost[g + 1][s + 1] = -scores[g][s];
            }
        }
        long[] rowPotential = new long[n + 1];
        long[] columnPotential = new long[n + 1];
        int[] rowOfColumn = new int[n + 1];
        int[] way = new int[n + 1];
        for (int row = 1; row <= n; row++) {
            rowOfColumn[0] = row;
            int column = 0;
            long[] slack = new long[n + 1];
            Arrays.fill(slack, Long.MAX_VALUE);
            boolean[] visited = new boolean[n + 1];
            do {
                visited[column] = true;
                int r = rowOfColumn[column];
                long delta = Long.MAX_VALUE;
                int next = 0;
                for (int j = 1; j <= n; j++) {
                    if (!visited[j]) {
                        long reduced = cost[r][j] - rowPotential[r] - columnPotential[j];
                        if (reduced < slack[j]) {
                            slack[j] = reduced;
                            way[j] = column;
                        }
                        if (slack[j] < delta) {
                            delta = slack[j];
                            next = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (visited[j]) {
                        rowPotential[rowOfColumn[j]] += delta;
                        columnPotential[j] -= delta;
                    } else {
                        slack[j] -= delta;
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

    private static int slotsOf(SlotSharingGroup sharing, AssignmentRequest request) {
        int max = 0;
        for (String id : sharing.vertexIds()) {
            max = Math.max(max, request.plan().parallelismOf(id));
        }
        return max;
    }

    private static int rangeStart(int maxParallelism, int parallelism, int subtask) {
        return (int) (((long) subtask * maxParallelism + parallelism - 1) / parallelism);
    }

    private static int rangeEnd(int maxParallelism, int parallelism, int subtask) {
        return (int) (((long) (subtask + 1) * maxParallelism - 1) / parallelism);
    }
}
