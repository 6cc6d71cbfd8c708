package io.github.slotwise.flink;

import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.FlinkSlotsBalancedSlotAssigner;
import io.github.slotwise.assignment.FlinkStateLocalitySlotAssigner;
import io.github.slotwise.assignment.FlinkTasksBalancedSlotAssigner;
import io.github.slotwise.assignment.LocalityScore;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.rescale.FlinkConfig;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions.TaskManagerLoadBalanceMode;

/**
 * The four Flink options that decide how the adaptive scheduler assigns slots, and the Slotwise
 * {@link SlotAssigner} that reproduces that choice (Flink 2.3's {@code SlotSharingSlotAllocator}).
 *
 * <ul>
 *   <li>state locality ({@code flink-state-locality}) iff {@code execution.state-recovery.from-local}
 *       is on and the job has previous allocations;
 *   <li>otherwise by {@code taskmanager.load-balance.mode}: {@code NONE} and {@code MIN_RESOURCES} →
 *       {@code flink-default}; {@code SLOTS} → {@code flink-slots}; {@code TASKS} → {@code
 *       flink-tasks}. When {@code execution.target} is {@code embedded} (application mode,
 *       case-insensitive) and {@code jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers} is on,
 *       each first picks the fewest TaskManagers ({@code flink-minimal-taskmanagers}, {@code
 *       flink-slots-minimal-taskmanagers}, {@code flink-tasks-minimal-taskmanagers}), as Flink's
 *       {@code DefaultSlotAssigner} does before any matcher.
 * </ul>
 *
 * <p>With state locality in {@code TASKS} mode both group subtasks with the task-balanced resolver
 * ({@link FlinkStateLocalitySlotAssigner.Grouping#TASK_BALANCED}). See docs/flink-compatibility.md.
 *
 * @param loadBalanceMode {@code taskmanager.load-balance.mode}
 * @param localRecoveryEnabled {@code execution.state-recovery.from-local}
 * @param executionTarget {@code execution.target}, or null if unset
 * @param preferMinimalTaskManagers {@code jobmanager.adaptive-scheduler.prefer-minimal-taskmanagers}
 */
public record FlinkSlotAssignmentOptions(
        TaskManagerLoadBalanceMode loadBalanceMode,
        boolean localRecoveryEnabled,
        String executionTarget,
        boolean preferMinimalTaskManagers) {

    /** Flink's application-mode execution target ({@code DefaultSlotAssigner}). */
    public static final String APPLICATION_MODE_EXECUTION_TARGET = "embedded";

    /** Rejects a null mode. */
    public FlinkSlotAssignmentOptions {
        Objects.requireNonNull(loadBalanceMode, "loadBalanceMode must not be null");
    }

    /** Reads the four options, with Flink's defaults for those not set. */
    public static FlinkSlotAssignmentOptions fromConfiguration(Configuration configuration) {
        return new FlinkSlotAssignmentOptions(
                configuration.get(TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE),
                configuration.get(StateRecoveryOptions.LOCAL_RECOVERY),
                configuration.get(DeploymentOptions.TARGET),
                configuration.get(JobManagerOptions.SCHEDULER_PREFER_MINIMAL_TASKMANAGERS_ENABLED));
    }

    /**
     * Reads the four options as the given Flink version would: as {@link
     * #fromConfiguration(Configuration)}, but an unset {@code prefer-minimal-taskmanagers} takes that
     * version's default ({@link FlinkConfig#preferMinimalTaskManagersDefault}: false before 1.19.3 and
     * in 2.0.0, where Flink has no minimal-TaskManager pick).
     *
     * @param flinkVersion e.g. {@code "1.19.2"} or {@code "2.3"}
     * @throws IllegalArgumentException naming the value if Slotwise does not know the version
     */
    public static FlinkSlotAssignmentOptions fromConfiguration(Configuration configuration, String flinkVersion) {
        boolean preferMinimal = configuration
                .getOptional(JobManagerOptions.SCHEDULER_PREFER_MINIMAL_TASKMANAGERS_ENABLED)
                .orElse(FlinkConfig.preferMinimalTaskManagersDefault(flinkVersion));
        return new FlinkSlotAssignmentOptions(
                configuration.get(TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE),
                configuration.get(StateRecoveryOptions.LOCAL_RECOVERY),
                configuration.get(DeploymentOptions.TARGET),
                preferMinimal);
    }

    /** Flink's defaults: mode {@code NONE}, no local recovery, no target, prefer minimal TaskManagers. */
    public static FlinkSlotAssignmentOptions defaults() {
        return fromConfiguration(new Configuration());
    }

    /**
     * Whether Flink's {@code pickSlotsIfNeeded} may run: application mode and {@code
     * prefer-minimal-taskmanagers} (it then runs only when there are more free slots than groups).
     */
    public boolean minimalTaskManagersApply() {
        return APPLICATION_MODE_EXECUTION_TARGET.equalsIgnoreCase(executionTarget) && preferMinimalTaskManagers;
    }

    /** Whether state locality decides, as in Flink: local recovery on and a previous run to be local to. */
    public boolean usesStateLocality(boolean hasPreviousAllocations) {
        return localRecoveryEnabled && hasPreviousAllocations;
    }

    /**
     * The Slotwise assigner for these options.
     *
     * @param hasPreviousAllocations whether the job ran before ({@code JobAllocationsInformation} not
     *     empty)
     */
    public SlotAssigner assigner(boolean hasPreviousAllocations) {
        if (usesStateLocality(hasPreviousAllocations)) {
            return loadBalanceMode == TaskManagerLoadBalanceMode.TASKS
                    ? new FlinkStateLocalitySlotAssigner(
                            LocalityScore.Scoring.STATE_BYTES, FlinkStateLocalitySlotAssigner.Grouping.TASK_BALANCED)
                    : new FlinkStateLocalitySlotAssigner();
        }
        return switch (loadBalanceMode) {
            case NONE, MIN_RESOURCES -> new FlinkDefaultSlotAssigner(minimalTaskManagersApply());
            case SLOTS -> new FlinkSlotsBalancedSlotAssigner(minimalTaskManagersApply());
            case TASKS -> new FlinkTasksBalancedSlotAssigner(minimalTaskManagersApply());
        };
    }
}
