package io.github.slotwise.assignment;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskId;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink's {@code DefaultSlotSharingResolver}: group {@code i} of a slot-sharing group holds subtask
 * {@code i} of every member vertex whose planned parallelism exceeds {@code i}.
 *
 * <p>Flink visits slot-sharing groups in the hash order of a {@code HashSet}; Slotwise visits them in
 * {@link JobGraph#slotSharingGroups()} order. Within a group Flink's buckets live in a {@code
 * HashMap<Integer, …>}, which iterates small integer keys in ascending order, so index order is
 * Flink's own.
 */
final class DefaultSlotSharingResolver implements SlotSharingResolver {
    /** The only instance; the resolver holds no state. */
    static final DefaultSlotSharingResolver INSTANCE = new DefaultSlotSharingResolver();

    /** A plan's groups, as {@link #resolved} keeps them. */
    private record Resolved(JobGraph graph, ParallelismPlan plan, List<ExecutionSlotSharingGroup> groups) {}

    /** How many plans' groups {@link #resolved} keeps: one per plan hash modulo this. */
    private static final int RESOLVED = 16;

    /**
     * The groups of the plans resolved last, by the plan instance's identity hash: immutable entries
     * (final fields, so safe to share through a plain array); a race only loses an entry.
     */
    private final Resolved[] resolved = new Resolved[RESOLVED];

    private DefaultSlotSharingResolver() {}

    /**
     * {@link #resolve}, as an immutable list, and kept for the same graph and plan instances (both
     * immutable): a simulated day deploys the same few plans again and again.
     *
     * @param graph the job
     * @param plan its parallelism
     * @return the groups, which the caller must only read
     */
    List<ExecutionSlotSharingGroup> resolveKept(JobGraph graph, ParallelismPlan plan) {
        int slot = System.identityHashCode(plan) & (RESOLVED - 1);
        Resolved last = resolved[slot];
        if (last != null && last.plan() == plan && last.graph() == graph) {
            return last.groups();
        }
        List<ExecutionSlotSharingGroup> groups = ImmutableList.copyOf(resolve(graph, plan));
        resolved[slot] = new Resolved(graph, plan, groups);
        return groups;
    }

    @Override
    public List<ExecutionSlotSharingGroup> resolve(JobGraph graph, ParallelismPlan plan) {
        List<ExecutionSlotSharingGroup> groups = new ArrayList<>(SlotSharingResolver.groupCount(graph, plan));
        for (SlotSharingGroup sharing : graph.slotSharingGroups()) {
            int slots = SlotSharingResolver.slotsOf(sharing, plan);
            // Members in id order, so that each group's subtasks come out sorted and need no copy.
            List<String> members = new ArrayList<>(sharing.vertexIds());
            members.sort(null);
            int[] parallelism = members.stream().mapToInt(plan::parallelismOf).toArray();
            for (int i = 0; i < slots; i++) {
                int count = 0;
                for (int p : parallelism) {
                    count += p > i ? 1 : 0;
                }
                ImmutableList.Builder<SubtaskId> subtasks = ImmutableList.builderWithExpectedSize(count);
                for (int m = 0; m < members.size(); m++) {
                    if (parallelism[m] > i) {
                        subtasks.add(new SubtaskId(members.get(m), i));
                    }
                }
                groups.add(new ExecutionSlotSharingGroup(sharing.id(), i, subtasks.build()));
            }
        }
        return groups;
    }

    @Override
    public String toString() {
        return "default resolver";
    }
}
