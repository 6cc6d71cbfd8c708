package io.github.slotwise.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.slotwise.model.JobVertex;
import io.github.slotwise.rescale.Decision;
import io.github.slotwise.simulation.LoadFigures;
import io.github.slotwise.simulation.LoadScenario;
import io.github.slotwise.simulation.PeakSkew;
import io.github.slotwise.simulation.StateModel;
import io.github.slotwise.simulation.Summary;
import io.github.slotwise.simulation.TimelineEntry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Renders simulations as JSON, built as a tree in a fixed order. Times are ISO-8601 instants plus
 * {@code offsetMs} since the start; durations are milliseconds in fields ending in {@code Ms}.
 */
final class SimulationJson {
    static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SimulationJson() {}

    /** The document of {@code slotwise simulate --json}: every timeline entry, not only the changes. */
    static String render(SimulationRun run, Optional<String> chart) {
        ObjectNode root = MAPPER.createObjectNode();
        input(root.putObject("input"), run.input());
        policy(root.putObject("policy"), run);
        ArrayNode timeline = root.putArray("timeline");
        for (TimelineEntry e : run.result().timeline()) {
            entry(timeline.addObject(), run.input().start(), e);
        }
        summary(root.putObject("summary"), run);
        putOptional(root, "chart", chart);
        return write(root);
    }

    static String write(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void input(ObjectNode node, SimulationInput in) {
        node.put("name", in.name());
        node.put("kind", in.kind());
        node.put("description", in.description());
        node.put("job", in.jobName());
        ArrayNode vertices = node.putArray("vertices");
        for (JobVertex v : in.graph().vertices()) {
            vertices.add(v.id());
        }
        node.put("start", in.start().toString());
        node.put("end", in.end().toString());
        node.put("durationMs", in.duration().toMillis());
        if (in.checkpointInterval().isPresent()) {
            node.put("checkpointIntervalMs", in.checkpointInterval().get().toMillis());
        } else {
            node.putNull("checkpointIntervalMs");
        }
        if (in.trace().isPresent()) {
            node.put("events", in.trace().get().events().size());
        } else {
            LoadScenario l = in.load().orElseThrow();
            node.put("initialTaskManagers", l.initialTaskManagers());
            node.put("slotsPerTaskManager", l.slotsPerTaskManager());
            node.put("autoscaler", l.autoscaler().type());
            node.put("removal", l.removal().toString());
            node.put("losses", l.losses().size());
            if (l.state().isPresent()) {
                StateModel st = l.state().get();
                ObjectNode sn = node.putObject("state");
                sn.put("bytesPerKeyGroup", st.keyedState().bytesPerKeyGroup());
                ObjectNode pv = sn.putObject("perVertex");
                st.keyedState().totalBytes().forEach(pv::put);
                sn.put("localRecovery", st.restore().localRecovery());
                sn.put("downloadBytesPerSecond", st.restore().downloadBytesPerSecond());
                sn.put("restorePerGigabyteMs", st.restore().restorePerGigabyte().toMillis());
            } else {
                node.putNull("state");
            }
        }
    }

    private static void policy(ObjectNode node, SimulationRun run) {
        node.put("name", run.policy().name());
        node.put("description", run.policy().description());
        node.put("decider", run.result().deciderName());
        node.put("heartbeatTimeoutMs", run.config().heartbeatTimeout().toMillis());
        node.put("restartCostMs", run.config().restartCost().toMillis());
        node.put("assigner", run.config().assigner().name());
    }

    private static void entry(ObjectNode node, Instant start, TimelineEntry e) {
        node.put("time", e.time().toString());
        node.put("offsetMs", Duration.between(start, e.time()).toMillis());
        node.put("cause", e.cause());
        node.put("availableSlots", e.availableSlots());
        parallelism(node, "running", e.running());
        if (e.decision().isPresent()) {
            Decision d = e.decision().get();
            ObjectNode dn = node.putObject("decision");
            dn.put("action", d.action().name());
            dn.put("reason", d.reason().name());
            dn.put("explanation", d.explanation());
            parallelism(dn, "plan", d.plan().map(p -> p.vertexParallelism()));
            putOptional(dn, "wakeUpAt", d.wakeUpAt().map(Instant::toString));
        } else {
            node.putNull("decision");
        }
        if (e.keyGroupsMoved().isPresent()) {
            node.put("keyGroupsMoved", e.keyGroupsMoved().getAsLong());
        } else {
            node.putNull("keyGroupsMoved");
        }
    }

    /** The figures of one run, as {@code simulate} and {@code compare} report them. */
    static void summary(ObjectNode node, SimulationRun run) {
        Summary s = run.summary();
        node.put("deployments", s.deployments());
        node.put("rescales", s.rescales());
        node.put("failureRestarts", s.failureRestarts());
        putOptional(node, "firstStart", s.firstStart().map(Instant::toString));
        node.put("restartDowntimeMs", s.restartDowntime().toMillis());
        node.put("stalledMs", s.stalledTime().toMillis());
        node.put("notDeployedMs", s.notRunningTime().toMillis());
        node.put("downtimeMs", s.downtime().toMillis());
        node.put("slotSecondsUsed", s.slotSecondsUsed());
        node.put("slotSecondsAvailable", s.slotSecondsAvailable());
        node.put("utilization", s.utilization());
        if (run.summary().peakSkew().isPresent()) {
            PeakSkew p = run.summary().peakSkew().get();
            ObjectNode pn = node.putObject("peakKeyGroupSkew");
            pn.put("skew", p.skew());
            pn.put("vertex", p.vertex());
            pn.put("parallelism", p.parallelism());
            pn.put("maxParallelism", p.maxParallelism());
            pn.put("offsetMs", p.at().toMillis());
        } else {
            node.putNull("peakKeyGroupSkew");
        }
        node.put("keyGroupsMoved", run.summary().keyGroupsMoved());
        node.put("stateBytesDownloaded", s.stateBytesDownloaded());
        node.put("stateBytesLocal", s.stateBytesLocal());
        if (s.timeToDesiredParallelism().isPresent()) {
            node.put(
                    "timeToDesiredParallelismMs",
                    s.timeToDesiredParallelism().get().toMillis());
        } else {
            node.putNull("timeToDesiredParallelismMs");
        }
        parallelism(node, "finalParallelism", s.finalParallelism());
        node.put("finalState", s.finalState().name());
        if (run.load().isPresent()) {
            LoadFigures l = run.load().get();
            ObjectNode ln = node.putObject("load");
            ln.put("peakLag", l.peakBacklog());
            ln.put(
                    "peakLagOffsetMs",
                    Duration.between(run.input().start(), l.peakBacklogAt()).toMillis());
            ln.put("lagSeconds", l.lagSeconds());
            ln.put("finalLag", l.finalBacklog());
            ln.put("taskManagerHours", l.taskManagerHours());
            ln.put("peakTaskManagers", l.peakTaskManagers());
            ln.put("autoscalerScaleUps", l.scaleUps());
            ln.put("autoscalerScaleDowns", l.scaleDowns());
            ln.put("replayedRecords", l.replayedRecords());
            if (l.bottleneck().isPresent()) {
                LoadFigures.Bottleneck b = l.bottleneck().get();
                ObjectNode bn = ln.putObject("bottleneck");
                bn.put("vertex", b.vertex());
                bn.put("parallelism", b.parallelism());
                bn.put("capacity", b.capacity());
                bn.put("laggingSeconds", b.laggingSeconds());
            } else {
                ln.putNull("bottleneck");
            }
        } else {
            node.putNull("load");
        }
    }

    private static void parallelism(ObjectNode node, String field, Optional<Map<String, Integer>> parallelism) {
        if (parallelism.isPresent()) {
            ObjectNode p = node.putObject(field);
            parallelism.get().forEach(p::put);
        } else {
            node.putNull(field);
        }
    }

    static void putOptional(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }
}
