package io.github.slotwise.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.slotwise.rescale.FlinkConfig;
import io.github.slotwise.rescale.FlinkRescaleDecider;
import io.github.slotwise.rescale.RescalePolicy;
import io.github.slotwise.rescale.RescalePolicy.Generation;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.SchedulerExecutionMode;
import org.junit.jupiter.api.Test;

class FlinkRescalePoliciesTest {

    @Test
    void anEmptyConfigurationIsFlink23sDefaults() {
        assertThat(FlinkRescalePolicies.policy(new Configuration())).isEqualTo(RescalePolicy.FLINK_2);
        assertThat(FlinkRescalePolicies.read(new Configuration()).flinkVersion())
                .isEqualTo("2.3");
    }

    @Test
    void typedValuesReachTheCoreReaderInFlinksStringForm() {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.SCHEDULER_EXECUTING_COOLDOWN_AFTER_RESCALING, Duration.ofSeconds(45));
        conf.set(JobManagerOptions.SCHEDULER_EXECUTING_RESOURCE_STABILIZATION_TIMEOUT, Duration.ofMinutes(2));
        conf.set(JobManagerOptions.SCHEDULER_RESCALE_TRIGGER_MAX_CHECKPOINT_FAILURES, 3);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        conf.set(JobManagerOptions.SCHEDULER_MODE, SchedulerExecutionMode.REACTIVE);

        FlinkConfig.Read read = FlinkRescalePolicies.read(conf);
        RescalePolicy policy = read.policy();
        assertThat(policy.cooldownAfterRescaling()).isEqualTo(Duration.ofSeconds(45));
        assertThat(policy.executingResourceStabilizationTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.maxCheckpointFailures()).isEqualTo(3);
        assertThat(policy.effectiveMaxTriggerDelay()).isEqualTo(Duration.ofSeconds(40)); // (3 + 1) x 10 s
        assertThat(policy.reactive()).isTrue();
        assertThat(policy.submissionResourceWaitTimeout()).isEqualTo(Duration.ofMillis(-1));
        assertThat(policy.submissionResourceStabilizationTimeout()).isZero();
        assertThat(read.keysRead())
                .containsEntry("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "45 s")
                .containsEntry("scheduler-mode", "REACTIVE");
    }

    @Test
    void theVersionKeyChoosesTheGeneration() {
        Configuration conf = new Configuration();
        conf.setString(FlinkConfig.FLINK_VERSION_KEY, "1.20");
        conf.setString("jobmanager.adaptive-scheduler.scaling-interval.min", "20 s");
        conf.setString("jobmanager.adaptive-scheduler.scaling-interval.max", "2 min");
        FlinkRescaleDecider decider = FlinkRescalePolicies.decider(conf);
        assertThat(decider.policy().generation()).isEqualTo(Generation.FLINK_1_20);
        assertThat(decider.policy().cooldownAfterRescaling()).isEqualTo(Duration.ofSeconds(20));
        assertThat(decider.policy().scalingIntervalMax()).contains(Duration.ofMinutes(2));
        assertThat(decider.name()).isEqualTo("flink-1.20");

        assertThatThrownBy(() -> FlinkRescalePolicies.read(conf, Generation.FLINK_2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(FlinkConfig.FLINK_VERSION_KEY);
    }

    @Test
    void badValuesAreNamedWithTheirKey() {
        Configuration conf = new Configuration();
        conf.setString("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "soon");
        assertThatThrownBy(() -> FlinkRescalePolicies.policy(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling")
                .hasMessageContaining("soon");
    }

    @Test
    void aNegativeTypedDurationIsRejectedAsFlinksParserWouldRejectItsText() {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.SCHEDULER_SUBMISSION_RESOURCE_WAIT_TIMEOUT, Duration.ofMillis(-1));
        assertThat(conf.toMap())
                .containsEntry("jobmanager.adaptive-scheduler.submission.resource-wait-timeout", "-1 ms");
        assertThatThrownBy(() -> FlinkRescalePolicies.policy(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1 ms");
    }
}
