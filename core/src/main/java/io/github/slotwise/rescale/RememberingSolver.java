package io.github.slotwise.rescale;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;

/**
 * A {@link FlinkRescaleDecider}'s solver with its last answers: a solver is stateless and
 * deterministic (the same graph and slot count always give the same result, as {@link
 * ParallelismSolver} requires), and the decider asks it the same question at almost every event
 * between two changes of slots or requirements (every checkpoint asks twice what the slots allow). So
 * the last answer to each question is kept, with the graph it was for (the same instance: a graph is
 * immutable) and the slots, and given again for the same question.
 *
 * <p>Thread-safe: a decider may serve several simulations at once, and each answer is one immutable
 * entry, read and replaced whole.
 */
final class RememberingSolver implements ParallelismSolver {
    private record Solved(JobGraph graph, int slots, ParallelismResult result) {}

    private record Slots(JobGraph graph, int slots) {}

    private final ParallelismSolver solver;
    private volatile Solved solved;
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
        Solved last = solved;
        if (last != null && last.graph() == graph && last.slots() == availableSlots) {
            return last.result();
        }
        ParallelismResult result = solver.solve(graph, availableSlots);
        solved = new Solved(graph, availableSlots, result);
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
