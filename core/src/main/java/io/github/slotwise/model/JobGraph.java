package io.github.slotwise.model;

import static io.github.slotwise.model.Checks.checkId;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.immutables.value.Value;

/**
 * A job: ordered vertices, the edges between them, and the slot-sharing and co-location groups
 * their vertices name.
 *
 * <p>Order is part of the input. Flink iterates slot-sharing groups in a hash order that changes
 * from run to run; Slotwise uses {@link #slotSharingGroups()}, which is the order in which groups
 * first appear among {@link #vertices()}, unless {@link #slotSharingGroupOrder()} states it
 * explicitly. The same graph therefore always gives the same result.
 */
@Value.Immutable
public abstract class JobGraph {
    JobGraph() {}

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link JobGraph}. */
    public static final class Builder extends ImmutableJobGraph.Builder {}

    /**
     * The vertices, in the caller's (usually topological) order; at least one, with upper bounds
     * that sum to at most {@link Limits#MAX_SUBTASKS}.
     */
    public abstract List<JobVertex> vertices();

    /** The edges; may be empty; they must not form a cycle (as in Flink). */
    public abstract List<JobEdge> edges();

    /**
     * Optional explicit order of the slot-sharing group ids (a permutation of all groups). It
     * stands in for the hash order in which Flink visits groups, which decides ties.
     */
    public abstract List<String> slotSharingGroupOrder();

    /** The slot-sharing groups, in {@link #slotSharingGroupOrder()} or first-appearance order. */
    @Value.Lazy
    public List<SlotSharingGroup> slotSharingGroups() {
        Map<String, List<String>> members = groupBy(JobVertex::slotSharingGroup);
        List<String> order =
                slotSharingGroupOrder().isEmpty() ? ImmutableList.copyOf(members.keySet()) : slotSharingGroupOrder();
        ImmutableList.Builder<SlotSharingGroup> groups = ImmutableList.builder();
        for (String id : order) {
            groups.add(new SlotSharingGroup(id, members.get(id)));
        }
        return groups.build();
    }

    /** The co-location groups, in first-appearance order. */
    @Value.Lazy
    public List<CoLocationGroup> coLocationGroups() {
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (JobVertex v : vertices()) {
            v.coLocationGroup().ifPresent(g -> members.computeIfAbsent(g, k -> new ArrayList<>())
                    .add(v.id()));
        }
        ImmutableList.Builder<CoLocationGroup> groups = ImmutableList.builder();
        members.forEach((id, ids) -> groups.add(new CoLocationGroup(id, ids)));
        return groups.build();
    }

    /** Vertices by id, in vertex order. */
    @Value.Lazy
    public Map<String, JobVertex> vertexById() {
        ImmutableMap.Builder<String, JobVertex> byId = ImmutableMap.builder();
        vertices().forEach(v -> byId.put(v.id(), v));
        return byId.buildOrThrow();
    }

    /**
     * Returns the vertex with the given id.
     *
     * @throws IllegalArgumentException if there is none
     */
    public JobVertex vertex(String id) {
        JobVertex v = vertexById().get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown vertex id " + Checks.quote(id));
        }
        return v;
    }

    /** Returns the vertices of one slot-sharing group, in vertex order. */
    public List<JobVertex> verticesOf(SlotSharingGroup group) {
        return group.vertexIds().stream().map(this::vertex).collect(ImmutableList.toImmutableList());
    }

    private Map<String, List<String>> groupBy(Function<JobVertex, String> key) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (JobVertex v : vertices()) {
            members.computeIfAbsent(key.apply(v), k -> new ArrayList<>()).add(v.id());
        }
        return members;
    }

    @Value.Check
    void check() {
        if (vertices().isEmpty()) {
            throw new IllegalArgumentException("jobGraph.vertices must not be empty");
        }
        Set<String> ids = new HashSet<>();
        for (JobVertex v : vertices()) {
            if (!ids.add(v.id())) {
                throw new IllegalArgumentException("duplicate vertex id '" + v.id() + "'");
            }
        }
        long subtasks = 0;
        for (JobVertex v : vertices()) {
            subtasks += v.upperBound();
        }
        Limits.checkAtMost("jobGraph subtasks (the sum of the vertices' upperBound)", subtasks, Limits.MAX_SUBTASKS);
        for (JobEdge e : edges()) {
            checkKnown(ids, "edge.source", e.source());
            checkKnown(ids, "edge.target", e.target());
        }
        checkAcyclic();
        Map<String, List<String>> groups = groupBy(JobVertex::slotSharingGroup);
        if (!slotSharingGroupOrder().isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (String g : slotSharingGroupOrder()) {
                checkId("slotSharingGroupOrder entry", g);
                if (!seen.add(g)) {
                    throw new IllegalArgumentException(
                            "duplicate slot-sharing group '" + g + "' in slotSharingGroupOrder");
                }
                if (!groups.containsKey(g)) {
                    throw new IllegalArgumentException(
                            "slotSharingGroupOrder names group '" + g + "', which no vertex belongs to");
                }
            }
            for (String g : groups.keySet()) {
                if (!seen.contains(g)) {
                    throw new IllegalArgumentException("slotSharingGroupOrder is missing group '" + g + "'");
                }
            }
        }
        Map<String, String> coLocationToSharing = new LinkedHashMap<>();
        for (JobVertex v : vertices()) {
            if (v.coLocationGroup().isEmpty()) {
                continue;
            }
            String co = v.coLocationGroup().get();
            String sharing = coLocationToSharing.putIfAbsent(co, v.slotSharingGroup());
            if (sharing != null && !sharing.equals(v.slotSharingGroup())) {
                throw new IllegalArgumentException("co-location group '" + co + "' spans slot-sharing groups '"
                        + sharing + "' and '" + v.slotSharingGroup() + "' (vertex '" + v.id() + "')");
            }
        }
    }

    /** Flink rejects a cyclic job graph ("The job graph is cyclic"); so does Slotwise, naming a cycle. */
    private void checkAcyclic() {
        if (edges().isEmpty()) {
            return;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, Integer> in = new LinkedHashMap<>();
        vertices().forEach(v -> in.put(v.id(), 0));
        for (JobEdge e : edges()) {
            out.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
            in.merge(e.target(), 1, Integer::sum);
        }
        ArrayDeque<String> ready = new ArrayDeque<>();
        in.forEach((v, n) -> {
            if (n == 0) {
                ready.add(v);
            }
        });
        int sorted = 0;
        while (!ready.isEmpty()) {
            String v = ready.poll();
            sorted++;
            for (String t : out.getOrDefault(v, List.of())) {
                if (in.merge(t, -1, Integer::sum) == 0) {
                    ready.add(t);
                }
            }
        }
        if (sorted == vertices().size()) {
            return;
        }
        // every vertex left has an incoming edge from another one left: walk back until one repeats
        String start = in.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .findFirst()
                .orElseThrow()
                .getKey();
        Map<String, String> predecessor = new LinkedHashMap<>();
        for (JobEdge e : edges()) {
            if (in.get(e.source()) > 0 && in.get(e.target()) > 0) {
                predecessor.putIfAbsent(e.target(), e.source());
            }
        }
        List<String> path = new ArrayList<>();
        Set<String> onPath = new HashSet<>();
        String v = start;
        while (onPath.add(v)) {
            path.add(v);
            v = predecessor.get(v);
        }
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(v), path.size()));
        Collections.reverse(cycle);
        List<String> order = vertices().stream().map(JobVertex::id).toList();
        int first = cycle.indexOf(
                cycle.stream().min(Comparator.comparingInt(order::indexOf)).orElseThrow());
        Collections.rotate(cycle, -first);
        cycle.add(cycle.get(0));
        throw new IllegalArgumentException(
                "jobGraph.edges form a cycle: " + String.join(" -> ", cycle) + " (a job graph must be acyclic)");
    }

    private static void checkKnown(Set<String> ids, String field, String id) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException(field + " names unknown vertex '" + id + "'");
        }
    }
}
