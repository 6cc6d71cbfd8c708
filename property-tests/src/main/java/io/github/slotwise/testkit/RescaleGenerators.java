package io.github.slotwise.testkit;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of decider traces. Built only from integers and lists, mapped to
 * {@link TimedIntent}s whose times are running sums of non-negative gaps, so every generated or
 * shrunk trace is in time order; {@link DeciderDriver} makes each intent a valid event.
 */
public final class RescaleGenerators {
    private RescaleGenerators() {}

    /** Traces of {@link TraceShape#SMALL}. */
    public static Gen<List<TimedIntent>> traces() {
        return traces(TraceShape.SMALL);
    }

    /**
     * Traces of up to {@code shape.maxEvents()} intents: slots added (most often), slots lost,
     * checkpoints completed or failed, and bound changes.
     */
    public static Gen<List<TimedIntent>> traces(TraceShape shape) {
        Gen<int[]> step = integers()
                .between(0, shape.maxGapSeconds())
                .zip(
                        integers().between(0, 9),
                        integers().between(1, shape.maxSlotsPerEvent()),
                        integers().between(0, 40),
                        booleans().all(),
                        (gap, kind, a, b, flag) -> new int[] {gap, kind, a, b, flag ? 1 : 0});
        return lists().of(step).ofSizeBetween(0, shape.maxEvents()).map(RescaleGenerators::toTrace);
    }

    private static List<TimedIntent> toTrace(List<int[]> steps) {
        List<TimedIntent> trace = new ArrayList<>(steps.size());
        long t = 0;
        for (int[] s : steps) {
            t += s[0];
            trace.add(new TimedIntent(t, intent(s[1], s[2], s[3], s[4] == 1)));
        }
        return trace;
    }

    private static EventIntent intent(int kind, int a, int b, boolean flag) {
        return switch (kind) {
            case 0, 1, 2, 3 -> new EventIntent.AddSlots(a);
            case 4, 5 -> new EventIntent.LoseSlots(a, flag);
            case 6, 7 -> new EventIntent.Checkpoint(flag || kind == 6);
            default -> new EventIntent.ChangeBounds(b, a, b == 0 ? 1 : b);
        };
    }
}
