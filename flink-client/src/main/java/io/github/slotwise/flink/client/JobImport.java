package io.github.slotwise.flink.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import io.github.slotwise.model.JobEdge;
import io.github.slotwise.simulation.format.InputException;
import io.github.slotwise.simulation.format.Scenario;
import io.github.slotwise.simulation.format.ScenarioReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what Flink's REST API says about a job into a Slotwise scenario file
 * (docs/scenario-format.md): {@code GET /jobs/:jobid} (vertices with parallelism, maxParallelism and
 * slot-sharing group; the plan's edges), optionally {@code GET /jobs/:jobid/resource-requirements}
 * (each vertex's lower and upper bound) and {@code GET /taskmanagers} (the slots).
 *
 * <p>Vertex ids are Flink's job vertex ids, so a rescale history of the same job ({@link
 * RescaleTraces}) names the same vertices. What the REST API does not say is assumed, and every
 * assumption is listed in {@link Result#assumptions()}:
 *
 * <ul>
 *   <li>which vertices hold keyed state: by default those with a {@code HASH} input (a {@code keyBy});
 *       {@link Options#keyed()} names them instead;
 *   <li>the bounds, without resource requirements: lower bound 1, upper bound the current parallelism;
 *   <li>the slots, without TaskManagers: {@link Options#taskManagers()} of {@link
 *       Options#slotsPerTaskManager()} slots, by default just enough for the current parallelism;
 *   <li>edges: {@code FORWARD} and {@code RESCALE} are pointwise, every other ship strategy all-to-all.
 * </ul>
 */
public final class JobImport {
    private JobImport() {}

    /**
     * What to assume where the REST API says nothing.
     *
     * @param keyed the vertices (ids or names) that hold keyed state; empty: those with a HASH input
     * @param taskManagers how many TaskManagers to offer when their list is not given; empty: enough
     *     for the current parallelism
     * @param slotsPerTaskManager slots per TaskManager when their list is not given, at least 1
     */
    public record Options(Optional<Set<String>> keyed, Optional<Integer> taskManagers, int slotsPerTaskManager) {
        /**
         * Checks the values.
         *
         * @param keyed the keyed vertices, or empty
         * @param taskManagers the TaskManagers, or empty
         * @param slotsPerTaskManager slots per TaskManager
         */
        public Options {
            Objects.requireNonNull(keyed, "keyed");
            keyed = keyed.map(Set::copyOf);
            Objects.requireNonNull(taskManagers, "taskManagers");
            if (taskManagers.isPresent() && taskManagers.get() < 1) {
                throw new InputException("--task-managers: must be at least 1, got " + taskManagers.get());
            }
            if (slotsPerTaskManager < 1) {
                throw new InputException("slots per TaskManager must be at least 1, got " + slotsPerTaskManager);
            }
        }

        /**
         * Every default: keyed vertices from HASH inputs, one slot per TaskManager, just enough of them.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), 1);
        }
    }

    /**
     * An imported job.
     *
     * @param scenarioJson the scenario file's text
     * @param scenario the scenario, as Slotwise's reader reads that text
     * @param assumptions what was assumed, one line each
     */
    public record Result(String scenarioJson, Scenario scenario, List<String> assumptions) {
        /**
         * Copies the list.
         *
         * @param scenarioJson the scenario text
         * @param scenario the scenario
         * @param assumptions the assumptions
         */
        public Result {
            Objects.requireNonNull(scenarioJson, "scenarioJson");
            Objects.requireNonNull(scenario, "scenario");
            assumptions = ImmutableList.copyOf(assumptions);
        }
    }

    /**
     * Builds the scenario.
     *
     * @param details {@code GET /jobs/:jobid}
     * @param requirements {@code GET /jobs/:jobid/resource-requirements}, if available
     * @param taskManagers {@code GET /taskmanagers}, if available
     * @param options what to assume
     * @return the scenario and the assumptions
     * @throws InputException if the documents disagree (a requirement or keyed vertex names no vertex
     *     of the job, a vertex without parallelism) or the job has no vertices
     */
    public static Result toScenario(
            JobDetails details,
            Optional<JobResourceRequirements> requirements,
            Optional<TaskManagers> taskManagers,
            Options options) {
        Objects.requireNonNull(details, "details");
        List<String> assumptions = new ArrayList<>();
        String source = "job " + details.jid();
        if (details.vertices().isEmpty()) {
            throw new InputException(source + ": the job details list no vertices");
        }
        Map<String, JobDetails.Vertex> byId = new LinkedHashMap<>();
        for (JobDetails.Vertex v : details.vertices()) {
            byId.put(v.id(), v);
        }
        requirements.ifPresent(r -> r.vertices().keySet().forEach(id -> {
            if (!byId.containsKey(id)) {
                throw new InputException(source + ": resource requirements name vertex '" + id
                        + "', which the job does not have (its vertices: " + String.join(", ", byId.keySet()) + ")");
            }
        }));

        // slot-sharing groups: readable names in order of appearance
        Map<String, String> groups = new LinkedHashMap<>();
        for (JobDetails.Vertex v : details.vertices()) {
            String id = v.slotSharingGroupId() == null ? "unknown" : v.slotSharingGroupId();
            groups.computeIfAbsent(id, g -> "group-" + (groups.size() + 1));
        }
        if (groups.size() == 1) {
            groups.replaceAll((id, name) -> ScenarioReader.DEFAULT_SLOT_SHARING_GROUP);
        } else {
            groups.forEach((id, name) -> assumptions.add("slot-sharing group " + id + " is called '" + name + "'"));
        }

        Set<String> keyed = keyedVertices(details, options, byId, assumptions);

        ObjectNode root = FlinkRestClient.mapper().createObjectNode();
        ObjectNode job = root.putObject("job");
        ArrayNode vertices = job.putArray("vertices");
        Map<String, Integer> groupSlots = new LinkedHashMap<>();
        boolean boundsAssumed = false;
        for (JobDetails.Vertex v : details.vertices()) {
            if (v.parallelism() < 1) {
                throw new InputException(source + ": vertex " + v.id() + " has parallelism " + v.parallelism());
            }
            ObjectNode vertex = vertices.addObject();
            vertex.put("id", v.id());
            vertex.put("name", v.name() == null ? v.id() : v.name());
            JobResourceRequirements.Parallelism bounds = requirements
                    .map(r -> r.vertices().get(v.id()))
                    .map(JobResourceRequirements.VertexRequirements::parallelism)
                    .orElse(null);
            int upper = bounds == null ? v.parallelism() : bounds.upperBound();
            int lower = bounds == null ? 1 : bounds.lowerBound();
            boundsAssumed |= bounds == null;
            vertex.put("parallelism", upper);
            if (v.maxParallelism() > 0) {
                vertex.put("maxParallelism", v.maxParallelism());
            }
            vertex.put("lowerBound", lower);
            vertex.put("upperBound", upper);
            String group = groups.get(v.slotSharingGroupId() == null ? "unknown" : v.slotSharingGroupId());
            vertex.put("slotSharingGroup", group);
            vertex.put("keyed", keyed.contains(v.id()));
            groupSlots.merge(group, v.parallelism(), Math::max);
        }
        if (boundsAssumed) {
            assumptions.add(
                    requirements.isPresent()
                            ? "vertices without resource requirements: lower bound 1, upper bound their current parallelism"
                            : "no resource requirements: every vertex has lower bound 1 and upper bound its current"
                                    + " parallelism (give GET /jobs/:jobid/resource-requirements for the real bounds)");
        }

        ArrayNode edges = job.putArray("edges");
        for (JobEdge e : details.edges()) {
            ObjectNode edge = edges.addObject();
            edge.put("source", e.source());
            edge.put("target", e.target());
            edge.put("pattern", e.pattern().name());
        }
        if (details.plan() == null) {
            assumptions.add("the job details have no plan: no edges");
        }
        Set<String> strategies = details.shipStrategies();
        if (strategies.stream().anyMatch(s -> !s.isEmpty() && !POINTWISE.contains(s) && !ALL_TO_ALL.contains(s))) {
            assumptions.add("ship strategies other than FORWARD and RESCALE are taken as all-to-all: "
                    + String.join(", ", strategies));
        }

        ObjectNode slots = root.putObject("slots");
        ArrayNode tms = slots.putArray("taskManagers");
        if (taskManagers.isPresent() && !taskManagers.get().taskmanagers().isEmpty()) {
            for (TaskManagers.TaskManager tm : taskManagers.get().taskmanagers()) {
                ObjectNode t = tms.addObject();
                t.put("id", tm.id());
                t.put("slots", tm.slotsNumber());
            }
        } else {
            int needed =
                    groupSlots.values().stream().mapToInt(Integer::intValue).sum();
            int count = options.taskManagers()
                    .orElse((needed + options.slotsPerTaskManager() - 1) / options.slotsPerTaskManager());
            for (int i = 1; i <= count; i++) {
                ObjectNode t = tms.addObject();
                t.put("id", "tm-" + i);
                t.put("slots", options.slotsPerTaskManager());
            }
            assumptions.add(count + " TaskManagers of " + options.slotsPerTaskManager() + " slot(s)"
                    + (options.taskManagers().isPresent()
                            ? ""
                            : ", just enough for the current parallelism (" + needed + " slots)")
                    + ": the TaskManagers were not given");
        }
        root.put("reactive", false);

        String json;
        try {
            json = FlinkRestClient.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scenario", e);
        }
        Scenario scenario = ScenarioReader.parse(source, json.getBytes(StandardCharsets.UTF_8));
        return new Result(json, scenario, assumptions);
    }

    private static Set<String> keyedVertices(
            JobDetails details, Options options, Map<String, JobDetails.Vertex> byId, List<String> assumptions) {
        Set<String> keyed = new LinkedHashSet<>();
        if (options.keyed().isPresent()) {
            for (String wanted : options.keyed().get()) {
                List<String> matches = new ArrayList<>();
                for (JobDetails.Vertex v : details.vertices()) {
                    if (v.id().equalsIgnoreCase(wanted) || wanted.equals(v.name())) {
                        matches.add(v.id());
                    }
                }
                if (matches.isEmpty()) {
                    throw new InputException("--keyed: '" + wanted + "' is no vertex id or name of job " + details.jid()
                            + " (vertices: " + describe(details) + ")");
                }
                keyed.addAll(matches);
            }
            assumptions.add("keyed vertices as given: " + names(keyed, byId));
            return keyed;
        }
        keyed.addAll(details.hashPartitionedVertices());
        assumptions.add("keyed vertices (those with a HASH input, i.e. after a keyBy; --keyed names them"
                + " instead): " + (keyed.isEmpty() ? "none" : names(keyed, byId)));
        return keyed;
    }

    private static String names(Set<String> ids, Map<String, JobDetails.Vertex> byId) {
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            names.add("'" + byId.get(id).name() + "' (" + id + ")");
        }
        return String.join(", ", names);
    }

    private static String describe(JobDetails details) {
        List<String> names = new ArrayList<>();
        for (JobDetails.Vertex v : details.vertices()) {
            names.add(v.id() + " '" + v.name() + "'");
        }
        return String.join(", ", names);
    }

    /** Ship strategies the import knows: pointwise, and all-to-all; others are taken as all-to-all and said so. */
    private static final Set<String> POINTWISE = Set.of("FORWARD", "RESCALE");

    private static final Set<String> ALL_TO_ALL = Set.of("HASH", "REBALANCE", "BROADCAST");
}
