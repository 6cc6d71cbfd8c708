package io.github.slotwise.testkit;

/**
 * What a generated trace asks for. {@link DeciderDriver} turns each intent into an event that is
 * valid for the decider's state at that moment (it never loses more slots than there are, and it
 * marks a loss as hitting running tasks when it must), so every generated or shrunk trace is valid.
 */
public sealed interface EventIntent {

    /**
     * Slots register.
     *
     * @param count how many, at least 1
     */
    record AddSlots(int count) implements EventIntent {}

    /**
     * Slots leave: at most as many as there are; a loss that leaves fewer slots than the running job
     * uses always hits running tasks.
     *
     * @param count how many (clamped to the available slots; nothing happens at 0)
     * @param runningTasks whether the lost slots ran tasks, when the job could do without them
     */
    record LoseSlots(int count, boolean runningTasks) implements EventIntent {}

    /**
     * New bounds for one vertex (skipped where the decider rejects requirement changes).
     *
     * @param vertexIndex index into the graph's vertices, taken modulo their number
     * @param lower lower bound, clamped to [1, upper]
     * @param upper upper bound, clamped to [1, maxParallelism]
     */
    record ChangeBounds(int vertexIndex, int lower, int upper) implements EventIntent {}

    /**
     * A checkpoint finished.
     *
     * @param completed true for a completed checkpoint, false for a failed one
     */
    record Checkpoint(boolean completed) implements EventIntent {}
}
