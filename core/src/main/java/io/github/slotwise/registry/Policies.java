package io.github.slotwise.registry;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.Suggestions;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.KeyGroupGainGate;
import io.github.slotwise.rescale.RescaleCostModel;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleGate;
import io.github.slotwise.rescale.RescalePolicy;
import java.util.List;

/**
 * The registry of rescale policies the simulator and the CLI compare, by name.
 *
 * <p>Five Flink presets, each Flink's parallelism rule with a {@link RescalePolicy} preset: {@code
 * flink-1.17}, {@code flink-1.18}, {@code flink-1.20}, {@code flink-2} and {@code reactive} (Flink 2.x
 * Reactive Mode). Then each preset with each strategy that goes beyond Flink, named {@code
 * <preset>+<strategy>}:
 *
 * <ul>
 *   <li>{@code +keygroup-aware}: {@link KeyGroupAwareParallelismSolver}, no keyed subtask that buys
 *       nothing;
 *   <li>{@code +proportional}: {@link ProportionalParallelismSolver}, the job keeps its shape;
 *   <li>{@code +keygroup-skip}: Flink's rule, rescales that lower no hottest subtask held ({@link
 *       KeyGroupGainGate});
 *   <li>{@code +cost-aware}: Flink's rule, rescales whose cost exceeds their benefit held ({@link
 *       RescaleCostModel#DEFAULT}).
 * </ul>
 *
 * <p>Every policy is immutable and stateless (its decider keeps its state in the values it returns),
 * so one instance serves every run.
 */
public final class Policies {

    /**
     * One named policy: when to rescale ({@link #rescalePolicy()}), how many subtasks each vertex
     * gets ({@link #solver()}), and the decider combining them ({@link #decider()}).
     *
     * @param name the registry name, e.g. {@code flink-2+keygroup-aware}
     * @param description one line for people
     * @param rescalePolicy Flink's timing rules and timeouts the decider follows
     * @param solver the parallelism rule the decider uses
     * @param decider the decider: a {@link FlinkRescaleDecider} with this policy and solver (and, for
     *     the skipping strategies, a {@link RescaleGate})
     */
    public record Policy(
            String name,
            String description,
            RescalePolicy rescalePolicy,
            ParallelismSolver solver,
            RescaleDecider decider) {
        /** Checks every component is present. */
        public Policy {
            Limits.checkNotNull("name", name);
            Limits.checkNotNull("description", description);
            Limits.checkNotNull("rescalePolicy", rescalePolicy);
            Limits.checkNotNull("solver", solver);
            Limits.checkNotNull("decider", decider);
        }
    }

    private record Preset(String name, RescalePolicy policy, String description) {}

    private static final List<Preset> PRESETS = List.of(
            new Preset(
                    "flink-1.17",
                    RescalePolicy.FLINK_1_17,
                    "Flink 1.17: rescale at once when the total parallelism grows by min-parallelism-increase"),
            new Preset(
                    "flink-1.18",
                    RescalePolicy.FLINK_1_18,
                    "Flink 1.18: rescale at once when any vertex shrinks or grows by min-parallelism-increase"),
            new Preset(
                    "flink-1.20",
                    RescalePolicy.FLINK_1_20,
                    "Flink 1.19/1.20: as 1.18, at most once per 30 s scaling-interval.min"),
            new Preset(
                    "flink-2",
                    RescalePolicy.FLINK_2,
                    "Flink 2.x: 30 s cooldown, 60 s executing stabilization, rescale on checkpoints"),
            new Preset(
                    "reactive",
                    RescalePolicy.REACTIVE,
                    "Flink 2.x Reactive Mode: every vertex up to its maxParallelism, waits for slots forever"));

    private static final ImmutableMap<String, Policy> BY_NAME = build();

    private Policies() {}

    private static ImmutableMap<String, Policy> build() {
        ParallelismSolver flink = new FlinkParallelismSolver();
        ParallelismSolver keyGroupAware = new KeyGroupAwareParallelismSolver();
        ParallelismSolver proportional = new ProportionalParallelismSolver();
        RescaleGate skip = new KeyGroupGainGate();
        RescaleGate cost = RescaleCostModel.DEFAULT;
        ImmutableMap.Builder<String, Policy> b = ImmutableMap.builder();
        for (Preset p : PRESETS) {
            add(b, p.name(), p.description(), p.policy(), flink, new FlinkRescaleDecider(p.policy(), flink));
        }
        for (Preset p : PRESETS) {
            add(
                    b,
                    p.name() + "+" + KeyGroupAwareParallelismSolver.NAME,
                    p.description() + "; no keyed subtask that does not lower the hottest subtask's key groups",
                    p.policy(),
                    keyGroupAware,
                    new FlinkRescaleDecider(p.policy(), keyGroupAware));
            add(
                    b,
                    p.name() + "+" + ProportionalParallelismSolver.NAME,
                    p.description() + "; every vertex scaled by one factor of its configured parallelism",
                    p.policy(),
                    proportional,
                    new FlinkRescaleDecider(p.policy(), proportional));
            add(
                    b,
                    p.name() + "+" + KeyGroupGainGate.NAME,
                    p.description() + "; skips rescales that lower no keyed vertex's hottest subtask",
                    p.policy(),
                    flink,
                    new FlinkRescaleDecider(p.policy(), flink, skip));
            add(
                    b,
                    p.name() + "+" + RescaleCostModel.NAME,
                    p.description() + "; skips rescales whose restart and state-transfer cost exceed their gain",
                    p.policy(),
                    flink,
                    new FlinkRescaleDecider(p.policy(), flink, cost));
        }
        return b.buildOrThrow();
    }

    private static void add(
            ImmutableMap.Builder<String, Policy> b,
            String name,
            String description,
            RescalePolicy policy,
            ParallelismSolver solver,
            RescaleDecider decider) {
        b.put(name, new Policy(name, description, policy, solver, decider));
    }

    /**
     * The names of all policies, in a fixed order: the presets {@code flink-1.17}, {@code flink-1.18},
     * {@code flink-1.20}, {@code flink-2}, {@code reactive}, then for each preset in that order
     * {@code +keygroup-aware}, {@code +proportional}, {@code +keygroup-skip}, {@code +cost-aware}.
     *
     * @return the names, immutable
     */
    public static List<String> names() {
        return BY_NAME.keySet().asList();
    }

    /**
     * Returns the policy with the given name.
     *
     * @param name a name from {@link #names()}
     * @return the policy
     * @throws IllegalArgumentException naming the unknown name and the closest known ones
     */
    public static Policy byName(String name) {
        Policy p = name == null ? null : BY_NAME.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown policy " + Limits.quote(name)
                    + (name == null ? "" : Suggestions.closestText(name, names()))
                    + " (" + names().size() + " policies are known)");
        }
        return p;
    }

    /**
     * Every policy, in {@link #names()} order.
     *
     * @return the policies, immutable
     */
    public static List<Policy> all() {
        return ImmutableList.copyOf(BY_NAME.values());
    }
}
