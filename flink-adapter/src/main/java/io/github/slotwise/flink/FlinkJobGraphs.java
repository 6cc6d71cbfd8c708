package io.github.slotwise.flink;

import io.github.slotwise.model.DistributionPattern;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.runtime.jobgraph.IntermediateDataSet;
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;

/**
 * Converts Flink's job graph and the adaptive scheduler's {@link JobInformation} to a Slotwise
 * {@link JobGraph}, and reads the slot-sharing group orders Flink's allocator uses.
 *
 * <p>Ids are Flink's (see {@link FlinkIds}). Vertices keep Flink's vertex order ({@code
 * JobGraph#getVertices()}, insertion order). Slot-sharing groups are in first-appearance order among
 * the vertices unless an order is given: Flink itself visits them in the hash order of their random
 * ids, which {@link #parallelismGroupOrder} and {@link #resolverGroupOrder} read for one {@code
 * JobInformation}.
 */
public final class FlinkJobGraphs {
    /** Flink's {@code ShipStrategyType.PARTITION_HASH} name: a keyBy edge. */
    private static final String HASH_SHIP_STRATEGY = "HASH";

    private FlinkJobGraphs() {}

    /**
     * A submitted Flink job graph as Slotwise sees it before any scheduling: each vertex with its
     * configured parallelism ({@code -1} counts as 1, as in Flink's scheduler), its maxParallelism if
     * set explicitly (else Slotwise derives it with Flink's formula), bounds {@code [1, parallelism]},
     * and its input edges. Apply {@link io.github.slotwise.parallelism.Requirements#reactive} for
     * Reactive Mode, or {@link FlinkRequirements#apply} for resource requirements.
     *
     * <p>A vertex counts as {@linkplain JobVertex#keyed() keyed} when one of its inputs is a hash
     * (keyBy) edge; Flink's job graph does not say more directly.
     *
     * @throws IllegalArgumentException if Slotwise rejects a vertex (for example parallelism above an
     *     explicit maxParallelism), naming it
     */
    public static JobGraph fromJobGraph(org.apache.flink.runtime.jobgraph.JobGraph jobGraph) {
        JobGraph.Builder graph = JobGraph.builder();
        for (org.apache.flink.runtime.jobgraph.JobVertex v : jobGraph.getVertices()) {
            String id = FlinkIds.vertexId(v.getID());
            boolean keyed = false;
            for (org.apache.flink.runtime.jobgraph.JobEdge input : v.getInputs()) {
                IntermediateDataSet source = input.getSource();
                graph.addEdges(new JobEdge(
                        FlinkIds.vertexId(source.getProducer().getID()), id, pattern(input.getDistributionPattern())));
                keyed |= HASH_SHIP_STRATEGY.equals(input.getShipStrategyName());
            }
            int parallelism = v.getParallelism() == ExecutionConfig.PARALLELISM_DEFAULT ? 1 : v.getParallelism();
            JobVertex.Builder vertex = JobVertex.builder()
                    .id(id)
                    .name(v.getName() == null || v.getName().isBlank() ? id : v.getName())
                    .parallelism(parallelism)
                    .slotSharingGroup(FlinkIds.slotSharingGroupId(v.getSlotSharingGroup()))
                    .keyed(keyed);
            if (v.getMaxParallelism() != org.apache.flink.runtime.jobgraph.JobVertex.MAX_PARALLELISM_DEFAULT) {
                vertex.maxParallelism(v.getMaxParallelism());
            }
            if (v.getCoLocationGroup() != null) {
                vertex.coLocationGroup(FlinkIds.coLocationGroupId(v.getCoLocationGroup()));
            }
            graph.addVertices(vertex.build());
        }
        return graph.build();
    }

    /**
     * The adaptive scheduler's view of a job: each vertex with lower bound {@code
     * getMinParallelism()}, upper bound {@code getParallelism()} and its (resolved, so explicit)
     * {@code getMaxParallelism()}. Groups are in first-appearance order among {@code getVertices()}.
     * The result has no edges ({@code JobInformation} has none) and no vertex is marked keyed.
     *
     * @throws IllegalArgumentException if Slotwise rejects a vertex, e.g. an upper bound above its
     *     maxParallelism (Flink would fail later, when it builds the execution graph)
     */
    public static JobGraph fromJobInformation(JobInformation jobInformation) {
        return fromVertices(jobInformation.getVertices());
    }

    /**
     * Same as {@link #fromJobInformation(JobInformation)} for bare vertex information, as Flink's
     * {@code SlotAllocator#calculateRequiredSlots} receives it.
     *
     * @throws IllegalArgumentException if there is no vertex, or Slotwise rejects one
     */
    public static JobGraph fromVertices(Iterable<JobInformation.VertexInformation> vertices) {
        JobGraph.Builder graph = JobGraph.builder();
        for (JobInformation.VertexInformation v : vertices) {
            String id = FlinkIds.vertexId(v.getJobVertexID());
            JobVertex.Builder vertex = JobVertex.builder()
                    .id(id)
                    .name(v.getVertexName() == null || v.getVertexName().isBlank() ? id : v.getVertexName())
                    .parallelism(Math.min(v.getParallelism(), v.getMaxParallelism()))
                    .maxParallelism(v.getMaxParallelism())
                    .lowerBound(v.getMinParallelism())
                    .upperBound(v.getParallelism())
                    .slotSharingGroup(FlinkIds.slotSharingGroupId(v.getSlotSharingGroup()));
            if (v.getCoLocationGroup() != null) {
                vertex.coLocationGroup(FlinkIds.coLocationGroupId(v.getCoLocationGroup()));
            }
            graph.addVertices(vertex.build());
        }
        return graph.build();
    }

    /**
     * Same as {@link #fromJobInformation(JobInformation)}, with the slot-sharing groups in the given
     * order (every group of the job exactly once).
     *
     * @throws IllegalArgumentException if the order misses, repeats or adds a group
     */
    public static JobGraph fromJobInformation(JobInformation jobInformation, Iterable<SlotSharingGroup> groupOrder) {
        return withGroupOrder(fromJobInformation(jobInformation), groupOrder);
    }

    /**
     * Returns {@code graph} with its slot-sharing groups in the given order.
     *
     * @throws IllegalArgumentException if the order misses, repeats or adds a group
     */
    public static JobGraph withGroupOrder(JobGraph graph, Iterable<SlotSharingGroup> groupOrder) {
        List<String> ids = new ArrayList<>();
        groupOrder.forEach(g -> ids.add(FlinkIds.slotSharingGroupId(g)));
        return JobGraph.builder().from(graph).slotSharingGroupOrder(ids).build();
    }

    /**
     * The order in which Flink's {@code SlotSharingSlotAllocator#determineParallelism} visits
     * slot-sharing groups before its stable sort by range: the iteration order of the {@code
     * HashMap<SlotSharingGroup, …>} it folds {@code getVertices()} into, read by building that map
     * the same way. It decides which of two groups with equal range gets the division remainder;
     * it is a hash order of random group ids, so it holds for these group objects in this JVM only.
     */
    public static List<SlotSharingGroup> parallelismGroupOrder(JobInformation jobInformation) {
        return List.copyOf(SlotSharingSlotAllocator.SlotSharingGroupMetaInfo.from(jobInformation.getVertices())
                .keySet());
    }

    /**
     * The order in which Flink's slot-sharing resolvers visit slot-sharing groups: the iteration
     * order of {@code JobInformation#getSlotSharingGroups()} (a {@code HashSet} for a job graph).
     * It decides the order of execution slot-sharing groups, and with it the zip with free slots.
     */
    public static List<SlotSharingGroup> resolverGroupOrder(JobInformation jobInformation) {
        Set<SlotSharingGroup> order = new LinkedHashSet<>();
        for (SlotSharingGroup g : jobInformation.getSlotSharingGroups()) {
            order.add(Objects.requireNonNull(g, "null slot-sharing group"));
        }
        return List.copyOf(order);
    }

    private static DistributionPattern pattern(org.apache.flink.runtime.jobgraph.DistributionPattern pattern) {
        return switch (pattern) {
            case ALL_TO_ALL -> DistributionPattern.ALL_TO_ALL;
            case POINTWISE -> DistributionPattern.POINTWISE;
        };
    }
}
