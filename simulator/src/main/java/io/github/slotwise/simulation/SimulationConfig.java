package io.github.slotwise.simulation;

import io.github.slotwise.assignment.FlinkDefaultSlotAssigner;
import io.github.slotwise.assignment.SlotAssigner;
import io.github.slotwise.model.Limits;
import io.github.slotwise.registry.Policies.Policy;
import java.time.Duration;

/**
 * What the {@link Simulator} assumes about the cluster beyond the trace.
 *
 * @param heartbeatTimeout Flink's {@code heartbeat.timeout}: how long after a TaskManager is killed
 *     the JobManager notices; at least 0. Flink's default is 50 s.
 * @param restartCost how long each (re)deployment of the job takes (cancelling, scheduling, restoring
 *     state) during which it processes nothing; at least 0. Flink's rescale decisions take no time;
 *     this is the price the simulator charges for each of them.
 * @param assigner the slot assigner that places the job's tasks, over the TaskManagers registered with
 *     the JobManager in join order; it decides which TaskManagers run tasks, so which losses stop the
 *     job
 */
public record SimulationConfig(Duration heartbeatTimeout, Duration restartCost, SlotAssigner assigner) {

    /** Flink's default {@code heartbeat.timeout}: 50 s. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(50);

    /**
     * The default restart cost, 10 s: an assumption for a job with little state, not a Flink setting;
     * measure your own job's restart time.
     */
    public static final Duration DEFAULT_RESTART_COST = Duration.ofSeconds(10);

    /** Stateless, so one instance serves every default configuration (and they compare equal). */
    private static final SlotAssigner DEFAULT_ASSIGNER = new FlinkDefaultSlotAssigner();

    /**
     * Validates the fields.
     *
     * @param heartbeatTimeout how long until a kill is noticed, at least 0
     * @param restartCost how long each deployment takes, at least 0
     * @param assigner the slot assigner
     * @throws IllegalArgumentException if a duration is negative
     */
    public SimulationConfig {
        Limits.checkNotNull("SimulationConfig.heartbeatTimeout", heartbeatTimeout);
        Limits.checkNotNull("SimulationConfig.restartCost", restartCost);
        Limits.checkNotNull("SimulationConfig.assigner", assigner);
        SimulationLimits.checkNotNegative("SimulationConfig.heartbeatTimeout", heartbeatTimeout);
        SimulationLimits.checkNotNegative("SimulationConfig.restartCost", restartCost);
    }

    /**
     * The defaults.
     *
     * @return {@link #DEFAULT_HEARTBEAT_TIMEOUT}, {@link #DEFAULT_RESTART_COST} and Flink's default
     *     slot assigner ({@link FlinkDefaultSlotAssigner}, the plain zip)
     */
    public static SimulationConfig defaults() {
        return new SimulationConfig(DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_RESTART_COST, DEFAULT_ASSIGNER);
    }

    /**
     * This configuration with another heartbeat timeout.
     *
     * @param timeout the heartbeat timeout, at least 0
     * @return a copy with {@code timeout}
     */
    public SimulationConfig withHeartbeatTimeout(Duration timeout) {
        return new SimulationConfig(timeout, restartCost, assigner);
    }

    /**
     * This configuration with another restart cost.
     *
     * @param cost the restart cost, at least 0
     * @return a copy with {@code cost}
     */
    public SimulationConfig withRestartCost(Duration cost) {
        return new SimulationConfig(heartbeatTimeout, cost, assigner);
    }

    /**
     * This configuration with another slot assigner.
     *
     * @param slotAssigner the assigner
     * @return a copy with {@code slotAssigner}
     */
    public SimulationConfig withAssigner(SlotAssigner slotAssigner) {
        return new SimulationConfig(heartbeatTimeout, restartCost, slotAssigner);
    }

    /**
     * This configuration with the slot assigner a policy names ({@link Policy#assigner()}), if it
     * names one; else this configuration. The CLI's {@code simulate} and {@code compare} do this
     * unless {@code --assigner} names another, so a Java run that does the same places tasks as the
     * CLI does.
     *
     * @param policy the policy
     * @return a copy with the policy's assigner, or this configuration
     */
    public SimulationConfig forPolicy(Policy policy) {
        Limits.checkNotNull("policy", policy);
        return policy.assigner().map(this::withAssigner).orElse(this);
    }
}
