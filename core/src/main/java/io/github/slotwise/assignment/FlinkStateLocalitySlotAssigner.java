package io.github.slotwise.assignment;

import io.github.slotwise.keygroup.KeyGroupOverlap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flink's {@code StateLocalitySlotAssigner} (used when {@code execution.state-recovery.from-local} is
 * on and the job ran before) over the default resolver, or the task-balanced one ({@link
 * Grouping}): keep subtasks where their old state is.
 *
 * <ol>
 *   <li>Score every pair (execution slot-sharing group, slot that ran an old subtask): the sum, over
 *       the group's subtasks and every old subtask of the same vertex that ran in that slot, of
 *       {@link LocalityScore} for the key groups they share. Flink scores every vertex this way,
 *       keyed or not (all have key-group ranges). The overlaps come from one linear {@link
 *       KeyGroupOverlap#forEachOverlap sweep} per vertex, which yields exactly the pairs Flink scores
 *       positive: a pair without shared key groups scores 0 and Flink drops it.
 *   <li>Take the pairs by score descending, then slot position in {@link
 *       io.github.slotwise.model.SlotPool#slots()} order ascending (standing in for Flink's {@code
 *       AllocationID} order, which compares random ids), then group position in resolver order
 *       ascending (standing in for Flink's random UUID group id); assign a pair when both its group
 *       and its slot are still free.
 *   <li>Leftover groups, in resolver order, take leftover slots in pool order, one each (Flink
 *       iterates two {@code HashMap}s here).
 * </ol>
 *
 * <p>Assignments are listed in resolver order, not in the order Flink's loop makes them (which
 * decides nothing in Flink); each group's explanation line gives its score and its pick number in
 * that loop, so the greedy's sequence can still be read off.
 *
 * <p>A previous slot that is not in the pool: Flink scores it but, when its pair is polled, skips it
 * because only free slots can be assigned; the group stays free for its next-best pair. Slotwise
 * drops such pairs up front, which gives the same result, and says so in the explanation.
 *
 * <p>Flink uses the resolver of its load-balance mode here (the task-balanced one in {@code TASKS}
 * mode): {@link Grouping#TASK_BALANCED} does the same. Flink 1.18 to 1.20 score by shared key groups
 * only: {@link LocalityScore.Scoring#KEY_GROUPS}. It never picks minimal TaskManagers, as in Flink. With no previous placement it reduces to the
 * leftover step: groups in resolver order zipped with slots in pool order.
 */
public final class FlinkStateLocalitySlotAssigner implements SlotAssigner {
    /** The registry name. */
    public static final String NAME = "flink-state-locality";

    /**
     * How subtasks are grouped into execution slot-sharing groups before they are scored: Flink's
     * state-locality assigner uses the resolver of its load-balance mode.
     */
    public enum Grouping {
        /** The default resolver (every mode but {@code TASKS}): group i holds subtask i of each vertex. */
        DEFAULT,
        /**
         * The task-balanced resolver of {@code taskmanager.load-balance.mode: TASKS} (Flink 2.2 on), as
         * {@code flink-tasks} uses it; checked against 2.2.1 and 2.3.0 by the version matrix.
         */
        TASK_BALANCED
    }

    private final LocalityScore.Scoring scoring;
    private final Grouping grouping;

    /** Creates the assigner of Flink 2.x (scores weighted by state bytes); it holds no state. */
    public FlinkStateLocalitySlotAssigner() {
        this(LocalityScore.Scoring.STATE_BYTES);
    }

    /**
     * Creates the assigner with a Flink line's scoring: {@link LocalityScore.Scoring#KEY_GROUPS}
     * reproduces Flink 1.18 to 1.20 ({@link LocalityScore.Scoring#forFlinkVersion}).
     *
     * @param scoring how pairs are scored
     * @throws IllegalArgumentException if {@code scoring} is null
     */
    public FlinkStateLocalitySlotAssigner(LocalityScore.Scoring scoring) {
        this(scoring, Grouping.DEFAULT);
    }

    /**
     * Creates the assigner with a Flink line's scoring and the grouping of a load-balance mode: {@link
     * Grouping#TASK_BALANCED} reproduces Flink 2.2+ in {@code TASKS} mode.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public FlinkStateLocalitySlotAssigner(LocalityScore.Scoring scoring, Grouping grouping) {
        if (scoring == null) {
            throw new IllegalArgumentException("scoring must not be null");
        }
        if (grouping == null) {
            throw new IllegalArgumentException("grouping must not be null");
        }
        this.scoring = scoring;
        this.grouping = grouping;
    }

    /** How this assigner groups subtasks. */
    public Grouping grouping() {
        return grouping;
    }

    /** How this assigner scores pairs. */
    public LocalityScore.Scoring scoring() {
        return scoring;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** One line for people, as {@code slotwise simulate --list} shows it. */
    @Override
    public String description() {
        return "Flink's state locality (local recovery): greedy, best-scoring group and previous slot first";
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(NAME, request);
        SlotSharingResolver resolver = grouping == Grouping.TASK_BALANCED
                ? TaskBalancedSlotSharingResolver.INSTANCE
                : DefaultSlotSharingResolver.INSTANCE;
        List<ExecutionSlotSharingGroup> groups = resolver.resolve(request.graph(), request.plan());
        PoolIndex pool = new PoolIndex(request.pool());
        List<String> why = new ArrayList<>();
        why.add(String.format(
                "%s: %d execution slot-sharing group(s) from the %s resolver, %d free slot(s); pairs of"
                        + " (group, previous slot) by locality score, descending, ties by slot then group order",
                NAME, groups.size(), grouping == Grouping.TASK_BALANCED ? "task-balanced" : "default", pool.size()));

        LocalityGraph graph = LocalityGraph.of(request, groups, pool, scoring);
        why.addAll(graph.missingSlotLines());
        why.add(graph.edgeCount + " (group, slot) pair(s) with a positive locality score");
        // Decide on positions only, then build the assignments and lines in resolver order, reading
        // the groups and slots front to back. Flink lists its result in poll order; the order of the
        // list decides nothing there, so Slotwise keeps resolver order (as every locality assigner
        // does) and says in each line at which pick the greedy took the pair.
        int groupCount = groups.size();
        boolean[] slotTaken = new boolean[pool.size()];
        int[] slotOf = new int[groupCount];
        int[] pickOf = new int[groupCount]; // 1-based
        long[] scoreOf = new long[groupCount];
        Arrays.fill(slotOf, -1);
        int picks = 0;
        for (int e : priorityOrder(graph)) {
            int g = graph.group[e];
            int s = graph.slot[e];
            if (slotOf[g] < 0 && !slotTaken[s]) {
                slotTaken[s] = true;
                slotOf[g] = s;
                scoreOf[g] = graph.score[e];
                pickOf[g] = ++picks;
            }
        }
        return LocalityGraph.complete(
                NAME,
                request,
                groups,
                pool,
                slotOf,
                why,
                g -> "locality score " + scoreOf[g] + ", greedy pick " + pickOf[g]);
    }

    /** Digit width of the radix sort by score: 2048 counters, which stay in the L1 cache. */
    private static final int RADIX_BITS = 11;

    /**
     * Orders the edges as Flink's priority queue polls them: score descending, then slot position
     * ascending, then group position ascending. The graph lists edges by (group, slot); a stable
     * counting sort by slot gives (slot, group), and a stable least-significant-digit radix sort by
     * score, descending, puts the scores on top. Both are linear: no comparison sort, and each pass
     * reads its input front to back.
     */
    static int[] priorityOrder(LocalityGraph graph) {
        int n = graph.edgeCount;
        int[] order = LocalityGraph.countingOrder(graph.slot, n, graph.slotCount, null);
        long max = 0;
        for (int e = 0; e < n; e++) {
            max = Math.max(max, graph.score[e]);
        }
        // Descending by score is ascending by max - score: never negative, often fewer digits.
        long[] key = new long[n];
        long bits = 0;
        for (int k = 0; k < n; k++) {
            key[k] = max - graph.score[order[k]];
            bits |= key[k];
        }
        int[] nextOrder = new int[n];
        long[] nextKey = new long[n];
        int[] start = new int[(1 << RADIX_BITS) + 1];
        int mask = (1 << RADIX_BITS) - 1;
        for (int shift = 0; shift < 64 && (bits >>> shift) != 0; shift += RADIX_BITS) {
            Arrays.fill(start, 0);
            for (int k = 0; k < n; k++) {
                start[((int) (key[k] >>> shift) & mask) + 1]++;
            }
            for (int d = 0; d < mask; d++) {
                start[d + 1] += start[d];
            }
            for (int k = 0; k < n; k++) {
                int to = start[(int) (key[k] >>> shift) & mask]++;
                nextOrder[to] = order[k];
                nextKey[to] = key[k];
            }
            int[] o = order;
            order = nextOrder;
            nextOrder = o;
            long[] t = key;
            key = nextKey;
            nextKey = t;
        }
        return order;
    }

    @Override
    public String toString() {
        return NAME
                + (scoring == LocalityScore.Scoring.STATE_BYTES ? "" : " (" + scoring + " scoring)")
                + (grouping == Grouping.DEFAULT ? "" : " (" + grouping + " grouping)");
    }
}
