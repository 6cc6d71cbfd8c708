package io.github.slotwise.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.keygroup.KeyGroupRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.immutables.value.Value;

/**
 * Which slot ran which subtask before a rescale (Flink's {@code JobAllocationsInformation}). A
 * vertex's previous parallelism is the number of its placements, which must cover subtask indexes
 * {@code 0 .. p-1} exactly once. A slot runs at most one subtask of each vertex, as under Flink's
 * slot sharing.
 *
 * <p>Each old subtask's key groups ({@link #keyGroupRangeOf}) are its {@link
 * SubtaskPlacement#keyGroupRange() explicit range} if it has one, else Flink's range for its index
 * under the previous parallelism and the vertex's maxParallelism (the usual case: a job restores with
 * the maxParallelism it had). Explicit ranges may be uneven, overlap or leave key groups out, as
 * Flink's previous allocations may; {@link #checkAgainst} checks that they lie inside {@code [0,
 * maxParallelism)}.
 */
@Value.Immutable
public abstract class PreviousPlacement {
    PreviousPlacement() {}

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link PreviousPlacement}. */
    public static final class Builder extends ImmutablePreviousPlacement.Builder {}

    /** The empty placement: nothing ran before. */
    public static PreviousPlacement empty() {
        return builder().build();
    }

    /**
     * The placements, in the caller's order; their {@link SubtaskPlacement#stateSizeBytes()} sum
     * to at most {@link Long#MAX_VALUE}, so that the bytes a rescale moves are exact.
     */
    public abstract List<SubtaskPlacement> placements();

    /** True if nothing ran before. */
    public boolean isEmpty() {
        return placements().isEmpty();
    }

    /** Placements per vertex id (vertices in first-appearance order), each sorted by subtask index. */
    @Value.Lazy
    public Map<String, List<SubtaskPlacement>> byVertex() {
        // The check made every vertex's indexes 0 .. count-1, each once: a placement's index is its
        // position in its vertex's list, so one pass counts and one puts, with no sort.
        List<SubtaskPlacement> all = placements();
        int n = all.size();
        VertexOrdinals vertices = new VertexOrdinals();
        int[] ordinal = new int[n];
        int[] count = new int[Math.min(n, 16)];
        for (int i = 0; i < n; i++) {
            int o = vertices.of(all.get(i).subtask().vertexId());
            if (o == count.length) {
                count = Arrays.copyOf(count, Math.min(n, 2 * count.length));
            }
            ordinal[i] = o;
            count[o]++;
        }
        SubtaskPlacement[][] lists = new SubtaskPlacement[vertices.size()][];
        for (int o = 0; o < lists.length; o++) {
            lists[o] = new SubtaskPlacement[count[o]];
        }
        for (int i = 0; i < n; i++) {
            SubtaskPlacement p = all.get(i);
            lists[ordinal[i]][p.subtask().subtaskIndex()] = p;
        }
        ImmutableMap.Builder<String, List<SubtaskPlacement>> result =
                ImmutableMap.builderWithExpectedSize(lists.length);
        for (int o = 0; o < lists.length; o++) {
            result.put(vertices.id(o), ImmutableList.copyOf(lists[o]));
        }
        return result.buildOrThrow();
    }

    /**
     * Vertex ids to ordinals, from 0 in first-appearance order: found by their instance first (the
     * placements of a vertex usually share its id instance), then by equality.
     */
    private static final class VertexOrdinals {
        /** How many ids are found by instance before the map is asked. */
        private static final int RECENT = 8;

        private final String[] recentIds = new String[RECENT];
        private final int[] recentOrdinals = new int[RECENT];
        private int recentCount;
        private final Map<String, Integer> ordinals = new HashMap<>(); // lookups only
        private final List<String> ids = new ArrayList<>();

        /** The ordinal of an id, the next one if it is new. */
        int of(String id) {
            for (int r = 0; r < recentCount; r++) {
                if (recentIds[r] == id) {
                    return recentOrdinals[r];
                }
            }
            Integer o = ordinals.get(id);
            if (o == null) {
                o = ids.size();
                ordinals.put(id, o);
                ids.add(id);
            }
            if (recentCount < RECENT) {
                recentIds[recentCount] = id;
                recentOrdinals[recentCount++] = o;
            }
            return o;
        }

        /** The number of ids. */
        int size() {
            return ids.size();
        }

        /** The id of an ordinal (the first instance met). */
        String id(int ordinal) {
            return ids.get(ordinal);
        }
    }

    /** The previous parallelism of a vertex, 0 if it did not run. */
    public int parallelismOf(String vertexId) {
        List<SubtaskPlacement> list = byVertex().get(vertexId);
        return list == null ? 0 : list.size();
    }

    /** True if some placement carries an explicit key-group range. */
    @Value.Lazy
    public boolean hasExplicitKeyGroupRanges() {
        for (SubtaskPlacement p : placements()) {
            if (p.keyGroupRange().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key groups an old subtask held: its explicit range if it has one, else Flink's range for its
     * index under {@code maxParallelism} and the vertex's previous parallelism ({@link #parallelismOf}).
     *
     * @param placement one of {@link #placements()}
     * @param maxParallelism the vertex's maxParallelism (its {@link JobVertex#effectiveMaxParallelism()})
     * @return a non-empty range
     * @throws IllegalArgumentException if the placement is not one of this placement's, or a derived
     *     range is asked for with a maxParallelism below the previous parallelism
     */
    public KeyGroupRange keyGroupRangeOf(SubtaskPlacement placement, int maxParallelism) {
        Limits.checkNotNull("placement", placement);
        List<SubtaskPlacement> siblings = byVertex().get(placement.subtask().vertexId());
        int index = placement.subtask().subtaskIndex();
        if (siblings == null || index >= siblings.size() || !siblings.get(index).equals(placement)) {
            throw new IllegalArgumentException("placement " + placement.subtask() + " in slot "
                    + Limits.quote(placement.slotId()) + " is not one of this previous placement's");
        }
        if (placement.keyGroupRange().isPresent()) {
            return placement.keyGroupRange().get();
        }
        return new KeyGroupPartitioning(maxParallelism, siblings.size()).range(index);
    }

    /**
     * Checks that every placed vertex exists in {@code graph}, that its previous parallelism does not
     * exceed the vertex's maxParallelism, and that every explicit key-group range lies inside {@code
     * [0, maxParallelism)} of its vertex.
     *
     * @throws IllegalArgumentException naming the vertex (and the placement and range) otherwise
     */
    public void checkAgainst(JobGraph graph) {
        for (Map.Entry<String, List<SubtaskPlacement>> e : byVertex().entrySet()) {
            if (!graph.vertexById().containsKey(e.getKey())) {
                throw new IllegalArgumentException("previous placement names unknown vertex '" + e.getKey() + "'");
            }
            int max = graph.vertex(e.getKey()).effectiveMaxParallelism();
            if (e.getValue().size() > max) {
                throw new IllegalArgumentException("previous placement of vertex '" + e.getKey() + "' has parallelism "
                        + e.getValue().size() + " > maxParallelism " + max);
            }
            for (SubtaskPlacement p : e.getValue()) {
                if (p.keyGroupRange().isPresent() && p.keyGroupRange().get().endKeyGroup() >= max) {
                    throw new IllegalArgumentException("previous placement of " + p.subtask() + ": keyGroupRange "
                            + p.keyGroupRange().get() + " is outside [0, " + max + ") of vertex '" + e.getKey()
                            + "' (maxParallelism " + max + ")");
                }
            }
        }
    }

    @Value.Check
    void check() {
        if (!valid()) {
            explainInvalid();
        }
    }

    /**
     * Whether {@link #explainInvalid()} passes, found without its sets of ids and pairs. True only if
     * it passes; when false, it runs and throws with its message.
     */
    private boolean valid() {
        int bySlotRuns = validBySlotRuns();
        return bySlotRuns == UNDECIDED ? validInAnyOrder() : bySlotRuns == VALID;
    }

    private static final int VALID = 1;
    private static final int INVALID = 0;
    private static final int UNDECIDED = -1;

    /**
     * {@link #valid()} for placements whose slots come together, as an assignment lists them (each
     * slot's subtasks in a row, sharing the slot's id instance): one set entry per slot instead of one
     * per placement, and vertices found by their id instance ({@link VertexOrdinals}). {@link #UNDECIDED} once a slot comes
     * back after another one, for {@link #validInAnyOrder()} to decide.
     */
    private int validBySlotRuns() {
        List<SubtaskPlacement> all = placements();
        int n = all.size();
        VertexOrdinals vertices = new VertexOrdinals();
        List<SeenOfVertex> seen = new ArrayList<>();
        Set<String> slots = new HashSet<>(); // lookups only
        String slot = null;
        int run = 0; // the run of placements in one slot, from 1
        long stateBytes = 0;
        for (int i = 0; i < n; i++) {
            SubtaskPlacement p = all.get(i);
            stateBytes = addBytes(stateBytes, p, n);
            if (stateBytes < 0) {
                return INVALID;
            }
            int index = p.subtask().subtaskIndex();
            String slotId = p.slotId();
            if (slotId != slot) {
                if (!slots.add(slotId)) {
                    return UNDECIDED; // the slot comes back: its vertices are not in one run
                }
                slot = slotId;
                run++;
            }
            int o = vertices.of(p.subtask().vertexId());
            if (o == seen.size()) {
                seen.add(new SeenOfVertex(n));
            }
            SeenOfVertex v = seen.get(o);
            if (v.indexes.get(index) || v.lastRun == run) {
                return INVALID; // placed twice, or two subtasks of the vertex in one slot
            }
            v.lastRun = run;
            v.indexes.set(index);
            v.count++;
            v.maxIndex = Math.max(v.maxIndex, index);
        }
        return indexesComplete(seen) ? VALID : INVALID;
    }

    /**
     * The state bytes so far plus a placement's, or -1 if that overflows or the placement's subtask
     * index is not below the number of placements (the indexes can then not be 0 .. count - 1): a
     * check both of {@link #valid()}'s passes make first.
     */
    private static long addBytes(long stateBytes, SubtaskPlacement p, int n) {
        long bytes = p.stateSizeBytes(); // at least 0, as stateBytes
        long sum = stateBytes + bytes;
        if (sum < 0 || p.subtask().subtaskIndex() >= n) {
            return -1;
        }
        return sum;
    }

    /** {@link #valid()} in any order: per vertex, the subtask indexes seen (as bits) and the slots used. */
    private boolean validInAnyOrder() {
        List<SubtaskPlacement> all = placements();
        int n = all.size();
        Map<String, SeenOfVertex> seen = new HashMap<>();
        long stateBytes = 0;
        for (int i = 0; i < n; i++) {
            SubtaskPlacement p = all.get(i);
            stateBytes = addBytes(stateBytes, p, n);
            if (stateBytes < 0) {
                return false;
            }
            int index = p.subtask().subtaskIndex();
            SeenOfVertex v = seen.get(p.subtask().vertexId());
            if (v == null) {
                v = new SeenOfVertex(n);
                seen.put(p.subtask().vertexId(), v);
            }
            if (v.slots == null) {
                v.slots = new HashSet<>();
            }
            if (v.indexes.get(index) || !v.slots.add(p.slotId())) {
                return false; // placed twice, or two subtasks of the vertex in one slot
            }
            v.indexes.set(index);
            v.count++;
            v.maxIndex = Math.max(v.maxIndex, index);
        }
        return indexesComplete(seen.values());
    }

    /** Whether every vertex's indexes are {@code 0 .. count-1} (each seen once, as the callers check). */
    private static boolean indexesComplete(Collection<SeenOfVertex> seen) {
        for (SeenOfVertex v : seen) { // any order: the answer is the same
            if (v.maxIndex != v.count - 1) {
                return false;
            }
        }
        return true;
    }

    /** What {@link #valid()} keeps of one vertex. */
    private static final class SeenOfVertex {
        final BitSet indexes;
        /** The slots used, for {@link #validInAnyOrder()}. */
        Set<String> slots;
        /** The last slot run ({@link #validBySlotRuns()}) with a subtask of the vertex, 0 for none. */
        int lastRun;

        int count;
        int maxIndex = -1;

        SeenOfVertex(int placements) {
            indexes = new BitSet(placements);
        }
    }

    /** Checks every placement in order, and throws naming the first fault. */
    private void explainInvalid() {
        Set<SubtaskId> seen = new HashSet<>();
        Set<List<String>> vertexInSlot = new HashSet<>();
        Map<String, Integer> maxIndex = new LinkedHashMap<>();
        long stateBytes = 0;
        for (SubtaskPlacement p : placements()) {
            try {
                stateBytes = Math.addExact(stateBytes, p.stateSizeBytes());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("previous placement: the stateSizeBytes sum to more than "
                        + Long.MAX_VALUE + " bytes (at " + p.subtask() + ", " + p.stateSizeBytes() + " bytes)");
            }
            if (!seen.add(p.subtask())) {
                throw new IllegalArgumentException("subtask " + p.subtask() + " is placed twice");
            }
            if (!vertexInSlot.add(List.of(p.slotId(), p.subtask().vertexId()))) {
                throw new IllegalArgumentException("slot '" + p.slotId() + "' ran two subtasks of vertex '"
                        + p.subtask().vertexId() + "' (" + p.subtask() + " is the second)");
            }
            maxIndex.merge(p.subtask().vertexId(), p.subtask().subtaskIndex(), Math::max);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        seen.forEach(s -> counts.merge(s.vertexId(), 1, Integer::sum));
        for (Map.Entry<String, Integer> e : maxIndex.entrySet()) {
            int count = counts.get(e.getKey());
            if (e.getValue() != count - 1) {
                throw new IllegalArgumentException("previous placement of vertex '" + e.getKey() + "' has " + count
                        + " subtasks but index " + e.getValue() + ": indexes must be 0.." + (count - 1));
            }
        }
    }
}
