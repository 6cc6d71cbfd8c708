package io.github.slotwise.benchmarks;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.Slot;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.model.SlotSharingGroup;
import io.github.slotwise.model.SubtaskPlacement;
import io.github.slotwise.parallelism.ParallelismPlan;
import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.clusterframework.types.ResourceProfile;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobmanager.scheduler.CoLocationGroup;
import org.apache.flink.runtime.jobmanager.slots.TaskManagerGateway;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.adaptive.allocator.DefaultSlotSharingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation.VertexAllocationInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SimpleSlotMatchingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotAssigner;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotMatchingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator.ExecutionSlotSharingGroup;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;

/**
 * Flink's own input types for the benchmarks, built from the same Slotwise values the Slotwise side
 * gets, so both sides solve one problem: a {@link JobInformation}, {@link PhysicalSlot}s, a {@link
 * VertexParallelism} and a {@link JobAllocationsInformation}, plus Flink's package-private slot
 * assigners (through reflection, once, in setup).
 *
 * <p>Ids are chosen so that Flink's random-id and hash orders equal Slotwise's input orders, which
 * is what lets a test demand identical output:
 *
 * <ul>
 *   <li>the slot at pool position {@code k} has {@code AllocationID(k, 0)}: allocation-id order and
 *       {@code HashMap<AllocationID, …>} iteration order are both pool order;
 *   <li>{@link #pinnedIdResolver} renames Flink's execution slot-sharing groups (random UUIDs) so
 *       that group {@code k} in resolver order gets a two-character id whose {@code hashCode} is
 *       {@code k} and whose string order is {@code k}'s: id order and {@code HashMap<String, …>}
 *       iteration order are both resolver order.
 * </ul>
 *
 * <p>Slotwise ids are Flink's in text form (hex ids), as {@code flink-adapter} names them.
 */
final class FlinkInputs {
    private FlinkInputs() {}

    /** A Slotwise job as Flink sees it, with the id mapping. */
    record Job(JobInformation information, Map<String, JobVertexID> vertexIds) {
        JobVertexID vertexId(String slotwiseId) {
            return vertexIds.get(slotwiseId);
        }
    }

    /** The Flink id of the {@code index}-th vertex of a benchmark job. */
    static JobVertexID vertexId(int index) {
        return new JobVertexID(index, 0x51_07_5e_00L);
    }

    /** The Flink id of the slot at position {@code position} (pool slots first, then gone slots). */
    static AllocationID allocationId(int position) {
        return new AllocationID(position, 0);
    }

    /**
     * Converts a Slotwise job: vertices in graph order, slot-sharing groups in {@link
     * JobGraph#slotSharingGroups()} order (the order Flink's resolvers visit them), lower bound as
     * {@code minParallelism}, upper bound as {@code parallelism}.
     */
    static Job job(JobGraph graph) {
        Map<String, org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup> groups = new LinkedHashMap<>();
        for (SlotSharingGroup g : graph.slotSharingGroups()) {
            groups.put(g.id(), new org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup());
        }
        Map<String, JobVertexID> ids = new LinkedHashMap<>();
        Map<JobVertexID, JobInformation.VertexInformation> vertices = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            JobVertexID id = JobVertexID.fromHexString(v.id());
            ids.put(v.id(), id);
            var group = groups.get(v.slotSharingGroup());
            group.addVertexToGroup(id);
            vertices.put(
                    id, new Vertex(id, v.name(), v.lowerBound(), v.upperBound(), v.effectiveMaxParallelism(), group));
        }
        return new Job(new Information(List.copyOf(groups.values()), vertices), ids);
    }

    /** The plan's parallelism per Flink vertex id. */
    static VertexParallelism parallelism(ParallelismPlan plan, Job job) {
        Map<JobVertexID, Integer> result = new HashMap<>();
        plan.vertexParallelism().forEach((id, p) -> result.put(job.vertexId(id), p));
        return new VertexParallelism(result);
    }

    /**
     * The pool's slots, in pool order, as Flink's free slots. Slot ids must be {@link
     * AllocationID}s in hex ({@link #allocationId}); TaskManager ids become {@link ResourceID}s.
     */
    static List<PhysicalSlot> slots(SlotPool pool) {
        Map<String, TaskManagerLocation> locations = new HashMap<>();
        Map<String, Integer> slotNumbers = new HashMap<>();
        List<PhysicalSlot> slots = new ArrayList<>(pool.size());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (Slot s : pool.slots()) {
            TaskManagerLocation location = locations.computeIfAbsent(
                    s.taskManagerId(),
                    tm -> new TaskManagerLocation(
                            new ResourceID(tm),
                            loopback,
                            -1,
                            new TaskManagerLocation.IpOnlyHostNameSupplier(loopback),
                            "bench"));
            int number = slotNumbers.merge(s.taskManagerId(), 1, Integer::sum) - 1;
            slots.add(new BenchSlot(AllocationID.fromHexString(s.id()), location, number));
        }
        return slots;
    }

    /**
     * Where the old subtasks ran, as Flink's {@link JobAllocationsInformation}: per vertex, in
     * subtask order, the allocation, the old key-group range and the state size.
     */
    static JobAllocationsInformation allocations(PreviousPlacement previous, JobGraph graph, Job job) {
        Map<JobVertexID, List<VertexAllocationInformation>> byVertex = new HashMap<>();
        previous.byVertex().forEach((vertexId, placements) -> {
            JobVertexID id = job.vertexId(vertexId);
            int maxParallelism = graph.vertex(vertexId).effectiveMaxParallelism();
            List<VertexAllocationInformation> list = new ArrayList<>(placements.size());
            for (SubtaskPlacement p : placements) {
                list.add(new VertexAllocationInformation(
                        AllocationID.fromHexString(p.slotId()),
                        id,
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                                maxParallelism, placements.size(), p.subtask().subtaskIndex()),
                        p.stateSizeBytes()));
            }
            byVertex.put(id, list);
        });
        return construct(JobAllocationsInformation.class, new Class<?>[] {Map.class}, byVertex);
    }

    /** Flink's {@code StateLocalitySlotAssigner} over the given resolver. */
    static SlotAssigner stateLocalityAssigner(SlotSharingResolver resolver) {
        return construct(
                SlotAssigner.class,
                "org.apache.flink.runtime.scheduler.adaptive.allocator.StateLocalitySlotAssigner",
                new Class<?>[] {SlotSharingResolver.class},
                resolver);
    }

    /**
     * Flink's {@code DefaultSlotAssigner} as the adaptive scheduler builds it for load-balance mode
     * NONE outside application mode: default resolver, simple (zip) matcher, no minimal-TaskManager
     * pick.
     */
    static SlotAssigner defaultAssigner() {
        return construct(
                SlotAssigner.class,
                "org.apache.flink.runtime.scheduler.adaptive.allocator.DefaultSlotAssigner",
                new Class<?>[] {String.class, boolean.class, SlotSharingResolver.class, SlotMatchingResolver.class},
                null,
                false,
                DefaultSlotSharingResolver.INSTANCE,
                SimpleSlotMatchingResolver.INSTANCE);
    }

    /**
     * Flink's {@link DefaultSlotSharingResolver} with its random group UUIDs replaced by ids whose
     * string order and {@code hashCode} are the group's position in resolver order ({@link
     * #pinnedGroupId}). Flink's assigner code is untouched; only its tie-break ids are now known.
     */
    static SlotSharingResolver pinnedIdResolver() {
        return (jobInformation, vertexParallelism) -> {
            Map<org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup, Integer> firstPosition =
                    new HashMap<>();
            int next = 0;
            for (var group : jobInformation.getSlotSharingGroups()) {
                firstPosition.put(group, next);
                int slots = 0;
                for (JobVertexID v : group.getJobVertexIds()) {
                    slots = Math.max(slots, vertexParallelism.getParallelism(v));
                }
                next += slots;
            }
            Collection<ExecutionSlotSharingGroup> groups =
                    DefaultSlotSharingResolver.INSTANCE.getExecutionSlotSharingGroups(
                            jobInformation, vertexParallelism);
            List<ExecutionSlotSharingGroup> pinned = new ArrayList<>(groups.size());
            for (ExecutionSlotSharingGroup g : groups) {
                int index = g.getContainedExecutionVertices().iterator().next().getSubtaskIndex();
                int position = firstPosition.get(g.getSlotSharingGroup()) + index;
                pinned.add(new ExecutionSlotSharingGroup(
                        pinnedGroupId(position), g.getSlotSharingGroup(), asSet(g.getContainedExecutionVertices())));
            }
            return pinned;
        };
    }

    /**
     * A two-character id for group position {@code k < 31 * 65536}: {@code (k / 31, k % 31)}, whose
     * {@code String.hashCode()} is exactly {@code k} and whose string order is {@code k}'s.
     */
    static String pinnedGroupId(int position) {
        return new String(new char[] {(char) (position / 31), (char) (position % 31)});
    }

    /** Group position of a pinned id. */
    static int pinnedPosition(String id) {
        return id.charAt(0) * 31 + id.charAt(1);
    }

    /** Which allocation runs each execution vertex, from Flink's answer. */
    static Map<ExecutionVertexID, AllocationID> allocationByExecutionVertex(
            Collection<org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan.SlotAssignment> assignments) {
        Map<ExecutionVertexID, AllocationID> result = new HashMap<>();
        for (var a : assignments) {
            ExecutionSlotSharingGroup group = a.getTargetAs(ExecutionSlotSharingGroup.class);
            for (ExecutionVertexID v : group.getContainedExecutionVertices()) {
                result.put(v, a.getSlotInfo().getAllocationId());
            }
        }
        return result;
    }

    /** Which allocation runs each execution vertex, from a Slotwise answer. */
    static Map<ExecutionVertexID, AllocationID> allocationByExecutionVertex(
            io.github.slotwise.assignment.Assignment assignment, Job job) {
        Map<ExecutionVertexID, AllocationID> result = new HashMap<>();
        assignment
                .slotBySubtask()
                .forEach((subtask, slot) -> result.put(
                        new ExecutionVertexID(job.vertexId(subtask.vertexId()), subtask.subtaskIndex()),
                        AllocationID.fromHexString(slot.id())));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Set<ExecutionVertexID> asSet(Collection<ExecutionVertexID> vertices) {
        return vertices instanceof Set<?> set ? (Set<ExecutionVertexID>) set : new HashSet<>(vertices);
    }

    private static <T> T construct(Class<T> type, Class<?>[] parameterTypes, Object... args) {
        return construct(type, type.getName(), parameterTypes, args);
    }

    private static <T> T construct(Class<T> type, String className, Class<?>[] parameterTypes, Object... args) {
        try {
            Constructor<?> c = Class.forName(className).getDeclaredConstructor(parameterTypes);
            c.setAccessible(true);
            return type.cast(c.newInstance(args));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct Flink's " + className + ": " + e, e);
        }
    }

    private record Information(
            List<org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup> groups,
            Map<JobVertexID, JobInformation.VertexInformation> vertices)
            implements JobInformation {
        @Override
        public Collection<org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup> getSlotSharingGroups() {
            return groups;
        }

        @Override
        public Collection<CoLocationGroup> getCoLocationGroups() {
            return List.of();
        }

        @Override
        public VertexInformation getVertexInformation(JobVertexID jobVertexId) {
            return vertices.get(jobVertexId);
        }

        @Override
        public Iterable<VertexInformation> getVertices() {
            return vertices.values();
        }
    }

    private record Vertex(
            JobVertexID id,
            String name,
            int minParallelism,
            int parallelism,
            int maxParallelism,
            org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup group)
            implements JobInformation.VertexInformation {
        @Override
        public JobVertexID getJobVertexID() {
            return id;
        }

        @Override
        public String getVertexName() {
            return name;
        }

        @Override
        public int getMinParallelism() {
            return minParallelism;
        }

        @Override
        public int getParallelism() {
            return parallelism;
        }

        @Override
        public int getMaxParallelism() {
            return maxParallelism;
        }

        @Override
        public org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup getSlotSharingGroup() {
            return group;
        }

        @Override
        public CoLocationGroup getCoLocationGroup() {
            return null;
        }
    }

    /** A free slot: only the allocation id and location matter to the assigners. */
    private static final class BenchSlot implements PhysicalSlot {
        private final AllocationID allocationId;
        private final TaskManagerLocation location;
        private final int slotNumber;

        BenchSlot(AllocationID allocationId, TaskManagerLocation location, int slotNumber) {
            this.allocationId = allocationId;
            this.location = location;
            this.slotNumber = slotNumber;
        }

        @Override
        public AllocationID getAllocationId() {
            return allocationId;
        }

        @Override
        public TaskManagerLocation getTaskManagerLocation() {
            return location;
        }

        @Override
        public int getPhysicalSlotNumber() {
            return slotNumber;
        }

        @Override
        public ResourceProfile getResourceProfile() {
            return ResourceProfile.ANY;
        }

        @Override
        public boolean willBeOccupiedIndefinitely() {
            return false;
        }

        @Override
        public TaskManagerGateway getTaskManagerGateway() {
            throw new UnsupportedOperationException("benchmark slots have no gateway");
        }

        @Override
        public boolean tryAssignPayload(Payload payload) {
            return false;
        }

        @Override
        public String toString() {
            return allocationId.toString();
        }
    }
}
