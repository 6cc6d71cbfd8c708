package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rescale of Flink 2.3's rescale history (FLIP-495), as flink-runtime 2.3.0's {@code
 * JobRescaleDetails} writes it: an element of {@code GET /jobs/:jobid/rescales/history} and the
 * answer to {@code GET /jobs/:jobid/rescales/details/:rescaleuuid}.
 *
 * <p>Flink opens a rescale when the job is first scheduled ({@code INITIAL_SCHEDULE}), when its
 * resource requirements are updated ({@code UPDATE_REQUIREMENT}), when new resources are enough to
 * rescale a running job ({@code NEW_RESOURCE_AVAILABLE}) and when a running job fails over ({@code
 * RECOVERABLE_FAILOVER}), and closes it when the job is executing again ({@code COMPLETED}), when
 * creating the execution graph failed ({@code FAILED}), or when something else superseded it ({@code
 * IGNORED}).
 *
 * @param rescaleUuid the rescale's id, 32 hex digits
 * @param resourceRequirementsUuid the id of the resource requirements in force (a new one on every
 *     requirements update, and on the initial schedule)
 * @param rescaleAttemptId the attempt number under those requirements, from 1
 * @param vertices per job vertex id, the parallelism before and after and the bounds
 * @param slots per slot-sharing group id, the slots before and after and the bounds
 * @param schedulerStates the adaptive scheduler's states the rescale went through, in order
 * @param startTimestampInMillis when the rescale started, epoch milliseconds
 * @param endTimestampInMillis when it ended, epoch milliseconds; null while in progress
 * @param terminalState {@code COMPLETED}, {@code FAILED} or {@code IGNORED}; null while in
 *     progress
 * @param triggerCause {@code INITIAL_SCHEDULE}, {@code UPDATE_REQUIREMENT}, {@code
 *     NEW_RESOURCE_AVAILABLE} or {@code RECOVERABLE_FAILOVER}
 * @param terminatedReason why it ended, e.g. {@code SUCCEEDED} or {@code
 *     NO_RESOURCES_OR_PARALLELISMS_CHANGE}; null while in progress
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RescaleDetails(
        @JsonProperty("rescaleUuid") String rescaleUuid,
        @JsonProperty("resourceRequirementsUuid") String resourceRequirementsUuid,
        @JsonProperty("rescaleAttemptId") long rescaleAttemptId,
        @JsonProperty("vertices") Map<String, VertexRescale> vertices,
        @JsonProperty("slots") Map<String, SlotSharingGroupRescale> slots,
        @JsonProperty("schedulerStates") List<SchedulerStateSpan> schedulerStates,
        @JsonProperty("startTimestampInMillis") Long startTimestampInMillis,
        @JsonProperty("endTimestampInMillis") Long endTimestampInMillis,
        @JsonProperty("terminalState") String terminalState,
        @JsonProperty("triggerCause") String triggerCause,
        @JsonProperty("terminatedReason") String terminatedReason) {

    /** {@code TriggerCause.INITIAL_SCHEDULE}. */
    public static final String INITIAL_SCHEDULE = "INITIAL_SCHEDULE";
    /** {@code TriggerCause.UPDATE_REQUIREMENT}. */
    public static final String UPDATE_REQUIREMENT = "UPDATE_REQUIREMENT";
    /** {@code TriggerCause.NEW_RESOURCE_AVAILABLE}. */
    public static final String NEW_RESOURCE_AVAILABLE = "NEW_RESOURCE_AVAILABLE";
    /** {@code TriggerCause.RECOVERABLE_FAILOVER}. */
    public static final String RECOVERABLE_FAILOVER = "RECOVERABLE_FAILOVER";
    /** {@code TerminalState.COMPLETED}. */
    public static final String COMPLETED = "COMPLETED";

    /**
     * Copies the maps and list; absent ones are empty.
     *
     * @param rescaleUuid the rescale's id
     * @param resourceRequirementsUuid the requirements' id
     * @param rescaleAttemptId the attempt number
     * @param vertices per job vertex id
     * @param slots per slot-sharing group id
     * @param schedulerStates the scheduler states, in order
     * @param startTimestampInMillis when it started
     * @param endTimestampInMillis when it ended, or null
     * @param terminalState the terminal state, or null
     * @param triggerCause the trigger cause
     * @param terminatedReason why it ended, or null
     */
    public RescaleDetails {
        vertices = vertices == null ? Map.of() : ImmutableMap.copyOf(vertices);
        slots = slots == null ? Map.of() : ImmutableMap.copyOf(slots);
        schedulerStates = schedulerStates == null ? List.of() : ImmutableList.copyOf(schedulerStates);
    }

    /**
     * Whether the rescale completed: the job runs with {@link VertexRescale#postRescaleParallelism()}.
     *
     * @return true for terminal state {@code COMPLETED}
     */
    public boolean completed() {
        return COMPLETED.equals(terminalState);
    }

    /**
     * When the job entered {@code Executing} with the new parallelism: the enter time of the last
     * {@code Executing} state span, else the end time.
     *
     * @return epoch milliseconds, if known
     */
    public Optional<Long> executingSince() {
        for (int i = schedulerStates.size() - 1; i >= 0; i--) {
            SchedulerStateSpan span = schedulerStates.get(i);
            if ("Executing".equals(span.state()) && span.enterTimestampInMillis() != null) {
                return Optional.of(span.enterTimestampInMillis());
            }
        }
        return Optional.ofNullable(endTimestampInMillis);
    }

    /**
     * One vertex in a rescale ({@code JobRescaleDetails.VertexParallelismRescaleInfo}).
     *
     * @param jobVertexId the job vertex id, 32 hex digits
     * @param jobVertexName the vertex name
     * @param slotSharingGroupId its slot-sharing group id
     * @param slotSharingGroupName its slot-sharing group name, e.g. {@code default}
     * @param desiredParallelism the upper bound in force (the parallelism Flink aims at)
     * @param sufficientParallelism the lower bound in force
     * @param preRescaleParallelism the parallelism of the last completed rescale; null for the first
     * @param postRescaleParallelism the parallelism chosen; null if none was (failed, ignored)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VertexRescale(
            @JsonProperty("jobVertexId") String jobVertexId,
            @JsonProperty("jobVertexName") String jobVertexName,
            @JsonProperty("slotSharingGroupId") String slotSharingGroupId,
            @JsonProperty("slotSharingGroupName") String slotSharingGroupName,
            @JsonProperty("desiredParallelism") Integer desiredParallelism,
            @JsonProperty("sufficientParallelism") Integer sufficientParallelism,
            @JsonProperty("preRescaleParallelism") Integer preRescaleParallelism,
            @JsonProperty("postRescaleParallelism") Integer postRescaleParallelism) {}

    /**
     * One slot-sharing group in a rescale ({@code JobRescaleDetails.SlotSharingGroupRescaleInfo}).
     *
     * @param slotSharingGroupId the group's id, 32 hex digits
     * @param slotSharingGroupName the group's name
     * @param desiredSlots the slots Flink aims at (the largest upper bound of the group's vertices)
     * @param minimalRequiredSlots the slots it needs at least (the largest lower bound)
     * @param preRescaleSlots the slots of the last completed rescale; null for the first
     * @param postRescaleSlots the slots used after the rescale; null if none were
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SlotSharingGroupRescale(
            @JsonProperty("slotSharingGroupId") String slotSharingGroupId,
            @JsonProperty("slotSharingGroupName") String slotSharingGroupName,
            @JsonProperty("desiredSlots") Integer desiredSlots,
            @JsonProperty("minimalRequiredSlots") Integer minimalRequiredSlots,
            @JsonProperty("preRescaleSlots") Integer preRescaleSlots,
            @JsonProperty("postRescaleSlots") Integer postRescaleSlots) {}

    /**
     * A scheduler state the rescale went through ({@code SchedulerStateSpan}).
     *
     * @param state the state's class name: {@code Created}, {@code WaitingForResources}, {@code
     *     CreatingExecutionGraph}, {@code Executing}, {@code Restarting}, ...
     * @param enterTimestampInMillis when it was entered, epoch milliseconds
     * @param leaveTimestampInMillis when it was left (or when the history was read, for the current
     *     state), epoch milliseconds
     * @param durationInMillis leave minus enter
     * @param stringifiedException the failure that ended it, with its stack trace, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchedulerStateSpan(
            @JsonProperty("state") String state,
            @JsonProperty("enterTimestampInMillis") Long enterTimestampInMillis,
            @JsonProperty("leaveTimestampInMillis") Long leaveTimestampInMillis,
            @JsonProperty("durationInMillis") Long durationInMillis,
            @JsonProperty("stringifiedException") String stringifiedException) {}
}
