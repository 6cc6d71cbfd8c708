package io.github.slotwise.flink.client;

import io.github.slotwise.parallelism.VertexBounds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET} and {@code PUT /jobs/:jobid/resource-requirements} (FLIP-291) for steering: bounds as
 * {@link VertexBounds}, every vertex in each {@code PUT}, a {@code 409} (another update in progress)
 * retried with exponential backoff, and Flink 2.3.0's failures turned into {@link SteeringException}s
 * that say what to do.
 *
 * <p>What flink-runtime 2.3.0 does (read from its Dispatcher, JobResourceRequirements and
 * AdaptiveScheduler): the Dispatcher refuses a second update of the same job while one is in
 * progress ({@code 409 "Another update to the job [%s] resource requirements is in progress."}, the
 * {@code %s} left unformatted); validates every vertex ({@code 400}, one line per problem, e.g.
 * "The request is incomplete, missing job vertex [...] resource requirements."); persists the
 * requirements ({@code 500 "The resource requirements could not be persisted and have not been
 * applied. Please retry."}); then the AdaptiveScheduler applies them, except in Reactive Mode
 * ({@code 500} caused by "Cannot change the parallelism of a job running in reactive mode."). An
 * unknown job is a {@code 500} caused by {@code FlinkJobNotFoundException}, not a {@code 404}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ResourceRequirementsClient {
    /** Waits between retries; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits.
         *
         * @param duration how long
         * @throws InterruptedException if interrupted
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * How {@code 409} answers are retried: up to {@code attempts} requests in all, waiting {@code
     * firstBackoff}, then twice as long each time, at most {@code maxBackoff}.
     *
     * @param attempts requests in all, at least 1
     * @param firstBackoff the first wait, positive
     * @param maxBackoff the longest wait, at least {@code firstBackoff}
     */
    public record Retry(int attempts, Duration firstBackoff, Duration maxBackoff) {
        /** 6 attempts, 200 ms doubling to at most 5 s (about 11 s in all). */
        public static final Retry DEFAULT = new Retry(6, Duration.ofMillis(200), Duration.ofSeconds(5));

        /** Checks the values, naming the first bad one. */
        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("retry attempts must be >= 1, got " + attempts);
            }
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (firstBackoff.isNegative() || firstBackoff.isZero()) {
                throw new IllegalArgumentException("retry firstBackoff must be positive, got " + firstBackoff);
            }
            if (maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException(
                        "retry maxBackoff " + maxBackoff + " < firstBackoff " + firstBackoff);
            }
        }

        /**
         * The wait after the {@code n}-th refused request (1-based).
         *
         * @param n the number of requests refused so far
         * @return the wait
         */
        public Duration backoff(int n) {
            Duration d = firstBackoff;
            for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }

    /**
     * What a {@code PUT} took.
     *
     * @param attempts requests sent, the last one accepted
     * @param conflicts {@code 409} answers retried
     */
    public record UpdateOutcome(int attempts, int conflicts) {}

    private final FlinkRestClient client;
    private final Retry retry;
    private final Sleeper sleeper;

    /**
     * A client with {@link Retry#DEFAULT} and {@link Thread#sleep(Duration)}.
     *
     * @param client the REST client
     */
    public ResourceRequirementsClient(FlinkRestClient client) {
        this(client, Retry.DEFAULT, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * A client.
     *
     * @param client the REST client
     * @param retry how {@code 409}s are retried
     * @param sleeper how to wait between retries
     */
    public ResourceRequirementsClient(FlinkRestClient client, Retry retry, Sleeper sleeper) {
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The REST client underneath.
     *
     * @return the client
     */
    public FlinkRestClient rest() {
        return client;
    }

    /**
     * {@code GET /jobs/:jobid/resource-requirements}: the bounds the job runs with, per vertex id in
     * Flink's order.
     *
     * @param jobId the job id, 32 hex digits
     * @return the bounds per vertex id
     * @throws IllegalArgumentException if the job id is not 32 hex digits
     * @throws SteeringException if Flink answers with an error or not at all
     */
    public Map<String, VertexBounds> get(String jobId) {
        String id = FlinkRestClient.checkJobId(jobId);
        try {
            return toBounds(id, client.resourceRequirements(id));
        } catch (FlinkRestException e) {
            throw translate(id, "read", e);
        }
    }

    /**
     * {@code PUT /jobs/:jobid/resource-requirements} with every vertex's bounds, retrying {@code
     * 409}s.
     *
     * @param jobId the job id, 32 hex digits
     * @param bounds the bounds of every vertex of the job
     * @return the attempts it took
     * @throws IllegalArgumentException if the job id is not 32 hex digits or {@code bounds} is empty
     * @throws SteeringException if Flink refuses, or still answers {@code 409} after every attempt
     * @throws InterruptedException if interrupted while waiting to retry
     */
    public UpdateOutcome put(String jobId, Map<String, VertexBounds> bounds) throws InterruptedException {
        String id = FlinkRestClient.checkJobId(jobId);
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException(
                    "resource requirements of job " + id + " name no vertex; Flink needs every vertex");
        }
        Map<String, JobResourceRequirements.VertexRequirements> body = new LinkedHashMap<>();
        bounds.forEach((v, b) -> body.put(
                v,
                new JobResourceRequirements.VertexRequirements(
                        new JobResourceRequirements.Parallelism(b.lowerBound(), b.upperBound()))));
        JobResourceRequirements requirements = new JobResourceRequirements(body);
        int conflicts = 0;
        while (true) {
            try {
                client.updateResourceRequirements(id, requirements);
                return new UpdateOutcome(conflicts + 1, conflicts);
            } catch (FlinkRestException e) {
                if (e.status().orElse(-1) != 409) {
                    throw translate(id, "update", e);
                }
                conflicts++;
                if (conflicts >= retry.attempts()) {
                    throw new SteeringException(
                            SteeringException.Kind.CONFLICT,
                            "job " + id + ": another update of its resource requirements was in progress at each of "
                                    + conflicts + " attempts (HTTP 409); try again later",
                            e);
                }
                sleeper.sleep(retry.backoff(conflicts));
            }
        }
    }

    private static Map<String, VertexBounds> toBounds(String jobId, JobResourceRequirements r) {
        Map<String, VertexBounds> result = new LinkedHashMap<>();
        r.vertices().forEach((v, req) -> {
            JobResourceRequirements.Parallelism p = req.parallelism();
            if (p.lowerBound() < 1 || p.upperBound() < p.lowerBound()) {
                throw new SteeringException(
                        SteeringException.Kind.REST,
                        "job " + jobId + ": Flink reports bounds [" + p.lowerBound() + ", " + p.upperBound()
                                + "] for vertex " + v + ", not 1 <= lowerBound <= upperBound",
                        null);
            }
            result.put(v, new VertexBounds(p.lowerBound(), p.upperBound()));
        });
        return result;
    }

    /**
     * Turns a REST failure into a steering failure that names its cause.
     *
     * @param jobId the job
     * @param what "read" or "update"
     * @param e the failure
     * @return the steering failure
     */
    static SteeringException translate(String jobId, String what, FlinkRestException e) {
        int status = e.status().orElse(-1);
        String said = String.join(" | ", e.flinkErrors());
        String lower = said.toLowerCase(Locale.ROOT);
        String flink = said.isEmpty() ? e.getMessage() : "Flink says: " + said;
        String prefix = "job " + jobId + ": cannot " + what + " its resource requirements: ";
        if (lower.contains("reactive mode")) {
            return new SteeringException(
                    SteeringException.Kind.REACTIVE_MODE,
                    prefix + "it runs in Reactive Mode, which sets every vertex's bounds itself"
                            + " (scheduler-mode: reactive); steer a job on the adaptive scheduler without it ("
                            + flink + ")",
                    e);
        }
        if (lower.contains("does not support changing the parallelism")) {
            return new SteeringException(
                    SteeringException.Kind.NOT_ADAPTIVE,
                    prefix + "it does not run on the adaptive scheduler (jobmanager.scheduler: adaptive) (" + flink
                            + ")",
                    e);
        }
        if (status == 404
                || lower.contains("flinkjobnotfoundexception")
                || lower.contains("could not find flink job")) {
            return new SteeringException(
                    SteeringException.Kind.JOB_NOT_FOUND,
                    prefix + "Flink at " + e.uri().getAuthority() + " has no such job (" + flink + ")",
                    e);
        }
        if (status == 400) {
            return new SteeringException(SteeringException.Kind.REFUSED, prefix + "HTTP 400, " + flink, e);
        }
        if (status == 500 && lower.contains("could not be persisted")) {
            return new SteeringException(
                    SteeringException.Kind.NOT_PERSISTED,
                    prefix + "Flink could not persist them and did not apply them (HTTP 500); retry (" + flink + ")",
                    e);
        }
        return new SteeringException(SteeringException.Kind.REST, e.getMessage(), e);
    }
}
