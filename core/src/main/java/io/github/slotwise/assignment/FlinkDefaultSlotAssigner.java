package io.github.slotwise.assignment;

import java.util.ArrayList;
import java.util.List;

/**
 * Flink's {@code DefaultSlotAssigner} with the default resolver and {@code
 * SimpleSlotMatchingResolver} ({@code taskmanager.load-balance.mode: NONE} or {@code
 * MIN_RESOURCES}): the {@code i}-th execution slot-sharing group takes the {@code i}-th slot.
 *
 * <p>Groups come in {@link DefaultSlotSharingResolver} order (slot-sharing group, then index). Flink
 * zips them with its free slots in the hash order of random allocation ids; Slotwise zips them with
 * {@link io.github.slotwise.model.SlotPool#slots()}.
 *
 * <p>With {@code preferMinimalTaskManagers}, Flink's {@code pickSlotsIfNeeded} runs first. In Flink it
 * runs only when {@code execution.target} is {@code embedded} (application mode), {@code
 * jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers} is true (its default) and there are more
 * free slots than groups; the flag means the first two hold. TaskManagers are then sorted by their
 * number of free slots, descending; Flink's sort is stable over a {@code HashMap<ResourceID, …>},
 * Slotwise's over {@link io.github.slotwise.model.SlotPool#taskManagers()} order. Whole TaskManagers
 * are taken in that order until they hold at least one slot per group, and the groups are zipped with
 * the picked slots TaskManager by TaskManager; within a TaskManager Flink iterates a {@code HashSet},
 * Slotwise uses pool order.
 */
public final class FlinkDefaultSlotAssigner implements SlotAssigner {
    /** The name of the plain zip assigner. */
    public static final String NAME = "flink-default";

    /** The name of the assigner that first picks the fewest TaskManagers. */
    public static final String MINIMAL_TASK_MANAGERS_NAME = "flink-minimal-taskmanagers";

    private final boolean preferMinimalTaskManagers;

    /** The plain zip assigner, {@value #NAME}. */
    public FlinkDefaultSlotAssigner() {
        this(false);
    }

    /**
     * Creates the assigner.
     *
     * @param preferMinimalTaskManagers whether Flink's {@code pickSlotsIfNeeded} applies (application
     *     mode and {@code prefer-minimal-taskmanagers}); named {@value #MINIMAL_TASK_MANAGERS_NAME} if
     *     so, {@value #NAME} if not
     */
    public FlinkDefaultSlotAssigner(boolean preferMinimalTaskManagers) {
        this.preferMinimalTaskManagers = preferMinimalTaskManagers;
    }

    /** Whether this assigner first picks the fewest TaskManagers. */
    public boolean preferMinimalTaskManagers() {
        return preferMinimalTaskManagers;
    }

    @Override
    public String name() {
        return preferMinimalTaskManagers ? MINIMAL_TASK_MANAGERS_NAME : NAME;
    }

    /** One line for people, as {@code slotwise simulate --list} shows it. */
    @Override
    public String description() {
        return preferMinimalTaskManagers
                ? "Flink's default with prefer-minimal-taskmanagers: the fewest whole TaskManagers, then groups zipped"
                        + " onto their slots"
                : "Flink's default (load-balance NONE): groups zipped onto the free slots in pool order";
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(name(), request);
        List<ExecutionSlotSharingGroup> groups =
                DefaultSlotSharingResolver.INSTANCE.resolveKept(request.graph(), request.plan());
        PoolIndex pool = new PoolIndex(request.pool());
        List<String> why = new ArrayList<>();
        // plain concatenation, as the solver's: the same digits in every locale, and no formatter per call
        why.add(name() + ": " + groups.size() + " execution slot-sharing group(s) from the default resolver, "
                + pool.size() + " free slot(s)");

        List<Integer> candidates; // null: every slot, in pool order
        int candidateCount;
        String reasonPrefix;
        String reasonSuffix;
        if (MinimalTaskManagers.applies(preferMinimalTaskManagers, pool, groups.size())) {
            candidates = MinimalTaskManagers.pick(pool, groups.size(), why);
            candidateCount = candidates.size();
            reasonPrefix = "picked slot ";
            reasonSuffix = " (whole TaskManagers, each in pool order)";
        } else {
            if (preferMinimalTaskManagers) {
                why.add("no TaskManagers to spare: as many free slots as groups, so all slots are candidates");
            }
            candidates = null;
            candidateCount = pool.size();
            reasonPrefix = "slot ";
            reasonSuffix = " in pool order";
        }
        why.add("zip: the i-th group in resolver order takes the i-th candidate slot");

        List<SlotAssignment> assignments = new ArrayList<>(groups.size());
        int[] positions = new int[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            positions[i] = candidates == null ? i : candidates.get(i);
            assignments.add(new SlotAssignment(groups.get(i), pool.slots.get(positions[i])));
        }
        String prefix = reasonPrefix;
        String suffix = reasonSuffix;
        int count = candidateCount;
        List<String> explanation = Explanations.perGroup(
                why, groups, pool.slots, positions, i -> prefix + (i + 1) + " of " + count + suffix);
        return Assignment.of(name(), request, pool, assignments, positions, explanation);
    }

    @Override
    public String toString() {
        return name();
    }
}
