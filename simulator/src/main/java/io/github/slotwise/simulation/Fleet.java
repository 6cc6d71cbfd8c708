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
 *
 * <p>Times are nanoseconds since the scenario's start (a scenario's span fits them many times over); a
 * TaskManager requested to join later than a long can say never joins.
 */
final class Fleet {
    /** A TaskManager asked for that has not joined yet. */
    private record Pending(String id, long joinsAt) {}

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
    /** The input rate, for the syncs {@link HpaRun#quietSync} takes (a cursor of its own). */
    private final RateCurve rate;

    private int nextId = 1;
    private final List<String> present = new ArrayList<>();
    /** How often {@link #present} changed: a stamp for figures derived from it. */
    private long presentChanges;

    private final List<Pending> pending = new ArrayList<>();
    private long nextSync;
    private final long syncPeriod;
    private int nextLoss;
    /** When each scripted loss happens: its offset from the start. */
    private final long[] lossTimes;

    private int peakPresent;
    private int scaleUps;
    private int scaleDowns;

    Fleet(LoadScenario scenario) {
        this.scenario = scenario;
        this.autoscaler = scenario.autoscaler();
        this.state = Autoscaler.State.initial(scenario.initialTaskManagers());
        this.hpa = HpaRun.of(autoscaler, scenario.initialTaskManagers());
        this.rate = RateCurve.of(scenario.inputRate());
        this.syncPeriod = autoscaler.syncPeriod().toNanos();
        this.lossTimes = new long[scenario.losses().size()];
        for (int i = 0; i < lossTimes.length; i++) {
            lossTimes[i] = scenario.losses().get(i).at().toNanos();
        }
        for (int i = 0; i < scenario.initialTaskManagers(); i++) {
            pending.add(new Pending("tm-" + nextId++, 0));
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
    long nextDue() {
        long due = nextSync;
        Pending join = firstPending();
        if (join != null && join.joinsAt() < due) {
            due = join.joinsAt();
        }
        if (nextLoss < lossTimes.length && lossTimes[nextLoss] < due) {
            due = lossTimes[nextLoss];
        }
        return due;
    }

    /**
     * Takes the step due at {@code now} ({@link #nextDue()}).
     *
     * @param job what the autoscaler sees now, asked only if it syncs
     */
    Step step(long now, Job job) {
        if (nextLoss < lossTimes.length && lossTimes[nextLoss] <= now) {
            return loss(scenario.losses().get(nextLoss++));
        }
        Pending join = firstPending();
        if (join != null && join.joinsAt() <= now) {
            pending.remove(join);
            present.add(join.id());
            presentChanges++;
            peakPresent = Math.max(peakPresent, present.size());
            return new Step(
                    Optional.empty(),
                    List.of(new TraceEvent.TaskManagerJoined(instant(now), join.id(), scenario.slotsPerTaskManager())));
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

    /**
     * Takes the step due at {@code now} if it is a sync that surely changes nothing ({@link
     * HpaRun#quietSync}), with the TaskManagers wanted all present: most syncs of a day. The simulator
     * takes such syncs between its other steps without a step of its own.
     *
     * @param now the time of {@link #nextDue()}
     * @param job what the autoscaler sees now
     * @return whether it was taken; if not, nothing changed
     */
    boolean quietSync(long now, Job job) {
        if (hpa == null
                || now != nextSync
                || (nextLoss < lossTimes.length && lossTimes[nextLoss] <= now)
                || !pending.isEmpty()
                || present.size() != hpa.desired()
                || !hpa.quietSync(now, rate, job.deployed(), job.capacity(), present.size(), job.busyTaskManagers())) {
            return false;
        }
        nextSync += syncPeriod;
        return true;
    }

    private Step sync(long now, Job job) {
        if (quietSync(now, job)) {
            return NOTHING;
        }
        nextSync += syncPeriod;
        int before = desired();
        Optional<String> explanation;
        if (hpa != null) {
            String why = hpa.sync(
                    now,
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
            Duration first = Duration.ofNanos(now).plus(scenario.provisioningDelay());
            for (int k = 0; k < -surplus; k++) {
                String id = "tm-" + nextId++;
                ids.add(id);
                pending.add(new Pending(id, joinsAt(first, k)));
            }
            actions.add("asks for " + String.join(", ", ids) + ", joining from +"
                    + Readable.duration(first)
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
            events.add(remove(instant(now), id, scenario.removal()));
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
            if (first == null || p.joinsAt() < first.joinsAt()) {
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

    /**
     * When the {@code k}-th TaskManager of a request joins: {@code first} plus {@code k} join
     * intervals after the start, or {@link Long#MAX_VALUE} (never, in any scenario) beyond a long.
     */
    private long joinsAt(Duration first, int k) {
        try {
            return first.plus(scenario.joinInterval().multipliedBy(k)).toNanos();
        } catch (ArithmeticException beyondALong) {
            return Long.MAX_VALUE;
        }
    }

    private Instant instant(long sinceStart) {
        return scenario.start().plusNanos(sinceStart);
    }
}
