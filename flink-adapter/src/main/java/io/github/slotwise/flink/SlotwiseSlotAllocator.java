package io.github.slotwise.flink;

import io.github.slotwise.assignment.Assignment;
import io.github.slotwise.assignment.AssignmentRequest;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.PreviousPlacement;
import io.github.slotwise.model.SlotPool;
import io.github.slotwise.parallelism.FlinkParallelismSolver;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.types.AllocationID;
import org.apache.flink.runtime.clusterframework.types.ResourceProfile;
import org.apache.flink.runtime.jobmaster.SlotInfo;
import org.apache.flink.runtime.jobmaster.slotpool.DeclarativeSlotPool;
import org.apache.flink.runtime.jobmaster.slotpool.PhysicalSlot;
import org.apache.flink.runtime.scheduler.adaptive.JobSchedulingPlan;
import org.apache.flink.runtime.scheduler.adaptive.allocator.FreeSlotFunction;
import org.apache.flink.runtime.scheduler.adaptive.allocator.IsSlotAvailableAndFreeFunction;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobAllocationsInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.JobInformation;
import org.apache.flink.runtime.scheduler.adaptive.allocator.ReserveSlotFunction;
import org.apache.flink.runtime.scheduler.adaptive.allocator.ReservedSlots;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.SlotSharingSlotAllocator;
import org.apache.flink.runtime.scheduler.adaptive.allocator.VertexParallelism;
import org.apache.flink.runtime.util.ResourceCounter;

/**
 * A Flink {@link SlotAllocator} whose decisions Slotwise makes: the required slots and the
 * parallelism come from {@link FlinkParallelismSolver}, the slot assignment from the {@link
 * SlotAssigner} that {@link FlinkSlotAssignmentOptions} picks, exactly where Flink's {@code
 * SlotSharingSlotAllocator} would use its own. Reservation ({@link #tryReserveResources}) makes no
 * decision and is delegated to a {@code SlotSharingSlotAllocator} built on the same slot-pool
 * functions, which reserves the assigned slots as Flink does.
 *
 * <p>Everything is converted on each call ({@link FlinkJobGraphs}, {@link FlinkSlotPools}, {@link
 * FlinkPreviousPlacements}, {@link FlinkPlans}); the allocator keeps no state. Flink's hash orders
 * are replaced by a {@link GroupOrder} and by the iteration order of the given slots.
 */
public final class SlotwiseSlotAllocator implements SlotAllocator {

    /** Which slot-sharing group order breaks ties. */
    public enum GroupOrder {
        /**
         * First appearance among {@code JobInformation#getVertices()}: the same job always gets the
         * same decisions (Slotwise's default).
         */
        JOB_GRAPH,
        /**
         * The hash orders Flink's own allocator uses for these group objects: {@link
         * FlinkJobGraphs#parallelismGroupOrder} for the parallelism, {@link
         * FlinkJobGraphs#resolverGroupOrder} for the assignment, and {@link
         * FlinkSlotPools#flinkTaskManagerOrder} for TaskManagers; for state locality the slots are
         * also taken in ascending {@code AllocationID} order, Flink's tie-break there. The
         * parallelism then equals Flink's on every input, and so does the default assignment, up
         * to the order within one TaskManager's free slots (a {@code HashSet} in Flink).
         */
        FLINK_HASH
    }

    private final ParallelismSolver solver = new FlinkParallelismSolver();
    private final SlotSharingSlotAllocator reservations;
    private final FlinkSlotAssignmentOptions options;
    private final GroupOrder groupOrder;

    /**
     * Creates the allocator.
     *
     * @param reserveSlot reserves a free slot (Flink: {@code DeclarativeSlotPool#reserveFreeSlot})
     * @param freeSlot frees a reserved slot (Flink: {@code DeclarativeSlotPool#freeReservedSlot})
     * @param isSlotAvailableAndFree whether a slot can still be reserved (Flink: {@code
     *     DeclarativeSlotPool#containsFreeSlot})
     * @param options which assigner to use
     * @param groupOrder how ties between slot-sharing groups are broken
     */
    public SlotwiseSlotAllocator(
            ReserveSlotFunction reserveSlot,
            FreeSlotFunction freeSlot,
            IsSlotAvailableAndFreeFunction isSlotAvailableAndFree,
            FlinkSlotAssignmentOptions options,
            GroupOrder groupOrder) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.groupOrder = Objects.requireNonNull(groupOrder, "groupOrder must not be null");
        this.reservations = SlotSharingSlotAllocator.createSlotSharingSlotAllocator(
                Objects.requireNonNull(reserveSlot, "reserveSlot must not be null"),
                Objects.requireNonNull(freeSlot, "freeSlot must not be null"),
                Objects.requireNonNull(isSlotAvailableAndFree, "isSlotAvailableAndFree must not be null"),
                options.localRecoveryEnabled(),
                options.executionTarget(),
                options.preferMinimalTaskManagers(),
                options.loadBalanceMode());
    }

    /**
     * The allocator for a job master's slot pool and configuration, wired as Flink's {@code
     * AdaptiveSchedulerFactory} wires its own, with {@link GroupOrder#JOB_GRAPH} ties.
     */
    public static SlotwiseSlotAllocator create(DeclarativeSlotPool slotPool, Configuration configuration) {
        return new SlotwiseSlotAllocator(
                slotPool::reserveFreeSlot,
                slotPool::freeReservedSlot,
                slotPool::containsFreeSlot,
                FlinkSlotAssignmentOptions.fromConfiguration(configuration),
                GroupOrder.JOB_GRAPH);
    }

    /** The options that choose the assigner. */
    public FlinkSlotAssignmentOptions options() {
        return options;
    }

    /** How ties between slot-sharing groups are broken. */
    public GroupOrder groupOrder() {
        return groupOrder;
    }

    /** Flink's desired resources: the sum over slot-sharing groups of their highest upper bound. */
    @Override
    public ResourceCounter calculateRequiredSlots(Iterable<JobInformation.VertexInformation> vertices) {
        if (!vertices.iterator().hasNext()) {
            return ResourceCounter.empty();
        }
        JobGraph graph = FlinkJobGraphs.fromVertices(vertices);
        return ResourceCounter.withResource(ResourceProfile.UNKNOWN, solver.desiredSlots(graph));
    }

    @Override
    public Optional<VertexParallelism> determineParallelism(
            JobInformation jobInformation, Collection<? extends SlotInfo> slots) {
        if (!jobInformation.getVertices().iterator().hasNext()) {
            return Optional.of(VertexParallelism.empty());
        }
        return solve(jobInformation, slots.size()).map(FlinkPlans::toVertexParallelism);
    }

    @Override
    public Optional<JobSchedulingPlan> determineParallelismAndCalculateAssignment(
            JobInformation jobInformation,
            Collection<PhysicalSlot> slots,
            JobAllocationsInformation jobAllocationsInformation) {
        if (!jobInformation.getVertices().iterator().hasNext()) {
            return Optional.of(JobSchedulingPlan.empty());
        }
        Optional<ParallelismPlan> plan = solve(jobInformation, slots.size());
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        boolean stateLocality = options.usesStateLocality(!jobAllocationsInformation.isEmpty());
        JobGraph graph = FlinkJobGraphs.fromJobInformation(jobInformation);
        SlotPool pool = FlinkSlotPools.fromSlots(slots);
        if (groupOrder == GroupOrder.FLINK_HASH) {
            graph = FlinkJobGraphs.withGroupOrder(graph, FlinkJobGraphs.resolverGroupOrder(jobInformation));
            List<AllocationID> slotOrder = new ArrayList<>();
            slots.forEach(s -> slotOrder.add(s.getAllocationId()));
            if (stateLocality) {
                slotOrder.sort(null);
            }
            pool = FlinkSlotPools.fromSlots(slots, slotOrder, FlinkSlotPools.flinkTaskManagerOrder(slots));
        }
        PreviousPlacement previous = stateLocality
                ? FlinkPreviousPlacements.fromAllocations(jobAllocationsInformation, jobInformation)
                : PreviousPlacement.empty();
        SlotAssigner assigner = stateLocality
                ? new FlinkStateLocalitySlotAssigner()
                : options.assigner(!jobAllocationsInformation.isEmpty());
        // The plan names vertices, not groups: it holds for the graph in any group order.
        Assignment assignment = assigner.assign(new AssignmentRequest(graph, plan.get(), pool, previous));
        return Optional.of(FlinkPlans.toJobSchedulingPlan(plan.get(), assignment, jobInformation, slots));
    }

    /** Reserves the planned slots through Flink's own {@code SlotSharingSlotAllocator}. */
    @Override
    public Optional<ReservedSlots> tryReserveResources(JobSchedulingPlan jobSchedulingPlan) {
        return reservations.tryReserveResources(jobSchedulingPlan);
    }

    private Optional<ParallelismPlan> solve(JobInformation jobInformation, int slots) {
        JobGraph graph = groupOrder == GroupOrder.FLINK_HASH
                ? FlinkJobGraphs.fromJobInformation(
                        jobInformation, FlinkJobGraphs.parallelismGroupOrder(jobInformation))
                : FlinkJobGraphs.fromJobInformation(jobInformation);
        ParallelismResult result = solver.solve(graph, slots);
        return result.isPlan() ? Optional.of(result.plan()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "SlotwiseSlotAllocator{" + options + ", " + groupOrder + "}";
    }
}
