package com.example.slotwise;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.ExecutionSlotSharingGroup;
import io.github.slotwise.assignment.Explanations;
import io.github.slotwise.assignment.PoolIndex;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.assignment.SlotAssignment;
import io.github.slotwise.assignment.SlotSharingResolver;
import java.util.ArrayList;
import java.util.List;

/**
 * Deals the execution slot-sharing groups out to the TaskManagers like cards: group 0 to the first
 * TaskManager, group 1 to the second, and so on round the table, each taking the TaskManager's next
 * free slot in pool order; a TaskManager whose slots are all taken is skipped. Every TaskManager gets
 * work before any gets a second group, which spreads load where Flink's default fills TaskManagers one
 * after the other.
 *
 * <p>Built from Slotwise's public pieces only: {@link SlotSharingResolver#flinkDefault()} makes the
 * groups, {@link PoolIndex} numbers slots and TaskManagers, and {@link Assignment#of} checks the choice
 * and computes the metrics (TaskManagers used, skew, key groups and state moved). Stateless and
 * deterministic: the same request gives the same assignment.
 */
public final class RoundRobinAssigner implements SlotAssigner {
    /** The registry name. */
    public static final String NAME = "example-round-robin";

    /** Creates the assigner. */
    public RoundRobinAssigner() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "groups dealt out to the TaskManagers in turn, one slot each round";
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(NAME, request);
        List<ExecutionSlotSharingGroup> groups =
                SlotSharingResolver.flinkDefault().resolve(request.graph(), request.plan());
        PoolIndex pool = PoolIndex.of(request.pool());
        int taskManagers = pool.taskManagerCount();
        int[] taken = new int[taskManagers]; // slots dealt per TaskManager so far
        List<SlotAssignment> chosen = new ArrayList<>(groups.size());
        List<String> explanation = new ArrayList<>(groups.size() + 1);
        explanation.add(
                NAME + ": " + groups.size() + " group(s) dealt over " + taskManagers + " TaskManager(s) in pool order");
        int next = 0; // the TaskManager whose turn it is
        for (ExecutionSlotSharingGroup group : groups) {
            // requireEnoughSlots guarantees a TaskManager with a free slot
            while (taken[next] == pool.slotsOfTaskManager(next).length) {
                next = (next + 1) % taskManagers;
            }
            SlotAssignment a = new SlotAssignment(group, pool.slot(pool.slotsOfTaskManager(next)[taken[next]]));
            taken[next]++;
            chosen.add(a);
            explanation.add(Explanations.placed(a.group(), a.slot(), "round " + taken[next]));
            next = (next + 1) % taskManagers;
        }
        return Assignment.of(NAME, request, chosen, explanation);
    }
}
