package io.github.slotwise.testkit.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs entry points on generated inputs: deterministic for a seed (input {@code i} of entry point
 * {@code e} comes from its own split of the seed), each input classified by {@link Classifier}.
 */
public final class Fuzzer {
    private Fuzzer() {}

    /**
     * Feeds {@code inputs} inputs, shared among the entry points by weight.
     *
     * @param entryPoints the entry points
     * @param inputs how many inputs in all
     * @param seed the seed
     * @param rejection the exception type that documents a rejection
     * @param budgetMillis the longest one input may take; a slower one is a failure (a hang)
     * @return the table
     */
    public static FuzzTable run(
            List<EntryPoint> entryPoints,
            long inputs,
            long seed,
            Class<? extends Throwable> rejection,
            long budgetMillis) {
        FuzzTable table = new FuzzTable();
        int weights = entryPoints.stream().mapToInt(EntryPoint::weight).sum();
        SplittableRandom root = new SplittableRandom(seed);
        for (EntryPoint e : entryPoints) {
            SplittableRandom random = root.split();
            long n = Math.max(1, inputs * e.weight() / weights);
            for (long i = 0; i < n; i++) {
                EntryPoint.Input input = e.input().apply(random);
                long start = System.nanoTime();
                Classifier.Result result = Classifier.classify(input.call(), rejection);
                long nanos = System.nanoTime() - start;
                table.addTime(e.name(), nanos);
                long millis = nanos / 1_000_000;
                if (millis > budgetMillis) {
                    result = new Classifier.Result(
                            Outcome.FAILURE, "took " + millis + " ms, over the budget of " + budgetMillis + " ms");
                }
                table.add(e.name(), result, input.description());
            }
        }
        return table;
    }
}
