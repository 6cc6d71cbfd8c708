package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.rescale.Decision;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of a simulation's timeline: something happened, and the decider decided (or, for what the
 * JobManager cannot see yet, did not hear of it).
 *
 * @param time when
 * @param cause what happened, for people: the trace event as the JobManager sees it, a periodic
 *     checkpoint, a wake-up the decider asked for, or a kill it has not noticed
 * @param availableSlots slots registered with the JobManager afterwards, including those of killed
 *     TaskManagers it has not noticed yet
 * @param running the parallelism per vertex the job is deployed with afterwards; empty while it is not
 *     deployed (waiting for resources, restarting, failed)
 * @param decision the decider's decision; empty when the decider was not asked, i.e. a kill it cannot
 *     see yet, a killed TaskManager that came back before the heartbeat timeout, or a periodic
 *     checkpoint that could not complete because the job was stalled
 * @param keyGroupsMoved for a {@link Decision.Action#RESCALE} after an earlier deployment: the key
 *     groups of keyed vertices that change slot between the previous assignment and the new one
 *     ({@link io.github.slotwise.assignment.AssignmentMetrics#keyGroupsMoved()}); empty otherwise
 */
public record TimelineEntry(
        Instant time,
        String cause,
        int availableSlots,
        Optional<Map<String, Integer>> running,
        Optional<Decision> decision,
        OptionalLong keyGroupsMoved) {

    /**
     * Checks the fields and copies the parallelism map in vertex order.
     *
     * @param time when
     * @param cause what happened
     * @param availableSlots slots registered with the JobManager afterwards, at least 0
     * @param running the parallelism deployed afterwards, if any
     * @param decision the decider's decision, if it was asked
     * @param keyGroupsMoved key groups that change slot, for a redeployment
     */
    public TimelineEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(keyGroupsMoved, "keyGroupsMoved");
        if (availableSlots < 0) {
            throw new IllegalArgumentException("availableSlots must be >= 0, got " + availableSlots);
        }
        if (running.isPresent() && !(running.get() instanceof ImmutableMap)) {
            // an ImmutableMap is kept as it is (copyOf would give it back), and so is the Optional
            running = running.map(ImmutableMap::copyOf);
        }
    }

    /**
     * Whether the decider (re)deployed the job here.
     *
     * @return true for a RESCALE decision
     */
    public boolean isRescale() {
        return decision.isPresent() && decision.get().isRescale();
    }

    @Override
    public String toString() {
        return time + " [" + cause + "] slots=" + availableSlots + " running="
                + running.map(Object::toString).orElse("-")
                + decision.map(d -> " " + d.action() + " " + d.reason() + ": " + d.explanation())
                        .orElse(" (decider not asked)")
                + (keyGroupsMoved.isPresent() ? " keyGroupsMoved=" + keyGroupsMoved.getAsLong() : "");
    }
}
