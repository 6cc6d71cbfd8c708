package io.github.slotwise.simulation;

import com.google.common.collect.ImmutableList;
import io.github.slotwise.rescale.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An external autoscaler that sets how many TaskManagers a cluster should have, from what it observes
 * of the job every {@link #syncPeriod()}: a Kubernetes Horizontal Pod Autoscaler in front of a
 * TaskManager deployment, or an autoscaling group's threshold rules, as the Reactive-Mode blog post
 * describes. It is in the loop: what it observes depends on the parallelism the rescale decider chose
 * for the TaskManagers it asked for.
 *
 * <p>An autoscaler is a pure function of its {@link State} and one {@link Observation}: {@link
 * #evaluate} returns the next state, whose {@link State#desired()} is the number of TaskManagers it
 * wants. Turning that number into TaskManagers joining and leaving (provisioning delay, which one to
 * remove, graceful or not) is the {@link Simulator}'s job, as a deployment controller's.
 */
public sealed interface Autoscaler {

    /** The default {@link #syncPeriod()}, 15 s: Kubernetes' {@code --horizontal-pod-autoscaler-sync-period}. */
    Duration DEFAULT_SYNC_PERIOD = Duration.ofSeconds(15);

    /**
     * How often it evaluates, from the scenario's start.
     *
     * @return the period, positive
     */
    Duration syncPeriod();

    /**
     * The fewest TaskManagers it asks for.
     *
     * @return at least 0
     */
    int minTaskManagers();

    /**
     * The most TaskManagers it asks for.
     *
     * @return at least {@link #minTaskManagers()}
     */
    int maxTaskManagers();

    /**
     * One evaluation.
     *
     * @param state what it remembers, {@link State#initial} at first
     * @param observation what it sees now, at a time not before the previous observation's
     * @return the next state, with the number of TaskManagers it wants, and why it changed it
     */
    Evaluation evaluate(State state, Observation observation);

    /**
     * A TaskManager deployment without an autoscaler: always the same number, and lost TaskManagers
     * are replaced.
     *
     * @param taskManagers how many, at least 0
     * @return the rule, evaluated every {@link #DEFAULT_SYNC_PERIOD}
     */
    static Fixed fixed(int taskManagers) {
        return new Fixed(taskManagers, DEFAULT_SYNC_PERIOD);
    }

    /**
     * Kubernetes' HPA with its defaults: {@link Metric#UTILIZATION}, tolerance 0.1, no scale-up
     * stabilization, a 300 s scale-down stabilization window, no rate limits, every 15 s.
     *
     * @param target the target utilization, positive
     * @param minTaskManagers the fewest, at least 1
     * @param maxTaskManagers the most
     * @return the rule
     */
    static Hpa hpa(double target, int minTaskManagers, int maxTaskManagers) {
        return new Hpa(
                Metric.UTILIZATION,
                target,
                Hpa.DEFAULT_TOLERANCE,
                Duration.ZERO,
                Hpa.DEFAULT_SCALE_DOWN_STABILIZATION,
                Optional.empty(),
                Optional.empty(),
                minTaskManagers,
                maxTaskManagers,
                DEFAULT_SYNC_PERIOD);
    }

    /**
     * Threshold rules, every 15 s.
     *
     * @param metric what to compare
     * @param scaleUpAbove add TaskManagers when the metric is above this
     * @param scaleDownBelow remove TaskManagers when the metric is below this, less than {@code
     *     scaleUpAbove}
     * @param step how many TaskManagers to add or remove at once, at least 1
     * @param cooldown how long after a change to do nothing, at least 0
     * @param minTaskManagers the fewest, at least 0
     * @param maxTaskManagers the most
     * @return the rule
     */
    static Threshold threshold(
            Metric metric,
            double scaleUpAbove,
            double scaleDownBelow,
            int step,
            Duration cooldown,
            int minTaskManagers,
            int maxTaskManagers) {
        return new Threshold(
                metric,
                scaleUpAbove,
                scaleDownBelow,
                step,
                cooldown,
                minTaskManagers,
                maxTaskManagers,
                DEFAULT_SYNC_PERIOD);
    }

    /** What an autoscaler compares, from an {@link Observation} of the job. */
    enum Metric {
        /**
         * Demand over capacity: the input rate over the capacity of the deployed parallelism. It
         * exceeds 1 when the job cannot keep up. Undefined while the job is not deployed.
         */
        UTILIZATION,
        /**
         * How busy the job's TaskManagers are, as their CPU utilization would show it: 1 while there is
         * a backlog to catch up on, else the input rate over the capacity, at most 1. Unlike {@link
         * #UTILIZATION} it sees the spike after each restart that the blog post describes, but never
         * how far beyond 1 the demand goes. Undefined while the job is not deployed.
         */
        BUSY,
        /** The backlog (consumer lag), in records. Always defined. */
        LAG;

        /**
         * The name in files and reports.
         *
         * @return the lower-case name
         */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What an autoscaler sees at one sync.
     *
     * @param time when
     * @param inputRate records per second arriving now
     * @param capacity records per second the deployed parallelism processes once running ({@link
     *     CapacityModel}); empty while the job is not deployed. It does not drop to 0 during a restart
     *     or a stall: metrics describe the deployment
     * @param backlog records waiting, at least 0
     * @param presentTaskManagers TaskManagers in the cluster (joined, not removed or killed), at least 0
     * @param busyTaskManagers of those, the ones the job's current deployment runs tasks on
     */
    record Observation(
            Instant time,
            double inputRate,
            OptionalDouble capacity,
            double backlog,
            int presentTaskManagers,
            int busyTaskManagers) {
        /**
         * Validates the fields.
         *
         * @param time when
         * @param inputRate records per second, at least 0
         * @param capacity the deployed capacity, positive, if deployed
         * @param backlog records waiting, at least 0
         * @param presentTaskManagers TaskManagers present, at least 0
         * @param busyTaskManagers TaskManagers running tasks, between 0 and {@code presentTaskManagers}
         */
        public Observation {
            Objects.requireNonNull(time, "Observation.time must not be null");
            Objects.requireNonNull(capacity, "Observation.capacity must not be null");
            if (!(inputRate >= 0) || !(backlog >= 0)) {
                throw new IllegalArgumentException(
                        "Observation.inputRate and backlog must be >= 0, got " + inputRate + " and " + backlog);
            }
            if (capacity.isPresent() && !(capacity.getAsDouble() > 0)) {
                throw new IllegalArgumentException("Observation.capacity must be > 0, got " + capacity);
            }
            if (presentTaskManagers < 0 || busyTaskManagers < 0 || busyTaskManagers > presentTaskManagers) {
                throw new IllegalArgumentException("Observation: need 0 <= busyTaskManagers (" + busyTaskManagers
                        + ") <= presentTaskManagers (" + presentTaskManagers + ")");
            }
        }

        /**
         * The input rate over the deployed capacity.
         *
         * @return the job's utilization; empty while it is not deployed
         */
        public OptionalDouble utilization() {
            return capacity.isPresent()
                    ? OptionalDouble.of(inputRate / capacity.getAsDouble())
                    : OptionalDouble.empty();
        }

        /**
         * A metric's value for the job (see {@link Metric}).
         *
         * @param metric which
         * @return its value; empty for {@link Metric#UTILIZATION} and {@link Metric#BUSY} while the job
         *     is not deployed
         */
        public OptionalDouble value(Metric metric) {
            if (metric == Metric.LAG) {
                return OptionalDouble.of(backlog);
            }
            if (capacity.isEmpty()) {
                return OptionalDouble.empty();
            }
            double utilization = inputRate / capacity.getAsDouble();
            return OptionalDouble.of(
                    metric == Metric.UTILIZATION ? utilization : backlog > 0 ? 1 : Math.min(1, utilization));
        }
    }

    /**
     * What an autoscaler remembers between evaluations.
     *
     * @param desired the TaskManagers it wants now, at least 0
     * @param recommendations its recent raw recommendations, oldest first (the HPA's stabilization
     *     windows)
     * @param changes its recent changes of {@code desired}, oldest first (the HPA's rate limits)
     * @param lastChange when it last changed {@code desired}, if ever (cooldowns)
     */
    record State(
            int desired, List<Recommendation> recommendations, List<Change> changes, Optional<Instant> lastChange) {
        /**
         * Validates and copies the fields.
         *
         * @param desired the TaskManagers wanted, at least 0
         * @param recommendations recent recommendations
         * @param changes recent changes
         * @param lastChange the last change, if any
         */
        public State {
            if (desired < 0) {
                throw new IllegalArgumentException("State.desired must be >= 0, got " + desired);
            }
            recommendations = ImmutableList.copyOf(recommendations);
            changes = ImmutableList.copyOf(changes);
            Objects.requireNonNull(lastChange, "State.lastChange must not be null");
        }

        /**
         * The state before the first evaluation.
         *
         * @param taskManagers the TaskManagers the cluster starts with, at least 0
         * @return a state that wants them and remembers nothing
         */
        public static State initial(int taskManagers) {
            return new State(taskManagers, List.of(), List.of(), Optional.empty());
        }

        State changedTo(int next, Instant now, List<Recommendation> recommendations, Duration keepChanges) {
            List<Change> kept = new ArrayList<>();
            for (Change c : changes) {
                if (c.time().isAfter(now.minus(keepChanges))) {
                    kept.add(c);
                }
            }
            if (next == desired) {
                return new State(desired, recommendations, kept, lastChange);
            }
            kept.add(new Change(now, next - desired));
            return new State(next, recommendations, kept, Optional.of(now));
        }
    }

    /**
     * A raw recommendation of an {@link Hpa}, before stabilization and limits.
     *
     * @param time when
     * @param taskManagers how many it recommended
     */
    record Recommendation(Instant time, int taskManagers) {}

    /**
     * A change of the desired number of TaskManagers.
     *
     * @param time when
     * @param delta by how many; positive adds
     */
    record Change(Instant time, int delta) {}

    /**
     * The result of one evaluation.
     *
     * @param state the next state; {@link State#desired()} is what the autoscaler wants now
     * @param explanation why the desired number changed, for people; empty when it did not
     */
    record Evaluation(State state, Optional<String> explanation) {
        /**
         * Checks the fields.
         *
         * @param state the next state
         * @param explanation why the desired number changed, if it did
         */
        public Evaluation {
            Objects.requireNonNull(state, "Evaluation.state must not be null");
            Objects.requireNonNull(explanation, "Evaluation.explanation must not be null");
        }

        /**
         * What the autoscaler wants now.
         *
         * @return {@link State#desired()} of the next state
         */
        public int desired() {
            return state.desired();
        }
    }

    /**
     * A limit on how fast the HPA changes the number of TaskManagers (a Kubernetes scaling policy of
     * type {@code Pods}): at most {@code taskManagers} added (or removed) within any {@code period}.
     *
     * @param taskManagers how many, at least 1
     * @param period over how long, positive
     */
    record ChangeLimit(int taskManagers, Duration period) {
        /**
         * Validates the limit.
         *
         * @param taskManagers how many, at least 1
         * @param period over how long, positive
         */
        public ChangeLimit {
            if (taskManagers < 1) {
                throw new IllegalArgumentException("ChangeLimit.taskManagers must be >= 1, got " + taskManagers);
            }
            Objects.requireNonNull(period, "ChangeLimit.period must not be null");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("ChangeLimit.period must be positive, got " + period);
            }
        }
    }

    /**
     * Always the same number of TaskManagers (a deployment without an autoscaler; lost ones are
     * replaced at the next sync).
     *
     * @param taskManagers how many, at least 0
     * @param syncPeriod how often the number is enforced, positive
     */
    record Fixed(int taskManagers, Duration syncPeriod) implements Autoscaler {
        /**
         * Validates the fields.
         *
         * @param taskManagers how many, at least 0
         * @param syncPeriod how often, positive
         */
        public Fixed {
            if (taskManagers < 0) {
                throw new IllegalArgumentException("Fixed.taskManagers must be >= 0, got " + taskManagers);
            }
            checkPeriod("Fixed.syncPeriod", syncPeriod);
        }

        @Override
        public int minTaskManagers() {
            return taskManagers;
        }

        @Override
        public int maxTaskManagers() {
            return taskManagers;
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            State next = state.changedTo(taskManagers, observation.time(), List.of(), Duration.ZERO);
            return new Evaluation(
                    next,
                    next.desired() == state.desired()
                            ? Optional.empty()
                            : Optional.of("fixed: " + taskManagers + " TaskManager(s)"));
        }
    }

    /**
     * Threshold rules, as an autoscaling group's step scaling: when the metric is above {@code
     * scaleUpAbove}, add {@code step} TaskManagers; below {@code scaleDownBelow}, remove {@code step};
     * between the two (the hysteresis band), and for {@code cooldown} after any change, do nothing.
     *
     * @param metric what to compare
     * @param scaleUpAbove the upper threshold
     * @param scaleDownBelow the lower threshold, less than {@code scaleUpAbove}
     * @param step TaskManagers added or removed at once, at least 1
     * @param cooldown how long after a change to do nothing, at least 0
     * @param minTaskManagers the fewest, at least 0
     * @param maxTaskManagers the most, at least {@code minTaskManagers}
     * @param syncPeriod how often it evaluates, positive
     */
    record Threshold(
            Metric metric,
            double scaleUpAbove,
            double scaleDownBelow,
            int step,
            Duration cooldown,
            int minTaskManagers,
            int maxTaskManagers,
            Duration syncPeriod)
            implements Autoscaler {
        /**
         * Validates the fields.
         *
         * @param metric what to compare
         * @param scaleUpAbove the upper threshold, finite
         * @param scaleDownBelow the lower threshold, finite and less than {@code scaleUpAbove}
         * @param step at least 1
         * @param cooldown at least 0
         * @param minTaskManagers at least 0
         * @param maxTaskManagers at least {@code minTaskManagers}
         * @param syncPeriod positive
         */
        public Threshold {
            Objects.requireNonNull(metric, "Threshold.metric must not be null");
            if (!Double.isFinite(scaleUpAbove) || !Double.isFinite(scaleDownBelow)) {
                throw new IllegalArgumentException("Threshold.scaleUpAbove and scaleDownBelow must be finite, got "
                        + scaleUpAbove + " and " + scaleDownBelow);
            }
            if (!(scaleDownBelow < scaleUpAbove)) {
                throw new IllegalArgumentException("Threshold.scaleDownBelow " + scaleDownBelow
                        + " must be less than scaleUpAbove " + scaleUpAbove);
            }
            if (step < 1) {
                throw new IllegalArgumentException("Threshold.step must be >= 1, got " + step);
            }
            Objects.requireNonNull(cooldown, "Threshold.cooldown must not be null");
            if (cooldown.isNegative()) {
                throw new IllegalArgumentException("Threshold.cooldown must not be negative, got " + cooldown);
            }
            checkBounds("Threshold", minTaskManagers, maxTaskManagers);
            checkPeriod("Threshold.syncPeriod", syncPeriod);
        }

        /**
         * The same rules, evaluated at another period.
         *
         * @param period how often, positive
         * @return a copy
         */
        public Threshold withSyncPeriod(Duration period) {
            return new Threshold(
                    metric, scaleUpAbove, scaleDownBelow, step, cooldown, minTaskManagers, maxTaskManagers, period);
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            Instant now = observation.time();
            int current = state.desired();
            OptionalDouble value = observation.value(metric);
            boolean coolingDown = state.lastChange().isPresent()
                    && now.isBefore(state.lastChange().get().plus(cooldown));
            int next = current;
            String why = "";
            if (value.isPresent() && !coolingDown) {
                double v = value.getAsDouble();
                if (v > scaleUpAbove) {
                    next = current + step;
                    why = metric + " " + number(v) + " > " + number(scaleUpAbove);
                } else if (v < scaleDownBelow) {
                    next = current - step;
                    why = metric + " " + number(v) + " < " + number(scaleDownBelow);
                }
            }
            next = Math.max(minTaskManagers, Math.min(maxTaskManagers, next));
            State after = state.changedTo(next, now, List.of(), Duration.ZERO);
            if (next == current) {
                return new Evaluation(after, Optional.empty());
            }
            return new Evaluation(
                    after,
                    Optional.of("threshold: "
                            + (why.isEmpty() ? "within [" + minTaskManagers + ", " + maxTaskManagers + "]" : why) + ": "
                            + current + " -> " + next + " TaskManager(s)"));
        }
    }

    /**
     * Kubernetes' Horizontal Pod Autoscaler over the TaskManager deployment, as in the blog post.
     *
     * <p>Its pods are the TaskManagers. The job's load is spread over the TaskManagers it runs tasks
     * on, so each of those shows the job's {@link Observation#value}, and a TaskManager without tasks
     * (just joined, not used yet) shows 0, as Kubernetes counts unready pods when scaling up. At each
     * sync, with {@code current} the TaskManagers it wants so far, {@code total = busy × value} the
     * metric summed over the TaskManagers present (for {@link Metric#LAG}, an average-value target in
     * records per TaskManager, {@code total} is the backlog) and {@code average = total / present}:
     *
     * <ol>
     *   <li>the raw recommendation is {@code current} if the average is within {@code tolerance} of the
     *       target ({@code |average / target − 1| ≤ tolerance}), else {@code ceil(total / target)}:
     *       Kubernetes' {@code ceil(present × average / target)};
     *   <li>stabilization, as Kubernetes' {@code stabilizeRecommendationWithBehaviors}: the result is
     *       {@code current} moved up to at least the least raw recommendation of the scale-up window
     *       and down to at most the greatest of the scale-down window (each window including this
     *       one): a rolling maximum delays a scale-down until the window has seen only lower
     *       recommendations;
     *   <li>the rate limits: at most {@link ChangeLimit#taskManagers()} added (removed) within any
     *       {@link ChangeLimit#period()}, counting the changes of the past period;
     *   <li>the bounds {@code [minTaskManagers, maxTaskManagers]}.
     * </ol>
     *
     * <p>While the metric is undefined (the job is not deployed, or no TaskManager is present), it
     * keeps its number and records no recommendation, as the HPA skips a sync without metrics.
     *
     * @param metric what it averages
     * @param target the target value of the metric, positive
     * @param tolerance how far from the target the average may be without a change, at least 0; 0.1
     *     in Kubernetes
     * @param scaleUpStabilization the scale-up stabilization window, at least 0; 0 in Kubernetes
     * @param scaleDownStabilization the scale-down stabilization window, at least 0; 300 s in
     *     Kubernetes
     * @param scaleUpLimit the most TaskManagers added per period, if limited
     * @param scaleDownLimit the most TaskManagers removed per period, if limited
     * @param minTaskManagers the fewest, at least 1 (as an HPA's {@code minReplicas})
     * @param maxTaskManagers the most, at least {@code minTaskManagers}
     * @param syncPeriod how often it evaluates, positive; 15 s in Kubernetes
     */
    record Hpa(
            Metric metric,
            double target,
            double tolerance,
            Duration scaleUpStabilization,
            Duration scaleDownStabilization,
            Optional<ChangeLimit> scaleUpLimit,
            Optional<ChangeLimit> scaleDownLimit,
            int minTaskManagers,
            int maxTaskManagers,
            Duration syncPeriod)
            implements Autoscaler {

        /** Kubernetes' default tolerance, 0.1 ({@code --horizontal-pod-autoscaler-tolerance}). */
        public static final double DEFAULT_TOLERANCE = 0.1;

        /** Kubernetes' default scale-down stabilization window, 300 s. */
        public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofSeconds(300);

        /**
         * Validates the fields.
         *
         * @param metric what it averages
         * @param target positive and finite
         * @param tolerance at least 0
         * @param scaleUpStabilization at least 0
         * @param scaleDownStabilization at least 0
         * @param scaleUpLimit the scale-up rate limit, if any
         * @param scaleDownLimit the scale-down rate limit, if any
         * @param minTaskManagers at least 1
         * @param maxTaskManagers at least {@code minTaskManagers}
         * @param syncPeriod positive
         */
        public Hpa {
            Objects.requireNonNull(metric, "Hpa.metric must not be null");
            if (!Double.isFinite(target) || target <= 0) {
                throw new IllegalArgumentException("Hpa.target must be a finite number > 0, got " + target);
            }
            if (!Double.isFinite(tolerance) || tolerance < 0) {
                throw new IllegalArgumentException("Hpa.tolerance must be a finite number >= 0, got " + tolerance);
            }
            notNegative("Hpa.scaleUpStabilization", scaleUpStabilization);
            notNegative("Hpa.scaleDownStabilization", scaleDownStabilization);
            Objects.requireNonNull(scaleUpLimit, "Hpa.scaleUpLimit must not be null");
            Objects.requireNonNull(scaleDownLimit, "Hpa.scaleDownLimit must not be null");
            if (minTaskManagers < 1) {
                throw new IllegalArgumentException("Hpa.minTaskManagers must be >= 1, got " + minTaskManagers);
            }
            checkBounds("Hpa", minTaskManagers, maxTaskManagers);
            checkPeriod("Hpa.syncPeriod", syncPeriod);
        }

        /**
         * This HPA with another metric and target.
         *
         * @param m the metric
         * @param t its target, positive
         * @return a copy
         */
        public Hpa withMetric(Metric m, double t) {
            return new Hpa(
                    m,
                    t,
                    tolerance,
                    scaleUpStabilization,
                    scaleDownStabilization,
                    scaleUpLimit,
                    scaleDownLimit,
                    minTaskManagers,
                    maxTaskManagers,
                    syncPeriod);
        }

        /**
         * This HPA with other stabilization windows.
         *
         * @param up the scale-up window, at least 0
         * @param down the scale-down window, at least 0
         * @return a copy
         */
        public Hpa withStabilization(Duration up, Duration down) {
            return new Hpa(
                    metric,
                    target,
                    tolerance,
                    up,
                    down,
                    scaleUpLimit,
                    scaleDownLimit,
                    minTaskManagers,
                    maxTaskManagers,
                    syncPeriod);
        }

        /**
         * This HPA with rate limits.
         *
         * @param up the scale-up limit, if any
         * @param down the scale-down limit, if any
         * @return a copy
         */
        public Hpa withLimits(Optional<ChangeLimit> up, Optional<ChangeLimit> down) {
            return new Hpa(
                    metric,
                    target,
                    tolerance,
                    scaleUpStabilization,
                    scaleDownStabilization,
                    up,
                    down,
                    minTaskManagers,
                    maxTaskManagers,
                    syncPeriod);
        }

        @Override
        public Evaluation evaluate(State state, Observation observation) {
            Instant now = observation.time();
            int current = state.desired();
            OptionalDouble value = observation.value(metric);
            int present = observation.presentTaskManagers();
            if (value.isEmpty() || present == 0) {
                return new Evaluation(state, Optional.empty());
            }
            double total =
                    metric == Metric.LAG ? value.getAsDouble() : value.getAsDouble() * observation.busyTaskManagers();
            double average = total / present;
            boolean withinTolerance = Math.abs(average / target - 1) <= tolerance;
            // a hair below an integer is that integer: 2.8 / 0.7 is 4.000000000000001 in floating point
            int raw = withinTolerance ? current : (int) Math.min(Integer.MAX_VALUE, Math.ceil(total / target - 1e-9));

            // stabilization: the rolling minimum (scale up) and maximum (scale down) of the windows
            int up = raw;
            int down = raw;
            List<Recommendation> kept = new ArrayList<>();
            Duration longest = max(scaleUpStabilization, scaleDownStabilization);
            for (Recommendation r : state.recommendations()) {
                if (r.time().isAfter(now.minus(scaleUpStabilization))) {
                    up = Math.min(up, r.taskManagers());
                }
                if (r.time().isAfter(now.minus(scaleDownStabilization))) {
                    down = Math.max(down, r.taskManagers());
                }
                if (r.time().isAfter(now.minus(longest))) {
                    kept.add(r);
                }
            }
            kept.add(new Recommendation(now, raw));
            int next = Math.min(Math.max(current, up), down);
            int stabilized = next;

            // rate limits over the changes of the past period
            if (next > current && scaleUpLimit.isPresent()) {
                ChangeLimit limit = scaleUpLimit.get();
                int added = state.changes().stream()
                        .filter(c -> c.time().isAfter(now.minus(limit.period())) && c.delta() > 0)
                        .mapToInt(Change::delta)
                        .sum();
                next = Math.min(next, Math.max(current, current - added + limit.taskManagers()));
            } else if (next < current && scaleDownLimit.isPresent()) {
                ChangeLimit limit = scaleDownLimit.get();
                int removed = state.changes().stream()
                        .filter(c -> c.time().isAfter(now.minus(limit.period())) && c.delta() < 0)
                        .mapToInt(c -> -c.delta())
                        .sum();
                next = Math.max(next, Math.min(current, current + removed - limit.taskManagers()));
            }
            int limited = next;
            next = Math.max(minTaskManagers, Math.min(maxTaskManagers, next));

            Duration keepChanges = max(
                    scaleUpLimit.map(ChangeLimit::period).orElse(Duration.ZERO),
                    scaleDownLimit.map(ChangeLimit::period).orElse(Duration.ZERO));
            State after = state.changedTo(next, now, kept, keepChanges);
            if (next == current) {
                return new Evaluation(after, Optional.empty());
            }
            StringBuilder why = new StringBuilder("hpa: ")
                    .append(metric)
                    .append(' ')
                    .append(number(average))
                    .append(" (target ")
                    .append(number(target))
                    .append(") over ")
                    .append(present)
                    .append(" TaskManager(s) recommends ")
                    .append(raw);
            if (stabilized != raw) {
                why.append(", stabilized to ").append(stabilized);
            }
            if (limited != stabilized) {
                why.append(", rate-limited to ").append(limited);
            }
            if (next != limited) {
                why.append(", bounded to ").append(next);
            }
            why.append(": ").append(current).append(" -> ").append(next).append(" TaskManager(s)");
            return new Evaluation(after, Optional.of(why.toString()));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static void notNegative(String field, Duration d) {
        Objects.requireNonNull(d, field + " must not be null");
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + d);
        }
    }

    private static void checkPeriod(String field, Duration d) {
        Objects.requireNonNull(d, field + " must not be null");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, got " + Durations.format(d));
        }
    }

    private static void checkBounds(String type, int min, int max) {
        if (min < 0) {
            throw new IllegalArgumentException(type + ".minTaskManagers must be >= 0, got " + min);
        }
        if (max < min) {
            throw new IllegalArgumentException(type + ".maxTaskManagers " + max + " must be >= minTaskManagers " + min);
        }
    }
}
