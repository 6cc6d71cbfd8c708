package io.github.slotwise.flink.client;

import io.github.slotwise.model.JobGraph;
import io.github.slotwise.parallelism.ParallelismPlan;
import io.github.slotwise.parallelism.ParallelismResult;
import io.github.slotwise.parallelism.ParallelismSolver;
import io.github.slotwise.parallelism.SteeringBounds;
import io.github.slotwise.parallelism.VertexBounds;
import io.github.slotwise.registry.Policies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Steers one running job's adaptive scheduler so that Flink's own rule runs the plan of a Slotwise
 * policy: reads the job, its resource requirements and the registered slots over REST, plans with
 * the policy's {@link io.github.slotwise.parallelism.ParallelismSolver}, proposes bounds with {@link
 * SteeringBounds} and, if asked, sends them.
 *
 * <p>The policy plans over the bounds the job had before Slotwise first changed them, remembered in
 * a {@link SteeringState} file (written just before the first change is sent), so that bounds Slotwise
 * pinned do not hold the job down when slots are added; without a state file it plans over the
 * current bounds. {@link #reset()} puts the remembered bounds back and deletes the file.
 *
 * <p>Not thread-safe; one instance per job and thread.
 */
public final class Steerer {
    private final ResourceRequirementsClient api;
    private final String jobId;
    private final Policies.Policy policy;
    private final ParallelismSolver solver;
    private final Path stateFile;

    /**
     * A steerer.
     *
     * @param api the resource-requirements client
     * @param jobId the job id, 32 hex digits
     * @param policy the policy whose plan Flink should run
     * @param stateFile where the bounds found before steering are kept; null to keep none (then the
     *     policy plans over the current bounds and {@link #reset()} is refused)
     * @throws IllegalArgumentException if the job id is not 32 hex digits, or the policy's decider has
     *     no parallelism solver of its own ({@link Policies.Policy#solver()})
     */
    public Steerer(ResourceRequirementsClient api, String jobId, Policies.Policy policy, Path stateFile) {
        this.api = Objects.requireNonNull(api, "api");
        this.jobId = FlinkRestClient.checkJobId(jobId);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.solver = policy.solver()
                .orElseThrow(() -> new IllegalArgumentException("policy " + policy.name()
                        + ": its decider has no parallelism solver to steer with; steer with a policy of Flink's"
                        + " presets, e.g. flink-2+keygroup-aware"));
        this.stateFile = stateFile;
    }

    /**
     * The default state file of a job: {@code ~/.slotwise/steer/<jobid>.json}.
     *
     * @param jobId the job id
     * @return the path
     */
    public static Path defaultStateFile(String jobId) {
        return Path.of(
                System.getProperty("user.home"), ".slotwise", "steer", FlinkRestClient.checkJobId(jobId) + ".json");
    }

    /**
     * One round: read, plan, propose, and send if {@code apply} and something changes.
     *
     * @param apply whether to send the proposed bounds
     * @return what was read, proposed and done
     * @throws SteeringException if Flink refuses, or the job cannot be steered
     * @throws InterruptedException if interrupted while waiting to retry a {@code 409}
     */
    public SteeringStep step(boolean apply) throws InterruptedException {
        return step(apply, ClusterOverview.of(api.rest()));
    }

    private SteeringStep step(boolean apply, ClusterOverview overview) throws InterruptedException {
        JobDetails details = details();
        Map<String, VertexBounds> current = api.get(jobId);
        Optional<SteeringState> state = state();
        Map<String, VertexBounds> baseline =
                state.map(SteeringState::foundBounds).orElse(current);
        JobGraph graph = SteeredJobs.toJobGraph(details, baseline);
        if (!current.keySet().equals(graph.vertexById().keySet())) {
            throw new SteeringException(
                    SteeringException.Kind.NOT_STEERABLE,
                    "job " + jobId + ": its resource requirements name vertices " + current.keySet() + ", its details "
                            + graph.vertexById().keySet(),
                    null);
        }
        Map<String, Integer> running = new LinkedHashMap<>();
        details.vertices().forEach(v -> running.put(v.id(), v.parallelism()));
        int slots = overview.slotsTotal();
        ParallelismResult result = solver.solve(graph, slots);
        if (!(result instanceof ParallelismPlan target)) {
            return new SteeringStep(
                    jobId,
                    details.name(),
                    policy.name(),
                    slots,
                    overview.taskManagers(),
                    running,
                    current,
                    state.isPresent(),
                    Map.of(),
                    result.explanation(),
                    SteeringStep.Outcome.NO_PLAN,
                    0);
        }
        SteeringBounds.Proposal proposal = SteeringBounds.propose(graph, slots, target, current);
        SteeringStep.Outcome outcome;
        int conflicts = 0;
        if (proposal.unchanged()) {
            outcome = SteeringStep.Outcome.UNCHANGED;
        } else if (!apply) {
            outcome = SteeringStep.Outcome.DRY_RUN;
        } else {
            if (stateFile != null && state.isEmpty()) {
                SteeringState.of(jobId, current).write(stateFile);
            }
            conflicts = api.put(jobId, proposal.bounds()).conflicts();
            outcome = SteeringStep.Outcome.APPLIED;
        }
        return new SteeringStep(
                jobId,
                details.name(),
                policy.name(),
                slots,
                overview.taskManagers(),
                running,
                current,
                state.isPresent(),
                proposal.bounds(),
                proposal.explanation(),
                outcome,
                conflicts);
    }

    /**
     * Puts back the bounds found before steering and deletes the state file.
     *
     * @return what was read and sent
     * @throws SteeringException ({@link SteeringException.Kind#NOTHING_TO_RESET}) without a state file
     *     for this job, or if Flink refuses
     * @throws InterruptedException if interrupted while waiting to retry a {@code 409}
     */
    public SteeringStep reset() throws InterruptedException {
        SteeringState state = state().orElseThrow(() -> new SteeringException(
                SteeringException.Kind.NOTHING_TO_RESET,
                "job " + jobId + ": nothing to reset: "
                        + (stateFile == null ? "no state file given" : "no state file " + stateFile)
                        + " (steer --apply writes it before its first change)",
                null));
        ClusterOverview overview = ClusterOverview.of(api.rest());
        JobDetails details = details();
        Map<String, VertexBounds> current = api.get(jobId);
        Map<String, VertexBounds> found = state.foundBounds();
        if (!current.keySet().equals(found.keySet())) {
            throw new SteeringException(
                    SteeringException.Kind.NOT_STEERABLE,
                    "job " + jobId + ": the state file " + stateFile + " names vertices " + found.keySet()
                            + ", the job has " + current.keySet(),
                    null);
        }
        int conflicts = api.put(jobId, found).conflicts();
        try {
            Files.deleteIfExists(stateFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("steering state file " + stateFile + " cannot be deleted: " + e, e);
        }
        List<String> why = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        details.vertices().forEach(v -> names.put(v.id(), v.name()));
        found.forEach((v, b) ->
                why.add(v + " (" + names.get(v) + "): [" + current.get(v).lowerBound() + ", "
                        + current.get(v).upperBound() + "] -> [" + b.lowerBound() + ", " + b.upperBound()
                        + "], the bounds found before steering"));
        Map<String, Integer> running = new LinkedHashMap<>();
        details.vertices().forEach(v -> running.put(v.id(), v.parallelism()));
        return new SteeringStep(
                jobId,
                details.name(),
                policy.name(),
                overview.slotsTotal(),
                overview.taskManagers(),
                running,
                current,
                true,
                found,
                why,
                SteeringStep.Outcome.RESET,
                conflicts);
    }

    /**
     * Steers whenever the registered slots change: polls {@code GET /overview} every {@code period},
     * and runs {@link #step} on the first poll and whenever the slot count differs from the last
     * round's. Stops when interrupted (returning normally) or after {@code maxPolls} polls.
     *
     * @param period the time between polls, positive
     * @param maxPolls the number of polls, 0 for no limit
     * @param apply whether to send the proposed bounds
     * @param out receives every round
     * @return the rounds run
     * @throws IllegalArgumentException if the period is not positive or {@code maxPolls} is negative
     * @throws SteeringException if a round fails
     */
    public int watch(Duration period, int maxPolls, boolean apply, Consumer<SteeringStep> out) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("watch period must be positive, got " + period);
        }
        if (maxPolls < 0) {
            throw new IllegalArgumentException("watch maxPolls must be >= 0, got " + maxPolls);
        }
        int rounds = 0;
        Integer lastSlots = null;
        try {
            for (int poll = 0; maxPolls == 0 || poll < maxPolls; poll++) {
                if (poll > 0) {
                    Thread.sleep(period.toMillis());
                }
                ClusterOverview overview = ClusterOverview.of(api.rest());
                if (lastSlots == null || lastSlots != overview.slotsTotal()) {
                    out.accept(step(apply, overview));
                    lastSlots = overview.slotsTotal();
                    rounds++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return rounds;
    }

    private JobDetails details() {
        try {
            return api.rest().jobDetails(jobId);
        } catch (FlinkRestException e) {
            throw ResourceRequirementsClient.translate(jobId, "read", e);
        }
    }

    private Optional<SteeringState> state() {
        if (stateFile == null) {
            return Optional.empty();
        }
        Optional<SteeringState> s = SteeringState.read(stateFile);
        if (s.isPresent() && !s.get().jobId().equals(jobId)) {
            throw new IllegalArgumentException("steering state file " + stateFile + " belongs to job "
                    + s.get().jobId() + ", not " + jobId);
        }
        return s;
    }
}
