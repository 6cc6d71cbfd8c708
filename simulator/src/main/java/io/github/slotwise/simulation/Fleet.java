package io.github.slotwise.simulation;

import io.github.slotwise.model.Readable;
import io.github.slotwise.simulation.LoadScenario.Loss;
import io.github.slotwise.simulation.LoadScenario.Removal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TaskManagers of a {@link LoadScenario}'s cluster, as a deployment controller keeps them: the
 * autoscaler sets how many it wants, and at each sync the controller asks for the missing ones (they
 * join after the provisioning delay), cancels requests it no longer needs (the latest first) and
 * removes TaskManagers beyond the number (the most recently joined first). Scripted losses remove
 * TaskManagers without changing the number, so the next sync replaces them.
 *
 * <p>TaskManagers are named {@code tm-1}, {@code tm-2}, ... in request order, never reused. What
 * happens at one instant goes in this order: scripted losses, joins, the sync.
 */
final class Fleet {
    /** A TaskManager asked for that has not joined yet. */
    private record Pending(String id, Instant joinsAt) {}

    /** What one step did: a line for the timeline, and the cluster events to apply, in order. */
    record Step(Optional<String> note, List<TraceEvent> events) {}

    /** What the autoscaler sees of the job at a sync. */
    interface Job {
        /**
         * The whole observation, for an autoscaler evaluated through {@link Autoscaler#evaluate}.
         *
         * @return what it sees now
         */
        Autoscaler.Observation observation();

        /** Records per second arriving now. */
        double inputRate();

        /** Whether the job is deployed. */
        boolean deployed();

        /** The deployed parallelism's capacity, while deployed. */
        double capacity();

        /** Records waiting now. */
        double backlog();

        /** TaskManagers present that the deployment runs tasks on. */
        int busyTaskManagers();
    }

    /** A step that did nothing. */
    private static final Step NOTHING = new Step(Optional.empty(), List.of());

    private final LoadScenario scenario;
    private final Autoscaler autoscaler;

    private Autoscaler.State state;
    /** The built-in HPA on primitives, if the autoscaler is one; then {@link #state} is not kept. */
    private final HpaRun hpa;

    private int nextId = 1;
    private final List<String> present = new ArrayList<>();
    /** How often {@link #present} changed: a stamp for figures derived from it. */
    private long presentChanges;

    private final List<Pending> pending = new ArrayList<>();
    private Instant nextSync;
    private int nextLoss;
    /** When each scripted loss happens: the start plus its offset. */
    private final Instant[] lossTimes;

    private int peakPresent;
    private int scaleUps;
    private int scaleDowns;

    Fleet(LoadScenario scenario) {
        this.scenario = scenario;
        this.autoscaler = scenario.autoscaler();
        this.state = Autoscaler.State.initial(scenario.initialTaskManagers());
        this.hpa = HpaRun.of(autoscaler, scenario.initialTaskManagers());
        this.nextSync = scenario.start();
        this.lossTimes = new Instant[scenario.losses().size()];
        for (int i = 0; i < lossTimes.length; i++) {
            lossTimes[i] = scenario.start().plus(scenario.losses().get(i).at());
        }
        for (int i = 0; i < scenario.initialTaskManagers(); i++) {
            pending.add(new Pending("tm-" + nextId++, scenario.start()));
        }
    }

    /** TaskManagers present (joined, not removed), in join order. */
    List<String> present() {
        return present;
    }

    /** A number that changes whenever {@link #present()} does. */
    long presentChanges() {
        return presentChanges;
    }

    int desired() {
        return hpa != null ? hpa.desired() : state.desired();
    }

    int peakPresent() {
        return peakPresent;
    }

    int scaleUps() {
        return scaleUps;
    }

    int scaleDowns() {
        return scaleDowns;
    }

    /** When the next step is due: a scripted loss, a join or a sync, whichever comes first. */
    Instant nextDue() {
        Instant due = nextSync;
        Pending join = firstPending();
        if (join != null && join.joinsAt().isBefore(due)) {
            due = join.joinsAt();
        }
        if (nextLoss < lossTimes.length && lossTimes[nextLoss].isBefore(due)) {
            due = lossTimes[nextLoss];
        }
        return due;
    }

    /**
     * Takes the step due at {@code now} ({@link #nextDue()}).
     *
     * @param job what the autoscaler sees now, asked only if it syncs
     */
    Step step(Instant now, Job job) {
        if (nextLoss < lossTimes.length && !lossTimes[nextLoss].isAfter(now)) {
            return loss(scenario.losses().get(nextLoss++));
        }
        Pending join = firstPending();
        if (join != null && !join.joinsAt().isAfter(now)) {
            pending.remove(join);
            present.add(join.id());
            presentChanges++;
            peakPresent = Math.max(peakPresent, present.size());
            return new Step(
                    Optional.empty(),
                    List.of(new TraceEvent.TaskManagerJoined(now, join.id(), scenario.slotsPerTaskManager())));
        }
        return sync(now, job);
    }

    private Step loss(Loss loss) {
        Instant now = scenario.start().plus(loss.at());
        List<TraceEvent> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < loss.count() && !present.isEmpty(); i++) {
            String id = present.remove(present.size() - 1);
            presentChanges++;
            ids.add(id);
            events.add(remove(now, id, loss.removal()));
        }
        String note = "scripted loss of " + loss.count() + " TaskManager(s): "
                + (ids.isEmpty()
                        ? "none present"
                        : String.join(", ", ids) + (loss.removal() == Removal.STOP ? " stopped" : " killed"));
        return new Step(Optional.of(note), events);
    }

    private Step sync(Instant now, Job job) {
        nextSync = Instants.plus(nextSync, autoscaler.syncPeriod());
        int before = desired();
        Optional<String> explanation;
        if (hpa != null) {
            String why = hpa.sync(
                    sinceStart(now),
                    job.inputRate(),
                    job.deployed(),
                    job.capacity(),
                    job.backlog(),
                    present.size(),
                    job.busyTaskManagers());
            explanation = why == null ? Optional.empty() : Optional.of(why);
        } else {
            Autoscaler.Evaluation evaluation = autoscaler.evaluate(state, job.observation());
            state = evaluation.state();
            explanation = evaluation.explanation();
        }
        int desired = desired();
        if (desired > before) {
            scaleUps++;
        } else if (desired < before) {
            scaleDowns++;
        }

        // reconcile: ask for the missing TaskManagers, or cancel requests and remove the newest
        int surplus = present.size() + pending.size() - desired;
        if (surplus == 0 && explanation.isEmpty()) {
            return NOTHING;
        }
        List<String> actions = new ArrayList<>();
        List<TraceEvent> events = new ArrayList<>();
        if (surplus < 0) {
            List<String> ids = new ArrayList<>();
            Instant first = now.plus(scenario.provisioningDelay());
            for (int k = 0; k < -surplus; k++) {
                String id = "tm-" + nextId++;
                ids.add(id);
                pending.add(new Pending(id, first.plus(scenario.joinInterval().multipliedBy(k))));
            }
            actions.add("asks for " + String.join(", ", ids) + ", joining from "
                    + offset(first)
                    + (ids.size() > 1 && !scenario.joinInterval().isZero()
                            ? " every " + Readable.duration(scenario.joinInterval())
                            : ""));
        }
        List<String> cancelled = new ArrayList<>();
        while (surplus > 0 && !pending.isEmpty()) {
            cancelled.add(pending.remove(pending.size() - 1).id());
            surplus--;
        }
        if (!cancelled.isEmpty()) {
            actions.add("cancels " + String.join(", ", cancelled) + " before they join");
        }
        List<String> removed = new ArrayList<>();
        while (surplus > 0 && !present.isEmpty()) {
            String id = present.remove(present.size() - 1);
            presentChanges++;
            removed.add(id);
            events.add(remove(now, id, scenario.removal()));
            surplus--;
        }
        if (!removed.isEmpty()) {
            actions.add(verb(scenario.removal()) + " " + String.join(", ", removed));
        }
        if (explanation.isEmpty() && actions.isEmpty()) {
            return NOTHING;
        }
        String note = explanation.orElse("autoscaler wants " + desired + " TaskManager(s)")
                + (actions.isEmpty() ? "" : "; the deployment " + String.join(", ", actions));
        return new Step(Optional.of(note), events);
    }

    /** The pending TaskManager that joins first (the earliest requested on a tie), or null. */
    private Pending firstPending() {
        Pending first = null;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            if (first == null || p.joinsAt().isBefore(first.joinsAt())) {
                first = p;
            }
        }
        return first;
    }

    private static TraceEvent remove(Instant now, String id, Removal removal) {
        return removal == Removal.STOP
                ? new TraceEvent.TaskManagerStopped(now, id)
                : new TraceEvent.TaskManagerKilled(now, id);
    }

    private static String verb(Removal removal) {
        return removal == Removal.STOP ? "stops" : "kills";
    }

    /** Nanoseconds since the scenario's start, as {@code Duration.between(start, t).toNanos()}. */
    private long sinceStart(Instant t) {
        Instant start = scenario.start();
        return Math.addExact(
                Math.multiplyExact(t.getEpochSecond() - start.getEpochSecond(), 1_000_000_000L),
                t.getNano() - start.getNano());
    }

    private String offset(Instant t) {
        return "+" + Readable.duration(Duration.between(scenario.start(), t));
    }
}
