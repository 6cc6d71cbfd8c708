package io.github.slotwise.benchmarks;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.flink.FlinkIds;
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
import org.apache.flink.runtime.jobmanager.scheduler.SlotSharingGroup;
import org.apache.flink.runtime.jobmanager.slots.TaskManagerGateway;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan;
import org.apache.flink.runtime.scheduler.adaptive.allocator.DefaultSlotSharingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation.VertexAllocationInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SimpleSlotMatchingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotAssigner;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotMatchingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingResolver;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator.ExecutionSlotSharingGroup;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;

/**
 * Flink's own input objects for the benchmarks, which Flink only builds inside a running job
 * master: a {@link JobInformation}, free {@link PhysicalSlot}s and a {@link
 * JobAllocationsInformation}, plus Flink's package-private slot assigners (through reflection, once,
 * in setup). The Slotwise side of every benchmark is converted from these objects by {@code
 * flink-adapter} ({@code FlinkJobGraphs}, {@code FlinkSlotPools}, {@code FlinkPreviousPlacements},
 * {@code FlinkPlans}), so both sides solve one problem and there is one converter.
 *
 * <p>Ids are chosen so that Flink's random-id and hash orders equal Slotwise's input orders, which
 * is what lets a test demand identical output:
 *
 * <ul>
 *   <li>the free slot at position {@code k} has {@code AllocationID(k, 0)}: allocation-id order and
 *       {@code HashMap<AllocationID, …>} iteration order are both pool order;
 *   <li>{@link #pinnedIdResolver} renames Flink's execution slot-sharing groups (random UUIDs) so
 *       that group {@code k} in resolver order gets a two-character id whose {@code hashCode} is
 *       {@code k} and whose string order is {@code k}'s: id order and {@code HashMap<String, …>}
 *       iteration order are both resolver order.
 * </ul>
 */
final class FlinkInputs {
    private FlinkInputs() {}

    /** The Flink id of the {@code index}-th vertex of a benchmark job. */
    static JobVertexID vertexId(int index) {
        return new JobVertexID(index, 0x51_07_5e_00L);
    }

    /** The Flink id of the slot at position {@code position} (free slots first, then gone slots). */
    static AllocationID allocationId(int position) {
        return new AllocationID(position, 0);
    }

    /** One vertex as the adaptive scheduler describes it. */
    record VertexSpec(
            JobVertexID id, String name, String slotSharingGroup, int lowerBound, int upperBound, int maxParallelism) {}

    /**
     * The job, vertices in the given order, slot-sharing groups in first-appearance order (the order
     * Flink's resolvers then visit them).
     */
    static JobInformation jobInformation(List<VertexSpec> specs) {
        Map<String, SlotSharingGroup> groups = new LinkedHashMap<>();
        Map<JobVertexID, JobInformation.VertexInformation> vertices = new LinkedHashMap<>();
        for (VertexSpec v : specs) {
            SlotSharingGroup group = groups.computeIfAbsent(v.slotSharingGroup(), k -> new SlotSharingGroup());
            group.addVertexToGroup(v.id());
            vertices.put(
                    v.id(), new Vertex(v.id(), v.name(), v.lowerBound(), v.upperBound(), v.maxParallelism(), group));
        }
        return new Information(List.copyOf(groups.values()), vertices);
    }

    /**
     * Free slots: {@code slotsPerTaskManager[t]} slots on TaskManager {@code tm-t}, allocation ids
     * {@link #allocationId} from {@code firstPosition} on, in order.
     */
    static List<PhysicalSlot> slots(int[] slotsPerTaskManager, int firstPosition) {
        List<PhysicalSlot> slots = new ArrayList<>();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int position = firstPosition;
        for (int t = 0; t < slotsPerTaskManager.length; t++) {
            TaskManagerLocation location = new TaskManagerLocation(
                    new ResourceID("tm-" + t),
                    loopback,
                    -1,
                    new TaskManagerLocation.IpOnlyHostNameSupplier(loopback),
                    "bench");
            for (int k = 0; k < slotsPerTaskManager[t]; k++) {
                slots.add(new BenchSlot(allocationId(position++), location, k));
            }
        }
        return slots;
    }

    /** Flink's previous allocations, per vertex in subtask order (its constructor is package-private). */
    static JobAllocationsInformation allocations(Map<JobVertexID, List<VertexAllocationInformation>> byVertex) {
        return construct(
                JobAllocationsInformation.class,
                JobAllocationsInformation.class.getName(),
                new Class<?>[] {Map.class},
                byVertex);
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
            Map<SlotSharingGroup, Integer> firstPosition = new HashMap<>();
            int next = 0;
            for (SlotSharingGroup group : jobInformation.getSlotSharingGroups()) {
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

    /** Which allocation runs each execution vertex, from Flink's answer. */
    static Map<ExecutionVertexID, AllocationID> allocationByExecutionVertex(
            Collection<JobSchedulingPlan.SlotAssignment> assignments) {
        Map<ExecutionVertexID, AllocationID> result = new HashMap<>();
        for (JobSchedulingPlan.SlotAssignment a : assignments) {
            ExecutionSlotSharingGroup group = a.getTargetAs(ExecutionSlotSharingGroup.class);
            for (ExecutionVertexID v : group.getContainedExecutionVertices()) {
                result.put(v, a.getSlotInfo().getAllocationId());
            }
        }
        return result;
    }

    /** Which allocation runs each execution vertex, from a Slotwise answer (ids as {@link FlinkIds}). */
    static Map<ExecutionVertexID, AllocationID> allocationByExecutionVertex(Assignment assignment) {
        Map<ExecutionVertexID, AllocationID> result = new HashMap<>();
        assignment
                .slotBySubtask()
                .forEach((subtask, slot) -> result.put(
                        new ExecutionVertexID(FlinkIds.jobVertexId(subtask.vertexId()), subtask.subtaskIndex()),
                        FlinkIds.allocationId(slot.id())));
        return result;
    }

    /**
     * Which allocation runs each execution vertex, from a Slotwise answer to an {@link
     * AssignmentProblem}, in the ids {@link AssignmentScenario} gives the same problem in Flink: vertex
     * {@code source} is {@code vertexId(0)}, {@code window} is {@code vertexId(1)}, slot {@code s<k>}
     * is {@code allocationId(k)}.
     */
    static Map<ExecutionVertexID, AllocationID> allocationByExecutionVertexOfProblem(Assignment assignment) {
        Map<ExecutionVertexID, AllocationID> result = new HashMap<>();
        assignment.slotBySubtask().forEach((subtask, slot) -> {
            int vertex =
                    switch (subtask.vertexId()) {
                        case "source" -> 0;
                        case "window" -> 1;
                        default -> throw new IllegalArgumentException(
                                "not a vertex of AssignmentProblem: " + subtask.vertexId());
                    };
            result.put(
                    new ExecutionVertexID(vertexId(vertex), subtask.subtaskIndex()),
                    allocationId(Integer.parseInt(slot.id().substring(1))));
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Set<ExecutionVertexID> asSet(Collection<ExecutionVertexID> vertices) {
        return vertices instanceof Set<?> set ? (Set<ExecutionVertexID>) set : new HashSet<>(vertices);
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
            List<SlotSharingGroup> groups, Map<JobVertexID, JobInformation.VertexInformation> vertices)
            implements JobInformation {
        @Override
        public Collection<SlotSharingGroup> getSlotSharingGroups() {
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
            SlotSharingGroup group)
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
        public SlotSharingGroup getSlotSharingGroup() {
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
