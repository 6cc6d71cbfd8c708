package org.apache.flink.runtime.scheduler.adaptive.allocator;

import static org.assertj.core.api.Assertions.fail;

import io.github.slotwise.flink.DifferentialResults;
import io.github.slotwise.flink.DifferentialTally;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.tasks.AbstractInvokable;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.scheduler.DefaultVertexParallelismStore;
import org.apache.flink.runtime.scheduler.adaptive.JobGraphJobInformation;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test of {@link FlinkParallelismSolver#forFlinkVersion} (the line's rule) against the {@code
 * SlotSharingSlotAllocator#determineParallelism} and {@code calculateRequiredSlots} of the Flink line
 * under test, through one harness for every line from 1.17 to 2.3 (the version matrix). What changed
 * between the lines' allocators (factory, result type, the store's lower bound) is {@link
 * FlinkAllocators}'s, one small class per line.
 *
 * <p>Each case is a random job (1–30 vertices in 1–8 slot-sharing groups, explicit or default
 * maxParallelism, often equal ranges so that ties are common) with random bounds [lower, upper] in
 * Flink's store (lower bounds only where the line has them: 1.18 on), seen by Slotwise as a {@code
 * JobGraph} with the same bounds and Flink's own group order ({@link FlinkGroupOrder}); then 5 slot
 * counts below, at and above the minimum and the desired count. Compared: the plan (or "not enough
 * slots") and the required slots.
 *
 * <p>Shared test support (flink-test-support): compiled and run by the version matrix's modules; the
 * default build's modules compile it and leave running it to the matrix (flink-adapter runs its own,
 * wider 2.3 test through the adapter). Seeded by {@code slotwise.seed} (default {@value
 * #DEFAULT_SEED}).
 */
class ParallelismMatrixTest {
    static final long DEFAULT_SEED = 20261205L;
    static final long SEED = Long.getLong("slotwise.seed", DEFAULT_SEED);
    static final int JOBS = 5_000;
    static final int SLOT_COUNTS_PER_JOB = 5;

    @RegisterExtension
    static final DifferentialTally TALLY = DifferentialTally.inOrder(SEED, DifferentialResults.oracle());

    @Test
    void determineParallelismAndRequiredSlotsEqualTheLinesOwn() {
        SplittableRandom random = new SplittableRandom(SEED);
        SlotSharingSlotAllocator flink = FlinkAllocators.create(false, null, false);
        // The line's rule: 1.17 and 1.18 count a group's lowest lower bound, 1.19 on its highest.
        ParallelismSolver solver = FlinkParallelismSolver.forFlinkVersion(DifferentialResults.flinkVersion());
        TALLY.count("Slotwise solver " + solver.name());
        SlotInfo slot = new SlotwiseTestSlot(new AllocationID(), SlotwiseTestSlot.location("tm"), 0);
        for (int c = 0; c < JOBS; c++) {
            RandomJob job = new RandomJob(random);
            JobInformation info = new JobGraphJobInformation(job.flinkGraph, job.store);
            JobGraph graph = job.slotwiseGraph(FlinkGroupOrder.parallelismGroupOrder(info));

            int flinkRequired = flink.calculateRequiredSlots(info.getVertices()).getTotalResourceCount();
            if (flinkRequired != solver.desiredSlots(graph)) {
                fail(TALLY.seed(c) + "required slots: Flink " + flinkRequired + ", Slotwise "
                        + solver.desiredSlots(graph) + "; job " + graph);
            }
            TALLY.agreed("calculateRequiredSlots");
            int minimum = solver.minimumSlots(graph);
            for (int k = 0; k < SLOT_COUNTS_PER_JOB; k++) {
                int slots = slotCount(random, k, minimum, flinkRequired);
                Collection<SlotInfo> free = Collections.nCopies(slots, slot);
                Optional<Map<JobVertexID, Integer>> expected = FlinkAllocators.determineParallelism(flink, info, free);
                ParallelismResult actual = solver.solve(graph, slots);
                Map<String, Integer> flinkPlan =
                        expected.map(ParallelismMatrixTest::byHexId).orElse(null);
                Map<String, Integer> slotwisePlan =
                        actual.isPlan() ? new TreeMap<>(actual.plan().vertexParallelism()) : null;
                if (!java.util.Objects.equals(flinkPlan, slotwisePlan)) {
                    fail(TALLY.seed(c) + slots + " slots: Flink " + flinkPlan + ", Slotwise " + slotwisePlan + " ("
                            + actual.explanation() + "); job " + graph);
                }
                TALLY.agreed(
                        expected.isPresent()
                                ? "determineParallelism: plans"
                                : "determineParallelism: not enough slots");
            }
        }
    }

    private static Map<String, Integer> byHexId(Map<JobVertexID, Integer> parallelism) {
        Map<String, Integer> map = new TreeMap<>();
        parallelism.forEach((id, p) -> map.put(id.toHexString(), p));
        return map;
    }

    /** Below the minimum, at it, in between, at and beyond the desired count. */
    private static int slotCount(SplittableRandom random, int k, int minimum, int desired) {
        return switch (k) {
            case 0 -> Math.max(0, minimum - 1 - random.nextInt(3));
            case 1 -> minimum + random.nextInt(3);
            case 2 -> desired + random.nextInt(5);
            default -> minimum + random.nextInt(Math.max(1, Math.min(desired - minimum + 1, 2_000)));
        };
    }

    /** A random Flink job with its parallelism store, and the same job as Slotwise's model. */
    private static final class RandomJob {
        final org.apache.flink.runtime.jobgraph.JobGraph flinkGraph =
                new org.apache.flink.runtime.jobgraph.JobGraph("random");
        final DefaultVertexParallelismStore store = new DefaultVertexParallelismStore();
        private final List<io.github.slotwise.model.JobVertex> vertices = new ArrayList<>();

        RandomJob(SplittableRandom random) {
            int vertexCount = 1 + random.nextInt(30);
            int groupCount = 1 + random.nextInt(Math.min(8, vertexCount));
            List<SlotSharingGroup> groups = new ArrayList<>();
            for (int g = 0; g < groupCount; g++) {
                groups.add(new SlotSharingGroup());
            }
            int[] smallPool = {1, 2, 3, 4, 6, 8};
            boolean small = random.nextInt(3) == 0;
            for (int i = 0; i < vertexCount; i++) {
                JobVertex v = new JobVertex("v" + i, new JobVertexID(random.nextLong(), random.nextLong()));
                v.setInvokableClass(AbstractInvokable.class);
                SlotSharingGroup group = groups.get(i < groupCount ? i : random.nextInt(groupCount));
                v.setSlotSharingGroup(group);
                int upper = small
                        ? smallPool[random.nextInt(smallPool.length)]
                        : 1 + random.nextInt(random.nextInt(10) == 0 ? 1000 : 40);
                int max = random.nextBoolean()
                        ? upper + random.nextInt(small ? 4 : 300)
                        : KeyGroupRangeAssignment.computeDefaultMaxParallelism(upper);
                int lower = FlinkAllocators.hasLowerBounds() && random.nextInt(4) == 0 ? 1 + random.nextInt(upper) : 1;
                v.setParallelism(upper);
                v.setMaxParallelism(max);
                store.setParallelismInfo(v.getID(), FlinkAllocators.parallelismInfo(lower, upper, max));
                flinkGraph.addVertex(v);
                String id = v.getID().toHexString();
                vertices.add(io.github.slotwise.model.JobVertex.builder()
                        .id(id)
                        .name(id)
                        .parallelism(upper)
                        .maxParallelism(max)
                        .lowerBound(lower)
                        .upperBound(upper)
                        .slotSharingGroup(group.getSlotSharingGroupId().toHexString())
                        .build());
            }
        }

        JobGraph slotwiseGraph(List<String> groupOrder) {
            return JobGraph.builder()
                    .vertices(vertices)
                    .slotSharingGroupOrder(groupOrder)
                    .build();
        }
    }
}
