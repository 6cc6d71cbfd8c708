package com.example.slotwise;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.rescale.DeciderState;
import io.github.slotwise.rescale.SchedulerState;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link GrowByHalfDecider}'s state: the job-level view every decider exposes (the record's first
 * seven components implement {@link DeciderState}), and what this decider remembers of its own.
 *
 * @param graph the job, with the requirements in force
 * @param time the time of the last event
 * @param availableSlots the slots the job holds or could use
 * @param schedulerState the scheduler's state
 * @param running the plan the job runs with, while executing
 * @param lastRescale when the job last (re)started
 * @param nextWakeUp always empty: this decider sets no timers
 * @param started whether the job was submitted
 * @param heldGrowths how many times growth was held since the last (re)start, for reports
 */
public record GrowByHalfState(
        JobGraph graph,
        Optional<Instant> time,
        int availableSlots,
        SchedulerState schedulerState,
        Optional<ParallelismPlan> running,
        Optional<Instant> lastRescale,
        Optional<Instant> nextWakeUp,
        boolean started,
        int heldGrowths)
        implements DeciderState {}
