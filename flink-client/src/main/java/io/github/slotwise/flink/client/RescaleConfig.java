package io.github.slotwise.flink.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code GET /jobs/:jobid/rescales/config} (Flink 2.3), as flink-runtime 2.3.0's
 * {@code JobRescaleConfigInfo} writes it: the adaptive scheduler's settings in force for the job,
 * durations in milliseconds. Any field may be null.
 *
 * @param rescaleHistoryMax {@code web.adaptive-scheduler.rescale-history.size}
 * @param schedulerExecutionMode {@code REACTIVE}, or null if not in Reactive Mode
 * @param submissionResourceWaitTimeoutInMillis {@code submission.resource-wait-timeout}
 * @param submissionResourceStabilizationTimeoutInMillis {@code
 *     submission.resource-stabilization-timeout}
 * @param slotIdleTimeoutInMillis {@code slot.idle.timeout}
 * @param executingCooldownTimeoutInMillis {@code executing.cooldown-after-rescaling}
 * @param executingResourceStabilizationTimeoutInMillis {@code
 *     executing.resource-stabilization-timeout}
 * @param maximumDelayForTriggeringRescaleInMillis {@code rescale-trigger.max-delay}, as derived
 * @param rescaleOnFailedCheckpointCount {@code rescale-trigger.max-checkpoint-failures}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RescaleConfig(
        @JsonProperty("rescaleHistoryMax") Integer rescaleHistoryMax,
        @JsonProperty("schedulerExecutionMode") String schedulerExecutionMode,
        @JsonProperty("submissionResourceWaitTimeoutInMillis") Long submissionResourceWaitTimeoutInMillis,
        @JsonProperty("submissionResourceStabilizationTimeoutInMillis")
                Long submissionResourceStabilizationTimeoutInMillis,
        @JsonProperty("slotIdleTimeoutInMillis") Long slotIdleTimeoutInMillis,
        @JsonProperty("executingCooldownTimeoutInMillis") Long executingCooldownTimeoutInMillis,
        @JsonProperty("executingResourceStabilizationTimeoutInMillis")
                Long executingResourceStabilizationTimeoutInMillis,
        @JsonProperty("maximumDelayForTriggeringRescaleInMillis") Long maximumDelayForTriggeringRescaleInMillis,
        @JsonProperty("rescaleOnFailedCheckpointCount") Integer rescaleOnFailedCheckpointCount) {}
