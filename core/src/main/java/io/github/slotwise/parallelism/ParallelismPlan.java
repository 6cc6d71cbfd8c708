package io.github.slotwise.parallelism;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * The parallelism chosen for every vertex, and the slots each slot-sharing group takes.
 *
 * @param vertexParallelism parallelism per vertex id, in job-graph vertex order
 * @param slotsPerGroup slots per slot-sharing group id, in group order; a group's slot count equals
 *     the highest parallelism among its vertices
 * @param availableSlots slots the plan was made for
 * @param explanation why, one line each
 */
public record ParallelismPlan(
        Map<String, Integer> vertexParallelism,
        Map<String, Integer> slotsPerGroup,
        int availableSlots,
        List<String> explanation)
        implements ParallelismResult {
    /** Copies the maps (keeping their order) and the explanation. */
    public ParallelismPlan {
        vertexParallelism = ImmutableMap.copyOf(vertexParallelism);
        slotsPerGroup = ImmutableMap.copyOf(slotsPerGroup);
        explanation = ImmutableList.copyOf(explanation);
    }

    /**
     * Returns the parallelism of a vertex.
     *
     * @throws IllegalArgumentException if the plan has no such vertex
     */
    public int parallelismOf(String vertexId) {
        Integer p = vertexParallelism.get(vertexId);
        if (p == null) {
            throw new IllegalArgumentException("plan has no vertex '" + vertexId + "'");
        }
        return p;
    }

    /** Slots the plan uses: the sum over groups. */
    public int slotsUsed() {
        int sum = 0;
        for (int slots : slotsPerGroup.values()) {
            sum += slots;
        }
        return sum;
    }

    /** True if both plans give every vertex the same parallelism (explanations are ignored). */
    public boolean sameParallelismAs(ParallelismPlan other) {
        return vertexParallelism.equals(other.vertexParallelism);
    }
}
