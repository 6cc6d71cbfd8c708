package io.github.slotwise.flink.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A small client for Flink's REST API (the JobManager's web port, 8081 by default), on Java's own
 * {@link HttpClient}: JSON {@code GET} and {@code PUT} with a connect timeout and a request timeout,
 * and errors that say what went wrong in one line.
 *
 * <p>Every failure is a {@link FlinkRestException} naming the method and URL and either why there
 * was no answer (connection refused, connect timeout, no answer within the request timeout, unknown
 * host) or the HTTP status with Flink's error messages (the {@code errors} array of the body Flink
 * sends with every 4xx and 5xx, cut to their first lines), or why the answer could not be read.
 *
 * <p>Instances are immutable and thread-safe. HTTP/1.1 is used, as Flink's REST endpoint speaks it.
 */
public final class FlinkRestClient {
    /** How long to wait for the TCP connection by default: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How long to wait for a whole answer by default: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final int MAX_BODY_IN_MESSAGE = 200;
    private static final String SERVER_SIDE_MARKER = "<Exception on server side:";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    private final Duration requestTimeout;
    private final HttpClient http;

    /**
     * A client with the default timeouts.
     *
     * @param base the REST endpoint, e.g. {@code http://localhost:8081}; a path (behind a proxy) is
     *     kept
     * @throws IllegalArgumentException if {@code base} is not an absolute http or https URL with a
     *     host
     */
    public FlinkRestClient(URI base) {
        this(base, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A client.
     *
     * @param base the REST endpoint, e.g. {@code http://localhost:8081}; a path (behind a proxy) is
     *     kept
     * @param connectTimeout how long to wait for the connection, positive
     * @param requestTimeout how long to wait for each whole answer, positive
     * @throws IllegalArgumentException if {@code base} is not an absolute http or https URL with a
     *     host, or a timeout is not positive
     */
    public FlinkRestClient(URI base, Duration connectTimeout, Duration requestTimeout) {
        this.base = checkBase(Objects.requireNonNull(base, "base"));
        positive("connect timeout", connectTimeout);
        this.requestTimeout = positive("request timeout", requestTimeout);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Parses the text of a REST endpoint URL, as a user types it.
     *
     * @param text e.g. {@code http://localhost:8081}
     * @return the URL
     * @throws IllegalArgumentException naming the text if it is not an absolute http or https URL
     *     with a host
     */
    public static URI parseBase(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return checkBase(new URI(text.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Flink REST URL '" + text + "' is not a URL: " + e.getReason());
        }
    }

    /**
     * Checks a job id has Flink's form, 32 hex digits.
     *
     * @param jobId the job id
     * @return the job id, lower-cased as Flink writes it
     * @throws IllegalArgumentException naming the value if it is not 32 hex digits
     */
    public static String checkJobId(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("job id '" + jobId
                    + "' is not a Flink job id (32 hex digits, as 'flink list' and GET /jobs show them)");
        }
        return jobId.toLowerCase(Locale.ROOT);
    }

    /**
     * The JSON mapper this client reads and writes with; unknown properties are ignored.
     *
     * @return the mapper (shared; do not reconfigure)
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The REST endpoint.
     *
     * @return the base URL
     */
    public URI base() {
        return base;
    }

    /**
     * The URL of a REST path under the endpoint.
     *
     * @param path e.g. {@code /jobs/abc/plan}
     * @return the URL
     */
    public URI resolve(String path) {
        Objects.requireNonNull(path, "path");
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath
                + (path.startsWith("/") ? path : "/" + path));
    }

    /**
     * {@code GET} a path and read the JSON answer as a tree.
     *
     * @param path e.g. {@code /jobs/overview}
     * @return the JSON
     * @throws FlinkRestException if there is no answer, the status is not 2xx, or the body is no JSON
     */
    public JsonNode get(String path) {
        return get(path, JsonNode.class);
    }

    /**
     * {@code GET} a path and read the JSON answer as {@code type}.
     *
     * @param path e.g. {@code /jobs/:jobid}
     * @param type the record to read
     * @param <T> the record type
     * @return the answer
     * @throws FlinkRestException if there is no answer, the status is not 2xx, or the body is not the
     *     JSON expected
     */
    public <T> T get(String path, Class<T> type) {
        URI uri = resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return read("GET", uri, send("GET", uri, request), type);
    }

    /**
     * {@code PUT} a JSON body to a path and read the JSON answer as {@code type}.
     *
     * @param path e.g. {@code /jobs/:jobid/resource-requirements}
     * @param body the body, written as JSON
     * @param type the record to read (Flink answers many PUTs with {@code {}}: use {@link JsonNode})
     * @param <T> the record type
     * @return the answer
     * @throws FlinkRestException if there is no answer, the status is not 2xx, or the body is not the
     *     JSON expected
     */
    public <T> T put(String path, Object body, Class<T> type) {
        URI uri = resolve(path);
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write the body of PUT " + uri + " as JSON: " + e.getMessage(), e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return read("PUT", uri, send("PUT", uri, request), type);
    }

    /**
     * {@code GET /jobs/:jobid}: the job, its vertices with their parallelism, and its plan.
     *
     * @param jobId the job id, 32 hex digits
     * @return the job details
     * @throws IllegalArgumentException if the job id is not 32 hex digits
     * @throws FlinkRestException if the request fails (404 if the job is unknown)
     */
    public JobDetails jobDetails(String jobId) {
        return get("/jobs/" + checkJobId(jobId), JobDetails.class);
    }

    /**
     * {@code GET /jobs/:jobid/plan}: the job graph with its edges.
     *
     * @param jobId the job id, 32 hex digits
     * @return the plan
     * @throws IllegalArgumentException if the job id is not 32 hex digits
     * @throws FlinkRestException if the request fails
     */
    public JobPlan jobPlan(String jobId) {
        return get("/jobs/" + checkJobId(jobId) + "/plan", JobPlan.class);
    }

    /**
     * {@code GET /jobs/:jobid/resource-requirements}: each vertex's parallelism bounds.
     *
     * @param jobId the job id, 32 hex digits
     * @return the requirements
     * @throws IllegalArgumentException if the job id is not 32 hex digits
     * @throws FlinkRestException if the request fails
     */
    public JobResourceRequirements resourceRequirements(String jobId) {
        return get("/jobs/" + checkJobId(jobId) + "/resource-requirements", JobResourceRequirements.class);
    }

    /**
     * {@code PUT /jobs/:jobid/resource-requirements}: replaces each vertex's parallelism bounds
     * (every vertex must be named). Flink answers {@code {}}.
     *
     * @param jobId the job id, 32 hex digits
     * @param requirements the new requirements
     * @throws IllegalArgumentException if the job id is not 32 hex digits
     * @throws FlinkRestException if the request fails (400 incomplete or out of bounds, 409 a
     *     concurrent update, 500 e.g. in Reactive Mode)
     */
    public void updateResourceRequirements(String jobId, JobResourceRequirements requirements) {
        Objects.requireNonNull(requirements, "requirements");
        put("/jobs/" + checkJobId(jobId) + "/resource-requirements", requirements, JsonNode.class);
    }

    /**
     * {@code GET /jobs/:jobid/rescales/history} (Flink 2.3): the job's recent rescales, newest first,
     * each without its details: Flink 2.3.0 writes {@code vertices} and {@code slots} as empty
     * objects and {@code schedulerStates} as an empty array here ({@code
     * JobRescaleDetails.fromRescale(rescale, false)}); {@link #rescaleDetails} has them.
     *
     * @param jobId the job id, 32 hex digits
     * @return the history, newest first as Flink writes it
     * @throws IllegalArgumentException if the job id is not 32 hex digits
     * @throws FlinkRestException if the request fails (404 if the history is off:
     *     web.adaptive-scheduler.rescale-history.size is 0 by default, or the job does not run on the
     *     adaptive scheduler; also 404 before Flink 2.3)
     */
    public RescaleHistory rescaleHistory(String jobId) {
        return get("/jobs/" + checkJobId(jobId) + "/rescales/history", RescaleHistory.class);
    }

    /**
     * {@code GET /jobs/:jobid/rescales/details/:rescaleuuid} (Flink 2.3): one rescale with its
     * vertices, slots and scheduler states.
     *
     * @param jobId the job id, 32 hex digits
     * @param rescaleUuid the rescale's id, 32 hex digits
     * @return the rescale
     * @throws IllegalArgumentException if an id is not 32 hex digits
     * @throws FlinkRestException if the request fails (404 once the rescale left the bounded history)
     */
    public RescaleDetails rescaleDetails(String jobId, String rescaleUuid) {
        if (rescaleUuid == null || !JOB_ID.matcher(rescaleUuid).matches()) {
            throw new IllegalArgumentException("rescale id '" + rescaleUuid + "' is not 32 hex digits");
        }
        return get(
                "/jobs/" + checkJobId(jobId) + "/rescales/details/" + rescaleUuid.toLowerCase(Locale.ROOT),
                RescaleDetails.class);
    }

    /**
     * The history with every rescale's details: {@link #rescaleHistory}, then {@link #rescaleDetails}
     * for each. A rescale that left the bounded history in between (404) is dropped.
     *
     * @param jobId the job id, 32 hex digits
     * @return the detailed history, newest first
     * @throws FlinkRestException if a request fails other than by a 404 for a details request
     */
    public RescaleHistory detailedRescaleHistory(String jobId) {
        java.util.List<RescaleDetails> detailed = new ArrayList<>();
        for (RescaleDetails r : rescaleHistory(jobId).rescales()) {
            try {
                detailed.add(rescaleDetails(jobId, r.rescaleUuid()));
            } catch (FlinkRestException e) {
                if (e.status().orElse(-1) != 404) {
                    throw e;
                }
            }
        }
        return new RescaleHistory(detailed);
    }

    /**
     * {@code GET /jobs/:jobid/rescales/config} (Flink 2.3): the adaptive scheduler's settings for the
     * job.
     *
     * @param jobId the job id, 32 hex digits
     * @return the settings
     * @throws IllegalArgumentException if the job id is not 32 hex digits
     * @throws FlinkRestException if the request fails
     */
    public RescaleConfig rescaleConfig(String jobId) {
        return get("/jobs/" + checkJobId(jobId) + "/rescales/config", RescaleConfig.class);
    }

    /**
     * {@code GET /taskmanagers}: the TaskManagers registered and their slots.
     *
     * @return the TaskManagers
     * @throws FlinkRestException if the request fails
     */
    public TaskManagers taskManagers() {
        return get("/taskmanagers", TaskManagers.class);
    }

    // ---- internals --------------------------------------------------------------------------

    private HttpResponse<byte[]> send(String method, URI uri, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw noAnswer(
                    method,
                    uri,
                    "no connection within " + millis(http.connectTimeout().orElseThrow()),
                    e);
        } catch (HttpTimeoutException e) {
            throw noAnswer(method, uri, "no answer within " + millis(requestTimeout), e);
        } catch (ConnectException e) {
            throw noAnswer(
                    method,
                    uri,
                    "connection refused (is Flink's REST endpoint, rest.port, listening at " + uri.getAuthority()
                            + "?)",
                    e);
        } catch (IOException e) {
            throw noAnswer(method, uri, e.getClass().getSimpleName() + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noAnswer(method, uri, "interrupted", e);
        }
    }

    private <T> T read(String method, URI uri, HttpResponse<byte[]> response, Class<T> type) {
        int status = response.statusCode();
        byte[] body = response.body();
        if (status < 200 || status > 299) {
            List<String> errors = flinkErrors(body);
            StringBuilder message = new StringBuilder(method + " " + uri + ": HTTP " + status);
            if (!errors.isEmpty()) {
                message.append(", Flink says: ").append(String.join(" | ", errors));
            } else if (body.length > 0) {
                message.append(": ").append(excerpt(body));
            }
            throw new FlinkRestException(message.toString(), uri, status, errors, null);
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new FlinkRestException(
                        method + " " + uri + ": HTTP " + status + " with an empty body", uri, status, List.of(), null);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof FlinkRestException f) {
                throw f;
            }
            throw new FlinkRestException(
                    method + " " + uri + ": the answer is not the JSON expected for " + type.getSimpleName() + ": "
                            + oneLine(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString()),
                    uri,
                    status,
                    List.of(),
                    e);
        }
    }

    /** Flink's ErrorResponseBody: {"errors": ["...", ...]}; each message cut to its first line. */
    private static List<String> flinkErrors(byte[] body) {
        List<String> errors = new ArrayList<>();
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree != null && tree.path("errors").isArray()) {
                for (JsonNode error : tree.path("errors")) {
                    String text = error.asText().strip();
                    // A 500's second entry is "<Exception on server side:\n<exception>: <message>\n\tat ...":
                    // the exception's line says what happened, the marker does not.
                    if (text.startsWith(SERVER_SIDE_MARKER)) {
                        text = text.substring(SERVER_SIDE_MARKER.length()).strip();
                    }
                    int newline = text.indexOf('\n');
                    errors.add(newline < 0 ? text : text.substring(0, newline).strip());
                }
            }
        } catch (IOException e) {
            // not JSON: the caller shows an excerpt of the body instead
        }
        return errors;
    }

    private static FlinkRestException noAnswer(String method, URI uri, String why, Throwable cause) {
        return new FlinkRestException(method + " " + uri + ": " + why, uri, -1, List.of(), cause);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? "" : ": " + oneLine(e.getMessage());
    }

    private static String excerpt(byte[] body) {
        String text = oneLine(new String(body, StandardCharsets.UTF_8));
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static URI checkBase(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("Flink REST URL '" + uri
                    + "' must be an absolute http:// or https:// URL with a host, e.g. http://localhost:8081");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Flink REST URL '" + uri + "' must have no query or fragment");
        }
        return uri;
    }

    private static Duration positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
