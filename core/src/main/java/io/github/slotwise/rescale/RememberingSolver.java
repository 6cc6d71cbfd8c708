package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;

/**
 * A {@link FlinkRescaleDecider}'s solver with its last answers: a solver is stateless and
 * deterministic (the same graph and slot count always give the same result, as {@link
 * ParallelismSolver} requires), and the decider asks it the same question at almost every event
 * between two changes of slots or requirements (every checkpoint asks twice what the slots allow), and
 * a day of TaskManagers coming and going asks again and again for the same few slot counts. So the
 * answers are kept, with the graph they were for (the same instance: a graph is immutable) and the
 * slots: the last for each slot count modulo {@value #SOLVED}, and the last minimum and desired slots,
 * and given again for the same question.
 *
 * <p>Thread-safe: a decider may serve several simulations at once, and each answer is one immutable
 * entry (final fields, so safe to share through a plain array), read and replaced whole; a race only
 * loses an answer, which is solved again.
 */
final class RememberingSolver implements ParallelismSolver {
    private record Solved(JobGraph graph, int slots, ParallelismResult result) {}

    private record Slots(JobGraph graph, int slots) {}

    /** How many parallelism answers are kept: one per slot count modulo this. */
    private static final int SOLVED = 64;

    private final ParallelismSolver solver;
    private final Solved[] solved = new Solved[SOLVED];
    private volatile Slots minimum;
    private volatile Slots desired;

    RememberingSolver(ParallelismSolver solver) {
        this.solver = solver;
    }

    @Override
    public String name() {
        return solver.name();
    }

    @Override
    public String description() {
        return solver.description();
    }

    @Override
    public ParallelismResult solve(JobGraph graph, int availableSlots) {
        int slot = availableSlots & (SOLVED - 1);
        Solved last = solved[slot];
        if (last != null && last.graph() == graph && last.slots() == availableSlots) {
            return last.result();
        }
        ParallelismResult result = solver.solve(graph, availableSlots);
        solved[slot] = new Solved(graph, availableSlots, result);
        return result;
    }

    @Override
    public int minimumSlots(JobGraph graph) {
        Slots last = minimum;
        if (last != null && last.graph() == graph) {
            return last.slots();
        }
        int slots = solver.minimumSlots(graph);
        minimum = new Slots(graph, slots);
        return slots;
    }

    @Override
    public int desiredSlots(JobGraph graph) {
        Slots last = desired;
        if (last != null && last.graph() == graph) {
            return last.slots();
        }
        int slots = solver.desiredSlots(graph);
        desired = new Slots(graph, slots);
        return slots;
    }
}
