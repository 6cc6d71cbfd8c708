package io.github.slotwise.testkit.fuzz;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.assignment.SlotAssigners;
import io.github.slotwise.keygroup.KeyGroupRange;
import io.github.slotwise.keygroup.KeyGroups;
import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.model.TaskManager;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.KeyGroupAwareParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.ProportionalParallelismSolver;
import io.github.slotwise.parallelism.Requirements;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.registry.Policies;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescaleDecider;
import io.github.slotwise.rescale.RescaleEvent;
import io.github.slotwise.rescale.Transition;
import io.github.slotwise.testkit.Invariants;
import io.github.slotwise.testkit.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Every public entry point of {@code slotwise-core} as a fuzzing {@link EntryPoint}: model
 * builders, solvers, assigners, key-group functions, configuration reading, the registry and the
 * rescale decider, each fed a mix of valid and hostile inputs and each result checked: the plan and
 * assignment invariants of {@link Invariants}, and the documented properties of the others.
 */
public final class CoreEntryPoints {
    private static final String[] KEYS = {
        "jobmanager.adaptive-scheduler.resource-wait-timeout",
        "jobmanager.adaptive-scheduler.resource-stabilization-timeout",
        "jobmanager.adaptive-scheduler.scaling-interval.min",
        "jobmanager.adaptive-scheduler.scaling-interval.max",
        "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling",
        "jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout",
        "jobmanager.adaptive-scheduler.submission.resource-wait-timeout",
        "jobmanager.adaptive-scheduler.rescale-trigger.max-delay",
        "execution.checkpointing.interval",
        "restart-strategy.fixed-delay.delay",
    };
    private static final String[] VERSIONS = {"1.17", "1.18", "1.19", "1.20", "2.0", "2.1", "2.3", "3.0", ""};

    private CoreEntryPoints() {}

    /** @return the entry points, each with its weight */
    public static List<EntryPoint> all() {
        return List.of(
                new EntryPoint("JobVertex.builder", 10, CoreEntryPoints::vertex),
                new EntryPoint("JobGraph.builder", 10, r -> graphInput(r)),
                new EntryPoint("TaskManager/SlotPool", 10, CoreEntryPoints::pool),
                new EntryPoint("PreviousPlacement.builder", 6, CoreEntryPoints::previous),
                new EntryPoint("ParallelismSolver.solve", 12, CoreEntryPoints::solve),
                new EntryPoint("alignDown", 4, CoreEntryPoints::alignDown),
                new EntryPoint("KeyGroups", 6, CoreEntryPoints::keyGroups),
                new EntryPoint("Requirements", 6, CoreEntryPoints::requirements),
                new EntryPoint("SlotAssigner.assign", 8, CoreEntryPoints::assign),
                new EntryPoint("FlinkConfig.parseDuration", 10, CoreEntryPoints::parseDuration),
                new EntryPoint("FlinkConfig.read", 6, CoreEntryPoints::readConfig),
                new EntryPoint("Policies.byName", 2, CoreEntryPoints::policyByName),
                new EntryPoint("RescaleDecider.decide", 10, CoreEntryPoints::decide));
    }

    private static List<Violation> none() {
        return List.of();
    }

    private static List<Violation> unless(boolean ok, String invariant, String message) {
        return ok ? List.of() : List.of(new Violation(invariant, message));
    }

    // ---- model ------------------------------------------------------------------------------

    private static JobVertex.Builder vertexBuilder(SplittableRandom r, String id, String group, boolean hostile) {
        JobVertex.Builder b = JobVertex.builder().id(id).slotSharingGroup(group);
        int p = hostile ? Hostile.anInt(r, 1, 300) : 1 + r.nextInt(300);
        b.parallelism(p);
        if (r.nextBoolean()) {
            b.maxParallelism(hostile ? Hostile.anInt(r, 1, 32768) : Math.max(p, 1 + r.nextInt(512)));
        }
        if (hostile && r.nextInt(3) == 0) {
            b.lowerBound(Hostile.anInt(r, 1, 300));
        }
        if (hostile && r.nextInt(3) == 0) {
            b.upperBound(Hostile.anInt(r, 1, 300));
        }
        return b.keyed(r.nextBoolean());
    }

    private static EntryPoint.Input vertex(SplittableRandom r) {
        String id = Hostile.aString(r, "v", 3);
        String group = Hostile.aString(r, "g", 3);
        long seed = r.nextLong();
        boolean leaveOutGroup = r.nextInt(20) == 0;
        return new EntryPoint.Input("vertex " + id + " in " + group, () -> {
            SplittableRandom s = new SplittableRandom(seed);
            JobVertex.Builder b = vertexBuilder(s, id, group, true);
            JobVertex v = leaveOutGroup ? JobVertex.builder().id(id).build() : b.build();
            int max = v.effectiveMaxParallelism();
            return unless(
                    1 <= v.lowerBound() && v.lowerBound() <= v.upperBound() && v.upperBound() <= max && max <= 32768,
                    "vertex.bounds",
                    v.toString());
        });
    }

    /** A graph of 1 to 6 vertices: valid, or (when hostile) with edge values, unknown ids and cycles. */
    static JobGraph graph(SplittableRandom r, boolean hostile) {
        int n = 1 + r.nextInt(6);
        JobGraph.Builder b = JobGraph.builder();
        for (int i = 0; i < n; i++) {
            b.addVertices(vertexBuilder(r, "v" + i, "g" + r.nextInt(3), hostile).build());
        }
        int edges = r.nextInt(n + 2);
        for (int e = 0; e < edges; e++) {
            int s = r.nextInt(n);
            int t = r.nextInt(n);
            if (!hostile && s >= t) {
                continue; // forward edges only: acyclic
            }
            if (s == t) {
                continue;
            }
            b.addEdges(new JobEdge(
                    "v" + s,
                    hostile && r.nextInt(30) == 0 ? "zz" : "v" + t,
                    DistributionPattern.values()[r.nextInt(2)]));
        }
        return b.build();
    }

    private static EntryPoint.Input graphInput(SplittableRandom r) {
        long seed = r.nextLong();
        return new EntryPoint.Input("graph of seed " + seed, () -> {
            JobGraph g = graph(new SplittableRandom(seed), true);
            // accepted: acyclic (every vertex ordered after its sources) and within the subtask limit
            Map<String, Integer> in = new HashMap<>();
            g.vertices().forEach(v -> in.put(v.id(), 0));
            g.edges().forEach(e -> in.merge(e.target(), 1, Integer::sum));
            List<String> ready = new ArrayList<>();
            in.forEach((v, c) -> {
                if (c == 0) {
                    ready.add(v);
                }
            });
            int sorted = 0;
            while (!ready.isEmpty()) {
                String v = ready.remove(ready.size() - 1);
                sorted++;
                for (JobEdge e : g.edges()) {
                    if (e.source().equals(v) && in.merge(e.target(), -1, Integer::sum) == 0) {
                        ready.add(e.target());
                    }
                }
            }
            long subtasks =
                    g.vertices().stream().mapToLong(JobVertex::upperBound).sum();
            return unless(
                    sorted == g.vertices().size() && subtasks <= Limits.MAX_SUBTASKS,
                    "graph.acyclic-and-bounded",
                    g.toString());
        });
    }

    private static EntryPoint.Input pool(SplittableRandom r) {
        int tms = Hostile.aCount(r, 0, 20);
        int drawn = Hostile.aCount(r, 0, 8);
        // pools of a million slots take seconds; the unit tests build one, the fuzzer rejects bigger
        int slotsPerTm =
                (long) tms * drawn > 100_000 && (long) tms * drawn <= Limits.MAX_SLOTS ? Limits.MAX_SLOTS + 1 : drawn;
        boolean uniform = r.nextBoolean();
        String id = Hostile.aString(r, "tm", 1);
        return new EntryPoint.Input((uniform ? "uniform " : "builder ") + tms + " x " + slotsPerTm, () -> {
            int slots = slotsPerTm;
            SlotPool pool;
            if (uniform) {
                pool = SlotPool.uniform(tms, slots);
                return unless(
                        pool.size() == (long) tms * slots && pool.size() <= Limits.MAX_SLOTS,
                        "pool.size",
                        tms + " x " + slots + " = " + pool.size());
            }
            pool = SlotPool.builder()
                    .addTaskManagers(TaskManager.of(id, slots))
                    .addTaskManagers(TaskManager.of("other", Math.floorMod(tms, 5)))
                    .build();
            return unless(pool.size() == slots + Math.floorMod(tms, 5), "pool.size", String.valueOf(pool.size()));
        });
    }

    private static EntryPoint.Input previous(SplittableRandom r) {
        int n = 1 + r.nextInt(4);
        long[] sizes = new long[n];
        int[] indexes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = Hostile.aLong(r, 1L << 40);
            indexes[i] = r.nextInt(10) == 0 ? Hostile.anInt(r, 0, n) : i;
        }
        String slot = Hostile.aString(r, "s", 1);
        return new EntryPoint.Input("placements " + java.util.Arrays.toString(sizes), () -> {
            PreviousPlacement.Builder b = PreviousPlacement.builder();
            for (int i = 0; i < n; i++) {
                b.addPlacements(SubtaskPlacement.of("v", indexes[i], slot + i, sizes[i]));
            }
            PreviousPlacement p = b.build();
            long total = 0;
            for (SubtaskPlacement s : p.placements()) {
                total = Math.addExact(total, s.stateSizeBytes()); // accepted: the sum fits
            }
            return unless(total >= 0, "placement.state", String.valueOf(total));
        });
    }

    // ---- algorithms -------------------------------------------------------------------------

    private static final List<ParallelismSolver> SOLVERS = List.of(
            new FlinkParallelismSolver(), new KeyGroupAwareParallelismSolver(), new ProportionalParallelismSolver());

    private static EntryPoint.Input solve(SplittableRandom r) {
        long seed = r.nextLong();
        int slots = Hostile.anInt(r, 0, 600);
        ParallelismSolver solver = SOLVERS.get(r.nextInt(SOLVERS.size()));
        boolean reactive = r.nextBoolean();
        return new EntryPoint.Input(
                solver.getClass().getSimpleName() + " graph seed " + seed + " slots " + slots, () -> {
                    JobGraph g = graph(new SplittableRandom(seed), false);
                    if (reactive) {
                        g = Requirements.reactive(g);
                    }
                    ParallelismResult result = solver.solve(g, slots);
                    List<Violation> v = new ArrayList<>(Invariants.checkPlan(g, slots, result));
                    int desired = solver.desiredSlots(g);
                    if (desired < 1 || desired > Limits.MAX_SUBTASKS) {
                        v.add(new Violation("solver.desired-slots", "desiredSlots " + desired));
                    }
                    return v;
                });
    }

    private static EntryPoint.Input alignDown(SplittableRandom r) {
        int m = Hostile.anInt(r, 1, 32768);
        int p = r.nextBoolean() ? Hostile.anInt(r, 1, 32768) : 1 + r.nextInt(Math.max(1, Math.min(32768, Math.abs(m))));
        return new EntryPoint.Input("alignDown(" + m + ", " + p + ")", () -> {
            int a = KeyGroupAwareParallelismSolver.alignDown(m, p);
            long hottest = ((long) m + p - 1) / p;
            boolean smallest = a == 1 || ((long) m + a - 2) / (a - 1) > hottest;
            return unless(
                    a >= 1 && a <= p && ((long) m + a - 1) / a == hottest && smallest,
                    "alignDown",
                    "alignDown(" + m + ", " + p + ") = " + a);
        });
    }

    private static EntryPoint.Input keyGroups(SplittableRandom r) {
        int m = Hostile.anInt(r, 1, 32768);
        int p = Hostile.anInt(r, 1, 300);
        int x = Hostile.anInt(r, 0, 300);
        int kind = r.nextInt(3);
        return new EntryPoint.Input("keyGroups " + kind + " (" + m + ", " + p + ", " + x + ")", () -> {
            switch (kind) {
                case 0 -> {
                    int g = KeyGroups.keyGroupForKeyHash(x, m);
                    return unless(g >= 0 && g < m, "keyGroup.range", String.valueOf(g));
                }
                case 1 -> {
                    int s = KeyGroups.subtaskForKeyGroup(m, p, x);
                    return unless(s >= 0 && s < p, "subtask.range", String.valueOf(s));
                }
                default -> {
                    KeyGroupRange range = KeyGroups.rangeForSubtask(m, p, x);
                    return unless(
                            range.startKeyGroup() >= 0
                                    && range.endKeyGroup() < m
                                    && range.startKeyGroup() <= range.endKeyGroup() + 1,
                            "range",
                            range.toString());
                }
            }
        });
    }

    private static EntryPoint.Input requirements(SplittableRandom r) {
        long seed = r.nextLong();
        String id = r.nextInt(5) == 0 ? Hostile.aString(r, "v", 6) : "v" + r.nextInt(6);
        int lo = Hostile.anInt(r, 1, 50);
        int hi = Hostile.anInt(r, 1, 300);
        boolean nullBounds = r.nextInt(20) == 0;
        return new EntryPoint.Input("withBounds " + id + " [" + lo + ", " + hi + "]", () -> {
            JobGraph g = graph(new SplittableRandom(seed), false);
            Map<String, VertexBounds> bounds = new HashMap<>();
            bounds.put(id, nullBounds ? null : new VertexBounds(lo, hi));
            JobGraph changed = Requirements.withBounds(g, bounds);
            JobVertex v = changed.vertex(id);
            return unless(v.lowerBound() == lo && v.upperBound() == hi, "requirements.applied", v.toString());
        });
    }

    private static EntryPoint.Input assign(SplittableRandom r) {
        long seed = r.nextLong();
        SlotAssigner assigner =
                SlotAssigners.all().get(r.nextInt(SlotAssigners.all().size()));
        long stateScale = Hostile.aLong(r, 1L << 30);
        return new EntryPoint.Input(assigner.name() + " seed " + seed + " state " + stateScale, () -> {
            SplittableRandom s = new SplittableRandom(seed);
            JobGraph g = graph(s, false);
            SlotPool pool = SlotPool.uniform(1 + s.nextInt(6), 1 + s.nextInt(4));
            ParallelismResult result = new FlinkParallelismSolver().solve(g, pool.size());
            if (!(result instanceof ParallelismPlan plan)) {
                return none();
            }
            // previous: each vertex ran at a smaller parallelism, state sizes of the hostile scale
            PreviousPlacement.Builder prev = PreviousPlacement.builder();
            List<String> slotIds = pool.slots().stream().map(x -> x.id()).toList();
            for (JobVertex v : g.vertices()) {
                int p = Math.min(plan.parallelismOf(v.id()), slotIds.size());
                for (int i = 0; i < p; i++) {
                    long size = stateScale <= 0 ? 0 : Math.abs(stateScale / (1 + s.nextInt(3)));
                    prev.addPlacements(SubtaskPlacement.of(v.id(), i, slotIds.get(i), size));
                }
            }
            PreviousPlacement previous = prev.build();
            AssignmentRequest request = new AssignmentRequest(g, plan, pool, previous);
            Assignment a = assigner.assign(request);
            List<Violation> v = new ArrayList<>(Invariants.checkAssignment(request, a));
            long total = previous.placements().stream()
                    .mapToLong(SubtaskPlacement::stateSizeBytes)
                    .sum();
            long moved = a.metrics().stateBytesMoved();
            if (moved < 0 || moved > total) {
                v.add(new Violation("metrics.state-bytes-moved", moved + " of " + total));
            }
            return v;
        });
    }

    // ---- configuration, registry, decider ----------------------------------------------------

    private static EntryPoint.Input parseDuration(SplittableRandom r) {
        String text = Hostile.aDurationText(r);
        String key = r.nextInt(50) == 0 ? null : "k";
        return new EntryPoint.Input("parseDuration(" + key + ", " + text + ")", () -> {
            Duration d = FlinkConfig.parseDuration(key, text);
            return unless(!d.isNegative(), "duration.not-negative", d.toString());
        });
    }

    private static Map<String, String> config(SplittableRandom r) {
        Map<String, String> config = new LinkedHashMap<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String text = Hostile.aDurationText(r);
            if (text != null) {
                config.put(KEYS[r.nextInt(KEYS.length)], text);
            }
        }
        if (r.nextInt(4) == 0) {
            config.put(FlinkConfig.FLINK_VERSION_KEY, VERSIONS[r.nextInt(VERSIONS.length)]);
        }
        if (r.nextInt(4) == 0) {
            config.put(
                    "jobmanager.adaptive-scheduler.min-parallelism-increase", String.valueOf(Hostile.anInt(r, 1, 5)));
        }
        if (r.nextInt(4) == 0) {
            config.put(
                    "jobmanager.adaptive-scheduler.rescale-trigger.max-checkpoint-failures",
                    String.valueOf(Hostile.anInt(r, 0, 5)));
        }
        if (r.nextInt(3) == 0) {
            config.put("scheduler-mode", r.nextBoolean() ? "reactive" : "default");
        }
        return config;
    }

    private static EntryPoint.Input readConfig(SplittableRandom r) {
        Map<String, String> config = config(r);
        return new EntryPoint.Input("FlinkConfig.read(" + config + ")", () -> {
            FlinkConfig.Read read = FlinkConfig.read(config);
            return unless(read.policy() != null, "config.policy", "no policy");
        });
    }

    private static EntryPoint.Input policyByName(SplittableRandom r) {
        String name = r.nextBoolean()
                ? Policies.names().get(r.nextInt(Policies.names().size()))
                : Hostile.aString(r, "flink-", 3);
        return new EntryPoint.Input("Policies.byName(" + name + ")", () -> {
            Policies.Policy p = Policies.byName(name);
            return unless(p.name().equals(name), "policy.name", p.name());
        });
    }

    private static EntryPoint.Input decide(SplittableRandom r) {
        long seed = r.nextLong();
        Map<String, String> config = config(r);
        boolean fromConfig = r.nextBoolean();
        int events = 1 + r.nextInt(30);
        return new EntryPoint.Input("decider seed " + seed + " config " + config, () -> {
            SplittableRandom s = new SplittableRandom(seed);
            RescaleDecider decider = fromConfig
                    ? new FlinkRescaleDecider(FlinkConfig.read(config).policy())
                    : Policies.all().get(s.nextInt(Policies.all().size())).decider();
            JobGraph g = graph(s, false);
            DeciderState state = decider.initialState(g);
            Instant now = s.nextInt(10) == 0 ? Hostile.anInstant(s) : Instant.parse("2026-01-01T00:00:00Z");
            List<Violation> v = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < events; i++) {
                RescaleEvent e = event(s, i, state, g);
                Instant at = now;
                if (s.nextInt(40) == 0) {
                    at = Hostile.anInstant(s);
                } else if (s.nextBoolean()) {
                    Duration step = Duration.ofMillis(s.nextLong(600_000));
                    at = Instant.MAX.minus(step).isBefore(now) ? Instant.MAX : now.plus(step);
                }
                Transition t = decider.decide(state, e, at);
                state = t.state();
                now = at;
                if (state.availableSlots() < 0 || state.availableSlots() > Limits.MAX_SLOTS) {
                    v.add(new Violation("decider.available-slots", String.valueOf(state.availableSlots())));
                }
                Decision last = t.decision(); // at the event's time, after it: the slots it sees are the state's
                if (last.action() == Decision.Action.RESCALE
                        && last.at().equals(at)
                        && last.plan().orElseThrow().slotsUsed() > state.availableSlots()
                        && seen.add("fit")) {
                    v.add(new Violation("decider.plan-fits", last.toString()));
                }
                for (Decision d : t.decisions()) {
                    if (d.at().isAfter(at)) {
                        v.add(new Violation("decider.time-order", d.at() + " after " + at));
                    }
                }
            }
            return v;
        });
    }

    private static RescaleEvent event(SplittableRandom s, int i, DeciderState state, JobGraph g) {
        if (i == 0 && s.nextInt(10) != 0) {
            return new RescaleEvent.JobStarted();
        }
        return switch (s.nextInt(8)) {
            case 0, 1 -> new RescaleEvent.SlotsAdded(s.nextInt(20) == 0 ? Hostile.anInt(s, 1, 4) : 1 + s.nextInt(4));
            case 2 -> new RescaleEvent.SlotsLost(
                    s.nextInt(20) == 0
                            ? Hostile.anInt(s, 1, 4)
                            : Math.max(1, Math.min(state.availableSlots(), 1 + s.nextInt(2))),
                    s.nextBoolean());
            case 3 -> new RescaleEvent.CheckpointCompleted();
            case 4 -> new RescaleEvent.CheckpointFailed();
            case 5 -> {
                Map<String, VertexBounds> bounds = new HashMap<>();
                JobVertex v = g.vertices().get(s.nextInt(g.vertices().size()));
                bounds.put(
                        v.id(),
                        new VertexBounds(1, Math.max(1, Math.min(v.effectiveMaxParallelism(), 1 + s.nextInt(8)))));
                yield new RescaleEvent.RequirementsChanged(bounds);
            }
            case 6 -> new RescaleEvent.JobStarted();
            default -> new RescaleEvent.WakeUp();
        };
    }
}
