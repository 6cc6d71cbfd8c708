package org.apache.flink.runtime.scheduler.adaptive.allocator;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SlotSharingGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the differential tests of the tasks-balanced assignment ({@code TASKS} mode) need beside
 * Flink's own classes, shared by every line that has the tasks-balanced matcher (2.2 on): the order in
 * which Slotwise's resolver made the groups, to hand Flink's groups over in that order, and when an
 * assignment cannot be compared with Flink's. Flink files
 * the free slots of every TaskManager of one load under one key of a {@code TreeMap<load,
 * HashSet<slot>>} and takes the set's first slot, whose order a test cannot pin for small sets when two
 * TaskManagers share the least load.
 */
final class TasksBalancedSupport {
    private TasksBalancedSupport() {}

    /**
     * The rank of each group of {@code assignment} in Slotwise's resolver order (slot-sharing group in
     * {@code graph}'s order, then index), by the group's content: its sorted "vertex#subtask" list.
     */
    static Map<String, Integer> resolverRank(Assignment assignment, JobGraph graph) {
        List<String> groupOrder =
                graph.slotSharingGroups().stream().map(SlotSharingGroup::id).toList();
        List<SlotAssignment> ordered = new ArrayList<>(assignment.assignments());
        ordered.sort(Comparator.comparingInt(
                        (SlotAssignment a) -> groupOrder.indexOf(a.group().slotSharingGroupId()))
                .thenComparingInt(a -> a.group().index()));
        Map<String, Integer> rank = new HashMap<>();
        for (SlotAssignment a : ordered) {
            Set<String> content = new TreeSet<>();
            a.group().subtasks().forEach(t -> content.add(t.toString()));
            rank.put(content.toString(), rank.size());
        }
        return rank;
    }

    /**
     * Whether some group of a Slotwise tasks-balanced assignment went to a TaskManager while another
     * TaskManager with free slots had the same load: Flink could have taken either. Ties at load zero
     * are pinned (that set holds every unused TaskManager, and the tests hash slots by their rank within
     * their TaskManager) unless a minimal-TaskManager pick happened: Flink then fills that set in pick
     * order, not pool order.
     *
     * @param assignment Slotwise's assignment
     * @param pool the pool it was made from
     * @param minimalPickAsked whether the assigner was asked to pick minimal TaskManagers
     */
    static boolean tied(Assignment assignment, SlotPool pool, boolean minimalPickAsked) {
        boolean picked = minimalPickAsked && assignment.explanation().stream().anyMatch(l -> l.startsWith("picked "));
        // After a minimal pick every picked TaskManager receives a group (the first groups go to the
        // empty ones), so the TaskManagers used are the ones picked.
        Set<String> used = new HashSet<>();
        assignment.assignments().forEach(a -> used.add(a.slot().taskManagerId()));
        Map<String, Integer> load = new HashMap<>();
        Map<String, Integer> free = new HashMap<>();
        pool.slots().forEach(s -> {
            if (!picked || used.contains(s.taskManagerId())) {
                free.merge(s.taskManagerId(), 1, Integer::sum);
                load.put(s.taskManagerId(), 0);
            }
        });
        for (SlotAssignment a : assignment.assignments()) {
            String tm = a.slot().taskManagerId();
            int before = load.get(tm);
            if (before > 0 || picked) {
                for (String other : load.keySet()) {
                    if (!other.equals(tm) && free.get(other) > 0 && load.get(other) == before) {
                        return true;
                    }
                }
            }
            load.put(tm, before + a.group().load());
            free.merge(tm, -1, Integer::sum);
        }
        return false;
    }
}
