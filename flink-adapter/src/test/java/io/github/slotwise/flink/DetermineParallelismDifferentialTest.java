package io.github.slotwise.flink;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.Requirements;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.SchedulerBase;
import org.apache.flink.runtime.scheduler.VertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.JobGraphJobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotwiseTestSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.util.ResourceCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of {@link FlinkParallelismSolver} (and the adapter around it) against Flink
 * 2.3.0's own {@code SlotSharingSlotAllocator#determineParallelism} and {@code
 * calculateRequiredSlots}, the oracle.
 *
 * <p>Each case is a random Flink job graph (1–50 vertices, 1–10 slot-sharing groups, explicit or
 * default maxParallelism, sometimes co-location) with a parallelism store in one of three shapes:
 * Flink's default store (bounds {@code [1, parallelism]}), Reactive Mode (upper bound =
 * maxParallelism) or random {@code JobResourceRequirements}. Flink sees it through its own {@code
 * JobGraphJobInformation}; Slotwise sees the same job four ways, which must all agree with Flink on
 * several slot counts (below, at and above the minimum; many equal ranges, so ties are common):
 *
 * <ol>
 *   <li>{@link FlinkJobGraphs#fromJobInformation} in {@link FlinkJobGraphs#parallelismGroupOrder}:
 *       the hash order of Flink's {@code HashMap<SlotSharingGroup, …>}, read by building that map
 *       over the same group objects;
 *   <li>{@link FlinkJobGraphs#fromJobGraph} plus the matching requirements ({@link
 *       Requirements#reactive}, {@link FlinkRequirements#apply} or none) in the same order, so the
 *       Slotwise side derives default maxParallelisms itself;
 *   <li>{@link SlotwiseSlotAllocator} with {@link SlotwiseSlotAllocator.GroupOrder#FLINK_HASH};
 *   <li>for {@code calculateRequiredSlots}: {@code desiredSlots} and the allocator's resource
 *       counter.
 * </ol>
 *
 * <p>Seeded by {@code slotwise.seed} (default {@value #DEFAULT_SEED}); every failure names the seed.
 * The seed fixes the graphs, bounds and slot counts; Flink's group order is not seedable ({@code
 * SlotSharingGroup} draws a random id), so it is read anew in every run, and the number of plans it
 * decides varies a little.
 */
class DetermineParallelismDifferentialTest {
    static final long DEFAULT_SEED = 20260601L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int JOB_GRAPHS = 10_000;
    static final int SLOT_COUNTS_PER_GRAPH = 5;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.inOrder(SEED, "flink-runtime 2.3.0");

    private enum Store {
        DEFAULT,
        REACTIVE,
        REQUIREMENTS
    }

    @Test
    void determineParallelismAndRequiredSlotsEqualFlinks() {
        SplittableRandom random = new SplittableRandom(SEED);
        SlotSharingSlotAllocator flink = flinkAllocator();
        SlotwiseSlotAllocator slotwise = new SlotwiseSlotAllocator(
                (id, profile) -> {
                    throw new UnsupportedOperationException();
                },
                (id, cause, ts) -> {},
                id -> false,
                FlinkSlotAssignmentOptions.defaults(),
                SlotwiseSlotAllocator.GroupOrder.FLINK_HASH);
        SlotInfo slot = new SlotwiseTestSlot(new AllocationID(), SlotwiseTestSlot.location("tm"), 0);
        FlinkParallelismSolver solver = new FlinkParallelismSolver();

        for (int c = 0; c < JOB_GRAPHS; c++) {
            Store store = Store.values()[random.nextInt(Store.values().length)];
            RandomJob job = RandomJob.create(random, store);
            JobInformation info = new JobGraphJobInformation(job.flinkGraph, job.store);
            List<SlotSharingGroup> order = FlinkJobGraphs.parallelismGroupOrder(info);
            JobGraph fromInfo = FlinkJobGraphs.fromJobInformation(info, order);
            JobGraph fromGraph = FlinkJobGraphs.withGroupOrder(job.slotwiseView(), order);
            TALLY.count("job graphs (" + store + ")");

            int flinkRequired = flink.calculateRequiredSlots(info.getVertices()).getTotalResourceCount();
            ResourceCounter slotwiseCounter = slotwise.calculateRequiredSlots(info.getVertices());
            if (flinkRequired != solver.desiredSlots(fromInfo)
                    || flinkRequired != solver.desiredSlots(fromGraph)
                    || !slotwiseCounter.equals(flink.calculateRequiredSlots(info.getVertices()))) {
                fail(TALLY.seed(c) + "calculateRequiredSlots: Flink " + flinkRequired + ", Slotwise desiredSlots "
                        + solver.desiredSlots(fromInfo) + " / " + solver.desiredSlots(fromGraph) + ", allocator "
                        + slotwiseCounter + "; job " + job);
            }
            TALLY.count("calculateRequiredSlots");

            int minimum = solver.minimumSlots(fromInfo);
            boolean tie = hasRangeTie(fromInfo);
            if (tie) {
                TALLY.count("job graphs with groups of equal range");
            }
            for (int k = 0; k < SLOT_COUNTS_PER_GRAPH; k++) {
                int slots = slotCount(random, k, minimum, flinkRequired);
                Collection<SlotInfo> free = Collections.nCopies(slots, slot);
                Optional<VertexParallelism> expected = flink.determineParallelism(info, free);
                compare(c, "fromJobInformation", job, slots, expected, solver.solve(fromInfo, slots));
                compare(c, "fromJobGraph+" + store, job, slots, expected, solver.solve(fromGraph, slots));
                Optional<VertexParallelism> viaAllocator = slotwise.determineParallelism(info, free);
                if (!java.util.Objects.equals(asMap(expected), asMap(viaAllocator))) {
                    fail(TALLY.seed(c) + "SlotwiseSlotAllocator with " + slots + " slots: " + asMap(viaAllocator)
                            + ", Flink " + asMap(expected) + "; job " + job);
                }
                TALLY.count(
                        expected.isPresent()
                                ? "determineParallelism: plans"
                                : "determineParallelism: not enough slots");
                if (expected.isPresent() && tie) {
                    ParallelismResult firstAppearance = solver.solve(FlinkJobGraphs.fromJobInformation(info), slots);
                    if (!firstAppearance.plan().vertexParallelism().equals(asMap(expected))) {
                        TALLY.count("plans where Flink's hash order decided a tie");
                    }
                }
            }
        }
    }

    private static void compare(
            int c,
            String path,
            RandomJob job,
            int slots,
            Optional<VertexParallelism> flink,
            ParallelismResult slotwise) {
        if (flink.isPresent() != slotwise.isPlan()) {
            fail(TALLY.seed(c) + path + " with " + slots + " slots: Flink " + (flink.isPresent() ? "plans" : "has none")
                    + ", Slotwise " + slotwise.explanation() + "; job " + job);
        }
        if (flink.isPresent() && !asMap(flink).equals(slotwise.plan().vertexParallelism())) {
            fail(TALLY.seed(c) + path + " with " + slots + " slots: Slotwise "
                    + slotwise.plan().vertexParallelism() + ", Flink " + asMap(flink) + "; Slotwise's reasons "
                    + slotwise.explanation() + "; job " + job);
        }
    }

    private static Map<String, Integer> asMap(Optional<VertexParallelism> parallelism) {
        if (parallelism.isEmpty()) {
            return null;
        }
        Map<String, Integer> map = new HashMap<>();
        for (JobVertexID id : parallelism.get().getVertices()) {
            map.put(FlinkIds.vertexId(id), parallelism.get().getParallelism(id));
        }
        return map;
    }

    /** Some slot counts below the minimum, at it, in between, at and beyond the desired count. */
    private static int slotCount(SplittableRandom random, int k, int minimum, int desired) {
        return switch (k) {
            case 0 -> Math.max(0, minimum - 1 - random.nextInt(3));
            case 1 -> minimum + random.nextInt(3);
            case 2 -> desired + random.nextInt(5);
            default -> minimum + random.nextInt(Math.max(1, Math.min(desired - minimum + 1, 2_000)));
        };
    }

    private static boolean hasRangeTie(JobGraph graph) {
        Set<Integer> ranges = new HashSet<>();
        for (io.github.slotwise.parallelism.GroupBounds b : io.github.slotwise.parallelism.GroupBounds.of(graph)) {
            if (!ranges.add(b.range())) {
                return true;
            }
        }
        return false;
    }

    static SlotSharingSlotAllocator flinkAllocator() {
        return SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
                (id, profile) -> {
                    throw new UnsupportedOperationException();
                },
                (id, cause, ts) -> {},
                id -> false,
                false,
                null,
                false,
                org.apache.flink.configuration.TaskManagerOptions.TaskManagerLoadBalanceMode.NONE);
    }

    /** A random Flink job graph with its parallelism store, and Slotwise's view of the same job. */
    static final class RandomJob {
        final org.apache.flink.runtime.jobgraph.JobGraph flinkGraph;
        final VertexParallelismStore store;
        private final Store shape;
        private final JobResourceRequirements requirements;

        private RandomJob(
                org.apache.flink.runtime.jobgraph.JobGraph flinkGraph,
                VertexParallelismStore store,
                Store shape,
                JobResourceRequirements requirements) {
            this.flinkGraph = flinkGraph;
            this.store = store;
            this.shape = shape;
            this.requirements = requirements;
        }

        static RandomJob create(SplittableRandom random, Store shape) {
            org.apache.flink.runtime.jobgraph.JobGraph graph = new org.apache.flink.runtime.jobgraph.JobGraph("random");
            int vertexCount = 1 + random.nextInt(50);
            int groupCount = 1 + random.nextInt(Math.min(10, vertexCount));
            List<SlotSharingGroup> groups = new ArrayList<>();
            for (int g = 0; g < groupCount; g++) {
                groups.add(new SlotSharingGroup());
            }
            // A few small value pools make equal ranges (ties) common.
            int[] smallPool = {1, 2, 3, 4, 6, 8};
            boolean smallValues = random.nextInt(3) == 0;
            List<JobVertex> vertices = new ArrayList<>();
            for (int i = 0; i < vertexCount; i++) {
                JobVertex v = new JobVertex("v" + i, new JobVertexID(random.nextLong(), random.nextLong()));
                v.setInvokableClass(AbstractInvokable.class);
                // every group gets a vertex first, so that groupCount groups exist
                v.setSlotSharingGroup(groups.get(i < groupCount ? i : random.nextInt(groupCount)));
                int max;
                if (random.nextBoolean()) {
                    max = smallValues ? smallPool[random.nextInt(smallPool.length)] : randomParallelism(random);
                    v.setMaxParallelism(max);
                    v.setParallelism(1 + random.nextInt(max));
                } else {
                    int p = smallValues ? smallPool[random.nextInt(smallPool.length)] : randomParallelism(random);
                    if (p > 32768 * 2 / 3) {
                        p = 1 + random.nextInt(1000);
                    }
                    v.setParallelism(random.nextInt(10) == 0 ? -1 : p);
                    max = KeyGroupRangeAssignment.computeDefaultMaxParallelism(Math.max(1, v.getParallelism()));
                }
                if (i > 0 && random.nextInt(10) == 0) {
                    JobVertex other = vertices.get(random.nextInt(i));
                    if (other.getSlotSharingGroup() == v.getSlotSharingGroup()) {
                        v.setStrictlyCoLocatedWith(other);
                    }
                }
                vertices.add(v);
                graph.addVertex(v);
            }
            VertexParallelismStore store;
            JobResourceRequirements requirements = null;
            switch (shape) {
                case DEFAULT -> store = SchedulerBase.computeVertexParallelismStore(graph);
                case REACTIVE -> {
                    DefaultVertexParallelismStore reactive = new DefaultVertexParallelismStore();
                    for (JobVertex v : vertices) {
                        int max = v.getMaxParallelism() == JobVertex.MAX_PARALLELISM_DEFAULT
                                ? SchedulerBase.getDefaultMaxParallelism(v)
                                : v.getMaxParallelism();
                        reactive.setParallelismInfo(
                                v.getID(), new DefaultVertexParallelismInfo(max, max, m -> Optional.empty()));
                    }
                    store = reactive;
                }
                default -> {
                    VertexParallelismStore base = SchedulerBase.computeVertexParallelismStore(graph);
                    JobResourceRequirements.Builder b = JobResourceRequirements.newBuilder();
                    for (JobVertex v : vertices) {
                        int max = base.getParallelismInfo(v.getID()).getMaxParallelism();
                        int cap = smallValues ? Math.min(max, 8) : Math.min(max, 64 + random.nextInt(512));
                        int upper = 1 + random.nextInt(cap);
                        int lower = random.nextInt(4) == 0 ? upper : 1 + random.nextInt(upper);
                        b.setParallelismForJobVertex(v.getID(), lower, upper);
                    }
                    requirements = b.build();
                    store = DefaultVertexParallelismStore.applyJobResourceRequirements(base, requirements)
                            .orElse(base);
                }
            }
            return new RandomJob(graph, store, shape, requirements);
        }

        /** Mostly small, sometimes up to 32768. */
        private static int randomParallelism(SplittableRandom random) {
            return switch (random.nextInt(10)) {
                case 0 -> 1 + random.nextInt(32768);
                case 1, 2 -> 1 + random.nextInt(1000);
                default -> 1 + random.nextInt(40);
            };
        }

        /** Slotwise's own reading of the job: the submitted graph plus the same requirements. */
        JobGraph slotwiseView() {
            JobGraph graph = FlinkJobGraphs.fromJobGraph(flinkGraph);
            return switch (shape) {
                case DEFAULT -> graph;
                case REACTIVE -> Requirements.reactive(graph);
                case REQUIREMENTS -> FlinkRequirements.apply(graph, requirements);
            };
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(shape.toString()).append(" [");
            for (JobVertex v : flinkGraph.getVertices()) {
                var info = store.getParallelismInfo(v.getID());
                b.append(v.getName())
                        .append(" ssg=")
                        .append(v.getSlotSharingGroup().getSlotSharingGroupId())
                        .append(" [")
                        .append(info.getMinParallelism())
                        .append(", ")
                        .append(info.getParallelism())
                        .append("] max=")
                        .append(info.getMaxParallelism())
                        .append("; ");
            }
            return b.append(']').toString();
        }
    }
}
