package io.github.slotwise.assignment;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.Slot;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The explanation every assigner writes: a few lines about the whole assignment, then one line per
 * group in the one format {@code "group <id> -> slot <id>: <reason>"}.
 *
 * <p>The per-group lines are rendered when they are read, from data the assigner no longer changes:
 * at tens of thousands of groups, formatting a string per group would cost more than the assignment
 * itself and, at 32768 groups, push the working set out of the CPU caches (see BENCHMARKS.md). The
 * list is immutable, compares equal to any list with the same lines, and reads the same from any
 * thread.
 */
public final class Explanations {
    private Explanations() {}

    /**
     * One group's line, {@code "group <id> -> slot <id>: <reason>"}.
     *
     * @param group the group
     * @param slot its slot
     * @param reason why it went there
     * @return the line
     */
    public static String placed(ExecutionSlotSharingGroup group, Slot slot, String reason) {
        return "group " + group.slotSharingGroupId() + "#" + group.index() + " -> slot " + slot.id() + ": " + reason;
    }

    /**
     * The lines {@code head}, then for each group {@code g} in {@code groups} the line {@code
     * placed(groups.get(g), slots.get(slotOf[g]), reason.apply(g))}, rendered when read.
     *
     * @param head the lines about the whole assignment, copied
     * @param slotOf the slot position of each group; the caller must not change it afterwards
     * @param reason the reason of group {@code g}; must read only data nobody changes afterwards
     */
    static List<String> perGroup(
            List<String> head,
            List<ExecutionSlotSharingGroup> groups,
            List<Slot> slots,
            int[] slotOf,
            IntFunction<String> reason) {
        return new PerGroup(
                ImmutableList.copyOf(head), ImmutableList.copyOf(groups), ImmutableList.copyOf(slots), slotOf, reason);
    }

    /**
     * The explanation of an assigner of one's own in the format of the built-ins: the lines {@code
     * head}, then one {@link #placed} line per assignment, in assignment order.
     *
     * @param head the lines about the whole assignment
     * @param assignments the assignments
     * @param reason why an assignment's group went to its slot
     * @return the lines, immutable
     */
    public static List<String> perGroup(
            List<String> head, List<SlotAssignment> assignments, Function<SlotAssignment, String> reason) {
        ImmutableList.Builder<String> lines = ImmutableList.builder();
        lines.addAll(head);
        for (SlotAssignment a : assignments) {
            lines.add(placed(a.group(), a.slot(), reason.apply(a)));
        }
        return lines.build();
    }

    /** True for the lists {@link #perGroup} returns, which need no defensive copy. */
    static boolean isImmutable(List<String> lines) {
        return lines instanceof PerGroup;
    }

    private static final class PerGroup extends AbstractList<String> implements RandomAccess {
        private final List<String> head;
        private final List<ExecutionSlotSharingGroup> groups;
        private final List<Slot> slots;
        private final int[] slotOf;
        private final IntFunction<String> reason;

        PerGroup(
                List<String> head,
                List<ExecutionSlotSharingGroup> groups,
                List<Slot> slots,
                int[] slotOf,
                IntFunction<String> reason) {
            if (slotOf.length != groups.size()) {
                throw new IllegalArgumentException(
                        "slotOf has " + slotOf.length + " entries for " + groups.size() + " groups");
            }
            this.head = head;
            this.groups = groups;
            this.slots = slots;
            this.slotOf = slotOf;
            this.reason = reason;
        }

        @Override
        public String get(int index) {
            if (index < head.size()) {
                return head.get(index);
            }
            int g = index - head.size();
            return placed(groups.get(g), slots.get(slotOf[g]), reason.apply(g));
        }

        @Override
        public int size() {
            return head.size() + groups.size();
        }
    }
}
