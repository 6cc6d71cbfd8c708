package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableMap;
import io.github.slotwise.keygroup.KeyGroupPartitioning;
import io.github.slotwise.model.JobGraph;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.model.Limits;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How many records per second a job can process at a given parallelism.
 *
 * <p>Capacities are in <em>input</em> records per second, the unit of {@link InputRate}: a vertex
 * that emits several records per input record (a word splitter) has its per-subtask capacity given
 * per input record.
 *
 * <ul>
 *   <li>A non-keyed vertex at parallelism {@code p} processes {@code perSubtask × p}: records are
 *       spread evenly over its subtasks.
 *   <li>A keyed vertex with {@code M} key groups ({@link JobVertex#effectiveMaxParallelism()}) is
 *       limited by its hottest subtask. With keys spread evenly over key groups, a subtask with
 *       {@code k} key groups gets {@code k/M} of the records; the one with the most, {@code
 *       ceil(M/p)} ({@link KeyGroupPartitioning#maxKeyGroupsPerSubtask()}), saturates first, at an
 *       input of {@code perSubtask × M / ceil(M/p)}. That equals {@code perSubtask × p} when {@code
 *       p} divides {@code M}; otherwise it is less: {@code M = 128, p = 96} processes what 64
 *       subtasks would, since some subtasks hold 2 key groups where the average is 1.33.
 *   <li>The job processes the least of its vertices' capacities: backpressure slows every vertex to
 *       the slowest, the job's <em>bottleneck</em> ({@link #bottleneck}).
 * </ul>
 *
 * <p>A vertex's per-subtask capacity is its entry in {@code perVertex}; else, for a source (a vertex
 * no edge enters) {@code perSource} and for a sink (a vertex no edge leaves) {@code perSink}, the
 * lower of the two for a vertex that is both; else {@code perSubtask}. The roles name no vertex, so a
 * model that uses them fits any job.
 *
 * @param perSubtask records per second one subtask of a vertex given nothing more particular
 *     processes, finite and positive
 * @param perVertex per-subtask capacity of particular vertices, by vertex id; each finite and
 *     positive
 * @param perSource per-subtask capacity of every source not in {@code perVertex}; finite and
 *     positive if present
 * @param perSink per-subtask capacity of every sink not in {@code perVertex}; finite and positive if
 *     present
 */
public record CapacityModel(
        double perSubtask, Map<String, Double> perVertex, OptionalDouble perSource, OptionalDouble perSink) {

    /**
     * Validates and copies the capacities, keeping the caller's vertex order.
     *
     * @param perSubtask the default per-subtask capacity, finite and positive
     * @param perVertex per-subtask capacities by vertex id, each finite and positive
     * @param perSource per-subtask capacity of sources, if given: finite and positive
     * @param perSink per-subtask capacity of sinks, if given: finite and positive
     */
    public CapacityModel {
        Objects.requireNonNull(perSource, "CapacityModel.perSource must not be null");
        Objects.requireNonNull(perSink, "CapacityModel.perSink must not be null");
        perSource.ifPresent(c -> checkCapacity("CapacityModel.perSource", c));
        perSink.ifPresent(c -> checkCapacity("CapacityModel.perSink", c));
        checkCapacity("CapacityModel.perSubtask", perSubtask);
        Limits.checkNotNull("CapacityModel.perVertex", perVertex);
        perVertex.forEach((vertex, c) -> {
            if (vertex == null || vertex.isBlank()) {
                throw new IllegalArgumentException("CapacityModel.perVertex: vertex id must be a non-blank id, got "
                        + (vertex == null ? "null" : "'" + vertex + "'"));
            }
            Objects.requireNonNull(c, "CapacityModel.perVertex of vertex '" + vertex + "' must not be null");
            checkCapacity("CapacityModel.perVertex of vertex '" + vertex + "'", c);
        });
        perVertex = ImmutableMap.copyOf(perVertex);
    }

    /**
     * Capacities by vertex id, without roles.
     *
     * @param perSubtask the default per-subtask capacity, finite and positive
     * @param perVertex per-subtask capacities by vertex id, each finite and positive
     */
    public CapacityModel(double perSubtask, Map<String, Double> perVertex) {
        this(perSubtask, perVertex, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /**
     * Capacities by role, which fit any job.
     *
     * @param perSubtask per-subtask capacity of vertices that are neither sources nor sinks
     * @param perSource per-subtask capacity of sources (no edge enters them)
     * @param perSink per-subtask capacity of sinks (no edge leaves them)
     * @return the model
     */
    public static CapacityModel byRole(double perSubtask, double perSource, double perSink) {
        return new CapacityModel(perSubtask, Map.of(), OptionalDouble.of(perSource), OptionalDouble.of(perSink));
    }

    /**
     * The same capacity for every subtask of every vertex.
     *
     * @param perSubtask records per second per subtask, finite and positive
     * @return the model
     */
    public static CapacityModel uniform(double perSubtask) {
        return new CapacityModel(perSubtask, Map.of());
    }

    /**
     * The per-subtask capacity of a vertex, without roles.
     *
     * @param vertexId the vertex
     * @return its entry in {@link #perVertex()}, else {@link #perSubtask()}
     */
    public double perSubtaskOf(String vertexId) {
        Double c = perVertex.get(vertexId);
        return c == null ? perSubtask : c;
    }

    /**
     * The per-subtask capacity of a vertex of a job (see the class comment).
     *
     * @param graph the job, which tells sources and sinks
     * @param vertexId one of its vertices
     * @return its entry in {@link #perVertex()}, else its role's, else {@link #perSubtask()}
     */
    public double perSubtaskOf(JobGraph graph, String vertexId) {
        Double c = perVertex.get(vertexId);
        if (c != null) {
            return c;
        }
        boolean source = perSource.isPresent()
                && graph.edges().stream().noneMatch(e -> e.target().equals(vertexId));
        boolean sink = perSink.isPresent()
                && graph.edges().stream().noneMatch(e -> e.source().equals(vertexId));
        if (source && sink) {
            return Math.min(perSource.getAsDouble(), perSink.getAsDouble());
        }
        return source ? perSource.getAsDouble() : sink ? perSink.getAsDouble() : perSubtask;
    }

    /**
     * What one vertex processes at a parallelism, without roles (see the class comment).
     *
     * @param vertex the vertex; whether it is {@link JobVertex#keyed() keyed} and its key groups count
     * @param parallelism its parallelism, at least 1 and, for a keyed vertex, at most its key groups
     * @return records per second
     */
    public double vertexCapacity(JobVertex vertex, int parallelism) {
        return capacity(vertex, parallelism, perSubtaskOf(vertex.id()));
    }

    /**
     * What one vertex of a job processes at a parallelism (see the class comment).
     *
     * @param graph the job
     * @param vertex one of its vertices
     * @param parallelism its parallelism, at least 1 and, for a keyed vertex, at most its key groups
     * @return records per second
     */
    public double vertexCapacity(JobGraph graph, JobVertex vertex, int parallelism) {
        return capacity(vertex, parallelism, perSubtaskOf(graph, vertex.id()));
    }

    private static double capacity(JobVertex vertex, int parallelism, double per) {
        if (!vertex.keyed()) {
            if (parallelism < 1) {
                throw new IllegalArgumentException(
                        "vertex '" + vertex.id() + "': parallelism must be >= 1, got " + parallelism);
            }
            return per * parallelism;
        }
        int keyGroups = vertex.effectiveMaxParallelism();
        KeyGroupPartitioning partitioning = new KeyGroupPartitioning(keyGroups, parallelism);
        return per * keyGroups / partitioning.maxKeyGroupsPerSubtask();
    }

    /**
     * What the job processes at a parallelism: the least of its vertices' capacities.
     *
     * @param graph the job
     * @param parallelism the parallelism of every vertex of {@code graph}, by vertex id
     * @return records per second
     * @throws IllegalArgumentException if a vertex has no parallelism
     */
    public double jobCapacity(JobGraph graph, Map<String, Integer> parallelism) {
        JobVertex slowest = bottleneck(graph, parallelism);
        return vertexCapacity(graph, slowest, parallelism.get(slowest.id()));
    }

    /**
     * The vertex that caps the job at a parallelism: the one with the least capacity, the first in
     * graph order on a tie.
     *
     * @param graph the job
     * @param parallelism the parallelism of every vertex of {@code graph}, by vertex id
     * @return the vertex
     * @throws IllegalArgumentException if a vertex has no parallelism
     */
    public JobVertex bottleneck(JobGraph graph, Map<String, Integer> parallelism) {
        JobVertex slowest = null;
        double least = Double.POSITIVE_INFINITY;
        for (JobVertex v : graph.vertices()) {
            Integer p = parallelism.get(v.id());
            if (p == null) {
                throw new IllegalArgumentException("no parallelism for vertex '" + v.id() + "'");
            }
            double c = vertexCapacity(graph, v, p);
            if (slowest == null || c < least) {
                slowest = v;
                least = c;
            }
        }
        return slowest;
    }

    /**
     * Checks that every vertex this model names is one of the job's.
     *
     * @param graph the job
     * @throws IllegalArgumentException naming the first unknown vertex
     */
    public void checkAgainst(JobGraph graph) {
        for (String vertex : perVertex.keySet()) {
            if (!graph.vertexById().containsKey(vertex)) {
                throw new IllegalArgumentException("CapacityModel.perVertex names vertex '" + vertex
                        + "', which the job does not have (its vertices: "
                        + String.join(", ", graph.vertexById().keySet()) + ")");
            }
        }
    }

    private static void checkCapacity(String field, double c) {
        if (!Double.isFinite(c) || c <= 0) {
            throw new IllegalArgumentException(field + " must be a finite number > 0, got " + c);
        }
    }
}
