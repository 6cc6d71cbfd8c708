package io.github.slotwise.assignment;

import io.github.slotwise.model.Slot;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink's {@code DefaultSlotAssigner} with the default resolver and {@code
 * SlotsBalancedSlotMatchingResolver} ({@code taskmanager.load-balance.mode: SLOTS}): spread groups
 * over TaskManagers by the share of their free slots already taken.
 *
 * <p>A TaskManager's utilization is {@code reserved / free}, where {@code free} counts its slots in
 * the pool (not its total slots) and {@code reserved} the groups this assignment gave it so far.
 * Each group, in resolver order (not sorted), takes a slot of a least-utilized TaskManager.
 *
 * <p>Ties: Flink files slots under their TaskManager's utilization in a {@code TreeMap<Double,
 * HashSet<slot>>}, so TaskManagers of equal utilization share one set, and takes that set's first
 * element in hash order. Slotwise keeps the same map with each set ordered by {@link
 * io.github.slotwise.model.SlotPool#slots()} position and takes the first (see {@link
 * SlotsByWeight}): among all free slots of all least-utilized TaskManagers, the one that comes first
 * in pool order. Utilizations are compared
 * exactly as fractions, which orders them as Flink's doubles do for any realistic slot count.
 *
 * <p>Flink applies its {@code pickSlotsIfNeeded} before this matching in application mode with
 * {@code prefer-minimal-taskmanagers} ({@link #FlinkSlotsBalancedSlotAssigner(boolean)}): it then balances only over the
 * fewest whole TaskManagers that hold a slot per group, picked as {@link FlinkDefaultSlotAssigner}
 * picks them; the picked slots keep their pool order.
 */
public final class FlinkSlotsBalancedSlotAssigner implements SlotAssigner {
    /** The registry name. */
    public static final String NAME = "flink-slots";

    /** The name of the variant that first picks the fewest TaskManagers (not in the registry). */
    public static final String MINIMAL_TASK_MANAGERS_NAME = NAME + "-minimal-taskmanagers";

    private final boolean preferMinimalTaskManagers;

    /** Creates the assigner, {@value #NAME}, which balances over all free slots. */
    public FlinkSlotsBalancedSlotAssigner() {
        this(false);
    }

    /**
     * Creates the assigner.
     *
     * @param preferMinimalTaskManagers whether Flink's {@code pickSlotsIfNeeded} runs first
     *     (application mode and {@code prefer-minimal-taskmanagers}): then only the fewest
     *     TaskManagers that hold a slot per group are balanced over; named {@value
     *     #MINIMAL_TASK_MANAGERS_NAME} if so, {@value #NAME} if not
     */
    public FlinkSlotsBalancedSlotAssigner(boolean preferMinimalTaskManagers) {
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
        return "Flink's load-balance SLOTS: each group to a TaskManager with the smallest share of its free slots"
                + " taken" + (preferMinimalTaskManagers ? ", over the fewest whole TaskManagers" : "");
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        SlotSharingResolver.requireEnoughSlots(name(), request);
        List<ExecutionSlotSharingGroup> groups =
                DefaultSlotSharingResolver.INSTANCE.resolve(request.graph(), request.plan());
        List<String> why = new ArrayList<>();
        PoolIndex pool =
                MinimalTaskManagers.candidatePool(preferMinimalTaskManagers, request.pool(), groups.size(), why);
        why.add(String.format(
                "%s: %d execution slot-sharing group(s) from the default resolver, in that order, over %d free"
                        + " slot(s) on %d TaskManager(s); each takes a slot of the least utilized TaskManager"
                        + " (reserved / free slots), ties by pool order",
                name(), groups.size(), pool.size(), pool.taskManagerIds.size()));

        SlotsByWeight<Utilization> slots =
                new SlotsByWeight<>(pool, t -> new Utilization(0, pool.slotsOf.get(t).length));
        List<SlotAssignment> assignments = new ArrayList<>(groups.size());
        int[] slotOf = new int[groups.size()];
        Utilization[] before = new Utilization[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            int s = slots.lightestSlot();
            slotOf[g] = s;
            before[g] = slots.weightOf(pool.taskManagerOf[s]);
            assignments.add(new SlotAssignment(groups.get(g), pool.slots.get(s)));
            slots.take(s, before[g].reserveOne());
        }
        List<Slot> poolSlots = pool.slots; // the lines keep the slots, not the pool index
        List<String> explanation = Explanations.perGroup(
                why,
                groups,
                poolSlots,
                slotOf,
                g -> "least utilized" + " TaskManager "
                        + poolSlots.get(slotOf[g]).taskManagerId() + " (" + before[g] + ")");
        return Assignment.of(name(), request, assignments, explanation);
    }

    /**
     * Flink's {@code SlotsUtilization}: {@code reserved / total}, ordered as exact fractions so that
     * equal ratios (1/2 and 2/4) are one key, as their equal doubles are in Flink.
     */
    private record Utilization(long reserved, long total) implements Comparable<Utilization> {
        Utilization reserveOne() {
            return new Utilization(reserved + 1, total);
        }

        @Override
        public int compareTo(Utilization other) {
            return Long.compare(reserved * other.total, other.reserved * total);
        }

        @Override
        public String toString() {
            return reserved + "/" + total;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
