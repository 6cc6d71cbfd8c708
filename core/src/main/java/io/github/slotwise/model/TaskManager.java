package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.immutables.value.Value;

/** A TaskManager: a worker process offering task slots, optionally at a location (host, rack, zone). */
@Value.Immutable
public abstract class TaskManager {
    TaskManager() {}

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TaskManager}. */
    public static final class Builder extends ImmutableTaskManager.Builder {}

    /**
     * A TaskManager with {@code numberOfSlots} slots whose ids are {@code id + "/" + index}.
     *
     * @throws IllegalArgumentException if {@code numberOfSlots} is negative or above {@link
     *     Limits#MAX_SLOTS}
     */
    public static TaskManager of(String id, int numberOfSlots) {
        return builder().id(id).numberOfSlots(numberOfSlots).build();
    }

    /** Stable id, unique in the pool. */
    public abstract String id();

    /** How many slots it offers; at least 0, at most {@link Limits#MAX_SLOTS} (required). */
    @Value.Default
    public int numberOfSlots() {
        return NOT_SET;
    }

    /** Stands for "not set" so that the message can name the TaskManager. */
    private static final int NOT_SET = Integer.MIN_VALUE;

    /**
     * Explicit slot ids, one per slot; when empty, ids are derived as {@code id + "/" + index}. Give
     * them to keep a slot's identity across pools (previous placements name slots by id).
     */
    public abstract List<String> explicitSlotIds();

    /** Where it runs (host, rack or zone), if known. */
    public abstract Optional<String> location();

    /** The slot ids, explicit or derived, in slot order. */
    @Value.Lazy
    public List<String> slotIds() {
        if (!explicitSlotIds().isEmpty()) {
            return explicitSlotIds();
        }
        return IntStream.range(0, numberOfSlots()).mapToObj(i -> id() + "/" + i).toList();
    }

    /**
     * Its slots, in slot order, made once: every pool it is in shares them ({@link SlotPool#slots()}),
     * as a simulator builds a pool of mostly the same TaskManagers whenever one comes or goes.
     */
    @Value.Lazy
    List<Slot> slots() {
        ImmutableList.Builder<Slot> slots = ImmutableList.builderWithExpectedSize(numberOfSlots());
        for (String slotId : slotIds()) {
            slots.add(new Slot(slotId, id()));
        }
        return slots.build();
    }

    @Value.Check
    void check() {
        checkId("taskManager.id", id());
        if (numberOfSlots() == NOT_SET) {
            throw new IllegalArgumentException("taskManager '" + id() + "': numberOfSlots is required but not set");
        }
        if (numberOfSlots() < 0) {
            throw new IllegalArgumentException(
                    "taskManager '" + id() + "': numberOfSlots must be >= 0, got " + numberOfSlots());
        }
        Limits.checkAtMost("taskManager '" + id() + "': numberOfSlots", numberOfSlots(), Limits.MAX_SLOTS);
        if (!explicitSlotIds().isEmpty() && explicitSlotIds().size() != numberOfSlots()) {
            throw new IllegalArgumentException("taskManager '" + id() + "': "
                    + explicitSlotIds().size() + " explicitSlotIds for numberOfSlots " + numberOfSlots());
        }
        for (String s : explicitSlotIds()) {
            if (!Checks.isId(s)) {
                checkId("taskManager '" + id() + "' slot id", s);
            }
        }
        location().ifPresent(l -> checkId("taskManager '" + id() + "' location", l));
    }
}
