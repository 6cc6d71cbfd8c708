package io.github.slotwise.flink.client;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.slotwise.parallelism.VertexBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One round of steering: what was read from Flink, what the policy wants, what was sent.
 *
 * @param jobId the job
 * @param jobName the job's name
 * @param policy the policy's registry name
 * @param registeredSlots the slots of the registered TaskManagers ({@code GET /overview} slots-total)
 * @param taskManagers the registered TaskManagers
 * @param running each vertex's parallelism now, per vertex id
 * @param current the bounds read now, per vertex id
 * @param baselineFromState true if the policy planned over the bounds stored before the first change
 *     (else over {@code current})
 * @param proposed the bounds proposed (equal to {@code current} when unchanged, empty when there is
 *     no plan)
 * @param why one line per vertex (or the policy's reasons when it has no plan)
 * @param outcome what was done
 * @param conflicts {@code 409} answers retried before Flink accepted the update
 */
public record SteeringStep(
        String jobId,
        String jobName,
        String policy,
        int registeredSlots,
        int taskManagers,
        Map<String, Integer> running,
        Map<String, VertexBounds> current,
        boolean baselineFromState,
        Map<String, VertexBounds> proposed,
        List<String> why,
        Outcome outcome,
        int conflicts) {

    /** What a round did. */
    public enum Outcome {
        /** The policy has no plan for these slots (not even the lower bounds fit): nothing sent. */
        NO_PLAN,
        /** The current bounds already make Flink run the policy's plan: nothing sent. */
        UNCHANGED,
        /** New bounds proposed but not sent (dry run). */
        DRY_RUN,
        /** New bounds sent and accepted. */
        APPLIED,
        /** The bounds found before steering were put back. */
        RESET
    }

    /** Copies the maps (keeping order) and the list. */
    public SteeringStep {
        Objects.requireNonNull(jobId, "jobId");
        running = ImmutableMap.copyOf(running);
        current = ImmutableMap.copyOf(current);
        proposed = ImmutableMap.copyOf(proposed);
        why = ImmutableList.copyOf(why);
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * The report printed by {@code slotwise steer}: a header line, one line per vertex, and what was
     * done.
     *
     * @return the lines
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("job " + jobId + (jobName == null ? "" : " (" + jobName + ")") + ": " + registeredSlots
                + " registered slots on " + taskManagers + " TaskManager(s); policy " + policy + " planned over "
                + (baselineFromState ? "the bounds found before steering" : "the current bounds"));
        for (String line : why) {
            lines.add("  " + line);
        }
        lines.add(
                switch (outcome) {
                    case NO_PLAN -> "no plan for " + registeredSlots + " slots: nothing sent";
                    case UNCHANGED -> "no change: Flink's rule already runs the policy's plan; nothing sent";
                    case DRY_RUN -> "dry run: nothing sent (--apply sends these bounds)";
                    case APPLIED -> "sent: PUT /jobs/" + jobId + "/resource-requirements with " + proposed.size()
                            + " vertices" + (conflicts == 0 ? "" : ", after " + conflicts + " retried 409(s)");
                    case RESET -> "reset: PUT the bounds found before steering"
                            + (conflicts == 0 ? "" : ", after " + conflicts + " retried 409(s)");
                });
        return lines;
    }
}
