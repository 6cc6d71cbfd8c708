package io.github.slotwise.testkit.fuzz;

import io.github.slotwise.testkit.Violation;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A public entry point under fuzzing: from a random source, one input, described, and the call that
 * feeds it to the entry point and checks the result.
 *
 * @param name the entry point, e.g. {@code "JobVertex.builder"}
 * @param weight how many inputs it gets relative to the others
 * @param input makes one input
 */
public record EntryPoint(String name, int weight, Function<SplittableRandom, Input> input) {
    /**
     * One input.
     *
     * @param description what it is, for a failure report
     * @param call feeds it to the entry point; returns the violations of the result
     */
    public record Input(String description, Callable<List<Violation>> call) {}
}
